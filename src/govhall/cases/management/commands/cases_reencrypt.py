"""``govhall cases_reencrypt``: re-encrypt applicants' ID numbers and phones under the first key
of PERSONAL_DATA_KEYS, after a new key was put in front (with ``govhall queueing_reencrypt`` for the
tickets' phones); then the old key can be removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govhall.cases.models import Applicant
from govhall.core.personal_data import reseal_rows


class Command(BaseCommand):
    help = "Re-encrypt applicants' ID numbers and phones under the first PERSONAL_DATA_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        done = reseal_rows(Applicant.objects.all(), ["id_number_sealed", "phone_sealed"])
        self.stdout.write(f"Re-encrypted {done} applicant(s).")
