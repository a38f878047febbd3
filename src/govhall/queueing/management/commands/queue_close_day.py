"""``govhall queue_close_day``: void the tickets of earlier days that were never finished, and
drop board-feed rows older than a week.

The scheduler (``govhall scheduler``, started by ``govhall serve``) runs it every night as the job
``queueing.close_day``; this command runs it by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govhall.queueing.jobs import close_day


class Command(BaseCommand):
    help = "Void (作废) tickets of earlier days still waiting, called, serving or held; prune the board feed."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(close_day())
