"""``govhall cases_reencrypt``: re-encrypt applicants' ID numbers and phones under the first key
of PERSONAL_DATA_KEYS, after a new key was put in front; then the old key can be removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from govhall.cases.models import Applicant
from govhall.core.personal_data import reseal

BATCH = 1000


class Command(BaseCommand):
    help = "Re-encrypt applicants' ID numbers and phones under the first PERSONAL_DATA_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Applicant.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", "id_number_sealed", "phone_sealed")[:BATCH]
                )
                if not batch:
                    break
                for applicant in batch:
                    applicant.id_number_sealed = reseal(applicant.id_number_sealed)
                    applicant.phone_sealed = reseal(applicant.phone_sealed)
                Applicant.objects.bulk_update(batch, ["id_number_sealed", "phone_sealed"])
                last = batch[-1].pk
                done += len(batch)
        self.stdout.write(f"Re-encrypted {done} applicant(s).")
