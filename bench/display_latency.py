"""Benchmark: how fast a call reaches the hall boards, with 20 boards open in a real browser.

Runs gunicorn on PostgreSQL with the demo hall (``govhall demo``), opens the city centre all day
today, signs the demo clerk in to window 10 (with an API token) and adds 20 hall boards with known
tokens. One headless Chromium (Debian's /usr/bin/chromium, through Playwright) opens the 20 boards,
each in its own browser context as on its own machine; a MutationObserver in each page stores
``Date.now()`` when a ticket number first shows as the latest call.

Then ``CALLS`` times: a kiosk takes a B number (``POST /api/v1/tickets``), window 10 calls it
(``POST /api/v1/windows/{id}/call-next``, clerk token) and the wall-clock time the call-next response
arrived is recorded; once every board shows the number the window finishes it
(``POST /api/v1/tickets/{id}/finish``) and waits a random 0.2–1.5 s, so calls land at every point
of the boards' poll cycle and across their stream reconnections. Latency per board and call = time
shown − time of the call-next response (same machine, same clock; it can be slightly negative when
a board shows the number before the HTTP response reached this script).

Prints {"boards": 20, "p50_ms": …, "p95_ms": …, …} last.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import bench_server

BOARDS = 20
CALLS = 30
SHOW_TIMEOUT_S = 10.0
CHROMIUM = "/usr/bin/chromium"
BOARD_TOKEN = "bench-board-{}"
KIOSK_TOKEN = "demo-wf-kiosk-1"
# Each board is a foreground full-screen browser in the hall: keep Chromium from throttling the
# pages it considers in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--disable-background-networking",
    "--no-first-run",
]
# 20 board streams hold a server thread each; the rest serve snapshots and the API.
WORKERS = 2
THREADS = 32

SETUP = """
import json
from datetime import time
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.authtoken.models import Token
from govhall.demo.hall import CITY_CODE
from govhall.org.models import CalendarAdjustment, Centre, OpeningHours, Window
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue
from govhall.queueing.services import window_sign_in

BOARDS = %(boards)d
BOARD_TOKEN = %(board_token)r

centre = Centre.objects.get(code=CITY_CODE)
OpeningHours.objects.filter(centre=centre).delete()
OpeningHours.objects.create(
    centre=centre, name="全天", from_month=1, from_day=1, morning_start=time(0, 0),
    morning_end=time(12, 0), afternoon_start=time(12, 0), afternoon_end=time(23, 59, 59),
)
CalendarAdjustment.objects.update_or_create(
    centre=centre, date=timezone.localdate(), defaults={"kind": "working", "reason": "基准测试：今日上班"}
)
for number in range(BOARDS):
    Device.objects.create(
        centre=centre, kind=DeviceKind.HALL_BOARD, code=f"bench-board-{number}", name=f"基准综合屏{number}",
        token_hash=token_hash(BOARD_TOKEN.format(number)),
    )
clerk = User.objects.get(username="clerk")
window = Window.objects.get(centre=centre, number="10")
window_sign_in(window=window, user=clerk)
print(json.dumps({
    "window": window.pk,
    "clerk_token": Token.objects.get_or_create(user=clerk)[0].key,
    "queue": Queue.objects.get(centre=centre, prefix="B").pk,
}))
"""

# Records when each ticket number first shows as the board's latest call.
OBSERVER = """
window.__shownAt = {};
const record = () => {
  const latest = document.getElementById("latest-call");
  const match = latest && /[A-Z]{1,2}\\d{3}/.exec(latest.textContent);
  if (match && !(match[0] in window.__shownAt)) window.__shownAt[match[0]] = Date.now();
};
new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
"""


class Api:
    """The kiosk's and the clerk's requests (a new connection each: gunicorn drops idle ones after 2 s)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port

    def post(self, path: str, authorization: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(
                "POST",
                path,
                body=json.dumps(body or {}),
                headers={"Authorization": authorization, "Content-Type": "application/json", **headers},
            )
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        if response.status not in (200, 201):
            raise RuntimeError(f"POST {path} answered {response.status}: {data.decode(errors='replace')}")
        return json.loads(data)


def wait_until_shown(pages: list[Any], number: str, timeout: float) -> dict[int, float]:
    """When each page first showed ``number`` (epoch ms, from the page), for those that did."""
    deadline = time.monotonic() + timeout
    shown: dict[int, float] = {}
    while len(shown) < len(pages) and time.monotonic() < deadline:
        for index, page in enumerate(pages):
            if index not in shown:
                at = page.evaluate("(number) => window.__shownAt[number] ?? null", number)
                if at is not None:
                    shown[index] = at
        time.sleep(0.05)
    return shown


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, round(len(ordered) * share) - 1)]


def main() -> None:
    from playwright.sync_api import sync_playwright

    rng = random.Random(5)
    with bench_server(workers=WORKERS, threads=THREADS) as server:
        server.manage("demo")
        setup = json.loads(
            server.python(SETUP % {"boards": BOARDS, "board_token": BOARD_TOKEN}).strip().splitlines()[-1]
        )
        api = Api(server.url)
        kiosk = f"Device {KIOSK_TOKEN}"
        clerk = f"Token {setup['clerk_token']}"
        latencies: list[float] = []
        per_board: list[list[float]] = [[] for _ in range(BOARDS)]
        missed = 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            pages = []
            for number in range(BOARDS):
                context = browser.new_context(
                    base_url=server.url, locale="zh-CN", viewport={"width": 1920, "height": 1080}
                )
                page = context.new_page()
                page.add_init_script(OBSERVER)
                page.goto(f"/display/bench-board-{number}/?token={BOARD_TOKEN.format(number)}")
                page.locator('#windows [data-window="10"]').wait_for()
                pages.append(page)
            # A first call, not counted, shows every board is following the feed.
            for counted in [False] + [True] * CALLS:
                api.post(
                    "/api/v1/tickets",
                    kiosk,
                    {"queue": setup["queue"]},
                    **{"Idempotency-Key": uuid.uuid4().hex},
                )
                ticket = api.post(f"/api/v1/windows/{setup['window']}/call-next", clerk)
                called_at = time.time() * 1000
                shown = wait_until_shown(pages, ticket["number"], SHOW_TIMEOUT_S if counted else 60.0)
                if counted:
                    missed += BOARDS - len(shown)
                    for index, at in shown.items():
                        latencies.append(at - called_at)
                        per_board[index].append(at - called_at)
                elif len(shown) < BOARDS:
                    raise RuntimeError(f"only {len(shown)} of {BOARDS} boards showed the first call")
                print(f"{ticket['number']}: {len(shown)} boards", file=sys.stderr)
                api.post(f"/api/v1/tickets/{ticket['id']}/finish", clerk)
                time.sleep(rng.uniform(0.2, 1.5))
            browser.close()
    ordered = sorted(latencies)
    print(
        json.dumps(
            {
                "boards": BOARDS,
                "calls": CALLS,
                "samples": len(ordered),
                "missed": missed,
                "p50_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(percentile(ordered, 0.95), 1),
                "max_ms": round(ordered[-1], 1),
                "min_ms": round(ordered[0], 1),
                "worst_board_p95_ms": round(max(percentile(sorted(board), 0.95) for board in per_board), 1),
                "server": f"gunicorn gthread {WORKERS}x{THREADS}, PostgreSQL",
            }
        )
    )


if __name__ == "__main__":
    main()
