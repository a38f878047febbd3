"""The hall board shows a call as it happens; the window's pad asks the person to rate the service.

Runs on PostgreSQL only: the board's live stream and the pad's polling query the database from
server threads while the test does, which SQLite's shared in-memory test database cannot take
(a real SQLite hall uses a WAL file with a connection per thread and is not affected).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from govhall.demo.hall import CITY_CODE
from govhall.feedback.models import Rating, RatingChannel, RatingLevel
from govhall.org.models import StaffProfile, Window
from govhall.queueing import services
from govhall.queueing.models import Device, Queue, Ticket
from govhall.queueing.views import display as display_views
from govhall.queueing.voice import call_phrase

pytestmark = pytest.mark.browser

STREAM_SECONDS = 2.0
# Headless Chromium has no voices: record what the board would say instead.
SPEECH_RECORDER = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {
  value: {
    speak(utterance) {
      const volume = Math.round(utterance.volume * 100);
      if (utterance.text) window.__spoken.push([utterance.text, utterance.lang, volume]);
      setTimeout(() => utterance.onend && utterance.onend(), 10);
    },
    cancel() {},
    getVoices() { return []; },
  },
});
"""


@pytest.fixture
def short_streams(page: Page, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Board streams end every 2 s, so the board reconnects (and resumes) during the test.

    Afterwards the browser closes and the server's streams are given the time to end, so none
    still holds a database connection when the test database is flushed or dropped.
    """
    monkeypatch.setattr(display_views, "STREAM_SECONDS", STREAM_SECONDS)
    yield
    page.context.close()
    time.sleep(STREAM_SECONDS + 1)


def _take_number() -> Ticket:
    queue = Queue.objects.get(centre__code=CITY_CODE, prefix="B")
    return services.ticket_issue(queue=queue, device=Device.objects.get(code="wf-kiosk-1"))


def _serve_one(clerk: User) -> Ticket:
    """A person takes a B number at the kiosk and window 10 calls it."""
    _take_number()
    ticket = services.ticket_call_next(user=clerk)
    assert ticket is not None
    return ticket


def test_a_call_appears_on_the_board_and_the_pad_takes_the_rating(
    page: Page, hall_open_now: None, postgres_only: None, short_streams: None
) -> None:
    clerk = User.objects.get(username="clerk")
    window = Window.objects.get(centre__code=CITY_CODE, number="10")
    services.window_sign_in(window=window, user=clerk)

    page.add_init_script(SPEECH_RECORDER)
    page.goto("/display/wf-board-1f/?token=demo-wf-board-1f")
    unlock = page.get_by_role("button", name="点击开启语音播报")
    expect(unlock).to_be_visible()
    unlock.click()
    expect(unlock).to_be_hidden()
    tile = page.locator('#windows [data-window="10"]')
    expect(tile).to_contain_text("空闲")
    waiting = page.locator('#queues [data-queue="B"] .count')
    expect(waiting).to_have_text("0")

    _take_number()
    expect(waiting).to_have_text("1")
    ticket = services.ticket_call_next(user=clerk)
    assert ticket is not None

    expect(page.locator("#latest-call")).to_have_text(f"请 {ticket.number} 号到 10 号窗口办理", timeout=5000)
    expect(tile).to_contain_text(ticket.number)
    expect(waiting).to_have_text("0")
    page.wait_for_function("window.__spoken.length >= 2")
    phrase = call_phrase(number=ticket.number, window_number="10")
    assert page.evaluate("window.__spoken") == [[phrase, "zh-CN", 80], [phrase, "zh-CN", 80]]
    body = page.locator("body")
    expect(body).not_to_contain_text(StaffProfile.objects.get(user=clerk).name)

    pad = page.context.new_page()
    pad.goto("/pad/wf-pad-10/?token=demo-wf-pad-10")
    expect(pad.locator("#pad-status")).to_have_text("欢迎")
    expect(pad.locator("#clerk-name")).to_have_text(StaffProfile.objects.get(user=clerk).name)

    services.ticket_finish(ticket=ticket, user=clerk)

    expect(pad.locator("#pad-rate-ticket")).to_have_text(f"号码 {ticket.number}", timeout=5000)
    pad.get_by_role("button", name="满意", exact=True).click()
    expect(pad.locator("#pad-done")).to_be_visible()
    expect(pad.locator("#pad-done-text")).to_have_text("感谢您的评价！")
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.level, rating.channel, rating.window_id) == (
        RatingLevel.SATISFIED,
        RatingChannel.HALL_TABLET,
        window.pk,
    )
    expect(pad.locator("#pad-idle")).to_be_visible(timeout=8000)
    expect(tile).to_contain_text("空闲")

    second = _serve_one(clerk)
    expect(page.locator("#latest-call")).to_contain_text(second.number, timeout=5000)
    services.ticket_finish(ticket=second, user=clerk)

    expect(pad.locator("#pad-rate-ticket")).to_have_text(f"号码 {second.number}", timeout=5000)
    pad.get_by_role("button", name="不满意", exact=True).click()
    pad.get_by_role("button", name="提交评价").click()
    expect(pad.locator("#pad-message")).to_have_text("请选择不满意的原因。")
    assert not Rating.objects.filter(ticket=second).exists()
    pad.get_by_label("等候时间长").check()
    pad.get_by_label("意见或建议（选填）").fill("等了很久")
    pad.get_by_role("button", name="提交评价").click()
    expect(pad.locator("#pad-done")).to_be_visible()
    expect(pad.locator("#pad-done-text")).to_have_text("感谢您的评价！")
    bad = Rating.objects.get(ticket=second)
    assert (bad.level, bad.reasons, bad.comment) == (RatingLevel.DISSATISFIED, ["long_wait"], "等了很久")


def _overlap(first: dict[str, float], second: dict[str, float]) -> bool:
    """Whether two boxes (Playwright's bounding boxes) share any area."""
    return (
        first["x"] < second["x"] + second["width"]
        and second["x"] < first["x"] + first["width"]
        and first["y"] < second["y"] + second["height"]
        and second["y"] < first["y"] + first["height"]
    )


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


@pytest.mark.parametrize(("width", "height"), [(1920, 540), (1280, 400), (1920, 1080)])
def test_the_window_screen_never_prints_the_window_over_the_current_number(
    page: Page, hall_open_now: None, width: int, height: int
) -> None:
    """Bar-shaped window screens (1920×540, 1280×400) keep the window's name clear of the current
    number's box, and every line of the screen on it, as the usual 16:9 one does."""
    clerk = User.objects.get(username="clerk")
    services.window_sign_in(window=Window.objects.get(centre__code=CITY_CODE, number="10"), user=clerk)
    ticket = _serve_one(clerk)
    page.route("**/stream/**", lambda route: route.abort())
    page.set_viewport_size({"width": width, "height": height})

    page.goto("/display/wf-screen-10/?token=demo-wf-screen-10")
    expect(page.locator("#screen-ticket")).to_have_text(ticket.number)

    viewport = {"x": 0, "y": 0, "width": width, "height": height}
    boxes = {
        name: page.locator(selector).bounding_box()
        for name, selector in {
            "window": ".screen-window",
            "name": "#screen-window-name",
            "now": ".screen-now",
            "title": "#screen-now-title",
            "ticket": "#screen-ticket",
            "foot": ".screen-foot",
        }.items()
    }
    found = {name: box for name, box in boxes.items() if box is not None}
    assert found.keys() == boxes.keys()
    assert not _overlap(found["name"], found["now"]) and not _overlap(found["name"], found["title"])
    assert not _overlap(found["window"], found["now"])
    assert not _overlap(found["now"], found["foot"])
    assert _inside(found["title"], found["now"]) and _inside(found["ticket"], found["now"])
    assert all(_inside(box, viewport) for box in found.values())
