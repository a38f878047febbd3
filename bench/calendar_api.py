"""Benchmark: the public working-day API on a centre with inherited adjustments.

Prints {"endpoint": …, "clients": 16, "requests": N, "rps": …, "p50_ms": …, "p95_ms": …} last.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import bench_server, run_load

CLIENTS = 16
REQUESTS_PER_CLIENT = 200

BUILD = """
from datetime import date, timedelta
from govhall.org.models import CalendarAdjustment, Centre
city = Centre.objects.create(name="基准市政务服务中心", code="BENCH-CITY", level="city")
district = Centre.objects.create(name="基准区政务服务中心", code="BENCH-DIST", level="county", parent=city)
CalendarAdjustment.objects.bulk_create(
    CalendarAdjustment(
        centre=city, date=date(2026, 1, 5) + timedelta(weeks=week), kind="closed", reason="台风"
    )
    for week in range(100)
)
"""


def main() -> None:
    rng = random.Random(7)
    with bench_server() as server:
        server.python(BUILD)
        paths = [
            f"/api/v1/calendar/add-working-days?start=2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"&days={rng.randint(1, 60)}&centre=BENCH-DIST"
            for _ in range(500)
        ]
        run_load(server.url, clients=4, requests_per_client=20, path_for=lambda c, i: paths[i])
        result = run_load(
            server.url,
            clients=CLIENTS,
            requests_per_client=REQUESTS_PER_CLIENT,
            path_for=lambda client, index: paths[(client * REQUESTS_PER_CLIENT + index) % len(paths)],
        )
    print(json.dumps({"endpoint": "calendar/add-working-days", "clients": CLIENTS, **result.summary()}))


if __name__ == "__main__":
    main()
