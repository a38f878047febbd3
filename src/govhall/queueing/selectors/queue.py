"""Reads of the hall queue: who is ahead, how long the wait, what a window serves."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.models import ServiceItem
from govhall.queueing.models import Queue, Ticket, TicketStatus, WindowSession

RECENT_SERVICES = 20
RECENT_DAYS = 14


def call_text(*, number: str, window_number: str) -> str:
    """What boards show for a call: 请 A012 号到 5 号窗口办理."""
    return _("请 %(number)s 号到 %(window)s 号窗口办理") % {"number": number, "window": window_number}


def queue_serves_item(*, queue: Queue, item: ServiceItem) -> bool:
    return queue.items.filter(pk=item.pk).exists() or queue.departments.filter(pk=item.department_id).exists()


def waiting_counts(*, queue_ids: list[int], day: date) -> dict[int, int]:
    """People waiting per queue on ``day`` (queues with nobody waiting are left out)."""
    return dict(
        Ticket.objects.filter(queue_id__in=queue_ids, service_date=day, status=TicketStatus.WAITING)
        .order_by()
        .values_list("queue_id")
        .annotate(count=Count("pk"))
        .values_list("queue_id", "count")
    )


def people_ahead_of(*, queue: Queue, day: date, priority_rank: int, queued_seconds: int) -> int:
    """Waiting tickets of the queue that will be called before one with this rank and queue time."""
    return (
        Ticket.objects.filter(queue=queue, service_date=day, status=TicketStatus.WAITING)
        .filter(
            Q(priority_rank__lt=priority_rank)
            | Q(priority_rank=priority_rank, queued_seconds__lte=queued_seconds)
        )
        .count()
    )


def ticket_people_ahead(ticket: Ticket) -> int:
    if ticket.status != TicketStatus.WAITING:
        return 0
    return (
        Ticket.objects.filter(
            queue_id=ticket.queue_id, service_date=ticket.service_date, status=TicketStatus.WAITING
        )
        .filter(
            Q(priority_rank__lt=ticket.priority_rank)
            | Q(priority_rank=ticket.priority_rank, queued_seconds__lt=ticket.queued_seconds)
            | Q(priority_rank=ticket.priority_rank, queued_seconds=ticket.queued_seconds, id__lt=ticket.pk)
        )
        .count()
    )


SERVICE_TIME_CACHE_SECONDS = 30


def average_service_minutes(queue: Queue) -> float:
    """Mean service time of the queue's latest finished tickets, or the queue's default.

    Asked on every ticket issued; recomputed at most every 30 seconds per queue.
    """
    key = f"govhall:queueing:service-minutes:{queue.pk}"
    cached: float | None = cache.get(key)
    if cached is None:
        cached = _average_service_minutes(queue)
        cache.set(key, cached, timeout=SERVICE_TIME_CACHE_SECONDS)
    return cached


def _average_service_minutes(queue: Queue) -> float:
    since = timezone.localdate() - timedelta(days=RECENT_DAYS)
    recent = (
        Ticket.objects.filter(
            queue=queue, status=TicketStatus.DONE, service_date__gte=since, service_started_at__isnull=False
        )
        .order_by("-finished_at")
        .annotate(
            duration=ExpressionWrapper(
                F("finished_at") - F("service_started_at"), output_field=DurationField()
            )
        )
        .values_list("duration", flat=True)[:RECENT_SERVICES]
    )
    durations = [duration.total_seconds() for duration in recent if duration is not None]
    if not durations:
        return float(queue.default_service_minutes)
    return max(1.0, sum(durations) / len(durations) / 60)


OPEN_WINDOWS_CACHE_SECONDS = 10


def open_window_count(queue: Queue) -> int:
    """Windows serving the queue with a clerk signed in and not paused (for estimates: cached 10 s)."""
    key = f"govhall:queueing:open-windows:{queue.pk}"
    count: int | None = cache.get(key)
    if count is None:
        count = WindowSession.objects.filter(
            signed_out_at__isnull=True,
            paused_at__isnull=True,
            window__queue_links__queue=queue,
        ).count()
        cache.set(key, count, timeout=OPEN_WINDOWS_CACHE_SECONDS)
    return count


def estimate_wait_minutes(*, queue: Queue, people_ahead: int) -> int:
    """People ahead × recent service time ÷ open windows (at least one)."""
    windows = max(1, open_window_count(queue))
    return round(people_ahead * average_service_minutes(queue) / windows)
