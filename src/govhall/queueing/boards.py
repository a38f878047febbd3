"""Reads for the hall's screens: board and window-screen snapshots, the board feed, the pad's state
and the services its window may still rate.

Screens show queue numbers only, never an applicant's name, ID number or phone: every payload
here is built from explicit fields (ticket number, window, counts), never from a whole ticket.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypedDict

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.org.models import StaffProfile, Window
from govhall.queueing import selectors
from govhall.queueing.models import (
    AT_WINDOW,
    Device,
    DeviceKind,
    HallEvent,
    HallEventKind,
    Queue,
    Ticket,
    TicketStatus,
    WindowSession,
)
from govhall.queueing.policies import RATING_OPEN_MINUTES
from govhall.queueing.voice import call_phrase

RECENT_CALLS = 8
"""Calls a hall board lists, the latest first."""


class CallView(TypedDict):
    id: int
    ticket: str
    window: str
    window_name: str
    text: str
    phrase: str
    recall: int
    at: str


class WindowView(TypedDict):
    number: str
    name: str
    ticket: str | None
    status: str
    status_text: str


class QueueView(TypedDict):
    prefix: str
    name: str
    waiting: int


class ClerkView(TypedDict):
    name: str
    staff_number: str
    department: str
    has_photo: bool


class FeedEvent(TypedDict):
    id: int
    kind: str
    payload: Any
    occurred_at: datetime


def _day_start() -> datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def feed_position(centre_id: int) -> int:
    """The id of the centre's latest hall event (0 before the first): a snapshot's resume point."""
    latest = (
        HallEvent.objects.filter(centre_id=centre_id).order_by("-id").values_list("id", flat=True).first()
    )
    return latest or 0


def call_view(event_id: int, payload: dict[str, Any], at: datetime) -> CallView:
    """A call event as screens get it, with the spoken phrase added."""
    number = str(payload.get("ticket", ""))
    window = str(payload.get("window", ""))
    recall = int(payload.get("recall", 0) or 0)
    return {
        "id": event_id,
        "ticket": number,
        "window": window,
        "window_name": str(payload.get("window_name", "")),
        "text": str(payload.get("text", "")),
        "phrase": call_phrase(number=number, window_number=window, recall=recall),
        "recall": recall,
        "at": at.isoformat(),
    }


def feed_after(device: Device, after: int, *, limit: int) -> list[FeedEvent]:
    """Hall events for the device after ``after`` (a window's own only, for window devices)."""
    events = HallEvent.objects.filter(centre_id=device.centre_id, id__gt=after)
    if device.window_id is not None:
        events = events.filter(window_id=device.window_id)
    return list(events.order_by("id").values("id", "kind", "payload", "occurred_at")[:limit])


def recent_calls(device: Device, limit: int = RECENT_CALLS) -> list[CallView]:
    """Today's latest calls, newest first, each ticket once (a recall moves it to the top)."""
    events = HallEvent.objects.filter(
        centre_id=device.centre_id, kind=HallEventKind.CALL, occurred_at__gte=_day_start()
    )
    if device.window_id is not None:
        events = events.filter(window_id=device.window_id)
    calls: list[CallView] = []
    seen: set[str] = set()
    for event_id, payload, at in events.order_by("-id").values_list("id", "payload", "occurred_at")[
        : limit * 4
    ]:
        call = call_view(event_id, payload, at)
        if call["ticket"] in seen:
            continue
        seen.add(call["ticket"])
        calls.append(call)
        if len(calls) == limit:
            break
    return calls


def _current_numbers(window_ids: list[int]) -> dict[int, str]:
    rows = Ticket.objects.filter(
        window_id__in=window_ids, status__in=AT_WINDOW, service_date=timezone.localdate()
    ).order_by("called_at")
    return {window_id: number for window_id, number in rows.values_list("window_id", "number")}


def _board_status(session: WindowSession, ticket: str | None) -> tuple[str, str]:
    if session.is_paused:
        return "paused", _("暂停服务")
    if ticket is None:
        return "idle", _("空闲")
    return "serving", _("服务中")


def open_windows(centre_id: int) -> list[WindowView]:
    """Windows with a clerk signed in, in window order, with their current number or state."""
    sessions = list(
        WindowSession.objects.filter(
            window__centre_id=centre_id, window__is_active=True, signed_out_at__isnull=True
        ).select_related("window")
    )
    numbers = _current_numbers([session.window_id for session in sessions])
    sessions.sort(key=lambda session: (len(session.window.number), session.window.number))
    views: list[WindowView] = []
    for session in sessions:
        ticket = numbers.get(session.window_id)
        status, status_text = _board_status(session, ticket)
        views.append(
            {
                "number": session.window.number,
                "name": session.window.name,
                "ticket": ticket,
                "status": status,
                "status_text": status_text,
            }
        )
    return views


def waiting_by_queue(centre_id: int) -> list[QueueView]:
    """Tickets waiting today per active queue."""
    queues = list(Queue.objects.filter(centre_id=centre_id, is_active=True).order_by("sort_order", "prefix"))
    waiting = selectors.waiting_counts(queue_ids=[queue.pk for queue in queues], day=timezone.localdate())
    return [
        {"prefix": queue.prefix, "name": queue.name, "waiting": waiting.get(queue.pk, 0)} for queue in queues
    ]


def _voice(device: Device) -> dict[str, Any]:
    return {"enabled": device.voice_enabled, "volume": device.voice_volume / 100}


def board_snapshot(device: Device) -> dict[str, Any]:
    """Everything a hall board shows; apply feed events with a larger id on top of it."""
    position = feed_position(device.centre_id)
    return {
        "kind": DeviceKind.HALL_BOARD.value,
        "last_event_id": position,
        "now": timezone.now().isoformat(),
        "voice": _voice(device),
        "calls": recent_calls(device),
        "windows": open_windows(device.centre_id),
        "queues": waiting_by_queue(device.centre_id),
    }


def _clerk_view(clerk: StaffProfile) -> ClerkView:
    return {
        "name": clerk.name,
        "staff_number": clerk.staff_number,
        "department": clerk.department.name if clerk.department else "",
        "has_photo": bool(clerk.photo),
    }


def window_session(window: Window) -> WindowSession | None:
    return (
        WindowSession.objects.filter(window=window, signed_out_at__isnull=True)
        .select_related("clerk__department")
        .first()
    )


def screen_snapshot(device: Device, window: Window) -> dict[str, Any]:
    """What a window screen shows: its window, clerk (name and staff number), number and status."""
    position = feed_position(device.centre_id)
    session = window_session(window) if window.is_active else None
    ticket = _current_numbers([window.pk]).get(window.pk) if session else None
    if session is None:
        status, status_text = "closed", _("未开放")
    elif session.is_paused:
        status, status_text = "paused", _("暂停服务")
    else:
        status, status_text = "open", _("服务中")
    return {
        "kind": DeviceKind.WINDOW_SCREEN.value,
        "last_event_id": position,
        "now": timezone.now().isoformat(),
        "voice": _voice(device),
        "window": {"number": window.number, "name": window.name},
        "clerk": _clerk_view(session.clerk) if session else None,
        "ticket": ticket,
        "status": status,
        "status_text": status_text,
    }


def display_snapshot(device: Device) -> dict[str, Any]:
    if device.kind == DeviceKind.WINDOW_SCREEN and device.window is not None:
        return screen_snapshot(device, device.window)
    return board_snapshot(device)


def rateable_services(window_id: int) -> QuerySet[Ticket]:
    """Services finished at the window recently enough to be rated on its pad, latest first."""
    return Ticket.objects.filter(
        window_id=window_id,
        status=TicketStatus.DONE,
        finished_at__gte=timezone.now() - timedelta(minutes=RATING_OPEN_MINUTES),
    ).order_by("-finished_at")


def pad_state(window: Window) -> dict[str, Any]:
    """What the evaluator pad shows while idle: its window, the window's state and its clerk."""
    session = window_session(window) if window.is_active else None
    if session is None:
        status, status_text = "closed", _("窗口未开放")
    elif session.is_paused:
        status, status_text = "paused", _("暂停服务")
    else:
        status, status_text = "open", _("欢迎")
    return {
        "status": status,
        "status_text": status_text,
        "window": {"number": window.number, "name": window.name},
        "clerk": _clerk_view(session.clerk) if session else None,
    }


def clerk_with_photo(window: Window) -> StaffProfile | None:
    """The clerk signed in to the window, when they have a photo."""
    session = window_session(window)
    if session is None or not session.clerk.photo:
        return None
    return session.clerk
