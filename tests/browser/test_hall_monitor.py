"""The duty chief watches the hall, sees a served ticket in the statistics and looks up why it was called."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from govhall.demo.hall import CITY_CODE
from govhall.org.models import Window
from govhall.queueing import services
from govhall.queueing.models import Device, Queue

from .test_staff_home import log_in

pytestmark = pytest.mark.browser


def test_duty_chief_monitors_counts_and_explains_a_call(page: Page, hall_open_now: None) -> None:
    log_in(page, "duty")

    page.locator(".mainnav").get_by_role("link", name="大厅监控").click()

    expect(page).to_have_url(re.compile(r"/hall/monitor/$"))
    expect(page.locator("h1")).to_contain_text("大厅监控")
    expect(page.locator('#windows tr[data-window="10"]')).to_contain_text("未签到")
    expect(page.locator('#queues tr[data-queue="B"]')).to_contain_text("企业开办")

    clerk = User.objects.get(username="clerk")
    services.window_sign_in(window=Window.objects.get(centre__code=CITY_CODE, number="10"), user=clerk)
    ticket = services.ticket_issue(
        queue=Queue.objects.get(centre__code=CITY_CODE, prefix="B"),
        device=Device.objects.get(code="wf-kiosk-1"),
    )
    called = services.ticket_call_next(user=clerk)
    assert called is not None and called.pk == ticket.pk

    window_row = page.locator('#windows tr[data-window="10"]')
    expect(window_row).to_contain_text("服务中", timeout=15_000)
    expect(window_row).to_contain_text(ticket.number)

    services.ticket_start(ticket=called, user=clerk)
    services.ticket_finish(ticket=called, user=clerk)

    page.locator(".mainnav").get_by_role("link", name="排队统计").click()
    expect(page).to_have_url(re.compile(r"/hall/statistics/"))
    expect(page.locator('[data-figure="issued"]')).to_have_text("1")
    expect(page.locator('[data-figure="served"]')).to_have_text("1")
    expect(page.locator('#figures tr[data-group="B 企业开办"]')).to_be_visible()
    expect(page.locator("#chart-hours svg")).to_be_visible()

    page.locator(".mainnav").get_by_role("link", name="叫号记录查询").click()
    page.get_by_label("排队号").fill(ticket.number.lower())
    page.get_by_role("button", name="查询").click()

    expect(page.locator("h1")).to_contain_text(f"{ticket.number} 号")
    called_row = page.locator('#history tr[data-action="called"]')
    expect(called_row).to_contain_text("按等候时间（权重2）先后")
    expect(called_row).to_contain_text("等候时间最长")
    expect(called_row).to_contain_text("当时同队列还有 0 个号在等候")
    expect(page.locator('#history tr[data-action="finished"]')).to_be_visible()
