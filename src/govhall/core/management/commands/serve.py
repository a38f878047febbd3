"""``govhall serve``: migrate, load the demo hall into an empty database, then run the web
server, the background worker and the scheduler until Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load the demo hall on first run, then serve the app, its worker and its scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")
        parser.add_argument(
            "--threads",
            type=int,
            default=32,
            help="threads per web worker; each hall board and window screen holds one for its live feed",
        )
        parser.add_argument("--no-demo", action="store_true", help="never load the demo hall")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        call_command("createcachetable", verbosity=0)
        if not options["no_demo"] and apps.is_installed("govhall.demo"):
            call_command("demo", "--into-empty")
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "govhall.wsgi:application",
                "--bind",
                f"{options['host']}:{options['port']}",
                "--worker-class",
                "gthread",
                "--workers",
                str(options["workers"]),
                "--threads",
                str(options["threads"]),
                "--access-logfile",
                "-",
            ]
        )
        worker = subprocess.Popen([sys.executable, "-m", "govhall", "db_worker"])
        scheduler = subprocess.Popen([sys.executable, "-m", "govhall", "scheduler"])
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ — Ctrl-C stops.")
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
        children = [web, worker, scheduler]
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            raise SystemExit(failed[0].returncode)
