"""Reads for the window workstation and the window API: what a clerk sees at their window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.selectors import item_name
from govhall.org.models import StaffProfile, Window, WindowKind
from govhall.queueing import calling
from govhall.queueing.models import (
    Priority,
    Queue,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
    WindowQueue,
    WindowSession,
)
from govhall.queueing.selectors.counts import TicketCounts, ticket_counts

AT_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)


@dataclass(frozen=True)
class TicketView:
    """A ticket as the clerk sees it: how long the person waited, why it was called, transfer note."""

    ticket: Ticket
    waited_seconds: int
    call_explanation: str
    transfer_comment: str
    transfer_from_window: str
    item_name: str
    """The item chosen when the number was taken ("" for a number taken for a queue)."""

    @property
    def priority_label(self) -> str:
        label = str(self.ticket.get_priority_display())
        if self.ticket.green_reason:
            return f"{label}（{self.ticket.get_green_reason_display()}）"
        return label

    @property
    def max_recalls(self) -> int:
        return self.ticket.queue.max_recalls

    @property
    def recalls_left(self) -> int:
        return max(0, self.max_recalls - self.ticket.recall_count)

    @property
    def waited_minutes(self) -> int:
        return self.waited_seconds // 60


def ticket_view(ticket: Ticket) -> TicketView:
    """The ticket with its latest call's recorded wait and explanation, its latest transfer note and
    the name of its item."""
    events = TicketEvent.objects.filter(ticket=ticket).select_related("window").order_by("-id")
    called = events.filter(action=TicketAction.CALLED).first()
    transferred = events.filter(action=TicketAction.TRANSFERRED).first()
    if called is not None and isinstance(called.reason.get("waited_seconds"), int):
        waited = int(called.reason["waited_seconds"])
    else:
        waited = max(0, calling.seconds_of_day(timezone.now()) - ticket.queued_seconds)
    return TicketView(
        ticket=ticket,
        waited_seconds=waited,
        call_explanation=called.explanation if called is not None else "",
        transfer_comment=transferred.comment if transferred is not None else "",
        transfer_from_window=(
            transferred.window.number if transferred is not None and transferred.window else ""
        ),
        item_name=item_name(ticket.item_id),
    )


def open_session_of(user: User) -> WindowSession | None:
    return (
        WindowSession.objects.filter(clerk__user=user, signed_out_at__isnull=True)
        .select_related("window", "window__centre", "clerk")
        .first()
    )


def open_session_at(window: Window) -> WindowSession | None:
    return (
        WindowSession.objects.filter(window=window, signed_out_at__isnull=True)
        .select_related("clerk")
        .first()
    )


@dataclass(frozen=True)
class WindowChoice:
    window: Window
    taken_by: str
    queues: list[str]


def window_choices(staff: StaffProfile) -> list[WindowChoice]:
    """Windows the clerk may sign in to: their department's and comprehensive ones without a department."""
    windows = Window.objects.filter(centre_id=staff.centre_id, is_active=True).filter(
        Q(department_id=staff.department_id, department__isnull=False)
        | Q(department__isnull=True, kind=WindowKind.COMPREHENSIVE)
    )
    taken = dict(
        WindowSession.objects.filter(window__in=windows, signed_out_at__isnull=True).values_list(
            "window_id", "clerk__name"
        )
    )
    prefixes: dict[int, list[str]] = {}
    links = WindowQueue.objects.filter(window__in=windows, queue__is_active=True).order_by("queue__prefix")
    for window_id, prefix, name in links.values_list("window_id", "queue__prefix", "queue__name"):
        prefixes.setdefault(window_id, []).append(f"{prefix} {name}")
    return [
        WindowChoice(window=window, taken_by=taken.get(window.pk, ""), queues=prefixes.get(window.pk, []))
        for window in windows
    ]


def current_ticket(window: Window) -> Ticket | None:
    return (
        Ticket.objects.filter(window=window, status__in=AT_WINDOW)
        .select_related("queue")
        .order_by("-called_at")
        .first()
    )


def held_tickets(window: Window, day: date) -> list[Ticket]:
    return list(
        Ticket.objects.filter(window=window, status=TicketStatus.HELD, service_date=day)
        .select_related("queue")
        .order_by("called_at")
    )


def no_shows(window: Window, day: date) -> list[Ticket]:
    """Today's skipped tickets of the queues this window serves, latest first."""
    return list(
        Ticket.objects.filter(
            service_date=day, status=TicketStatus.NO_SHOW, queue__window_links__window=window
        )
        .select_related("queue")
        .order_by("-called_at")
    )


@dataclass(frozen=True)
class QueueLoad:
    queue: Queue
    weight: int
    waiting: int
    priority_waiting: int


def queue_loads(window: Window, day: date) -> list[QueueLoad]:
    """Per queue this window serves: its weight and the tickets this window could call now."""
    links = list(
        WindowQueue.objects.filter(window=window, queue__is_active=True)
        .select_related("queue")
        .order_by("-weight", "queue__sort_order", "queue__prefix")
    )
    counts = (
        Ticket.objects.filter(
            service_date=day,
            status=TicketStatus.WAITING,
            queue_id__in=[link.queue_id for link in links],
        )
        .filter(Q(target_window__isnull=True) | Q(target_window=window))
        .values("queue_id")
        .annotate(
            waiting=Count("id"),
            priority_waiting=Count("id", filter=Q(priority_rank__lt=Priority.ORDINARY.rank)),
        )
    )
    by_queue = {row["queue_id"]: row for row in counts}
    return [
        QueueLoad(
            queue=link.queue,
            weight=link.weight,
            waiting=by_queue.get(link.queue_id, {}).get("waiting", 0),
            priority_waiting=by_queue.get(link.queue_id, {}).get("priority_waiting", 0),
        )
        for link in links
    ]


@dataclass(frozen=True)
class ClerkDay:
    called: int
    served: int
    skipped: int
    transferred: int
    average_service_seconds: int | None

    @property
    def average_service_text(self) -> str:
        if self.average_service_seconds is None:
            return "—"
        minutes, seconds = divmod(self.average_service_seconds, 60)
        return _("%(minutes)d分%(seconds)02d秒") % {"minutes": minutes, "seconds": seconds}


def clerk_day(user: User, staff: StaffProfile, day: date) -> ClerkDay:
    """What the clerk did today: the day's counts of the numbers they called last (as the monitor and
    the statistics count them), their transfers out and their mean service time."""
    counts = ticket_counts(Ticket.objects.filter(clerk=staff, service_date=day), by="clerk_id").get(
        staff.pk, TicketCounts()
    )
    transferred = TicketEvent.objects.filter(
        actor=user, ticket__service_date=day, action=TicketAction.TRANSFERRED
    ).count()
    average: timedelta | None = Ticket.objects.filter(
        clerk=staff, service_date=day, status=TicketStatus.DONE, service_started_at__isnull=False
    ).aggregate(
        average=Avg(
            ExpressionWrapper(F("finished_at") - F("service_started_at"), output_field=DurationField())
        )
    )["average"]
    return ClerkDay(
        called=counts.called,
        served=counts.served,
        skipped=counts.no_shows,
        transferred=transferred,
        average_service_seconds=round(average.total_seconds()) if average is not None else None,
    )


@dataclass(frozen=True)
class TransferTargets:
    queues: list[Queue]
    windows: list[Window]


def transfer_targets(window: Window, ticket: Ticket) -> TransferTargets:
    """Other active queues of the centre, and other active windows that serve a queue."""
    queues = Queue.objects.filter(centre_id=window.centre_id, is_active=True).exclude(pk=ticket.queue_id)
    serving = WindowQueue.objects.filter(queue__is_active=True).values("window_id")
    windows = Window.objects.filter(centre_id=window.centre_id, is_active=True, pk__in=serving).exclude(
        pk=window.pk
    )
    return TransferTargets(queues=list(queues), windows=list(windows))


@dataclass(frozen=True)
class WindowState:
    window: Window
    session: WindowSession | None
    current: TicketView | None
    held: list[Ticket]
    loads: list[QueueLoad]

    @property
    def status(self) -> str:
        if self.session is None:
            return "closed"
        return "paused" if self.session.is_paused else "open"

    @property
    def status_label(self) -> str:
        labels = {"closed": _("未签到"), "paused": _("暂停服务"), "open": _("服务中")}
        return labels[self.status]


def window_state(window: Window) -> WindowState:
    day = timezone.localdate()
    ticket = current_ticket(window)
    return WindowState(
        window=window,
        session=open_session_at(window),
        current=ticket_view(ticket) if ticket is not None else None,
        held=held_tickets(window, day),
        loads=queue_loads(window, day),
    )
