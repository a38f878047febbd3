"""The kiosk page (自助取号) through the test client with a device session: choose by department,
item, search or queue; take a number; every refusal shown in Chinese with nothing issued."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from stdnum.cn import ric

from govhall.catalog.models import ItemVersion
from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind, Centre, OpeningHours
from govhall.queueing import services
from govhall.queueing.kiosk_card_reads import card_read_store
from govhall.queueing.models import GreenChannelReason, Priority, Queue, Ticket
from tests.catalog.test_guide import make_item
from tests.factories import CentreFactory, DepartmentFactory, resident_id_number

from .conftest import Hall

KIOSK = "/kiosk/kiosk-1/"


def resident_id(birth: str = "19800101", sequence: str = "001") -> str:
    """A valid 18-digit resident ID number born on ``birth`` (YYYYMMDD)."""
    body = f"110105{birth}{sequence}"
    return body + ric.calc_check_digit(body + "0")  # the function ignores the last character


def activate(client: Client, code: str = "kiosk-1", token: str = "kiosk-token") -> None:
    response = client.get(f"/kiosk/{code}/?token={token}")
    assert response.status_code == 302 and response["Location"] == f"/kiosk/{code}/"


def set_hours(centre: Centre, start: time, end: time) -> None:
    """Keep the one all-day row of ``open_all_day`` but move its start and end (saved: caches refresh)."""
    hours = OpeningHours.objects.get(centre=centre)
    hours.morning_start, hours.afternoon_end = start, end
    hours.save()


def close_today(centre: Centre) -> None:
    adjustment = CalendarAdjustment.objects.get(centre=centre, date=timezone.localdate())
    adjustment.kind = CalendarAdjustmentKind.CLOSED
    adjustment.reason = "测试：停止办公"
    adjustment.save()


def take(client: Client, queue: Queue, **fields: str) -> tuple[int, str]:
    """Open the confirm screen for ``queue`` and submit it; returns (status, page or redirect)."""
    page = client.get(KIOSK, {"queue": queue.pk}).content.decode()
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', page)
    assert key is not None
    data = {"queue": str(queue.pk), "request_key": key.group(1), "green_reason": "", **fields}
    response = client.post(KIOSK, data)
    if response.status_code == 302:
        return 302, response["Location"]
    return response.status_code, response.content.decode()


@pytest.fixture
def kiosk(client: Client, hall: Hall) -> Client:
    activate(client)
    return client


@pytest.fixture
def licence(hall: Hall) -> ItemVersion:
    department = hall.queue_a.departments.get()
    return make_item(department=department, code="370700-SC-0001", name="营业执照办理", keywords="营业执照")


def test_home_shows_departments_queues_waiting_and_numbers_left(
    kiosk: Client, hall: Hall, licence: ItemVersion
) -> None:
    hall.queue_b.daily_quota = 10
    hall.queue_b.save()
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)

    page = kiosk.get(KIOSK).content.decode()

    assert licence.item.department.name in page
    assert "综合受理" in page and "企业开办" in page
    assert "等候 1 人 · 剩余 9 个号" in page
    assert "等候 0 人" in page
    assert hall.centre.name in page


def test_department_item_confirm_take_and_ticket_screen(
    kiosk: Client, hall: Hall, licence: ItemVersion
) -> None:
    department = licence.item.department
    items = kiosk.get(KIOSK, {"department": department.code}).content.decode()
    assert "营业执照办理" in items and f"?item={licence.item_id}" in items

    confirm = kiosk.get(KIOSK, {"item": licence.item_id}).content.decode()
    assert "营业执照办理" in confirm and f'value="{hall.queue_a.pk}"' in confirm
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', confirm)
    assert key is not None
    response = kiosk.post(
        KIOSK,
        {
            "queue": hall.queue_a.pk,
            "item": licence.item_id,
            "request_key": key.group(1),
            "id_number": resident_id(),
            "phone": "13812345678",
            "green_reason": "",
        },
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kiosk/kiosk-1/tickets/{ticket.public_code}/"
    assert ticket.item_id == licence.item_id and ticket.queue == hall.queue_a
    assert ticket.phone_masked == "138****5678"
    assert ticket.id_number_masked == "1101**********" + resident_id()[-4:]
    screen = kiosk.get(response["Location"]).content.decode()
    assert "A001" in screen and "综合受理" in screen and "<svg" in screen
    assert '<p class="slip-item">事项：营业执照办理</p>' in screen
    assert f"/q/{ticket.public_code}/" not in screen  # the URL is in the QR code, drawn as SVG paths
    assert resident_id() not in screen and "13812345678" not in screen
    assert "0 人" in screen and "约 0 分钟" in screen


def test_search_finds_items_by_pinyin_initials(kiosk: Client, licence: ItemVersion) -> None:
    fragment = kiosk.get("/kiosk/kiosk-1/search/", {"q": "yyzz"}).content.decode()
    assert "营业执照办理" in fragment
    assert "没有找到" in kiosk.get("/kiosk/kiosk-1/search/", {"q": "zzzzzz"}).content.decode()
    page = kiosk.get(KIOSK, {"search": "1", "q": "营业"}).content.decode()
    assert "营业执照办理" in page


def test_items_no_queue_serves_are_not_offered(kiosk: Client, hall: Hall) -> None:
    elsewhere = DepartmentFactory(centre=hall.centre, name="未进驻部门")
    unserved = make_item(department=elsewhere, code="370700-XX-0001", name="无人受理的事项")

    assert "未进驻部门" not in kiosk.get(KIOSK).content.decode()
    assert "无人受理的事项" not in kiosk.get("/kiosk/kiosk-1/search/", {"q": "无人受理"}).content.decode()
    assert kiosk.get(KIOSK, {"item": unserved.item_id}).status_code == 302


def test_a_double_tap_takes_one_number(kiosk: Client, hall: Hall) -> None:
    page = kiosk.get(KIOSK, {"queue": hall.queue_a.pk}).content.decode()
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', page)
    assert key is not None
    data = {"queue": hall.queue_a.pk, "request_key": key.group(1), "green_reason": ""}

    first = kiosk.post(KIOSK, data)
    second = kiosk.post(KIOSK, data)

    assert first["Location"] == second["Location"]
    assert Ticket.objects.count() == 1


def test_green_channel_chosen_at_the_kiosk_and_elderly_from_the_id(kiosk: Client, hall: Hall) -> None:
    status, _ = take(kiosk, hall.queue_a, green_reason=GreenChannelReason.PREGNANT)
    assert status == 302
    status, _ = take(kiosk, hall.queue_a, id_number=resident_id(birth="19400101"))
    assert status == 302
    reasons = list(Ticket.objects.order_by("serial").values_list("priority", "green_reason"))
    assert reasons == [(Priority.GREEN, "pregnant"), (Priority.GREEN, "elderly")]


def test_a_local_elder_typed_on_the_keypad_gets_a_green_number(kiosk: Client, hall: Hall) -> None:
    elder = resident_id_number(region="370705", born="19500315")  # 奎文区 was created in 1994
    status, _ = take(kiosk, hall.queue_a, id_number=elder)
    assert status == 302
    ticket = Ticket.objects.get()
    assert (ticket.priority, ticket.green_reason) == (Priority.GREEN, GreenChannelReason.ELDERLY)


def test_elderly_cannot_be_self_declared_without_an_id(kiosk: Client, hall: Hall) -> None:
    status, page = take(kiosk, hall.queue_a, green_reason=GreenChannelReason.ELDERLY)
    assert status == 200 and "绿色通道类别无效" in page
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        ("quota", "今日号已取完。"),
        ("before_hours", "未到取号时间，请于23:59后取号。"),
        ("after_hours", "已停止取号：今天的办公时间已结束。"),
        ("closed_day", "今日本中心不办公（测试：停止办公），暂停取号。"),
    ],
)
def test_refusals_are_shown_and_issue_nothing(kiosk: Client, hall: Hall, arrange: str, message: str) -> None:
    if arrange == "quota":
        hall.queue_a.daily_quota = 1
        hall.queue_a.save()
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    elif arrange == "before_hours":
        set_hours(hall.centre, time(23, 59, 59), time(23, 59, 59))
    elif arrange == "after_hours":
        set_hours(hall.centre, time(0, 0), time(0, 0))
    else:
        close_today(hall.centre)
    before = Ticket.objects.count()

    status, page = take(kiosk, hall.queue_a)

    assert status == 200
    shown = re.search(r'class="kiosk-refusal" role="alert">([^<]*)<', page)
    assert shown is not None and shown.group(1) == message
    assert Ticket.objects.count() == before


def test_hours_are_announced_on_the_home_screen(kiosk: Client, hall: Hall) -> None:
    set_hours(hall.centre, time(23, 59, 59), time(23, 59, 59))
    assert "未到取号时间，请于23:59后取号。" in kiosk.get(KIOSK).content.decode()
    close_today(hall.centre)
    assert "今日本中心不办公（测试：停止办公），暂停取号。" in kiosk.get(KIOSK).content.decode()


def test_sold_out_queue_is_marked_on_the_home_screen(kiosk: Client, hall: Hall) -> None:
    hall.queue_b.daily_quota = 1
    hall.queue_b.save()
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    tiles = kiosk.get("/kiosk/kiosk-1/queues/").content.decode()
    assert re.search(
        r'sold-out[^>]*>\s*<span class="tile-head"><span class="prefix">B</span>企业开办</span>'
        r"\s*<small>今日号已取完",
        tiles,
    )


def test_duplicate_id_and_invalid_id_are_refused(kiosk: Client, hall: Hall) -> None:
    number = resident_id()
    assert take(kiosk, hall.queue_a, id_number=number)[0] == 302

    status, page = take(kiosk, hall.queue_a, id_number=number)
    assert status == 200 and "您在该队列已有一个等候中的号，请勿重复取号。" in page

    status, page = take(kiosk, hall.queue_a, id_number=number[:-1] + ("0" if number[-1] != "0" else "1"))
    assert status == 200 and "居民身份证号码校验码不正确，请核对。" in page

    status, page = take(kiosk, hall.queue_a, phone="05368888888")
    assert status == 200 and "请填写正确的11位手机号码" in page
    assert Ticket.objects.count() == 1


def test_a_stale_form_without_its_key_is_refused(kiosk: Client, hall: Hall) -> None:
    page = kiosk.post(KIOSK, {"queue": hall.queue_a.pk, "green_reason": ""}).content.decode()
    assert "页面已过期，请重新选择。" in page
    assert not Ticket.objects.exists()


def test_card_read_is_handed_to_the_kiosk_page_once(kiosk: Client, hall: Hall) -> None:
    number = resident_id()
    card_read_store(device=hall.kiosk, id_number=number)

    assert kiosk.get("/kiosk/kiosk-1/card-read/").json() == {"id_number": number}
    assert kiosk.get("/kiosk/kiosk-1/card-read/").json() == {"id_number": None}


def test_pages_refuse_unknown_tokens_other_devices_and_strangers(client: Client, hall: Hall) -> None:
    wrong = client.get("/kiosk/kiosk-1/?token=not-a-token")
    assert wrong.status_code == 403 and "设备未授权" in wrong.content.decode()
    assert client.get("/kiosk/kiosk-1/?token=board-token").status_code == 403
    assert client.get(KIOSK).status_code == 403
    assert client.post(KIOSK, {"queue": hall.queue_a.pk}).status_code == 403
    assert client.get("/kiosk/kiosk-1/card-read/").status_code == 403
    assert not Ticket.objects.exists()


def test_a_kiosk_shows_only_its_own_tickets(kiosk: Client, hall: Hall) -> None:
    other = services.ticket_issue(queue=hall.queue_a, issued_by=hall.clerk_1)
    assert kiosk.get(f"/kiosk/kiosk-1/tickets/{other.public_code}/").status_code == 404


def test_a_sold_out_queue_says_so_when_taken(kiosk: Client, hall: Hall) -> None:
    hall.queue_a.daily_quota = 1
    hall.queue_a.save()
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    confirm = kiosk.get(KIOSK, {"queue": hall.queue_a.pk}).content.decode()
    assert "今日号已取完" in confirm
    status, page = take(kiosk, hall.queue_a)
    assert status == 200 and "今日号已取完。" in page


def test_home_screen_queries_do_not_grow_with_queues_and_items(
    kiosk: Client, hall: Hall, django_assert_max_num_queries: Any
) -> None:
    department = hall.queue_a.departments.get()
    for number in range(5):
        make_item(department=department, code=f"370700-Q-{number}", name=f"事项{number}")
        Queue.objects.create(centre=hall.centre, name=f"队列{number}", prefix=f"Q{'ABCDE'[number]}")
    with django_assert_max_num_queries(15):  # session, device and the calendar (cached later) included
        kiosk.get(KIOSK)
    with django_assert_max_num_queries(8):
        kiosk.get("/kiosk/kiosk-1/queues/")


def test_a_closed_centre_says_so_on_every_kiosk_screen(client: Client, hall: Hall) -> None:
    for adjustment in CalendarAdjustment.objects.filter(centre=hall.centre):
        adjustment.kind, adjustment.reason = CalendarAdjustmentKind.CLOSED, "停电"
        adjustment.save()
    client.get(f"/kiosk/kiosk-1/?token={hall.kiosk_token}")
    page = client.get("/kiosk/kiosk-1/").content.decode()
    assert '<p class="kiosk-closed" role="status">今日本中心不办公（停电），暂停取号。</p>' in page


def test_a_closed_day_shows_one_banner_with_its_reason_and_nothing_to_press(
    kiosk: Client, hall: Hall, licence: ItemVersion
) -> None:
    close_today(hall.centre)
    home = kiosk.get(KIOSK).content.decode()
    tiles = kiosk.get("/kiosk/kiosk-1/queues/").content.decode()
    items = kiosk.get(KIOSK, {"department": licence.item.department.code}).content.decode()
    found = kiosk.get("/kiosk/kiosk-1/search/", {"q": "yyzz"}).content.decode()
    confirm = kiosk.get(KIOSK, {"queue": hall.queue_a.pk}).content.decode()

    assert home.count("暂停取号") == 1 and "今日本中心不办公（测试：停止办公），暂停取号。" in home
    for page in (home, tiles, items, found):
        assert re.search(r'class="tile[^"]*" aria-disabled="true"', page)
        assert not re.search(r'class="tile[^"]*" href=', page)
    assert re.search(r'<button type="submit" class="take"[^>]* disabled>', confirm)

    reopened = CalendarAdjustment.objects.get(centre=hall.centre, date=timezone.localdate())
    reopened.kind = CalendarAdjustmentKind.WORKING
    reopened.save()
    assert re.search(r'class="tile queue" href=', kiosk.get("/kiosk/kiosk-1/queues/").content.decode())


def test_a_search_for_another_centres_item_says_where_to_go(kiosk: Client, hall: Hall) -> None:
    other = CentreFactory(name="奎文区政务服务中心", address="潍坊市奎文区民生东街1号")
    make_item(
        department=DepartmentFactory(centre=other, name="奎文区民政局"),
        code="370705-MZ-0001",
        name="最低生活保障审核确认",
        keywords="低保",
    )
    CentreFactory(name="已停用中心", is_active=False)

    found = kiosk.get("/kiosk/kiosk-1/search/", {"q": "低保"}).content.decode()
    page = kiosk.get(KIOSK, {"search": "1", "q": "低保"}).content.decode()

    for shown in (found, page):
        assert "没有找到" not in shown
        assert "本中心不办理与“低保”有关的事项，请前往：" in shown
        assert "<strong>最低生活保障审核确认</strong>（奎文区民政局）" in shown
        assert "奎文区政务服务中心" in shown and "地址：潍坊市奎文区民生东街1号" in shown
    other.is_active = False
    other.save()
    assert "没有找到" in kiosk.get("/kiosk/kiosk-1/search/", {"q": "低保"}).content.decode()
