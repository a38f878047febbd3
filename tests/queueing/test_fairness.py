"""Who is called next, and the recorded why: weights, transfers, green channel, no starvation."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from govhall.queueing import services
from govhall.queueing.models import GreenChannelReason, Priority, Queue, Ticket, TicketEvent

from .conftest import Hall


def at(minutes: int, seconds: int = 0) -> datetime:
    """Today at 10:00 plus an offset (the hall is open all day)."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    return start + timedelta(minutes=minutes, seconds=seconds)


def issue(queue: Queue, minutes: int, hall: Hall, **options: Any) -> Ticket:
    return services.ticket_issue(queue=queue, device=hall.kiosk, now=at(minutes), **options)


def call(user: User, minutes: int) -> Ticket:
    ticket = services.ticket_call_next(user=user, now=at(minutes))
    assert ticket is not None
    return ticket


def reason_of(ticket: Ticket) -> TicketEvent:
    return TicketEvent.objects.filter(ticket=ticket, action="called").latest("id")


def test_weighted_wait_decides_across_queues(hall: Hall) -> None:
    # Window 1 weighs A 2 and B 1; window 2 weighs A 1 and B 2.
    early_b = issue(hall.queue_b, 0, hall)
    later_a = issue(hall.queue_a, 3, hall)
    # At 10:05 for window 1: A 120 s × 2 = 240 < B 300 s × 1 = 300, so B's longer wait wins.
    first = call(hall.clerk_1, 5)
    assert first == early_b
    assert call(hall.clerk_2, 5) == later_a
    services.ticket_finish(ticket=first, user=hall.clerk_1)
    services.ticket_finish(ticket=later_a, user=hall.clerk_2)

    a_again = issue(hall.queue_a, 6, hall)
    b_again = issue(hall.queue_b, 4, hall)
    # At 10:08:01 for window 1: A 121 s × 2 = 242 > B 241 s × 1 = 241.
    assert services.ticket_call_next(user=hall.clerk_1, now=at(8, 1)) == a_again
    event = reason_of(a_again)
    assert event.reason == {
        "rule": "longest_wait",
        "priority": "ordinary",
        "waited_seconds": 121,
        "weight": 2,
        "queue": "A",
    }
    assert event.explanation == "按等候时间（权重2）先后，已等候2分1秒"
    # Window 2 would have taken B (241 s × 2); it still gets it next.
    assert services.ticket_call_next(user=hall.clerk_2, now=at(8, 1)) == b_again
    assert reason_of(b_again).reason["weight"] == 2


def test_a_transferred_ticket_is_called_first_at_the_target(hall: Hall) -> None:
    a_tickets = [issue(hall.queue_a, 0, hall) for _ in range(4)]
    for minute, ticket in enumerate(a_tickets[:3], start=1):  # window 2 serves A001–A003
        assert call(hall.clerk_2, minute) == ticket
        services.ticket_finish(ticket=ticket, user=hall.clerk_2)
    waiting_b = [issue(hall.queue_b, 3, hall) for _ in range(3)]
    transferred = a_tickets[3]
    assert call(hall.clerk_1, 4) == transferred  # A: 240 s × 2 beats B: 60 s × 1 at window 1
    services.ticket_transfer(ticket=transferred, user=hall.clerk_1, queue=hall.queue_b, comment="企业登记")

    chosen = call(hall.clerk_3, 5)

    assert chosen == transferred and chosen.number == "A004"
    event = reason_of(chosen)
    assert event.reason["rule"] == "transfer" and event.reason["priority"] == Priority.TRANSFER
    assert event.explanation.startswith("转移件优先")
    services.ticket_finish(ticket=chosen, user=hall.clerk_3)
    assert call(hall.clerk_3, 6) == waiting_b[0]


def test_green_channel_before_ordinary(hall: Hall) -> None:
    ordinary = issue(hall.queue_b, 0, hall)
    green = issue(hall.queue_b, 5, hall, green_reason=GreenChannelReason.DISABLED)

    first = call(hall.clerk_3, 6)

    assert first == green
    event = reason_of(green)
    assert event.reason["rule"] == "priority" and event.reason["priority"] == "green"
    assert event.explanation == "绿色通道优先，已等候1分0秒"
    services.ticket_finish(ticket=first, user=hall.clerk_3)
    assert call(hall.clerk_3, 7) == ordinary


def test_elderly_by_id_number_is_green_channel(hall: Hall) -> None:
    ordinary = issue(hall.queue_b, 0, hall)
    elderly = issue(hall.queue_b, 1, hall, id_number="110101194501011230")

    assert elderly.priority == Priority.GREEN and elderly.green_reason == GreenChannelReason.ELDERLY
    assert call(hall.clerk_3, 2) == elderly
    assert ordinary.status == "waiting"


def test_priorities_never_starve_ordinary_tickets(hall: Hall) -> None:
    hall.queue_b.priority_ratio = 3
    hall.queue_b.save(update_fields=["priority_ratio"])
    ordinary = [issue(hall.queue_b, minute, hall) for minute in (0, 1)]
    green = [issue(hall.queue_b, 10 + minute, hall, green_reason="military") for minute in range(5)]

    order: list[Ticket] = []
    for minute in range(20, 27):
        ticket = call(hall.clerk_3, minute)
        order.append(ticket)
        services.ticket_finish(ticket=ticket, user=hall.clerk_3)

    assert order == [green[0], green[1], green[2], ordinary[0], green[3], green[4], ordinary[1]]
    guard = reason_of(ordinary[0])
    assert guard.reason["rule"] == "fairness" and guard.reason["priority"] == "ordinary"
    assert guard.explanation.startswith("已连续叫优先号，按比例先叫普通号")
    assert [reason_of(ticket).reason["rule"] for ticket in order] == [
        "priority",
        "priority",
        "priority",
        "fairness",
        "priority",
        "priority",
        "longest_wait",
    ]


def test_without_ordinary_tickets_priorities_keep_being_called(hall: Hall) -> None:
    hall.queue_b.priority_ratio = 1
    hall.queue_b.save(update_fields=["priority_ratio"])
    green = [issue(hall.queue_b, minute, hall, green_reason="pregnant") for minute in range(3)]

    for minute, expected in enumerate(green):
        ticket = call(hall.clerk_3, 10 + minute)
        assert ticket == expected
        assert reason_of(ticket).reason["rule"] == "priority"
        services.ticket_finish(ticket=ticket, user=hall.clerk_3)


def test_every_call_records_a_reason_and_a_chinese_explanation(hall: Hall) -> None:
    issue(hall.queue_a, 0, hall)
    issue(hall.queue_b, 1, hall, green_reason="elderly")
    issue(hall.queue_b, 2, hall, appointment=True)
    issue(hall.queue_a, 3, hall)
    for clerk in (hall.clerk_3, hall.clerk_1, hall.clerk_2):
        call(clerk, 5)

    calls = TicketEvent.objects.filter(action="called")
    assert [event.reason["priority"] for event in calls] == ["green", "appointment", "ordinary"]
    assert [event.reason["rule"] for event in calls] == ["priority", "priority", "longest_wait"]
    for event in calls:
        assert set(event.reason) == {"rule", "priority", "waited_seconds", "weight", "queue"}
        assert event.explanation and any("\u4e00" <= char <= "\u9fff" for char in event.explanation)
        assert event.window is not None and event.actor is not None
