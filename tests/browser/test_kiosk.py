"""A person takes a number at the kiosk: department → item → take; the ticket with its QR code;
the position page it links to."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govhall.demo.hall import CITY_CODE
from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind, Centre
from govhall.queueing.models import Ticket
from tests.factories import resident_id_number

pytestmark = pytest.mark.browser

LOCAL_ELDER = resident_id_number(region="370705", born="19500315")
"""A 潍坊市奎文区 number: the district (1994) is younger than its holder."""


def test_take_a_number_at_the_kiosk_and_follow_it(page: Page, hall_open_now: None) -> None:
    page.goto("/kiosk/wf-kiosk-1/?token=demo-wf-kiosk-1")
    expect(page).to_have_url(re.compile(r"/kiosk/wf-kiosk-1/$"))
    expect(page.locator("h1")).to_have_text("请选择办理部门")

    page.locator(".tiles.departments .tile", has_text="市场监督管理局").click()
    items = page.locator(".tiles.items .tile")
    expect(items.first).to_be_visible()
    item_name = items.first.inner_text().splitlines()[0].strip()
    items.first.click()

    expect(page.locator("h1")).to_have_text(item_name)
    expect(page.locator(".queue-choice input[type=radio]:checked")).to_have_count(1)
    page.locator("#id_phone").click()
    for digit in "13812345678":
        page.locator(".keypad.digits").get_by_role("button", name=digit, exact=True).click()
    expect(page.locator("#id_phone")).to_have_value("13812345678")
    page.get_by_role("button", name="取号", exact=True).click()

    expect(page.locator("h1")).to_have_text("取号成功，请取走号票")
    ticket = Ticket.objects.select_related("queue").get()
    slip = page.locator("#ticket-slip")
    expect(slip.locator(".slip-number")).to_have_text(ticket.number)
    expect(slip.locator(".slip-queue")).to_contain_text(ticket.queue.name)
    expect(slip.locator(".slip-item")).to_have_text(f"事项：{item_name}")
    expect(slip.locator(".slip-qr svg")).to_be_visible()
    expect(slip).not_to_contain_text("13812345678")

    page.goto(f"/q/{ticket.public_code}/")
    expect(page.locator(".position-number")).to_have_text(ticket.number)
    expect(page.locator(".position-queue")).to_have_text(ticket.queue.name)
    expect(page.locator("[data-ahead]")).to_have_text("0")
    expect(page.locator("body")).not_to_contain_text("138")


def test_search_by_initials_on_the_keypad_and_an_id_card_read(page: Page, hall_open_now: None) -> None:
    page.goto("/kiosk/wf-kiosk-1/?token=demo-wf-kiosk-1")
    page.get_by_role("link", name=re.compile("搜索事项")).click()
    keypad = page.locator(".keypad.letters")
    for letter in "QYSL":
        keypad.get_by_role("button", name=letter, exact=True).click()
    expect(page.locator("#search-q")).to_have_value("qysl")
    result = page.locator("#search-results .tile", has_text="企业设立登记")
    expect(result).to_be_visible()
    result.click()
    expect(page.locator("h1")).to_have_text("企业设立登记")

    response = page.request.post(
        "/api/v1/kiosks/card-reads",
        data={"id_number": LOCAL_ELDER},
        headers={"Authorization": "Device demo-wf-kiosk-1"},
    )
    assert response.status == 201
    expect(page.locator("#id_id_number")).to_have_value(LOCAL_ELDER)
    expect(page.get_by_text("已读取身份证")).to_be_visible()
    page.get_by_role("button", name="取号", exact=True).click()

    expect(page.locator(".slip-queue")).to_contain_text("绿色通道")  # 70+ from the ID number
    assert Ticket.objects.get().green_reason == "elderly"


def test_a_day_off_shows_its_reason_once_and_nothing_can_be_pressed(page: Page, hall_open_now: None) -> None:
    centre = Centre.objects.get(code=CITY_CODE)
    CalendarAdjustment.objects.update_or_create(
        centre=centre,
        date=timezone.localdate(),
        defaults={"kind": CalendarAdjustmentKind.CLOSED, "reason": "系统升级"},
    )

    page.goto("/kiosk/wf-kiosk-1/?token=demo-wf-kiosk-1")

    expect(page.locator(".kiosk-closed")).to_have_text("今日本中心不办公（系统升级），暂停取号。")
    expect(page.get_by_text("暂停取号")).to_have_count(1)
    department = page.locator(".tiles.departments .tile", has_text="市场监督管理局")
    expect(department).to_have_attribute("aria-disabled", "true")
    department.click(force=True)
    expect(page).to_have_url(re.compile(r"/kiosk/wf-kiosk-1/$"))
    expect(page.locator(".tiles.queues a.tile[href]")).to_have_count(0)
