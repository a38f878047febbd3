"""``govhall queue_close_day``: void the tickets of earlier days that were never finished, and
drop board-feed rows older than a week.

Run it once a night (cron or a systemd timer); ``govhall serve`` also runs it when it starts.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from govhall.queueing.services import hall_feed_prune, tickets_expire


class Command(BaseCommand):
    help = "Void (作废) tickets of earlier days still waiting, called, serving or held; prune the board feed."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        voided = tickets_expire(before=today)
        pruned = hall_feed_prune(before=today)
        self.stdout.write(f"Voided {voided} ticket(s) of earlier days; pruned {pruned} board-feed row(s).")
