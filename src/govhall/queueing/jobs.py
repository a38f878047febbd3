"""The hall queue's periodic jobs (declared in QueueingConfig.periodic_jobs)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.queueing.services import hall_feed_prune, tickets_expire


def close_day() -> str:
    """作废 the tickets of earlier days never finished, and drop board-feed rows older than a week."""
    today = timezone.localdate()
    voided = tickets_expire(before=today)
    pruned = hall_feed_prune(before=today)
    return _("作废以前各日未办结的排队号 %(voided)d 个，清理大屏事件 %(pruned)d 条。") % {
        "voided": voided,
        "pruned": pruned,
    }
