"""The hall's screens: hall boards and window screens (/display/<code>/); the evaluator pads are the
feedback app's.

Boards load a snapshot, then follow the hall-event feed over Server-Sent Events. The server runs
sync worker threads, so a stream holds one: it polls the feed with one indexed query every
``POLL_SECONDS`` and ends after ``STREAM_SECONDS``; the browser then reopens it from the last
event id (``Last-Event-ID``), so nothing is missed across the gap, a restart or a network drop.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from govhall.queueing import boards
from govhall.queueing.devices import device_page
from govhall.queueing.models import Device, DeviceKind

logger = logging.getLogger(__name__)

STREAM_SECONDS = 25.0
POLL_SECONDS = 0.25
HEARTBEAT_SECONDS = 10.0
RETRY_MILLISECONDS = 1000
BACKLOG_LIMIT = 200
"""A board that comes back with more missed events than this reloads its snapshot instead."""

SCREEN_KINDS = (DeviceKind.HALL_BOARD, DeviceKind.WINDOW_SCREEN)


def _sse(kind: str, data: dict[str, Any], event_id: int | None = None) -> bytes:
    lines = [] if event_id is None else [f"id: {event_id}"]
    lines += [f"event: {kind}", "data: " + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)]
    return ("\n".join(lines) + "\n\n").encode()


def _event_message(event: boards.FeedEvent) -> bytes:
    if event["kind"] == "call":
        return _sse(
            "call", dict(boards.call_view(event["id"], event["payload"], event["occurred_at"])), event["id"]
        )
    return _sse("change", {"id": event["id"]}, event["id"])


def _resume_point(request: HttpRequest) -> int | None:
    """Where the feed continues: the browser's Last-Event-ID on reconnect, else ?after=."""
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


def event_stream(device: Device, after: int | None) -> Iterator[bytes]:
    """Hall events after ``after`` as SSE messages, polled until the stream's lifetime ends.

    The database connection is the request's: Django closes or recycles it (request_finished)
    when the server closes the response, also when the browser went away mid-stream.
    """
    yield f"retry: {RETRY_MILLISECONDS}\n\n".encode()
    started = time.monotonic()
    last_beat = started
    try:
        position = boards.feed_position(device.centre_id) if after is None else after
        events = boards.feed_after(device, position, limit=BACKLOG_LIMIT + 1)
        if len(events) > BACKLOG_LIMIT:
            position = boards.feed_position(device.centre_id)
            events = []
            yield _sse("reset", {"id": position}, position)
        while True:
            for event in events:
                position = event["id"]
                yield _event_message(event)
            now = time.monotonic()
            if now - started >= STREAM_SECONDS:
                yield _sse("end", {"id": position})
                return
            if now - last_beat >= HEARTBEAT_SECONDS:
                last_beat = now
                yield b": keep-alive\n\n"
            time.sleep(POLL_SECONDS)
            events = boards.feed_after(device, position, limit=BACKLOG_LIMIT)
    except DatabaseError:
        # The browser reconnects after ``retry`` and resumes from its last event id.
        logger.warning("hall feed stream of device %s ended by a database error", device.code, exc_info=True)


def _stream_response(request: HttpRequest, device: Device) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        event_stream(device, _resume_point(request)), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


# --- hall boards and window screens --------------------------------------------------------------


def _page_config(device: Device, **urls: str) -> dict[str, Any]:
    """What the page's script needs: its URLs, the device's voice settings and a few labels."""
    return {
        "code": device.code,
        "voice": {"enabled": device.voice_enabled, "volume": device.voice_volume / 100},
        "labels": {
            "window": _("%(number)s号窗口"),
            "clerk": _("%(name)s　工号 %(staff_number)s"),
        },
        **urls,
    }


@require_GET
@device_page(*SCREEN_KINDS)
def display(request: HttpRequest, device: Device) -> HttpResponse:
    config = _page_config(
        device,
        snapshot_url=reverse("queueing:display_snapshot", args=[device.code]),
        stream_url=reverse("queueing:display_stream", args=[device.code]),
    )
    template = "queueing/screen.html" if device.kind == DeviceKind.WINDOW_SCREEN else "queueing/board.html"
    return render(request, template, {"device": device, "config": config})


@require_GET
@device_page(*SCREEN_KINDS)
def display_snapshot(request: HttpRequest, device: Device) -> JsonResponse:
    response = JsonResponse(boards.display_snapshot(device), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@device_page(*SCREEN_KINDS)
def display_stream(request: HttpRequest, device: Device) -> HttpResponseBase:
    """The feed of an activated board or window screen."""
    return _stream_response(request, device)
