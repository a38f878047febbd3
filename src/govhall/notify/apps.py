from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from govhall.core.periodic import Job


class NotifyConfig(AppConfig):
    name = "govhall.notify"
    label = "notify"
    verbose_name = _("消息通知")

    periodic_jobs = (
        Job(
            "notify.deliver_pending",
            "govhall.notify.jobs.deliver_pending",
            _("补发短信：发件箱中超过两分钟仍未开始发送的短信"),
            every=timedelta(minutes=5),
        ),
    )

    role_permissions = {
        "system_administrator": ["notify.view_outboxmessage"],
        "centre_manager": ["notify.view_outboxmessage"],
    }
