"""Taking a number: daily numbering, quotas, hours on the centre's calendar, one ticket per person."""

from __future__ import annotations

from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind, OpeningHours
from govhall.queueing import services
from govhall.queueing.models import GreenChannelReason, HallEvent, Priority, Ticket, TicketEvent, TicketStatus
from govhall.queueing.services import QueueRefusal
from tests.factories import resident_id_number

from .conftest import Hall

SHANGHAI = ZoneInfo("Asia/Shanghai")
ELDER_ID = "11010519491231002X"
"""Born 1949-12-31: 76 in 2026."""
YOUNG_ID = "110105199003071239"


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def office_hours(hall: Hall) -> Hall:
    """Ordinary hours: 9:00–12:00 and 13:30–17:00 on working days (the national calendar)."""
    OpeningHours.objects.filter(centre=hall.centre).update(
        morning_start=time(9), morning_end=time(12), afternoon_start=time(13, 30), afternoon_end=time(17)
    )
    CalendarAdjustment.objects.filter(centre=hall.centre).delete()
    return hall


def refusal_code(excinfo: pytest.ExceptionInfo[QueueRefusal]) -> str:
    return str(excinfo.value.code)


def test_numbers_restart_daily_per_queue_with_three_digits(office_hours: Hall) -> None:
    hall = office_hours
    first = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 9, 5))
    second = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 9, 6))
    other_queue = services.ticket_issue(queue=hall.queue_b, device=hall.kiosk, now=at(2026, 11, 20, 9, 7))
    next_day = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 23, 9, 0))

    assert [first.number, second.number, other_queue.number, next_day.number] == [
        "A001",
        "A002",
        "B001",
        "A001",
    ]
    assert next_day.service_date.isoformat() == "2026-11-23"
    assert TicketEvent.objects.filter(action="issued").count() == 4


@pytest.mark.parametrize(
    ("moment", "code", "message"),
    [
        (at(2026, 11, 20, 8, 59), "before_hours", "未到取号时间，请于09:00后取号。"),
        (at(2026, 11, 20, 17, 0), "after_hours", "已停止取号：今天的办公时间已结束。"),
        (at(2026, 11, 21, 10, 0), "closed_day", "今日本中心不办公（休息日），暂停取号。"),
        (at(2026, 10, 1, 10, 0), "closed_day", "今日本中心不办公（国庆节），暂停取号。"),
    ],
    ids=["before-opening", "after-closing", "saturday", "national-day"],
)
def test_no_tickets_outside_hours_or_on_closed_days(
    office_hours: Hall, moment: datetime, code: str, message: str
) -> None:
    with pytest.raises(QueueRefusal) as excinfo:
        services.ticket_issue(queue=office_hours.queue_a, device=office_hours.kiosk, now=moment)
    assert refusal_code(excinfo) == code
    assert excinfo.value.messages == [message]
    assert not Ticket.objects.exists()


def test_tiaoxiu_working_weekend_and_centre_closure_follow_the_calendar(office_hours: Hall) -> None:
    hall = office_hours
    # 2026-09-20 (Sunday) is a national 调休 working day before the National Day holiday.
    assert (
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 9, 20, 10)).number == "A001"
    )
    CalendarAdjustment.objects.create(
        centre=hall.centre, date="2026-11-20", kind=CalendarAdjustmentKind.CLOSED, reason="系统升级停止办公"
    )
    with pytest.raises(QueueRefusal) as excinfo:
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 10))
    assert refusal_code(excinfo) == "closed_day"


def test_daily_quota_refuses_with_the_kiosk_message_and_writes_nothing(office_hours: Hall) -> None:
    hall = office_hours
    hall.queue_a.daily_quota = 2
    hall.queue_a.save()
    for minute in (1, 2):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 9, minute))

    with pytest.raises(QueueRefusal) as excinfo:
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 9, 3))

    assert excinfo.value.messages == ["今日号已取完。"]
    assert Ticket.objects.filter(queue=hall.queue_a).count() == 2
    # The refused attempt did not use up a number: the next day starts at 001 and B is untouched.
    assert (
        services.ticket_issue(queue=hall.queue_b, device=hall.kiosk, now=at(2026, 11, 20, 9, 4)).number
        == "B001"
    )


def test_morning_quota_leaves_the_afternoon_open(office_hours: Hall) -> None:
    hall = office_hours
    hall.queue_a.morning_quota = 1
    hall.queue_a.save()
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 9))
    with pytest.raises(QueueRefusal) as excinfo:
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 11))
    assert excinfo.value.messages == ["上午号已取完，请下午再来。"]

    afternoon = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 14))
    assert afternoon.number == "A002"


def test_one_waiting_ticket_per_id_number_per_queue(office_hours: Hall) -> None:
    hall = office_hours
    first = services.ticket_issue(
        queue=hall.queue_a, device=hall.kiosk, id_number=YOUNG_ID, now=at(2026, 11, 20, 9)
    )
    with pytest.raises(QueueRefusal) as excinfo:
        services.ticket_issue(
            queue=hall.queue_a, device=hall.kiosk, id_number=YOUNG_ID, now=at(2026, 11, 20, 9, 1)
        )
    assert refusal_code(excinfo) == "duplicate_person"
    # Another queue is fine, and so is the same queue once the first ticket is over.
    services.ticket_issue(
        queue=hall.queue_b, device=hall.kiosk, id_number=YOUNG_ID, now=at(2026, 11, 20, 9, 2)
    )
    Ticket.objects.filter(pk=first.pk).update(status=TicketStatus.DONE)
    services.ticket_issue(
        queue=hall.queue_a, device=hall.kiosk, id_number=YOUNG_ID, now=at(2026, 11, 20, 9, 3)
    )
    assert Ticket.objects.count() == 3


def test_id_number_is_kept_only_masked_and_hashed(office_hours: Hall) -> None:
    ticket = services.ticket_issue(
        queue=office_hours.queue_a, device=office_hours.kiosk, id_number=YOUNG_ID, now=at(2026, 11, 20, 9)
    )
    assert ticket.id_number_masked == "1101**********1239"
    assert YOUNG_ID not in ticket.id_number_hash
    assert len(ticket.id_number_hash) == 64


def test_invalid_id_number_is_refused_in_chinese(office_hours: Hall) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.ticket_issue(
            queue=office_hours.queue_a,
            device=office_hours.kiosk,
            id_number="110105199003071234",
            now=at(2026, 11, 20, 9),
        )
    assert "身份证" in excinfo.value.messages[0]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("region", "born"),
    [("370705", "19500315"), ("370700", "19560101")],  # 奎文区 since 1994, 潍坊市 since 1983
)
def test_a_local_elder_whose_region_code_is_newer_than_them_gets_the_green_channel(
    office_hours: Hall, region: str, born: str
) -> None:
    number = resident_id_number(region=region, born=born)
    elder = services.ticket_issue(
        queue=office_hours.queue_a, device=office_hours.kiosk, id_number=number, now=at(2026, 11, 20, 9)
    )
    assert (elder.priority, elder.green_reason) == (Priority.GREEN, GreenChannelReason.ELDERLY)
    assert elder.id_number_masked == f"{region[:4]}**********{number[-4:]}"


def test_elderly_people_get_the_green_channel_from_their_id_number(office_hours: Hall) -> None:
    elder = services.ticket_issue(
        queue=office_hours.queue_a, device=office_hours.kiosk, id_number=ELDER_ID, now=at(2026, 11, 20, 9)
    )
    assert (elder.priority, elder.green_reason) == (Priority.GREEN, GreenChannelReason.ELDERLY)
    chosen = services.ticket_issue(
        queue=office_hours.queue_a,
        device=office_hours.kiosk,
        green_reason=GreenChannelReason.MILITARY,
        now=at(2026, 11, 20, 9, 1),
    )
    assert chosen.priority == Priority.GREEN
    young = services.ticket_issue(
        queue=office_hours.queue_b, device=office_hours.kiosk, id_number=YOUNG_ID, now=at(2026, 11, 20, 9, 2)
    )
    assert young.priority == Priority.ORDINARY


def test_estimate_uses_people_ahead_and_open_windows(office_hours: Hall) -> None:
    hall = office_hours
    hall.queue_a.default_service_minutes = 10
    hall.queue_a.save()
    tickets = [
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 9, minute))
        for minute in range(5)
    ]
    # Windows 1 and 2 serve queue A and both clerks are signed in: 4 ahead × 10 min ÷ 2 windows.
    assert [ticket.people_ahead_at_issue for ticket in tickets] == [0, 1, 2, 3, 4]
    assert tickets[-1].estimated_wait_minutes == 20


def test_idempotency_key_returns_the_first_ticket(office_hours: Hall) -> None:
    hall = office_hours
    first = services.ticket_issue(
        queue=hall.queue_a, device=hall.kiosk, idempotency_key="k-1", now=at(2026, 11, 20, 9)
    )
    again = services.ticket_issue(
        queue=hall.queue_a, device=hall.kiosk, idempotency_key="k-1", now=at(2026, 11, 20, 9, 1)
    )
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_inactive_queue_and_item_of_another_queue_are_refused(office_hours: Hall) -> None:
    hall = office_hours
    hall.queue_b.is_active = False
    hall.queue_b.save()
    with pytest.raises(QueueRefusal) as excinfo:
        services.ticket_issue(queue=hall.queue_b, device=hall.kiosk, now=at(2026, 11, 20, 9))
    assert refusal_code(excinfo) == "queue_inactive"


def test_tickets_left_at_the_end_of_a_day_are_voided_once(office_hours: Hall) -> None:
    hall = office_hours
    waiting = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 16))
    finished = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 16, 1))
    Ticket.objects.filter(pk=finished.pk).update(status=TicketStatus.DONE)
    today = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 23, 9))

    assert services.tickets_expire(before=today.service_date) == 1
    assert services.tickets_expire(before=today.service_date) == 0

    statuses = dict(Ticket.objects.values_list("pk", "status"))
    assert statuses == {waiting.pk: "expired", finished.pk: "done", today.pk: "waiting"}
    event = TicketEvent.objects.get(ticket=waiting, action="expired")
    assert event.explanation == "当日办公时间结束，号码作废。"


def test_the_board_feed_keeps_a_week_and_close_day_runs(office_hours: Hall) -> None:
    hall = office_hours
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 2, 10))
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(2026, 11, 20, 10))

    assert services.hall_feed_prune(before=date(2026, 11, 23)) == 1

    feed_days = {
        timezone.localtime(moment).date()
        for moment in HallEvent.objects.values_list("occurred_at", flat=True)
    }
    assert date(2026, 11, 2) not in feed_days and date(2026, 11, 20) in feed_days
    out = StringIO()
    call_command("queue_close_day", stdout=out)
    assert "作废以前各日未办结的排队号 2 个" in out.getvalue()
