"""The live hall view (大厅监控): every window and queue of a centre right now, and the alerts.

A snapshot costs a fixed number of queries whatever the number of windows, queues and tickets:
each kind of row is read once and joined in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core.workflow import Refusal
from govhall.org.models import Centre, Window
from govhall.org.selectors import AccessScope
from govhall.queueing import services
from govhall.queueing.calling import seconds_of_day
from govhall.queueing.models import (
    Queue,
    Ticket,
    TicketStatus,
    WindowQueue,
    WindowSession,
)
from govhall.queueing.selectors.counts import TicketCounts, ticket_counts
from govhall.queueing.selectors.monitor import queues_in_scope, windows_in_scope

LONG_QUEUE_WAITING = 10
"""A queue with this many people waiting is long: an alert when some of its windows are not serving."""


class WindowState:
    SERVING = "serving"
    PAUSED = "paused"
    ABSENT = "absent"


@dataclass
class WindowRow:
    window: Window
    state: str
    session: WindowSession | None = None
    clerk_name: str = ""
    pause_reason: str = ""
    paused_since: datetime | None = None
    ticket_number: str = ""
    ticket_status: str = ""
    ticket_seconds: int = 0
    served_today: int = 0
    actions: dict[str, Refusal | None] = field(default_factory=dict)
    """The window moves offered to the person watching (see ``selectors.window.offer_force_sign_out``)."""

    @property
    def state_label(self) -> str:
        labels = {
            WindowState.SERVING: _("服务中"),
            WindowState.PAUSED: _("暂停服务"),
            WindowState.ABSENT: _("未签到"),
        }
        return labels[self.state]

    @property
    def ticket_status_label(self) -> str:
        return str(TicketStatus(self.ticket_status).label) if self.ticket_status else ""

    @property
    def department_name(self) -> str:
        department = self.window.department
        if department is None:
            return ""
        return department.short_name or department.name

    @property
    def ticket_time(self) -> str:
        return duration_text(self.ticket_seconds)


@dataclass
class QueueRow:
    queue: Queue
    waiting: int = 0
    longest_wait_seconds: int = 0
    long_waits: int = 0
    issued_today: int = 0
    served_today: int = 0
    open_windows: int = 0
    paused_windows: int = 0
    absent_windows: int = 0
    quota_left: int | None = None
    window_numbers: list[str] = field(default_factory=list)

    @property
    def longest_wait(self) -> str:
        return duration_text(self.longest_wait_seconds)

    @property
    def is_long_wait(self) -> bool:
        return self.longest_wait_seconds > self.queue.long_wait_minutes * 60


@dataclass(frozen=True)
class Alert:
    kind: str
    queue: Queue
    message: str


@dataclass(frozen=True)
class HallSnapshot:
    centre: Centre
    taken_at: datetime
    windows: list[WindowRow]
    queues: list[QueueRow]
    alerts: list[Alert]

    @property
    def serving_count(self) -> int:
        return sum(1 for row in self.windows if row.state == WindowState.SERVING)

    @property
    def paused_count(self) -> int:
        return sum(1 for row in self.windows if row.state == WindowState.PAUSED)

    @property
    def absent_count(self) -> int:
        return sum(1 for row in self.windows if row.state == WindowState.ABSENT)

    @property
    def waiting_count(self) -> int:
        return sum(row.waiting for row in self.queues)


def duration_text(seconds: int) -> str:
    """12分05秒, or 1小时02分 from an hour on."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(hours)d小时%(minutes)02d分") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d分%(seconds)02d秒") % {"minutes": minutes, "seconds": secs}


def _window_rows(windows: list[Window], now: datetime) -> list[WindowRow]:
    window_ids = [window.pk for window in windows]
    sessions = {
        session.window_id: session
        for session in WindowSession.objects.filter(
            window_id__in=window_ids, signed_out_at__isnull=True
        ).select_related("clerk")
    }
    today = timezone.localtime(now).date()
    current = {
        row["window_id"]: row
        for row in Ticket.objects.filter(
            window_id__in=window_ids,
            service_date=today,
            status__in=(TicketStatus.CALLED, TicketStatus.SERVING),
        )
        .order_by()
        .values("window_id", "number", "status", "called_at", "service_started_at")
    }
    counts = ticket_counts(
        Ticket.objects.filter(window_id__in=window_ids, service_date=today), by="window_id"
    )
    rows = []
    for window in windows:
        session = sessions.get(window.pk)
        if session is None:
            row = WindowRow(window=window, state=WindowState.ABSENT)
        elif session.paused_at is not None:
            row = WindowRow(
                window=window,
                state=WindowState.PAUSED,
                session=session,
                clerk_name=session.clerk.name,
                pause_reason=session.pause_reason,
                paused_since=session.paused_at,
            )
        else:
            row = WindowRow(
                window=window, state=WindowState.SERVING, session=session, clerk_name=session.clerk.name
            )
        ticket = current.get(window.pk)
        if ticket is not None:
            since = ticket["service_started_at"] or ticket["called_at"] or now
            row.ticket_number = ticket["number"]
            row.ticket_status = ticket["status"]
            row.ticket_seconds = max(0, int((now - since).total_seconds()))
        row.served_today = counts.get(window.pk, TicketCounts()).served
        rows.append(row)
    return rows


def _queue_rows(centre: Centre, queues: list[Queue], now: datetime) -> list[QueueRow]:
    queue_ids = [queue.pk for queue in queues]
    today = timezone.localtime(now).date()
    now_seconds = seconds_of_day(now)
    rows = {queue.pk: QueueRow(queue=queue) for queue in queues}
    links = list(
        WindowQueue.objects.filter(queue_id__in=queue_ids, window__is_active=True)
        .order_by()
        .values_list("queue_id", "window_id", "window__number")
    )
    paused_by_window = dict(
        WindowSession.objects.filter(
            window_id__in={window_id for _queue, window_id, _number in links}, signed_out_at__isnull=True
        ).values_list("window_id", "paused_at")
    )
    for queue_id, window_id, number in sorted(links, key=lambda link: (len(link[2]), link[2])):
        row = rows[queue_id]
        row.window_numbers.append(number)
        if window_id not in paused_by_window:
            row.absent_windows += 1
        elif paused_by_window[window_id] is None:
            row.open_windows += 1
        else:
            row.paused_windows += 1
    waiting = (
        Ticket.objects.filter(queue_id__in=queue_ids, service_date=today, status=TicketStatus.WAITING)
        .order_by()
        .values_list("queue_id", "queued_seconds")
    )
    for queue_id, queued_seconds in waiting:
        row = rows[queue_id]
        waited = max(0, now_seconds - queued_seconds)
        row.waiting += 1
        row.longest_wait_seconds = max(row.longest_wait_seconds, waited)
        if waited > row.queue.long_wait_minutes * 60:
            row.long_waits += 1
    counts = ticket_counts(Ticket.objects.filter(queue_id__in=queue_ids, service_date=today), by="queue_id")
    left = services.quota_left(centre=centre, queues=queues, moment=now)
    for queue_id, row in rows.items():
        today_counts = counts.get(queue_id, TicketCounts())
        row.issued_today = today_counts.issued
        row.served_today = today_counts.served
        row.quota_left = left[queue_id]
    return [rows[queue.pk] for queue in queues]


def _alerts(queue_rows: list[QueueRow]) -> list[Alert]:
    alerts = []
    for row in queue_rows:
        label = f"{row.queue.prefix} {row.queue.name}"
        if row.long_waits:
            alerts.append(
                Alert(
                    kind="long_wait",
                    queue=row.queue,
                    message=_("%(queue)s：%(count)d 人等候超过 %(limit)d 分钟，最长已等 %(longest)s。")
                    % {
                        "queue": label,
                        "count": row.long_waits,
                        "limit": row.queue.long_wait_minutes,
                        "longest": duration_text(row.longest_wait_seconds),
                    },
                )
            )
        if row.waiting and row.open_windows == 0:
            alerts.append(
                Alert(
                    kind="no_window",
                    queue=row.queue,
                    message=_("%(queue)s：%(count)d 人等候，但没有窗口在服务。")
                    % {"queue": label, "count": row.waiting},
                )
            )
        elif row.waiting >= LONG_QUEUE_WAITING and (row.paused_windows or row.absent_windows):
            alerts.append(
                Alert(
                    kind="windows_idle",
                    queue=row.queue,
                    message=_(
                        "%(queue)s：%(count)d 人等候，只有 %(open)d 个窗口在服务"
                        "（%(paused)d 个暂停服务，%(absent)d 个未签到）。"
                    )
                    % {
                        "queue": label,
                        "count": row.waiting,
                        "open": row.open_windows,
                        "paused": row.paused_windows,
                        "absent": row.absent_windows,
                    },
                )
            )
    return alerts


def hall_snapshot(*, scope: AccessScope, centre: Centre, now: datetime | None = None) -> HallSnapshot:
    """Every window and queue of ``centre`` in the scope, as they are ``now``, with the alerts."""
    moment = now or timezone.now()
    windows = list(windows_in_scope(scope, centre))
    queues = list(queues_in_scope(scope, centre).order_by("sort_order", "prefix"))
    window_rows = _window_rows(windows, moment)
    queue_rows = _queue_rows(centre, queues, moment)
    return HallSnapshot(
        centre=centre, taken_at=moment, windows=window_rows, queues=queue_rows, alerts=_alerts(queue_rows)
    )
