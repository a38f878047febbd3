"""Real-browser tests: Playwright's sync API driving Debian's Chromium against the live server.

One browser per session, a fresh context (cookies, storage) per test, the demo hall as data.
Playwright's sync API runs an event loop in this thread, so Django's async-safety check is
relaxed for the ORM calls the tests make.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govhall.demo.hall import DemoSummary, build_demo_hall

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_hall(transactional_db: None) -> DemoSummary:
    return build_demo_hall()


@pytest.fixture
def page(chromium: Browser, live_server: LiveServer, demo_hall: DemoSummary) -> Iterator[Page]:
    """A new browser context on the live server, asking for Chinese like a browser in China."""
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def hall_open_now(demo_hall: DemoSummary) -> None:
    """The demo city centre open all day today, whatever day and hour the suite runs."""
    from govhall.demo.hall import CITY_CODE
    from govhall.org.models import Centre
    from tests.queueing.conftest import open_all_day

    open_all_day(Centre.objects.get(code=CITY_CODE))
