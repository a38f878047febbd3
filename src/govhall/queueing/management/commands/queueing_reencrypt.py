"""``govhall queueing_reencrypt``: re-encrypt the phones tickets keep for the SMS reminder under the
first key of PERSONAL_DATA_KEYS, after a new key was put in front (with ``govhall cases_reencrypt``
for the applicants); then the old key can be removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govhall.core.personal_data import reseal_rows
from govhall.queueing.models import Ticket


class Command(BaseCommand):
    help = "Re-encrypt tickets' phones under the first PERSONAL_DATA_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        done = reseal_rows(Ticket.objects.exclude(phone_sealed=""), ["phone_sealed"])
        self.stdout.write(f"Re-encrypted the phones of {done} ticket(s).")
