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
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from govhall.cases.models import Case
from govhall.core.working_days import TimeUnit, WorkingCalendar, period_text
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


def step_due_date(*, case: Case, calendar: WorkingCalendar, started_on: date, budget_days: int) -> date:
    """A step's (or joint task's) deadline: its budget counted in the item's unit (working or natural
    days) from the day it started, and never after the case's own due date."""
    due = calendar.add_days(started_on, budget_days, TimeUnit(case.limit_unit))
    return due if case.due_on is None else min(due, case.due_on)


def step_due_after_pause(*, case: Case, calendar: WorkingCalendar, due_on: date, paused: int) -> date:
    """A running step's deadline once a special procedure of ``paused`` days (the limit's unit) ended."""
    moved = calendar.add_days(due_on, paused, TimeUnit(case.limit_unit))
    return moved if case.due_on is None else min(moved, case.due_on)


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
    """Days left, or late, counted in ``unit``."""
    unit: TimeUnit
    label: str

    @property
    def is_urgent(self) -> bool:
        return self.status in (ClockStatus.DUE_TODAY, ClockStatus.OVERDUE)


PERIOD_LABELS: dict[ClockStatus, Promise] = {
    ClockStatus.RUNNING: gettext_lazy("剩余%(period)s"),
    ClockStatus.OVERDUE: gettext_lazy("已超期%(period)s"),
    ClockStatus.FINISHED_LATE: gettext_lazy("超期%(period)s办结"),
}
"""The readings that count days say them in the item's unit: 剩余3个工作日, 已超期2个自然日."""

FIXED_LABELS: dict[ClockStatus, Promise] = {
    ClockStatus.NOT_STARTED: gettext_lazy("未开始计时"),
    ClockStatus.PAUSED: gettext_lazy("暂停中"),
    ClockStatus.DUE_TODAY: gettext_lazy("今日到期"),
    ClockStatus.FINISHED_ON_TIME: gettext_lazy("按时办结"),
}


def _read(status: ClockStatus, unit: TimeUnit, days: int = 0) -> ClockReading:
    if status in PERIOD_LABELS:
        label = str(PERIOD_LABELS[status]) % {"period": period_text(days, unit)}
    else:
        label = str(FIXED_LABELS[status])
    return ClockReading(status, days, unit, label)


def _reading(
    *,
    due_on: date | None,
    today: date,
    paused: bool,
    stopped_on: date | None,
    calendar: WorkingCalendar,
    unit: TimeUnit,
) -> ClockReading:
    if due_on is None:
        return _read(ClockStatus.NOT_STARTED, unit)
    if paused:
        return _read(ClockStatus.PAUSED, unit)
    if stopped_on is not None:
        if stopped_on <= due_on:
            return _read(ClockStatus.FINISHED_ON_TIME, unit)
        return _read(ClockStatus.FINISHED_LATE, unit, calendar.days_between(due_on, stopped_on, unit))
    if today < due_on:
        return _read(ClockStatus.RUNNING, unit, calendar.days_between(today, due_on, unit))
    late = calendar.days_between(due_on, today, unit)
    if late == 0:
        return _read(ClockStatus.DUE_TODAY, unit)
    return _read(ClockStatus.OVERDUE, unit, late)


def case_clock(case: Case, *, today: date, calendar: WorkingCalendar | None = None) -> ClockReading:
    """How the case's clock reads today, in the item's unit: 剩余3个工作日, 今日到期, 已超期2个自然日,
    暂停中 …"""
    return _reading(
        due_on=case.due_on,
        today=today,
        paused=case.paused_on is not None,
        stopped_on=case.clock_stopped_on,
        calendar=calendar or calendar_of(case),
        unit=TimeUnit(case.limit_unit),
    )


class Deadline(Protocol):
    """A step or a joint-review task: its own due date, and when it ended."""

    @property
    def due_on(self) -> date | None: ...

    @property
    def ended_at(self) -> datetime | None: ...


def step_clock(
    step: Deadline, *, case: Case, today: date, calendar: WorkingCalendar | None = None
) -> ClockReading:
    """A step's or joint task's own deadline reads the same way, in its case's unit; it stops when
    the work ends, and a running one pauses with its case."""
    return _reading(
        due_on=step.due_on,
        today=today,
        paused=case.paused_on is not None and step.ended_at is None,
        stopped_on=timezone.localdate(step.ended_at) if step.ended_at else None,
        calendar=calendar or calendar_of(case),
        unit=TimeUnit(case.limit_unit),
    )
