from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import NavEntry
from govhall.org.roles import ORG_ROLES


class OrgConfig(AppConfig):
    name = "govhall.org"
    label = "org"
    verbose_name = _("组织机构")

    nav_entries = (
        NavEntry(
            _("工作日历"), "org:calendar", _("查看本中心的工作日、法定节假日、调休上班日和临时停止办公日。")
        ),
        NavEntry(
            _("组织机构管理"),
            "admin:index",
            _("维护中心、进驻部门、窗口、工作人员、A/B岗和本中心的日历调整。"),
            permission="org.change_centre",
        ),
        NavEntry(
            _("账号与角色"),
            "admin:auth_user_changelist",
            _("管理工作人员账号、角色和权限。"),
            permission="auth.change_user",
        ),
        NavEntry(
            _("审计日志"),
            "admin:core_event_changelist",
            _("查询每一次操作：办件、叫号、配置变更和登录，含操作人、时间、对象、内容和来源。"),
            permission="core.view_event",
        ),
    )

    roles = ORG_ROLES

    role_permissions = {
        "centre_manager": [
            "org.view_centre",
            "org.add_centre",
            "org.change_centre",
            "org.view_openinghours",
            "org.add_openinghours",
            "org.change_openinghours",
            "org.delete_openinghours",
            "org.view_calendaradjustment",
            "org.add_calendaradjustment",
            "org.change_calendaradjustment",
            "org.delete_calendaradjustment",
            "org.view_department",
            "org.add_department",
            "org.change_department",
            "org.view_window",
            "org.add_window",
            "org.change_window",
            "org.view_staffprofile",
            "org.add_staffprofile",
            "org.change_staffprofile",
            "org.view_post",
            "org.add_post",
            "org.change_post",
            "org.delete_post",
        ],
        "supervision_office": [
            "org.view_centre",
            "org.view_department",
            "org.view_window",
            "org.view_staffprofile",
            "org.view_post",
        ],
        "duty_chief": [
            "org.view_centre",
            "org.view_department",
            "org.view_window",
            "org.view_staffprofile",
            "org.view_post",
        ],
        "system_administrator": [
            "auth.view_user",
            "auth.add_user",
            "auth.change_user",
            "auth.view_group",
            "auth.change_group",
            "org.view_centre",
            "org.view_department",
            "org.view_window",
            "org.view_staffprofile",
            "org.add_staffprofile",
            "org.change_staffprofile",
            "core.view_numberseries",
            "core.change_numberseries",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
        ],
    }

    def ready(self) -> None:
        from govhall.org.models import CalendarAdjustment, Centre, OpeningHours
        from govhall.org.selectors import calendar_changed

        for model in (Centre, OpeningHours, CalendarAdjustment):
            for signal in (post_save, post_delete):
                signal.connect(
                    calendar_changed, sender=model, dispatch_uid=f"govhall.org.calendar.{model.__name__}"
                )
