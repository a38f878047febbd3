"""A case's clock (办件时限) in one place: due dates, pauses, extensions, and how the clock reads.

The promised limit counts from the acceptance day (not counted) on the centre's calendar, in
working days or in natural days as the item says (行政许可法 Art. 42). Time in special procedures
does not count (Art. 45): the paused days are added to the limit, as is an approved extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govhall.cases.models import Case
from govhall.core.working_days import TimeUnit, WorkingCalendar
from govhall.org.selectors import centre_calendar

CORRECTION_NOTICE_DAYS = 5
"""Working days within which an application must get a one-time notice, or it counts as accepted (Art. 32)."""

EXTENSION_LIMIT_DAYS = 10
JOINT_EXTENSION_LIMIT_DAYS = 15
"""The most the promised limit may be extended (Art. 42): 10 days, or 15 for joint handling."""


def calendar_of(case: Case) -> WorkingCalendar:
    return centre_calendar(case.centre_id)


def due_date(*, calendar: WorkingCalendar, accepted_on: date, case: Case) -> date:
    """The promised completion date: the limit plus extensions plus paused days after acceptance."""
    days = case.limit_days + case.extended_days + case.paused_days
    return calendar.add_days(accepted_on, days, TimeUnit(case.limit_unit))


def clock_start(case: Case, *, on: date, calendar: WorkingCalendar) -> None:
    case.accepted_on = on
    case.due_on = due_date(calendar=calendar, accepted_on=on, case=case)


def clock_pause(case: Case, *, on: date) -> None:
    case.paused_on = on


def clock_resume(case: Case, *, on: date, calendar: WorkingCalendar) -> int:
    """Resume a paused clock; returns the paused days (in the limit's unit) added to the due date."""
    assert case.paused_on is not None and case.accepted_on is not None
    paused = calendar.days_between(case.paused_on, on, TimeUnit(case.limit_unit))
    case.paused_days += paused
    case.paused_on = None
    case.due_on = due_date(calendar=calendar, accepted_on=case.accepted_on, case=case)
    return paused


def clock_extend(case: Case, *, days: int, calendar: WorkingCalendar) -> None:
    assert case.accepted_on is not None
    case.extended_days += days
    case.due_on = due_date(calendar=calendar, accepted_on=case.accepted_on, case=case)


def clock_stop(case: Case, *, on: date) -> None:
    case.clock_stopped_on = on


def extension_limit(case: Case) -> int:
    from govhall.catalog.models import CaseKind

    return JOINT_EXTENSION_LIMIT_DAYS if case.kind == CaseKind.JOINT else EXTENSION_LIMIT_DAYS


def step_due_date(*, calendar: WorkingCalendar, started_on: date, budget_days: int) -> date:
    return calendar.add_working_days(started_on, budget_days)


def correction_deadline(*, calendar: WorkingCalendar, received_on: date) -> date:
    """The last day to accept or give the one-time notice; after it the case counts as accepted."""
    return calendar.add_working_days(received_on, CORRECTION_NOTICE_DAYS)


class ClockStatus(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PAUSED = "paused"
    FINISHED_ON_TIME = "on_time"
    FINISHED_LATE = "late"


@dataclass(frozen=True)
class ClockReading:
    status: ClockStatus
    days: int
    label: str

    @property
    def is_urgent(self) -> bool:
        return self.status in (ClockStatus.DUE_TODAY, ClockStatus.OVERDUE)


def _reading(
    *, due_on: date | None, today: date, paused: bool, stopped_on: date | None, calendar: WorkingCalendar
) -> ClockReading:
    if due_on is None:
        return ClockReading(ClockStatus.NOT_STARTED, 0, _("未开始计时"))
    if paused:
        return ClockReading(ClockStatus.PAUSED, 0, _("暂停中"))
    if stopped_on is not None:
        if stopped_on <= due_on:
            return ClockReading(ClockStatus.FINISHED_ON_TIME, 0, _("按时办结"))
        late = calendar.working_days_between(due_on, stopped_on)
        return ClockReading(
            ClockStatus.FINISHED_LATE,
            late,
            ngettext("超期%(days)d个工作日办结", "超期%(days)d个工作日办结", late) % {"days": late},
        )
    if today < due_on:
        left = calendar.working_days_between(today, due_on)
        return ClockReading(
            ClockStatus.RUNNING,
            left,
            ngettext("剩余%(days)d个工作日", "剩余%(days)d个工作日", left) % {"days": left},
        )
    if today == due_on:
        return ClockReading(ClockStatus.DUE_TODAY, 0, _("今日到期"))
    late = calendar.working_days_between(due_on, today)
    if late == 0:
        return ClockReading(ClockStatus.DUE_TODAY, 0, _("今日到期"))
    return ClockReading(
        ClockStatus.OVERDUE,
        late,
        ngettext("已超期%(days)d个工作日", "已超期%(days)d个工作日", late) % {"days": late},
    )


def case_clock(case: Case, *, today: date, calendar: WorkingCalendar | None = None) -> ClockReading:
    """How the case's clock reads today: 剩余 N 个工作日, 今日到期, 已超期 N 个工作日, 暂停中 …"""
    return _reading(
        due_on=case.due_on,
        today=today,
        paused=case.paused_on is not None,
        stopped_on=case.clock_stopped_on,
        calendar=calendar or calendar_of(case),
    )


class Deadline(Protocol):
    """A step or a joint-review task: its own due date, and when it ended."""

    @property
    def due_on(self) -> date | None: ...

    @property
    def ended_at(self) -> datetime | None: ...


def step_clock(step: Deadline, *, today: date, calendar: WorkingCalendar, paused: bool) -> ClockReading:
    """A step's or joint task's own deadline reads the same way; it stops when the work ends."""
    return _reading(
        due_on=step.due_on,
        today=today,
        paused=paused,
        stopped_on=timezone.localdate(step.ended_at) if step.ended_at else None,
        calendar=calendar,
    )
