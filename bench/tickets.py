"""Benchmark: kiosks taking numbers and windows calling them, behind gunicorn on PostgreSQL.

Builds a centre open all day today with 6 queues (A–F, no quotas), 12 windows serving two or
three queues each with weights, a signed-in clerk with an API token per window and 32 kiosks with
known device tokens. Then:

1. issue: 32 kiosk clients ``POST /api/v1/tickets`` (each request its own ``Idempotency-Key``)
   for ``--seconds``; a sample of keys is then sent again and must return the same tickets;
2. call: the 12 windows ``call-next`` and ``finish`` until every window gets 204 (nobody waits);
3. verify in PostgreSQL: every acknowledged ticket exists, was called exactly once and is done,
   no window was handed a ticket another window had, no (queue, day, serial) twice;
4. ceiling: the statements ``services.ticket_issue`` runs for a kiosk ticket (idempotency check,
   then counter upsert, people-ahead count, open-window count and the ticket, event-stream,
   ticket-event and hall-event inserts in one transaction), sent with psycopg from 32 threads for as long.

Prints {"issued": N, "issue_rps": …, "issue_p95_ms": …, "call_rps": …, "call_p95_ms": …,
"raw_sql_tps": …, "ratio": …, "duplicates": 0, "lost": 0, …} last.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import secrets
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import bench_server

QUEUE_PREFIXES = "ABCDEF"
WINDOWS = 12
KIOSKS = 32
ISSUE_CLIENTS = 32
REPLAYS = 64
KIOSK_TOKEN = "bench-kiosk-{}"
# The API's request field naming the queue (govhall.queueing.api.kiosk.TicketIssueInput).
QUEUE_FIELD = "queue"

BUILD = """
import json
from datetime import time
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token
from govhall.core.models import NumberSeries
from govhall.org.models import CalendarAdjustment, Centre, Department, OpeningHours, StaffProfile, Window
from govhall.org.roles import Role, group_for
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue, WindowQueue
from govhall.queueing.services import TICKET_SERIES

PREFIXES = %(prefixes)r
WINDOWS = %(windows)d
KIOSKS = %(kiosks)d
KIOSK_TOKEN = %(kiosk_token)r

with transaction.atomic():
    centre = Centre.objects.create(name="基准市政务服务中心", code="BENCH", level="city")
    OpeningHours.objects.create(
        centre=centre, name="全天", from_month=1, from_day=1, morning_start=time(0, 0),
        morning_end=time(12, 0), afternoon_start=time(12, 0), afternoon_end=time(23, 59, 59),
    )
    CalendarAdjustment.objects.create(
        centre=centre, date=timezone.localdate(), kind="working", reason="基准测试：今日上班"
    )
    department = Department.objects.create(centre=centre, code="ZHSL", name="综合受理")
    queues = [
        Queue.objects.create(centre=centre, name=f"基准业务{prefix}", prefix=prefix, sort_order=number)
        for number, prefix in enumerate(PREFIXES)
    ]
    clerks = group_for(Role.WINDOW_CLERK)
    windows = []
    for number in range(1, WINDOWS + 1):
        window = Window.objects.create(
            centre=centre, number=str(number), name=f"{number}号综合窗口", kind="comprehensive"
        )
        links = {(number - 1) %% len(queues): 3, number %% len(queues): 1}
        if number %% 3 == 1:
            links[(number + 2) %% len(queues)] = 2
        for index, weight in links.items():
            WindowQueue.objects.create(window=window, queue=queues[index], weight=weight)
        user = User.objects.create_user(username=f"bench-clerk-{number}")
        user.groups.add(clerks)
        StaffProfile.objects.create(
            user=user, name=f"窗口员{number}", staff_number=f"BENCH{number:03d}", centre=centre,
            department=department,
        )
        windows.append({"id": window.pk, "token": Token.objects.create(user=user).key})
    kiosks = Device.objects.bulk_create(
        Device(
            centre=centre, kind=DeviceKind.KIOSK, code=f"bench-kiosk-{number}", name=f"{number}号取号机",
            token_hash=token_hash(KIOSK_TOKEN.format(number)),
        )
        for number in range(KIOSKS)
    )
print(json.dumps({
    "centre": centre.pk,
    "queues": [queue.pk for queue in queues],
    "prefixes": {queue.pk: queue.prefix for queue in queues},
    "windows": windows,
    "kiosks": [kiosk.pk for kiosk in kiosks],
    "series": NumberSeries.objects.get(code=TICKET_SERIES).pk,
    "time_zone": settings.TIME_ZONE,
}))
"""

# Statements per operation once caches are warm (the first issue of a process also reads the
# opening hours, the number series and the recent service times): services.ticket_issue alone,
# and whole API requests through Django's test client (authentication and response included).
QUERY_COUNTS = """
import json
import uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from govhall.queueing.models import Device, Queue
from govhall.queueing.services import ticket_issue


def statements(operation):
    with CaptureQueriesContext(connection) as captured:
        result = operation()
    verbs = [query["sql"].split()[0] for query in captured.captured_queries]
    return result, sum(1 for verb in verbs if verb in {"SELECT", "INSERT", "UPDATE", "DELETE"})


queue = Queue.objects.select_related("centre").get(pk=%(queue)d)
device = Device.objects.get(pk=%(device)d)
ticket_issue(queue=queue, device=device, idempotency_key="bench-warm")
_, service = statements(lambda: ticket_issue(queue=queue, device=device, idempotency_key="bench-count"))
kiosk = Client(HTTP_AUTHORIZATION="Device %(kiosk_token)s", HTTP_HOST="127.0.0.1")
clerk = Client(HTTP_AUTHORIZATION="Token %(clerk_token)s", HTTP_HOST="127.0.0.1")


def issue():
    return kiosk.post(
        "/api/v1/tickets", {"queue": queue.pk}, content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )


issue()
response, issue_request = statements(issue)
assert response.status_code == 201, response.content
response, call_request = statements(lambda: clerk.post("/api/v1/windows/%(window)d/call-next"))
assert response.status_code == 200, response.content
ticket = response.json()["id"]
response, finish_request = statements(lambda: clerk.post(f"/api/v1/tickets/{ticket}/finish"))
assert response.status_code == 200, response.content
print(json.dumps({
    "ticket_issue": service, "issue_request": issue_request, "call_next_request": call_request,
    "finish_request": finish_request,
}))
"""


@dataclass
class Reply:
    status: int
    body: Any
    ms: float


class ApiClient:
    """One keep-alive connection to the server, sending JSON POSTs with a fixed Authorization."""

    def __init__(self, url: str, authorization: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.authorization = authorization

    def post(
        self, path: str, payload: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        body = json.dumps(payload or {}).encode()
        started = time.perf_counter()
        self.connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Authorization": self.authorization,
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        response = self.connection.getresponse()
        raw = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return Reply(response.status, json.loads(raw) if raw else None, elapsed)

    def close(self) -> None:
        self.connection.close()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (0.0 when there are none)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return round(ordered[max(0, math.ceil(len(ordered) * share) - 1)], 2)


def run_threads(count: int, work: Callable[[int], None]) -> float:
    """Start ``count`` threads running ``work(number)`` together; the seconds until all are done."""
    barrier = threading.Barrier(count + 1)

    def run(number: int) -> None:
        barrier.wait()
        work(number)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


# --- 1. issuing --------------------------------------------------------------------------------


@dataclass
class Issued:
    kiosk: int
    queue: int
    key: str
    status: int
    ms: float
    ticket_id: int | None


def issue_phase(url: str, queue_ids: list[int], seconds: float) -> tuple[list[Issued], float]:
    records: list[Issued] = []
    lock = threading.Lock()

    def kiosk(number: int) -> None:
        rng = random.Random(number)
        client = ApiClient(url, f"Device {KIOSK_TOKEN.format(number)}")
        own: list[Issued] = []
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            key, queue = uuid.uuid4().hex, rng.choice(queue_ids)
            reply = client.post("/api/v1/tickets", {QUEUE_FIELD: queue}, {"Idempotency-Key": key})
            ticket_id = reply.body["id"] if reply.status == 201 else None
            own.append(Issued(number, queue, key, reply.status, reply.ms, ticket_id))
        client.close()
        with lock:
            records.extend(own)

    elapsed = run_threads(ISSUE_CLIENTS, kiosk)
    return records, elapsed


def replay_mismatches(url: str, records: list[Issued]) -> int:
    """Send a sample of keys again: each must come back with the ticket the first request got."""
    sample = random.Random(3).sample([record for record in records if record.status == 201], REPLAYS)
    mismatches = 0
    for record in sample:
        client = ApiClient(url, f"Device {KIOSK_TOKEN.format(record.kiosk)}")
        reply = client.post("/api/v1/tickets", {QUEUE_FIELD: record.queue}, {"Idempotency-Key": record.key})
        client.close()
        if reply.status not in (200, 201) or reply.body["id"] != record.ticket_id:
            mismatches += 1
    return mismatches


# --- 2. calling --------------------------------------------------------------------------------


@dataclass
class WindowRun:
    called: list[int] = field(default_factory=list)
    call_ms: list[float] = field(default_factory=list)
    finish_ms: list[float] = field(default_factory=list)
    failures: Counter[int] = field(default_factory=Counter)


MAX_FAILURES_PER_WINDOW = 20


def sign_in_windows(url: str, windows: list[dict[str, Any]]) -> None:
    for window in windows:
        client = ApiClient(url, f"Token {window['token']}")
        reply = client.post(f"/api/v1/windows/{window['id']}/sign-in")
        client.close()
        if reply.status not in (200, 201):
            raise RuntimeError(f"sign-in to window {window['id']} answered {reply.status}: {reply.body}")


def call_phase(url: str, windows: list[dict[str, Any]]) -> tuple[list[WindowRun], float]:
    runs = [WindowRun() for _ in windows]

    def window_client(number: int) -> None:
        window, run = windows[number], runs[number]
        client = ApiClient(url, f"Token {window['token']}")
        while sum(run.failures.values()) < MAX_FAILURES_PER_WINDOW:
            reply = client.post(f"/api/v1/windows/{window['id']}/call-next")
            if reply.status == 204:
                break
            if reply.status != 200:
                run.failures[reply.status] += 1
                continue
            run.call_ms.append(reply.ms)
            ticket_id = reply.body["id"]
            run.called.append(ticket_id)
            finished = client.post(f"/api/v1/tickets/{ticket_id}/finish")
            if finished.status == 200:
                run.finish_ms.append(finished.ms)
            else:
                run.failures[finished.status] += 1
        client.close()

    elapsed = run_threads(len(windows), window_client)
    return runs, elapsed


# --- 3. verification ---------------------------------------------------------------------------


@dataclass
class Verdict:
    issued: int
    duplicates: int
    lost: int
    unacknowledged: int
    details: dict[str, int]


def verify(database_url: str, kiosk_ids: list[int], records: list[Issued], runs: list[WindowRun]) -> Verdict:
    acknowledged = [record.ticket_id for record in records if record.ticket_id is not None]
    acknowledged_set = set(acknowledged)
    handed_out = Counter(ticket_id for run in runs for ticket_id in run.called)
    with psycopg.connect(database_url) as connection:
        rows = {
            ticket_id: status
            for ticket_id, status in connection.execute(
                "SELECT id, status FROM queueing_ticket WHERE issued_by_device_id = ANY(%s)", [kiosk_ids]
            )
        }
        calls = dict(
            connection.execute(
                "SELECT ticket_id, count(*) FROM queueing_ticketevent WHERE action = 'called' "
                "AND ticket_id = ANY(%s) GROUP BY ticket_id",
                [list(rows)],
            ).fetchall()
        )
        serial_twice = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM queueing_ticket GROUP BY queue_id, service_date, serial "
            "HAVING count(*) > 1) AS twice"
        ).fetchone()
        number_twice = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM queueing_ticket GROUP BY queue_id, service_date, number "
            "HAVING count(*) > 1) AS twice"
        ).fetchone()
    details = {
        "acknowledged_twice": len(acknowledged) - len(acknowledged_set),
        "called_twice": sum(1 for count in calls.values() if count > 1),
        "handed_out_twice": sum(1 for count in handed_out.values() if count > 1),
        "serial_twice": int(serial_twice[0]) if serial_twice else 0,
        "number_twice": int(number_twice[0]) if number_twice else 0,
        "missing_rows": len(acknowledged_set - set(rows)),
        "never_called": sum(1 for ticket_id in acknowledged_set if calls.get(ticket_id, 0) == 0),
        "not_done": sum(1 for ticket_id in acknowledged_set if rows.get(ticket_id) != "done"),
    }
    duplicates = sum(details[key] for key in ("acknowledged_twice", "called_twice", "handed_out_twice"))
    duplicates += details["serial_twice"] + details["number_twice"]
    lost = len(
        {
            ticket_id
            for ticket_id in acknowledged_set
            if calls.get(ticket_id, 0) == 0 or rows.get(ticket_id) != "done"
        }
    )
    return Verdict(
        issued=len(acknowledged_set),
        duplicates=duplicates,
        lost=lost,
        unacknowledged=len(set(rows) - acknowledged_set),
        details=details,
    )


# --- 4. the raw-SQL ceiling --------------------------------------------------------------------

RAW_IDEMPOTENCY = (
    "SELECT t.id FROM queueing_ticket t JOIN queueing_queue q ON t.queue_id = q.id "
    "JOIN org_centre c ON q.centre_id = c.id WHERE t.idempotency_key = %s AND t.issued_by_device_id = %s "
    "ORDER BY t.service_date DESC, c.code, q.sort_order, q.prefix, t.serial LIMIT 1"
)
RAW_COUNTER = (
    "INSERT INTO core_numbercounter (series_id, scope, period, last_value) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (series_id, scope, period) DO UPDATE SET last_value = core_numbercounter.last_value + 1 "
    "RETURNING last_value"
)
RAW_AHEAD = (
    "SELECT count(*) FROM queueing_ticket WHERE queue_id = %s AND service_date = %s AND status = 'waiting' "
    "AND (priority_rank < %s OR (priority_rank = %s AND queued_seconds <= %s))"
)
RAW_OPEN_WINDOWS = (
    "SELECT count(*) FROM queueing_windowsession s JOIN org_window w ON s.window_id = w.id "
    "JOIN queueing_windowqueue l ON w.id = l.window_id "
    "WHERE s.paused_at IS NULL AND s.signed_out_at IS NULL AND l.queue_id = %s"
)
RAW_TICKET = (
    "INSERT INTO queueing_ticket (centre_id, queue_id, service_date, serial, number, status, priority, "
    "priority_rank, green_reason, item_id, id_number_hash, id_number_masked, phone_sealed, phone_masked, "
    "public_code, issued_at, "
    "queued_seconds, issued_by_device_id, issued_by_id, idempotency_key, people_ahead_at_issue, "
    "estimated_wait_minutes, target_window_id, window_id, clerk_id, first_called_at, called_at, "
    "service_started_at, finished_at, recall_count, transfer_count, no_show_count, near_front_notified_at) "
    "VALUES (%s, %s, %s, %s, %s, 'waiting', 'ordinary', 3, '', NULL, '', '', '', '', %s, %s, %s, %s, NULL, "
    "%s, %s, %s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL) RETURNING id"
)
RAW_TICKET_EVENT = (
    "INSERT INTO queueing_ticketevent (ticket_id, action, occurred_at, actor_id, device_id, window_id, "
    "queue_id, reason, explanation, comment) VALUES (%s, 'issued', %s, NULL, %s, NULL, %s, '{}', '', '') "
    "RETURNING id"
)
RAW_HALL_EVENT = (
    "INSERT INTO queueing_hallevent (centre_id, kind, window_id, payload, occurred_at) "
    "VALUES (%s, 'change', NULL, '{}', %s) RETURNING id"
)
RAW_STREAM_EVENT = (
    "INSERT INTO core_event (kind, occurred_at, subject_type, subject_id, subject_repr, actor_id, "
    "actor_name, payload, centre_id, department_id, origin_ip, origin, user_agent) "
    "VALUES ('queueing.ticket.issued', %s, 'queueing.ticket', %s, %s, NULL, %s, %s, %s, NULL, NULL, %s, '') "
    "RETURNING id, txid"
)
RAW_STATEMENTS = 8
ORDINARY_RANK = 3
DEFAULT_SERVICE_MINUTES = 8


def raw_issue(
    connection: psycopg.Connection[Any], setup: dict[str, Any], queue_id: int, device_id: int
) -> None:
    """One ticket, statement for statement as services.ticket_issue sends them for a kiosk."""
    key = uuid.uuid4().hex
    moment = datetime.now(ZoneInfo(setup["time_zone"]))
    day: date = moment.date()
    queued_seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    if connection.execute(RAW_IDEMPOTENCY, [key, device_id]).fetchone() is not None:
        raise RuntimeError("a fresh idempotency key found a ticket")
    with connection.transaction():
        counter = connection.execute(
            RAW_COUNTER, [setup["series"], str(queue_id), day.strftime("%Y%m%d")]
        ).fetchone()
        assert counter is not None
        serial = int(counter[0])
        ahead_row = connection.execute(
            RAW_AHEAD, [queue_id, day, ORDINARY_RANK, ORDINARY_RANK, queued_seconds]
        ).fetchone()
        windows_row = connection.execute(RAW_OPEN_WINDOWS, [queue_id]).fetchone()
        assert ahead_row is not None and windows_row is not None
        ahead = int(ahead_row[0])
        estimate = round(ahead * DEFAULT_SERVICE_MINUTES / max(1, int(windows_row[0])))
        number = f"{setup['prefixes'][str(queue_id)]}{serial:03d}"
        ticket = connection.execute(
            RAW_TICKET,
            [
                setup["centre"],
                queue_id,
                day,
                serial,
                number,
                secrets.token_urlsafe(16),
                moment,
                queued_seconds,
                device_id,
                key,
                ahead,
                estimate,
            ],
        ).fetchone()
        assert ticket is not None
        connection.execute(
            RAW_STREAM_EVENT,
            [
                moment,
                str(ticket[0]),
                f"{number}（{day:%Y-%m-%d}）",
                "kiosk",
                Jsonb(
                    {
                        "number": number,
                        "queue": queue_id,
                        "window": "",
                        "device": "kiosk",
                        "reason": {},
                        "explanation": "",
                        "comment": "",
                    }
                ),
                setup["centre"],
                "POST /api/v1/tickets",
            ],
        )
        connection.execute(RAW_TICKET_EVENT, [ticket[0], moment, device_id, queue_id])
        connection.execute(RAW_HALL_EVENT, [setup["centre"], moment])


def raw_sql_phase(database_url: str, setup: dict[str, Any], seconds: float) -> tuple[int, list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(number: int) -> None:
        rng = random.Random(1000 + number)
        own: list[float] = []
        with psycopg.connect(database_url, autocommit=True) as connection:
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                raw_issue(connection, setup, rng.choice(setup["queues"]), setup["kiosks"][number % KIOSKS])
                own.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(own)

    elapsed = run_threads(ISSUE_CLIENTS, worker)
    return len(latencies), latencies, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument("--seconds", type=float, default=12.0, help="length of the issue and raw-SQL phases")
    options = parser.parse_args()
    load_before = os.getloadavg()[0]
    with bench_server(workers=options.workers, threads=options.threads) as server:
        output = server.python(
            BUILD
            % {"prefixes": QUEUE_PREFIXES, "windows": WINDOWS, "kiosks": KIOSKS, "kiosk_token": KIOSK_TOKEN}
        )
        setup = json.loads(output.strip().splitlines()[-1])
        database_url = server.env["DATABASE_URL"]
        sign_in_windows(server.url, setup["windows"])
        records, issue_seconds = issue_phase(server.url, setup["queues"], options.seconds)
        replayed_wrong = replay_mismatches(server.url, records)
        runs, call_seconds = call_phase(server.url, setup["windows"])
        verdict = verify(database_url, setup["kiosks"], records, runs)
        counts = server.python(
            QUERY_COUNTS
            % {
                "queue": setup["queues"][0],
                "device": setup["kiosks"][0],
                "kiosk_token": KIOSK_TOKEN.format(0),
                "clerk_token": setup["windows"][0]["token"],
                "window": setup["windows"][0]["id"],
            }
        )
        queries = json.loads(counts.strip().splitlines()[-1])
        raw_count, raw_latencies, raw_seconds = raw_sql_phase(database_url, setup, options.seconds)
    issued_ms = [record.ms for record in records if record.status == 201]
    issue_failures = Counter(record.status for record in records if record.status != 201)
    call_ms = [ms for run in runs for ms in run.call_ms]
    finish_ms = [ms for run in runs for ms in run.finish_ms]
    call_failures = sum((run.failures for run in runs), Counter())
    issue_rps = round(len(issued_ms) / issue_seconds, 1)
    raw_sql_tps = round(raw_count / raw_seconds, 1)
    print(
        json.dumps(
            {
                "issued": verdict.issued,
                "issue_rps": issue_rps,
                "issue_p95_ms": percentile(issued_ms, 0.95),
                "call_rps": round(len(call_ms) / call_seconds, 1),
                "call_p95_ms": percentile(call_ms, 0.95),
                "raw_sql_tps": raw_sql_tps,
                "ratio": round(issue_rps / raw_sql_tps, 3),
                "duplicates": verdict.duplicates + replayed_wrong,
                "lost": verdict.lost,
                "clients": ISSUE_CLIENTS,
                "windows": WINDOWS,
                "queues": len(QUEUE_PREFIXES),
                "gunicorn": f"{options.workers}x{options.threads} gthread",
                "issue_p50_ms": round(statistics.median(issued_ms), 2) if issued_ms else 0.0,
                "issue_failures": dict(issue_failures),
                "replays": REPLAYS,
                "replay_mismatches": replayed_wrong,
                "calls": len(call_ms),
                "call_p50_ms": round(statistics.median(call_ms), 2) if call_ms else 0.0,
                "call_failures": dict(call_failures),
                "finish_p95_ms": percentile(finish_ms, 0.95),
                "unacknowledged": verdict.unacknowledged,
                "checks": verdict.details,
                "queries": queries,
                "raw_sql_statements": RAW_STATEMENTS,
                "raw_sql_p95_ms": percentile(raw_latencies, 0.95),
                # Other work on the machine skews every figure; the 1-minute load shows how much.
                "load_avg": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            }
        )
    )


if __name__ == "__main__":
    main()
