"""Two server processes on one database agree on a centre's calendar right after it changes, even
when the change comes from a third process (a shell): no process answers from a stale copy.

The test's database (schema, migration rows and this test's hall) is copied into a file that two
gunicorn servers and a ``govhall shell`` open; it runs on SQLite, whose test database is in memory.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from govhall.core.working_days import NATIONAL_CALENDAR
from govhall.org.models import Centre
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue
from tests.factories import CentreFactory
from tests.queueing.conftest import open_all_day

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"
KIOSK_TOKEN = "two-process-kiosk"
STARTUP_SECONDS = 120
REQUEST_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DATABASE_URL": f"sqlite:///{database}",
        "GOVHALL_DATA_DIR": str(database.parent),
        "SECRET_KEY": settings.SECRET_KEY,
        "PERSONAL_DATA_KEYS": ",".join(settings.PERSONAL_DATA_KEYS),
        "DEBUG": "false",
    }


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    """A file copy of the test database as this test sees it (its rows included)."""
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database into a file the server processes open")
    connection.ensure_connection()
    path = tmp_path / "govhall.sqlite3"
    dump = "\n".join(connection.connection.iterdump())  # read through the test's own transaction
    target = sqlite3.connect(path)
    try:
        target.executescript(dump)
    finally:
        target.close()
    return path


class Server:
    def __init__(self, database: Path) -> None:
        self.url = f"http://127.0.0.1:{_free_port()}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "govhall.wsgi",
            "--bind",
            self.url.removeprefix("http://"),
            "--workers",
            "1",
        ]
        self.log = database.parent / f"server-{self.url.rsplit(':', 1)[1]}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=_environment(database), stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (
                self.process.stderr.read().decode() if self.process.stderr else ""
            )
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:  # not listening yet, or still loading the application
                time.sleep(0.2)
        raise AssertionError(f"the server at {self.url} did not start")

    def _send(self, request: Request) -> tuple[int, Any]:
        try:
            with urlopen(request, timeout=REQUEST_SECONDS) as response:
                return response.status, json.loads(response.read())
        except HTTPError as refused:
            return refused.code, json.loads(refused.read())

    def get(self, path: str, **params: str) -> tuple[int, Any]:
        query = f"?{urlencode(params)}" if params else ""
        return self._send(Request(f"{self.url}{path}{query}"))

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        data = json.dumps(body).encode()
        headers = {**headers, "Content-Type": "application/json"}
        return self._send(Request(f"{self.url}{path}", data=data, headers=headers, method="POST"))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def servers(database_file: Path) -> Iterator[tuple[Server, Server]]:
    first, second = Server(database_file), Server(database_file)
    try:
        first.wait_until_ready()
        second.wait_until_ready()
        yield first, second
    finally:
        first.stop()
        second.stop()


def _shell(database: Path, code: str) -> None:
    """Run ``code`` in ``govhall shell``: a third process, as an operator's change would be."""
    subprocess.run(
        [sys.executable, "-m", "govhall", "shell", "-c", code],
        env=_environment(database),
        check=True,
        capture_output=True,
        timeout=STARTUP_SECONDS,
    )


def _next_working_day(after: date) -> date:
    day = after + timedelta(days=7)
    while not NATIONAL_CALENDAR.is_working_day(day):
        day += timedelta(days=1)
    return day


@pytest.fixture
def centre() -> Centre:
    centre: Centre = CentreFactory(code="TWOPROC")
    open_all_day(centre)
    queue = Queue.objects.create(centre=centre, name="综合受理", prefix="A")
    Device.objects.create(
        centre=centre,
        kind=DeviceKind.KIOSK,
        code="kiosk-2p",
        name="取号机",
        token_hash=token_hash(KIOSK_TOKEN),
    )
    assert queue.pk is not None
    return centre


CLOSE_TODAY_AND_A_LATER_DAY = """
from datetime import date
from django.utils import timezone
from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind, Centre
centre = Centre.objects.get(code="TWOPROC")
CalendarAdjustment.objects.create(
    centre=centre, date=date.fromisoformat("{day}"), kind=CalendarAdjustmentKind.CLOSED, reason="停电检修"
)
today = CalendarAdjustment.objects.get(centre=centre, date=timezone.localdate())
today.kind = CalendarAdjustmentKind.CLOSED
today.save()
"""


def _issue(server: Server, queue: Queue) -> tuple[int, Any]:
    headers = {"Authorization": f"Device {KIOSK_TOKEN}", "Idempotency-Key": str(uuid.uuid4())}
    return server.post("/api/v1/tickets", {"queue": queue.pk}, headers)


def test_a_closed_day_from_a_shell_reaches_both_servers_at_once(
    centre: Centre, database_file: Path, servers: tuple[Server, Server]
) -> None:
    closing = _next_working_day(timezone.localdate())
    day, eve = closing.isoformat(), (closing - timedelta(days=1)).isoformat()
    queue = Queue.objects.get(centre=centre)
    for server in servers:  # each process now holds the calendar and today's hours
        assert server.get("/api/v1/calendar/working-days", centre="TWOPROC", start=eve, end=day) == (
            200,
            {"count": 1},
        )
        assert _issue(server, queue)[0] == 201

    _shell(database_file, CLOSE_TODAY_AND_A_LATER_DAY.format(day=day))

    for server in servers:
        assert server.get("/api/v1/calendar/working-days", centre="TWOPROC", start=eve, end=day) == (
            200,
            {"count": 0},
        )
        status, body = _issue(server, queue)
        assert status == 400 and body["detail"].startswith("今日本中心不办公"), body
