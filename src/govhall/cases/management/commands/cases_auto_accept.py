"""``govhall cases_auto_accept``: applications received (by post, later online) that got neither
acceptance nor a one-time notice within five working days count as accepted from the day they
were received (行政许可法 Art. 32); each such case gets its acceptance notice and an event saying why.

Run it once a night (cron or a systemd timer); ``govhall serve`` also runs it when it starts.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govhall.cases.services import cases_auto_accept


class Command(BaseCommand):
    help = "Accept, from the day received, applications left unanswered for five working days (Art. 32)."

    def handle(self, *args: Any, **options: Any) -> None:
        accepted = cases_auto_accept()
        self.stdout.write(f"Accepted {accepted} application(s) left unanswered for five working days.")
