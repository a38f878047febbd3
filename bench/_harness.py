"""Shared benchmark plumbing: a fresh PostgreSQL database, a real server, a bounded load.

Every bench script: ``with bench_server() as server:`` builds its data with
``server.manage(...)``/``server.python(...)``, drives load with :func:`run_load` against
``server.url`` (loopback only), and prints one JSON object as its last line.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass
class BenchServer:
    url: str
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run a govhall management command against the bench database."""
        return self._run("-m", "govhall", *args)

    def python(self, code: str) -> str:
        """Run Python with Django set up on the bench database (for building data)."""
        return self._run("-c", "import django; django.setup()\n" + code)

    def python_logged(self, code: str) -> str:
        """Like :meth:`python`, but the code's stderr (its progress) goes to ours as it runs."""
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            env=self.env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        return done.stdout

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=self.env, cwd=ROOT, check=True, capture_output=True, text=True
        )
        return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


@contextmanager
def bench_server(*, workers: int = 2, threads: int = 8) -> Iterator[BenchServer]:
    base_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    admin_url, _base_name = _admin_url(base_url)
    name = f"govhall_bench_{uuid.uuid4().hex[:10]}"
    database_url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "govhall.settings",
        "GOVHALL_DATA_DIR": str(ROOT / "var" / "bench"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    server: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run([sys.executable, "-m", "govhall", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([sys.executable, "-m", "govhall", "createcachetable"], env=env, cwd=ROOT, check=True)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "govhall.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--worker-class",
                "gthread",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url)
        yield BenchServer(url=url, env=env)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_healthy(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not become healthy in {timeout}s")


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, float | int]:
        ordered = sorted(self.latencies_ms)
        count = len(ordered)
        return {
            "requests": count,
            "failures": self.failures,
            "rps": round(count / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(statistics.median(ordered), 2) if ordered else 0.0,
            "p95_ms": round(ordered[max(0, int(count * 0.95) - 1)], 2) if ordered else 0.0,
        }


def run_load(
    url: str,
    *,
    clients: int,
    requests_per_client: int,
    path_for: Callable[[int, int], str],
    expect: int = 200,
) -> LoadResult:
    """``clients`` threads, each with one keep-alive connection, each sending its requests in turn."""
    host = urlsplit(url)
    result = LoadResult()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        own: list[float] = []
        failures = 0
        barrier.wait()
        for index in range(requests_per_client):
            started = time.perf_counter()
            connection.request("GET", path_for(number, index))
            response = connection.getresponse()
            response.read()
            own.append((time.perf_counter() - started) * 1000)
            if response.status != expect:
                failures += 1
        connection.close()
        with lock:
            result.latencies_ms.extend(own)
            result.failures += failures

    workers = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    result.seconds = time.perf_counter() - started
    return result
