"""Board pages, their snapshot and the live feed (Server-Sent Events) through the whole stack."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from govhall.queueing import boards, services
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind
from govhall.queueing.views import display as display_views

from .conftest import Hall

ID_NUMBER = "110105198805061230"


@pytest.fixture
def board_client(hall: Hall) -> Client:
    client = Client()
    response = client.get("/display/board-1/?token=board-token")
    assert response.status_code == 302 and response["Location"] == "/display/board-1/"
    return client


@pytest.fixture
def short_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streams poll once and end, so a test can read a whole stream."""
    monkeypatch.setattr(display_views, "STREAM_SECONDS", 0.0)


def _messages(response: StreamingHttpResponse) -> list[dict[str, Any]]:
    """The stream's SSE messages as dicts: fields id/event/data (data parsed); retry and comments skipped."""
    # Reading to the end closes the response, as a WSGI server would.
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    messages = []
    for block in body.split("\n\n"):
        fields: dict[str, Any] = {}
        for line in block.splitlines():
            if line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            fields[name] = json.loads(value) if name == "data" else value
        if fields and "retry" not in fields:
            messages.append(fields)
    return messages


def _stream(client: Client, path: str, **headers: str) -> StreamingHttpResponse:
    response = client.get(path, headers=headers)
    assert isinstance(response, StreamingHttpResponse)
    return response


def test_board_page_opens_with_its_token_and_has_the_feed_urls(board_client: Client, hall: Hall) -> None:
    response = board_client.get("/display/board-1/")

    assert response.status_code == 200
    page = response.content.decode()
    assert hall.centre.name in page
    assert "点击开启语音播报" in page
    assert "连接中断，正在重连…" in page
    assert "/display/board-1/snapshot/" in page and "/display/board-1/stream/" in page


def test_voice_overlay_is_left_out_when_the_board_is_silent(board_client: Client, hall: Hall) -> None:
    Device.objects.filter(pk=hall.board.pk).update(voice_enabled=False)

    page = board_client.get("/display/board-1/").content.decode()

    assert "点击开启语音播报" not in page
    assert '"enabled": false' in page


def test_window_screen_page_shows_its_window(hall: Hall) -> None:
    Device.objects.create(
        centre=hall.centre,
        kind=DeviceKind.WINDOW_SCREEN,
        code="screen-2",
        name="2号窗口屏",
        window=hall.window_2,
        token_hash=token_hash("screen-2-token"),
    )
    client = Client()
    client.get("/display/screen-2/?token=screen-2-token")

    page = client.get("/display/screen-2/").content.decode()
    snapshot = client.get("/display/screen-2/snapshot/").json()

    assert 'data-display="window_screen"' in page and hall.window_2.name in page
    assert snapshot["kind"] == "window_screen"
    assert snapshot["clerk"]["name"] == hall.clerk_2.staff.name


@pytest.mark.parametrize(
    "path",
    [
        "/display/board-1/",
        "/display/board-1/snapshot/",
        "/display/board-1/stream/",
        "/display/board-1/?token=wrong",
        "/display/pad-1/?token=pad-1-token",
        "/display/kiosk-1/?token=kiosk-token",
    ],
)
def test_screens_refuse_browsers_without_a_board_device(hall: Hall, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 403
    assert "设备未授权" in response.content.decode()


def test_a_deactivated_board_is_refused(board_client: Client, hall: Hall) -> None:
    Device.objects.filter(pk=hall.board.pk).update(is_active=False)

    assert board_client.get("/display/board-1/snapshot/").status_code == 403


def test_snapshot_endpoint_gives_numbers_only(board_client: Client, hall: Hall) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, id_number=ID_NUMBER, phone="13812345678")
    services.ticket_call_next(user=hall.clerk_1)

    response = board_client.get("/display/board-1/snapshot/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert response.json()["calls"][0]["ticket"] == "A001"
    assert ID_NUMBER not in body and ID_NUMBER[:6] not in body and "13812345678" not in body
    assert "1388" not in body and "5678" not in body


def test_stream_is_an_unbuffered_event_stream(board_client: Client, short_streams: None) -> None:
    response = _stream(board_client, "/display/board-1/stream/")

    assert response.streaming
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"
    assert not response.has_header("Content-Length")
    assert not response.has_header("Content-Encoding")
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    assert body.startswith(f"retry: {display_views.RETRY_MILLISECONDS}\n\n")


def test_stream_resumes_after_the_last_event_id(
    board_client: Client, hall: Hall, short_streams: None
) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    resume_at = boards.feed_position(hall.centre.pk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)

    messages = _messages(_stream(board_client, "/display/board-1/stream/", last_event_id=str(resume_at)))

    assert [message.get("event") for message in messages] == ["change", "call", "end"]
    change, call, end = messages
    assert int(change["id"]) > resume_at
    assert call["data"]["ticket"] == "A001"
    assert call["data"]["phrase"] == "请A零零一号，到一号窗口办理"
    assert call["data"]["text"] == "请 A001 号到 1 号窗口办理"
    assert int(call["id"]) == call["data"]["id"] == end["data"]["id"]


def test_last_event_id_wins_over_the_address(board_client: Client, hall: Hall, short_streams: None) -> None:
    start = boards.feed_position(hall.centre.pk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    latest = boards.feed_position(hall.centre.pk)
    path = f"/display/board-1/stream/?after={start}"

    from_address = _messages(_stream(board_client, path))
    from_header = _messages(_stream(board_client, path, last_event_id=str(latest)))

    assert [message.get("event") for message in from_address] == ["change", "call", "end"]
    assert [message.get("event") for message in from_header] == ["end"]


def test_stream_without_a_resume_point_starts_at_now(
    board_client: Client, hall: Hall, short_streams: None
) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)

    messages = _messages(_stream(board_client, "/display/board-1/stream/"))

    assert messages == [{"event": "end", "data": {"id": boards.feed_position(hall.centre.pk)}}]


def test_a_board_far_behind_is_told_to_reload(
    board_client: Client, hall: Hall, short_streams: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display_views, "BACKLOG_LIMIT", 2)
    for _ in range(3):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    latest = boards.feed_position(hall.centre.pk)

    messages = _messages(_stream(board_client, "/display/board-1/stream/?after=0"))

    assert messages == [
        {"id": str(latest), "event": "reset", "data": {"id": latest}},
        {"event": "end", "data": {"id": latest}},
    ]


def test_a_window_screen_streams_its_own_window_only(hall: Hall, short_streams: None) -> None:
    Device.objects.create(
        centre=hall.centre,
        kind=DeviceKind.WINDOW_SCREEN,
        code="screen-2",
        name="2号窗口屏",
        window=hall.window_2,
        token_hash=token_hash("screen-2-token"),
    )
    client = Client()
    client.get("/display/screen-2/?token=screen-2-token")
    start = boards.feed_position(hall.centre.pk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    services.ticket_call_next(user=hall.clerk_2)

    messages = _messages(_stream(client, f"/display/screen-2/stream/?after={start}"))

    assert [(m.get("event"), m["data"].get("window")) for m in messages] == [("call", "2"), ("end", None)]


def test_a_live_stream_sends_what_happens_while_it_is_open(
    board_client: Client, hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display_views, "STREAM_SECONDS", 0.6)
    response = _stream(board_client, f"/display/board-1/stream/?after={boards.feed_position(hall.centre.pk)}")
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"retry:")  # type: ignore[union-attr]

    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    rest = b"".join(chunks).decode()  # type: ignore[arg-type]

    assert "event: change" in rest
    assert rest.endswith(f'event: end\ndata: {{"id": {boards.feed_position(hall.centre.pk)}}}\n\n')
