"""``govhall cases_auto_accept``: applications received (by post, later online) that got neither
acceptance nor a one-time notice within five working days count as accepted from the day they
were received (行政许可法 Art. 32); each such case gets its acceptance notice and an event saying why.

The scheduler (``govhall scheduler``, started by ``govhall serve``) runs it every night as the job
``cases.auto_accept``; this command runs it by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govhall.cases.jobs import auto_accept


class Command(BaseCommand):
    help = "Accept, from the day received, applications left unanswered for five working days (Art. 32)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(auto_accept())
