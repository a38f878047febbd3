"""The notification service's periodic jobs (declared in NotifyConfig.periodic_jobs)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from govhall.notify.services import outbox_deliver_pending


def deliver_pending() -> str:
    """Send outbox messages whose delivery task was lost."""
    return _("补发待发送短信 %(count)d 条。") % {"count": outbox_deliver_pending()}
