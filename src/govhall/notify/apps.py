from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "govhall.notify"
    label = "notify"
    verbose_name = _("消息通知")

    role_permissions = {
        "system_administrator": ["notify.view_outboxmessage"],
        "centre_manager": ["notify.view_outboxmessage"],
    }
