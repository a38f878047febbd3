"""叫号记录查询: a ticket's history with the reason of each call and why the others waiting then were
not chosen; personal data masked; other centres' tickets refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govhall.feedback import services as feedback_services
from govhall.feedback.models import RatingLevel
from govhall.org.roles import Role
from govhall.org.selectors import access_scope_for
from govhall.queueing import services
from govhall.queueing.models import GreenChannelReason, Queue, Ticket
from govhall.queueing.ticket_history import span, ticket_history
from tests.factories import CentreFactory, StaffFactory

from .conftest import Hall, open_all_day
from .test_monitor import at, waiting_ticket

ELDERLY_ID = "11010519491231002X"


def duty(hall: Hall) -> User:
    return StaffFactory(centre=hall.centre, department=None, roles=[Role.DUTY_CHIEF]).user


@pytest.fixture
def morning(hall: Hall) -> dict[str, Ticket]:
    """08:00 A001 (with a phone), 08:03 A002, 08:05 A003 by an elderly person (绿色通道 from the ID);
    window 1 calls at 08:10 and gets A003, window 2 calls at 08:12 and gets A001."""
    today = timezone.localdate()
    first = services.ticket_issue(
        queue=hall.queue_a, device=hall.kiosk, phone="13812345678", now=at(today, "08:00")
    )
    second = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(today, "08:03"))
    green = services.ticket_issue(
        queue=hall.queue_a, device=hall.kiosk, id_number=ELDERLY_ID, now=at(today, "08:05")
    )
    assert green.green_reason == GreenChannelReason.ELDERLY
    assert services.ticket_call_next(user=hall.clerk_1, now=at(today, "08:10")) == green
    assert services.ticket_call_next(user=hall.clerk_2, now=at(today, "08:12")) == first
    return {"first": first, "second": second, "green": green}


def test_green_call_explains_why_the_ordinary_tickets_waited(hall: Hall, morning: dict[str, Ticket]) -> None:
    history = ticket_history(scope=access_scope_for(duty(hall)), pk=morning["green"].pk)

    actions = [entry.event.action for entry in history.entries]
    assert actions == ["issued", "called"]
    call = history.entries[1]
    assert call.event.explanation == "绿色通道优先，已等候5分0秒"
    assert ("规则", "优先类别在前") in call.reason_rows
    assert ("优先类别", "绿色通道") in call.reason_rows
    assert ("已等候", "5分00秒") in call.reason_rows
    assert ("窗口权重", "2") in call.reason_rows
    assert call.competitors is not None
    assert [(other.number, other.why_not) for other in call.competitors] == [
        ("A001", "普通号，当时有绿色通道号在等候，绿色通道优先"),
        ("A002", "普通号，当时有绿色通道号在等候，绿色通道优先"),
    ]
    assert [other.waited for other in call.competitors] == ["10分00秒", "7分00秒"]


def test_longest_wait_call_says_the_other_took_a_number_later(hall: Hall, morning: dict[str, Ticket]) -> None:
    history = ticket_history(scope=access_scope_for(duty(hall)), pk=morning["first"].pk)

    call = next(entry for entry in history.entries if entry.event.action == "called")
    assert call.event.explanation == "按等候时间（权重1）先后，已等候12分0秒"
    assert call.competitors is not None
    assert [(other.number, other.entered_at[-8:], other.why_not) for other in call.competitors] == [
        ("A002", "08:03:00", "晚取号 3分00秒")
    ]
    assert history.phone_masked == "138****5678"


def test_a_returned_no_show_is_compared_by_its_new_place(hall: Hall) -> None:
    # Issued and called in the first seconds of today: the return (at the real time) comes later.
    today = timezone.localdate()
    first = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(today, "00:00:00"))
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, now=at(today, "00:00:01"))
    services.ticket_call_next(user=hall.clerk_1, now=at(today, "00:00:02"))
    services.ticket_skip(ticket=first, user=hall.clerk_1)
    returned = services.ticket_return(ticket=first, user=hall.clerk_1)
    called = services.ticket_call_next(user=hall.clerk_2)

    history = ticket_history(scope=access_scope_for(duty(hall)), pk=called.pk if called else 0)

    assert called is not None and called.number == "A002"
    assert returned.status == "waiting"
    call = next(entry for entry in history.entries if entry.event.action == "called")
    assert call.competitors is not None
    assert [other.number for other in call.competitors] == ["A001"]
    assert call.competitors[0].why_not.startswith("过号重排，晚入队")


def test_lookup_page_finds_the_ticket_and_shows_reasons_masked(
    client: Client, hall: Hall, morning: dict[str, Ticket]
) -> None:
    client.force_login(duty(hall))
    today = timezone.localdate().isoformat()

    found = client.get(reverse("queueing:ticket_lookup"), {"day": today, "number": "a003"})
    detail = client.get(found["Location"])

    assert found.status_code == 302
    assert found["Location"] == reverse("queueing:ticket_detail", args=[morning["green"].pk])
    page = detail.content.decode()
    assert "绿色通道优先，已等候5分0秒" in page
    assert "普通号，当时有绿色通道号在等候，绿色通道优先" in page
    assert "1101**********002X" in page
    assert ELDERLY_ID not in page
    first_page = client.get(reverse("queueing:ticket_detail", args=[morning["first"].pk])).content.decode()
    assert "138****5678" in first_page and "13812345678" not in first_page
    assert "晚取号 3分00秒" in first_page


def test_lookup_form_starts_empty_and_rejects_bad_numbers(client: Client, hall: Hall) -> None:
    client.force_login(duty(hall))

    empty = client.get(reverse("queueing:ticket_lookup"))
    bad = client.get(reverse("queueing:ticket_lookup"), {"day": "2026-11-21", "number": "12A"})
    missing = client.get(reverse("queueing:ticket_lookup"), {"day": "2026-11-21", "number": "A999"})

    assert empty.status_code == 200
    assert 'role="alert"' not in empty.content.decode()
    assert bad.status_code == 400
    assert "排队号由队列字母和三位数字组成，例如 A012。" in bad.content.decode()
    assert missing.status_code == 404
    assert "未找到该排队号" in missing.content.decode()


def test_other_centres_tickets_are_refused(client: Client, hall: Hall) -> None:
    elsewhere = CentreFactory(name="另一个市中心")
    open_all_day(elsewhere)
    queue = Queue.objects.create(centre=elsewhere, name="综合", prefix="A")
    foreign = waiting_ticket(queue, 7, timezone.now())
    client.force_login(duty(hall))

    detail = client.get(reverse("queueing:ticket_detail", args=[foreign.pk]))
    lookup = client.get(
        reverse("queueing:ticket_lookup"), {"day": foreign.service_date.isoformat(), "number": "A007"}
    )
    other_centre = client.get(
        reverse("queueing:ticket_lookup"),
        {"day": foreign.service_date.isoformat(), "number": "A007", "centre": elsewhere.code},
    )

    assert detail.status_code == 404
    assert lookup.status_code == 404
    assert other_centre.status_code == 400
    assert "没有这个中心，或您无权查看该中心。" in other_centre.content.decode()


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.CHIEF_REPRESENTATIVE])
def test_only_supervising_roles_see_call_reasons(client: Client, hall: Hall, role: Role) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    user = StaffFactory(
        centre=hall.centre,
        department=hall.window_1.department,
        roles=[role],
        is_chief_representative=role == Role.CHIEF_REPRESENTATIVE,
    ).user
    client.force_login(user)

    assert client.get(reverse("queueing:ticket_lookup")).status_code == 403
    assert client.get(reverse("queueing:ticket_detail", args=[ticket.pk])).status_code == 403


def test_spans_read_in_minutes_then_hours() -> None:
    assert span(185) == "3分05秒"
    assert span(3725) == "1小时02分05秒"


def test_the_history_speaks_labels_never_codes(client: Client, hall: Hall) -> None:
    """The call's rule and class and the rating are named (等候时间最长, 普通, 满意), never shown as
    codes (longest_wait, ordinary, a level number)."""
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    called = services.ticket_call_next(user=hall.clerk_1)
    assert called == ticket
    services.ticket_finish(ticket=called, user=hall.clerk_1)
    feedback_services.rating_record(device=hall.pad_1, ticket=ticket, level=RatingLevel.SATISFIED)
    client.force_login(duty(hall))

    page = client.get(reverse("queueing:ticket_detail", args=[ticket.pk])).content.decode()

    assert "<dt>规则</dt><dd>等候时间最长</dd>" in page
    assert "<dt>优先类别</dt><dd>普通</dd>" in page
    assert '<tr data-action="rated">' in page and "<strong>满意</strong>" in page
    for code in ("longest_wait", "ordinary", "评价等级"):
        assert code not in page
