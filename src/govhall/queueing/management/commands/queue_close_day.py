"""``govhall queue_close_day``: void the tickets of earlier days that were never finished.

Run it once a night (cron or a systemd timer); ``govhall serve`` also runs it when it starts.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from govhall.queueing.services import tickets_expire


class Command(BaseCommand):
    help = "Void (作废) tickets of earlier days still waiting, called, serving or held."

    def handle(self, *args: Any, **options: Any) -> None:
        voided = tickets_expire(before=timezone.localdate())
        self.stdout.write(f"Voided {voided} ticket(s) of earlier days.")
