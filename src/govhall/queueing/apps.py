from datetime import time
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import NavEntry
from govhall.core.periodic import Job


def ensure_ticket_series(sender: AppConfig, **kwargs: Any) -> None:
    from govhall.core.models import ResetPeriod
    from govhall.core.numbering import number_series_ensure
    from govhall.queueing.services import PERIOD_SERIES, TICKET_SERIES

    number_series_ensure(code=TICKET_SERIES, name="排队号", pattern="{seq:03d}", reset=ResetPeriod.DAY)
    number_series_ensure(
        code=PERIOD_SERIES, name="排队号（分时段计数）", pattern="{seq}", reset=ResetPeriod.DAY
    )


class QueueingConfig(AppConfig):
    name = "govhall.queueing"
    label = "queueing"
    verbose_name = _("排队叫号")

    nav_entries = (
        NavEntry(
            _("窗口叫号"),
            "queueing:window",
            _("签到窗口，叫号、重呼、过号、转移、挂起，开始和办结服务，暂停或恢复窗口。"),
            permission="queueing.call_ticket",
        ),
        NavEntry(
            _("绿色通道取号"),
            "queueing:ticket_issue",
            _("为老年人、残疾人、军人、孕妇开通绿色通道，代为取优先号并打印号票。"),
            permission="queueing.grant_green_channel",
        ),
        NavEntry(
            _("大厅监控"),
            "queueing:monitor",
            _("实时查看每个窗口和队列：在岗人员、当前号码、等候人数、最长等候和告警。"),
            permission="queueing.monitor_hall",
        ),
        NavEntry(
            _("排队统计"),
            "queueing:statistics",
            _("按中心、队列、窗口、人员统计取号、办理、过号、等候和办理时长，导出 Excel。"),
            permission="queueing.view_queue_statistics",
        ),
        NavEntry(
            _("叫号记录查询"),
            "queueing:ticket_lookup",
            _("查询任一排队号的全部经过和每次叫号的依据，回应插队投诉。"),
            permission="queueing.view_call_reason",
        ),
        NavEntry(
            _("队列与设备配置"),
            "admin:queueing_queue_changelist",
            _("配置业务队列、取号上限、窗口服务队列与权重，以及取号机、大屏、评价器等终端。"),
            permission="queueing.change_queue",
        ),
    )

    periodic_jobs = (
        Job(
            "queueing.close_day",
            "govhall.queueing.jobs.close_day",
            _("日终处理：作废以前各日未办结的排队号，清理一周前的大屏事件"),
            at=time(0, 30),
        ),
    )

    role_permissions = {
        "window_clerk": ["queueing.call_ticket", "queueing.grant_green_channel"],
        "chief_representative": [
            "queueing.call_ticket",
            "queueing.grant_green_channel",
            "queueing.view_queue_statistics",
        ],
        "duty_chief": [
            "queueing.force_sign_out",
            "queueing.monitor_hall",
            "queueing.view_queue_statistics",
            "queueing.view_call_reason",
            "queueing.grant_green_channel",
        ],
        "centre_manager": [
            "queueing.force_sign_out",
            "queueing.monitor_hall",
            "queueing.view_queue_statistics",
            "queueing.view_call_reason",
            "queueing.view_queue",
            "queueing.add_queue",
            "queueing.change_queue",
            "queueing.view_windowqueue",
            "queueing.add_windowqueue",
            "queueing.change_windowqueue",
            "queueing.delete_windowqueue",
            "queueing.view_device",
            "queueing.add_device",
            "queueing.change_device",
        ],
        "supervision_office": [
            "queueing.monitor_hall",
            "queueing.view_queue_statistics",
            "queueing.view_call_reason",
        ],
        "system_administrator": [
            "queueing.view_queue",
            "queueing.change_queue",
            "queueing.view_device",
            "queueing.add_device",
            "queueing.change_device",
        ],
    }

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from govhall.queueing.devices import devices_changed, staff_login_resets_expiry
        from govhall.queueing.models import Device

        post_migrate.connect(ensure_ticket_series, sender=self, dispatch_uid="govhall.queueing.series")
        user_logged_in.connect(staff_login_resets_expiry, dispatch_uid="govhall.queueing.staff_expiry")
        post_save.connect(devices_changed, sender=Device, dispatch_uid="govhall.queueing.device_saved")
        post_delete.connect(devices_changed, sender=Device, dispatch_uid="govhall.queueing.device_deleted")
