"""Reads for the window workstation and the window API: what a clerk sees at their window."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.selectors import item_name
from govhall.core.workflow import Refusal
from govhall.org.models import StaffProfile, Window
from govhall.org.selectors import staff_profile_of
from govhall.queueing import calling
from govhall.queueing.models import (
    AT_WINDOW,
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
from govhall.queueing.workflow import TICKET, WINDOW, Desk, TicketAt

if TYPE_CHECKING:
    from govhall.queueing.monitoring import WindowRow

Actions = dict[str, Refusal | None]
"""The moves offered from a subject's state, each with why it is refused to the user (None: allowed)."""


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


def window_for(user: User, pk: int) -> Window | None:
    """A window the user may address: one of their centre's (others are not found)."""
    staff = staff_profile_of(user)
    if staff is None:
        return None
    return Window.objects.filter(pk=pk, centre_id=staff.centre_id).first()


def ticket_for(user: User, pk: int) -> Ticket | None:
    """A ticket the user may address: one of their centre's (others are not found)."""
    staff = staff_profile_of(user)
    if staff is None:
        return None
    return Ticket.objects.filter(pk=pk, centre_id=staff.centre_id).select_related("queue").first()


@dataclass(frozen=True)
class WindowChoice:
    window: Window
    taken_by: str
    queues: list[str]
    actions: Actions


def window_choices(user: User, staff: StaffProfile) -> list[WindowChoice]:
    """The centre's windows the clerk could sign in to (were they free), each with its sign-in
    action: their department's and comprehensive ones, as the window machine says."""
    windows = [
        window
        for window in Window.objects.filter(centre_id=staff.centre_id, is_active=True)
        if _may_ever_sign_in(window, user)
    ]
    sessions = {
        session.window_id: session
        for session in WindowSession.objects.filter(
            window__in=windows, signed_out_at__isnull=True
        ).select_related("clerk")
    }
    prefixes: dict[int, list[str]] = {}
    links = WindowQueue.objects.filter(window__in=windows, queue__is_active=True).order_by("queue__prefix")
    for window_id, prefix, name in links.values_list("window_id", "queue__prefix", "queue__name"):
        prefixes.setdefault(window_id, []).append(f"{prefix} {name}")
    choices = []
    for window in windows:
        session = sessions.get(window.pk)
        choices.append(
            WindowChoice(
                window=window,
                taken_by=session.clerk.name if session is not None else "",
                queues=prefixes.get(window.pk, []),
                actions=WINDOW.available(Desk(window, session), user, only=("sign_in",)),
            )
        )
    return choices


def offered(actions: Actions) -> Actions:
    """The moves a page offers ``user``: those allowed, and those refused only by the subject's state
    or a condition (a disabled button saying why); not those the user may never make."""
    return {name: refusal for name, refusal in actions.items() if refusal is None or refusal.of_state}


def offer_force_sign_out(rows: Iterable[WindowRow], user: User) -> bool:
    """Put 强制签退 in each hall-monitor row where the user may make it (with the reason when not
    now); whether any row offers it."""
    for row in rows:
        desk = Desk(row.window, row.session, busy=bool(row.ticket_number))
        row.actions = offered(WINDOW.available(desk, user, only=("force_sign_out",)))
    return any(row.actions for row in rows)


def _may_ever_sign_in(window: Window, user: User) -> bool:
    """Whether only the window's state (someone signed in) could keep ``user`` from signing in."""
    refusal = WINDOW.refusal("sign_in", Desk(window, None), user)
    return refusal is None or refusal.of_state


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
    desk: Desk
    current: TicketView | None
    held: list[Ticket]
    loads: list[QueueLoad]

    @property
    def window(self) -> Window:
        return self.desk.window

    @property
    def session(self) -> WindowSession | None:
        return self.desk.session

    @property
    def status(self) -> str:
        return self.desk.state

    @property
    def status_label(self) -> str:
        return self.desk.state_label


def window_state(window: Window) -> WindowState:
    day = timezone.localdate()
    ticket = current_ticket(window)
    loads = queue_loads(window, day)
    desk = Desk(
        window,
        open_session_at(window),
        queue_ids=[load.queue.pk for load in loads],
        busy=ticket is not None,
    )
    return WindowState(
        desk=desk,
        current=ticket_view(ticket) if ticket is not None else None,
        held=held_tickets(window, day),
        loads=loads,
    )


@dataclass(frozen=True)
class TicketActions:
    ticket: Ticket
    actions: Actions


@dataclass(frozen=True)
class DeskActions:
    """What ``user`` may do at a window now, as the machines say: the window's moves, the current
    ticket's, and calling back each held ticket or returning each no-show."""

    window: Actions
    current: Actions
    held: list[TicketActions]
    no_shows: list[TicketActions]


ALWAYS_SHOWN = ("call_next",)
"""The desk's call button (F1) is always there; from a paused window it says why it is off."""


def desk_actions(state: WindowState, user: User, no_shows: list[Ticket] | None = None) -> DeskActions:
    desk = state.desk
    always = {name: WINDOW.refusal(name, desk, user) for name in ALWAYS_SHOWN}
    return DeskActions(
        window={**always, **WINDOW.available(desk, user)},
        current=TICKET.available(TicketAt(state.current.ticket, desk), user) if state.current else {},
        held=[TicketActions(ticket, TICKET.available(TicketAt(ticket, desk), user)) for ticket in state.held],
        no_shows=[
            TicketActions(ticket, TICKET.available(TicketAt(ticket, desk), user)) for ticket in no_shows or []
        ],
    )
