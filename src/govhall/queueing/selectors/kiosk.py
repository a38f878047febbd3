"""Reads for taking a number and following it: what a kiosk offers, and where a ticket stands.

Items come from the catalogue's published versions (its guide search, pinyin initials included);
a kiosk offers only items some active queue of its centre serves (by item or by department).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from govhall.catalog.models import ItemVersion
from govhall.catalog.search import GuideFilters, guide_search, normalise_query
from govhall.org.models import Centre
from govhall.queueing import selectors, services
from govhall.queueing.models import (
    ACTIVE_STATUSES,
    GreenChannelReason,
    Queue,
    Ticket,
    TicketStatus,
)

MAX_ITEMS = 60
KIOSK_GREEN_REASONS = (GreenChannelReason.DISABLED, GreenChannelReason.MILITARY, GreenChannelReason.PREGNANT)
"""Green-channel reasons a person may choose at a kiosk; 70+ comes from the ID number's birth date."""


@dataclass(frozen=True)
class QueueOverview:
    """A queue as the kiosk's choose screen shows it."""

    queue: Queue
    waiting: int
    remaining: int | None
    """Numbers still to be taken now (today's quota and the current period's); None: no limit."""

    @property
    def sold_out(self) -> bool:
        return self.remaining is not None and self.remaining <= 0


@dataclass(frozen=True)
class DepartmentChoice:
    code: str
    name: str
    count: int


def kiosk_queues(*, centre: Centre, now: datetime | None = None) -> list[QueueOverview]:
    """The centre's active queues with people waiting and numbers left (the quota rule's own counters)."""
    local = timezone.localtime(now)
    day = local.date()
    queues = list(Queue.objects.filter(centre=centre, is_active=True).order_by("sort_order", "prefix"))
    waiting = selectors.waiting_counts(queue_ids=[queue.pk for queue in queues], day=day)
    remaining = services.quota_left(centre=centre, queues=queues, moment=local)
    return [
        QueueOverview(queue=queue, waiting=waiting.get(queue.pk, 0), remaining=remaining[queue.pk])
        for queue in queues
    ]


def _served(centre: Centre) -> Q:
    """Published versions of items an active queue of ``centre`` serves."""
    queues = Queue.objects.filter(centre=centre, is_active=True)
    return Q(item__department__in=queues.values("departments")) | Q(item__in=queues.values("items"))


def kiosk_departments(*, centre: Centre) -> list[DepartmentChoice]:
    """Departments with items to take a number for, and how many."""
    rows = (
        guide_search(GuideFilters(centre=centre))
        .filter(_served(centre))
        .order_by()
        .values("item__department__code", "item__department__name")
        .annotate(count=Count("pk"))
        .order_by("item__department__code")
    )
    return [
        DepartmentChoice(
            code=row["item__department__code"], name=row["item__department__name"], count=row["count"]
        )
        for row in rows
    ]


def kiosk_items(*, centre: Centre, department: str = "", q: str = "") -> list[ItemVersion]:
    """Items of a department, or matching a search (name, keyword, pinyin, initials), best first."""
    filters = GuideFilters(q=normalise_query(q), centre=centre, department=department)
    return list(guide_search(filters).filter(_served(centre))[:MAX_ITEMS])


@dataclass(frozen=True)
class ItemElsewhere:
    """An item another centre handles: where to go for it."""

    name: str
    department: str
    centre: str
    address: str


ELSEWHERE_ITEMS = 5


def items_elsewhere(*, centre: Centre, q: str) -> list[ItemElsewhere]:
    """Items matching a search that other (active) centres handle, best first: for a kiosk that has
    none of its own to offer."""
    rows = (
        guide_search(GuideFilters(q=normalise_query(q)))
        .exclude(item__centre=centre)
        .filter(item__centre__is_active=True)
        .values("name", "item__department__name", "item__centre__name", "item__centre__address")
    )[:ELSEWHERE_ITEMS]
    return [
        ItemElsewhere(
            name=row["name"],
            department=row["item__department__name"],
            centre=row["item__centre__name"],
            address=row["item__centre__address"],
        )
        for row in rows
    ]


def kiosk_item(*, centre: Centre, item_id: int) -> ItemVersion | None:
    return guide_search(GuideFilters(centre=centre)).filter(_served(centre), item_id=item_id).first()


def queues_for_item(*, centre: Centre, item_id: int) -> list[Queue]:
    """Active queues of the centre serving the item: named for it first, then by its department."""
    item_queues = Queue.objects.filter(centre=centre, is_active=True, items__pk=item_id)
    by_department = Queue.objects.filter(
        centre=centre, is_active=True, departments__service_items__pk=item_id
    ).exclude(pk__in=item_queues.values("pk"))
    return [*item_queues.order_by("sort_order", "prefix"), *by_department.order_by("sort_order", "prefix")]


def kiosk_queue(*, centre: Centre, queue_id: int) -> Queue | None:
    return (
        Queue.objects.filter(centre=centre, is_active=True, pk=queue_id)
        .select_related("centre")
        .order_by()
        .first()
    )


@dataclass(frozen=True)
class TicketPosition:
    """Where a ticket stands now, for its holder's phone: no personal data."""

    number: str
    queue_name: str
    centre_name: str
    status: TicketStatus
    people_ahead: int
    estimated_wait_minutes: int
    window_number: str | None
    is_today: bool

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_live(self) -> bool:
        """Still changing: worth refreshing."""
        return self.is_today and self.is_active


def ticket_position(*, public_code: str) -> TicketPosition | None:
    ticket = (
        Ticket.objects.filter(public_code=public_code).select_related("queue", "centre", "window").first()
    )
    if ticket is None:
        return None
    waiting = ticket.status == TicketStatus.WAITING
    ahead = selectors.ticket_people_ahead(ticket) if waiting else 0
    return TicketPosition(
        number=ticket.number,
        queue_name=ticket.queue.name,
        centre_name=ticket.centre.name,
        status=TicketStatus(ticket.status),
        people_ahead=ahead,
        estimated_wait_minutes=selectors.estimate_wait_minutes(queue=ticket.queue, people_ahead=ahead)
        if waiting
        else 0,
        window_number=ticket.window.number if ticket.window is not None else None,
        is_today=ticket.service_date == timezone.localdate(),
    )
