"""``govhall scheduler``: run the apps' periodic jobs, each slot once however many nodes run it."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from govhall.core.periodic import declared_jobs
from govhall.core.scheduler import jobs_run_due, seconds_until_next_slot, this_node

LONGEST_SLEEP = 60.0
"""The scheduler wakes at least this often (seconds), to notice a clock change or a new slot."""


class Command(BaseCommand):
    help = "Run the periodic jobs the apps declare, each slot once across all nodes; Ctrl-C stops."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        node = this_node()
        stopping = threading.Event()
        if not options["once"]:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda _signum, _frame: stopping.set())
            names = ", ".join(f"{job.name} ({job.schedule})" for job in declared_jobs())
            self.stdout.write(f"Scheduler {node} running: {names}")
        while True:
            for run in jobs_run_due(node=node):
                slot = timezone.localtime(run.slot)
                self.stdout.write(f"{run.job} {slot:%Y-%m-%d %H:%M}: {run.outcome} {run.summary}".rstrip())
            if options["once"]:
                return
            close_old_connections()
            if stopping.wait(seconds_until_next_slot(now=timezone.now(), longest=LONGEST_SLEEP) + 0.5):
                return
