"""The whole hall queue as people live it, in five browsers: a citizen takes a number at the
kiosk, the hall board calls it, the clerk serves it at window 10, the citizen rates the
service on the window's pad, and the duty chief finds it in the statistics.

PostgreSQL only, like the board test: the board's stream and the pad's polling read the
database from server threads while the other browsers write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from govhall.feedback.models import Rating, RatingChannel, RatingLevel
from govhall.queueing.models import Ticket, TicketStatus
from govhall.queueing.views import display as display_views

from .test_staff_home import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def contexts(chromium: Browser, live_server: LiveServer) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


@pytest.fixture
def open_page(
    contexts: list[BrowserContext], chromium: Browser, live_server: LiveServer
) -> Callable[[str], Page]:
    """A page in a browser of its own (its own cookies), as each device and person has."""

    def open_(url: str) -> Page:
        context = chromium.new_context(base_url=live_server.url, locale="zh-CN")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    return open_


def test_number_taken_called_served_rated_and_counted(
    open_page,
    hall_open_now: None,
    postgres_only: None,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(display_views, "STREAM_SECONDS", 3.0)

    board = open_page("/display/wf-board-1f/?token=demo-wf-board-1f")
    board.get_by_role("button", name="点击开启语音播报").click()
    pad = open_page("/pad/wf-pad-10/?token=demo-wf-pad-10")

    clerk = open_page("/accounts/login/")
    log_in(clerk, "clerk")
    clerk.locator(".mainnav").get_by_role("link", name="窗口叫号").click()
    clerk.locator("#window-choices").get_by_role("button", name="签到10号窗口").click()
    expect(clerk.locator("#window-status")).to_have_text("服务中")
    expect(pad.locator("#clerk-name")).to_have_text("李静", timeout=10_000)

    kiosk = open_page("/kiosk/wf-kiosk-1/?token=demo-wf-kiosk-1")
    kiosk.locator(".tiles.departments .tile", has_text="市场监督管理局").click()
    kiosk.locator(".tiles.items .tile", has_text="企业设立登记").first.click()
    kiosk.get_by_role("button", name="取号", exact=True).click()
    expect(kiosk.locator("h1")).to_have_text("取号成功，请取走号票")
    number = kiosk.locator("#ticket-slip .slip-number").inner_text().strip()
    assert re.fullmatch(r"B\d{3}", number)

    expect(board.locator('#queues [data-queue="B"]')).to_contain_text("1", timeout=20_000)
    clerk.reload()
    clerk.get_by_role("button", name=re.compile("叫下一位")).click()
    expect(clerk.locator("#current-number")).to_have_text(number)

    expect(board.locator("#latest-call")).to_have_text(f"请 {number} 号到 10 号窗口办理", timeout=5_000)
    expect(board.locator('#windows [data-window="10"]')).to_contain_text(number)

    clerk.get_by_role("button", name=re.compile("开始办理")).click()
    expect(clerk.locator("#current-status")).to_have_text("办理中")
    clerk.get_by_role("button", name=re.compile("^办结")).click()
    expect(clerk.get_by_role("status")).to_contain_text(f"{number} 已办结")

    expect(pad.locator("#pad-rate-ticket")).to_have_text(f"号码 {number}", timeout=10_000)
    pad.get_by_role("button", name="非常满意", exact=True).click()
    expect(pad.locator("#pad-done-text")).to_have_text("感谢您的评价！")

    ticket = Ticket.objects.get(number=number)
    assert ticket.status == TicketStatus.DONE
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.level, rating.channel, rating.clerk.name) == (
        RatingLevel.VERY_SATISFIED,
        RatingChannel.HALL_TABLET,
        "李静",
    )

    duty = open_page("/accounts/login/")
    log_in(duty, "duty")
    duty.locator(".mainnav").get_by_role("link", name="排队统计").click()
    expect(duty.locator('[data-figure="issued"]')).to_have_text("1")
    expect(duty.locator('[data-figure="served"]')).to_have_text("1")
    expect(duty.locator('#figures tr[data-group="B 企业开办"]')).to_contain_text("1.00（非常满意）")

    board.goto("about:blank")
    pad.goto("about:blank")
    board.wait_for_timeout(4_000)
