"""What the hall's screens are given: numbers only, each window's state, waiting counts, the feed."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from govhall.core.personal_data import mask_id_number, mask_phone
from govhall.queueing import boards, services
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, HallEvent, Ticket

from .conftest import Hall

ID_NUMBER = "110105198805061230"
PHONE = "13812345678"


def _screen(hall: Hall) -> Device:
    return Device.objects.create(
        centre=hall.centre,
        kind=DeviceKind.WINDOW_SCREEN,
        code="screen-1",
        name="1号窗口屏",
        window=hall.window_1,
        token_hash=token_hash("screen-1-token"),
    )


def test_board_snapshot_shows_calls_windows_and_waiting_counts(hall: Hall) -> None:
    first = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    services.window_pause(user=hall.clerk_3, reason="系统故障")
    called = services.ticket_call_next(user=hall.clerk_1)
    assert called is not None and called.pk == first.pk

    snapshot = boards.board_snapshot(hall.board)

    assert snapshot["last_event_id"] == HallEvent.objects.filter(centre=hall.centre).latest("id").pk
    [call] = snapshot["calls"]
    assert call["ticket"] == "A001"
    assert call["window"] == "1"
    assert call["text"] == "请 A001 号到 1 号窗口办理"
    assert call["phrase"] == "请A零零一号，到一号窗口办理"
    assert [(w["number"], w["ticket"], w["status"], w["status_text"]) for w in snapshot["windows"]] == [
        ("1", "A001", "serving", "服务中"),
        ("2", None, "idle", "空闲"),
        ("3", None, "paused", "暂停服务"),
    ]
    assert [(q["prefix"], q["waiting"]) for q in snapshot["queues"]] == [("A", 1), ("B", 1)]
    assert snapshot["voice"] == {"enabled": True, "volume": 0.8}


def test_board_snapshot_takes_the_same_few_queries_however_busy_the_hall(
    hall: Hall, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
        services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    for clerk in (hall.clerk_1, hall.clerk_2, hall.clerk_3):
        services.ticket_call_next(user=clerk)

    with django_assert_max_num_queries(6):
        snapshot = boards.board_snapshot(hall.board)

    assert len(snapshot["calls"]) == 3 and len(snapshot["windows"]) == 3


def test_screens_show_numbers_only_never_who_is_waiting(hall: Hall) -> None:
    screen = _screen(hall)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, id_number=ID_NUMBER, phone=PHONE)
    ticket = services.ticket_call_next(user=hall.clerk_1)
    assert ticket is not None

    for snapshot in (boards.board_snapshot(hall.board), boards.screen_snapshot(screen, hall.window_1)):
        text = json.dumps(snapshot, ensure_ascii=False, default=str)
        assert "A001" in text
        for secret in (ID_NUMBER, mask_id_number(ID_NUMBER), PHONE, mask_phone(PHONE)):
            assert secret not in text
        assert ticket.public_code not in text


def test_a_recalled_ticket_moves_to_the_top_once_and_the_board_keeps_eight_calls(hall: Hall) -> None:
    for _ in range(10):
        services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    first = services.ticket_call_next(user=hall.clerk_3)
    assert first is not None
    for _ in range(8):
        current = services.ticket_call_next(user=hall.clerk_2)
        assert current is not None
        services.ticket_finish(ticket=current, user=hall.clerk_2)
    services.ticket_recall(ticket=first, user=hall.clerk_3)

    calls = boards.recent_calls(hall.board)

    assert len(calls) == 8
    assert calls[0]["ticket"] == first.number
    assert calls[0]["recall"] == 1
    assert calls[0]["phrase"].startswith("再次呼叫，")
    assert [call["ticket"] for call in calls].count(first.number) == 1


def test_calls_of_earlier_days_are_not_shown(hall: Hall) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    HallEvent.objects.filter(kind="call").update(occurred_at=timezone.now() - timedelta(days=1))

    assert boards.recent_calls(hall.board) == []


def test_window_screen_shows_its_clerk_number_and_status(hall: Hall) -> None:
    screen = _screen(hall)
    clerk = hall.clerk_1.staff

    open_ = boards.screen_snapshot(screen, hall.window_1)
    assert (open_["status"], open_["status_text"], open_["ticket"]) == ("open", "服务中", None)
    assert open_["clerk"] == {
        "name": clerk.name,
        "staff_number": clerk.staff_number,
        "department": clerk.department.name,
        "has_photo": False,
    }
    assert open_["window"] == {"number": "1", "name": hall.window_1.name}

    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    assert boards.screen_snapshot(screen, hall.window_1)["ticket"] == "A001"

    services.window_pause(user=hall.clerk_2, reason="临时离开")
    services.window_pause(user=hall.clerk_1, reason="临时离开")
    assert boards.screen_snapshot(screen, hall.window_1)["status_text"] == "暂停服务"

    services.window_resume(user=hall.clerk_1)
    ticket = Ticket.objects.get(number="A001")
    services.ticket_finish(ticket=ticket, user=hall.clerk_1)
    services.window_sign_out(user=hall.clerk_1)
    closed = boards.screen_snapshot(screen, hall.window_1)
    assert (closed["status"], closed["status_text"], closed["clerk"], closed["ticket"]) == (
        "closed",
        "未开放",
        None,
        None,
    )


def test_the_feed_of_a_window_device_has_only_its_windows_events(hall: Hall) -> None:
    screen = _screen(hall)
    start = boards.feed_position(hall.centre.pk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    services.ticket_call_next(user=hall.clerk_2)

    board_feed = boards.feed_after(hall.board, start, limit=50)
    screen_feed = boards.feed_after(screen, start, limit=50)

    assert [event["kind"] for event in board_feed] == ["change", "change", "call", "call"]
    assert [event["payload"]["window"] for event in screen_feed] == ["1"]
    assert boards.feed_after(hall.board, board_feed[-1]["id"], limit=50) == []


def test_pad_state_shows_the_open_window_and_its_clerk(hall: Hall) -> None:
    state = boards.pad_state(hall.window_1)
    assert (state["status"], state["status_text"]) == ("open", "欢迎")
    assert state["clerk"]["name"] == hall.clerk_1.staff.name


def test_pad_state_follows_the_window(hall: Hall) -> None:
    services.window_pause(user=hall.clerk_1, reason="临时离开")
    assert boards.pad_state(hall.window_1)["status_text"] == "暂停服务"
    services.window_resume(user=hall.clerk_1)
    services.window_sign_out(user=hall.clerk_1)
    closed = boards.pad_state(hall.window_1)
    assert (closed["status"], closed["status_text"], closed["clerk"]) == ("closed", "窗口未开放", None)
