"""A clerk at window 10 signs in, calls a number, serves it, transfers the next, pauses and resumes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from govhall.demo.hall import CITY_CODE
from govhall.org.models import Window
from govhall.queueing import services
from govhall.queueing.models import Device, Queue, Ticket, TicketStatus
from tests.browser.test_staff_home import log_in

pytestmark = pytest.mark.browser


def issue_b() -> Ticket:
    return services.ticket_issue(
        queue=Queue.objects.get(centre__code=CITY_CODE, prefix="B"),
        device=Device.objects.get(code="wf-kiosk-1"),
    )


def test_clerk_calls_serves_transfers_and_pauses(page: Page, hall_open_now: None) -> None:
    log_in(page, "clerk")
    page.locator(".mainnav").get_by_role("link", name="窗口叫号").click()
    expect(page).to_have_url(re.compile(r"/window/$"))
    choices = page.locator("#window-choices")
    expect(choices.locator("tr[data-window='10']")).to_contain_text("空闲")
    expect(choices).not_to_contain_text("综合受理")

    choices.get_by_role("button", name="签到10号窗口").click()

    head = page.locator("#window-head")
    expect(head.get_by_role("heading")).to_contain_text("10号窗口")
    expect(page.locator("#window-status")).to_have_text("服务中")
    expect(page.locator("#current-empty")).to_be_visible()

    first = issue_b()
    page.reload()
    expect(page.locator("#window-waiting tr[data-queue='B'] td.waiting")).to_have_text("1")
    page.get_by_role("button", name=re.compile("叫下一位")).click()
    expect(page.locator("#current-number")).to_have_text(first.number)
    expect(page.get_by_role("status")).to_contain_text(f"已呼叫 {first.number}")
    expect(page.locator("#current-ticket")).to_contain_text("按等候时间")

    page.keyboard.press("F2")
    expect(page.get_by_role("status")).to_contain_text(f"已重呼 {first.number}，还可重呼1次")
    page.get_by_role("button", name=re.compile("开始办理")).click()
    expect(page.locator("#current-status")).to_have_text("办理中")
    page.get_by_role("button", name=re.compile("^办结")).click()
    expect(page.get_by_role("status")).to_contain_text(f"{first.number} 已办结")
    expect(page.locator("#served-count")).to_have_text("1")
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.DONE

    second = issue_b()
    page.get_by_role("button", name=re.compile("叫下一位")).click()
    expect(page.locator("#current-number")).to_have_text(second.number)
    page.locator("summary", has_text="转移").click()
    window_11 = Window.objects.get(centre__code=CITY_CODE, number="11")
    page.get_by_label("转往").select_option(label=f"11号窗口 {window_11.name}")
    page.get_by_role("button", name="转移", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("转移时请填写说明，告知下一个窗口需要办理什么。")
    page.locator("summary", has_text="转移").click()
    page.get_by_label("转往").select_option(label=f"11号窗口 {window_11.name}")
    page.get_by_label(re.compile("转移说明")).fill("补交股东会决议后办理")
    page.get_by_role("button", name="转移", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"{second.number} 已转往11号窗口")
    expect(page.locator("#current-empty")).to_be_visible()
    moved = Ticket.objects.get(pk=second.pk)
    assert moved.target_window == window_11 and moved.status == TicketStatus.WAITING

    page.get_by_label("暂停原因").select_option(label="系统故障")
    page.get_by_placeholder(re.compile("补充说明")).fill("读卡器无响应")
    page.get_by_role("button", name="暂停服务").click()
    expect(page.locator("#window-status")).to_have_text("暂停服务")
    expect(page.locator("#window-head")).to_contain_text("系统故障：读卡器无响应")
    expect(page.get_by_role("button", name=re.compile("叫下一位"))).to_be_disabled()
    page.get_by_role("button", name="恢复服务").click()
    expect(page.locator("#window-status")).to_have_text("服务中")
    expect(page.get_by_role("button", name=re.compile("叫下一位"))).to_be_enabled()
