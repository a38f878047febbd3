from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import NavEntry


class CoreConfig(AppConfig):
    name = "govhall.core"
    label = "core"
    verbose_name = _("平台基础")

    nav_entries = (
        NavEntry(
            _("定时任务"),
            "core:jobs",
            _("查看各定时任务的计划、上次运行时间和结果、错误信息以及下次运行时间。"),
            permission="core.view_jobrun",
        ),
    )

    role_permissions = {
        "centre_manager": ["core.view_event"],
        "supervision_office": ["core.view_event"],
        "system_administrator": ["core.view_event", "core.view_jobrun"],
    }

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_delete, post_migrate, post_save
        from django.urls import register_converter

        from govhall.core import (
            audit,
            checks,  # noqa: F401  (registers the deploy checks)
        )
        from govhall.core.converters import DatabaseIdConverter
        from govhall.core.models import NumberSeries
        from govhall.core.numbering import series_changed
        from govhall.core.roles import sync_role_groups

        register_converter(DatabaseIdConverter, "id")
        autodiscover_modules("events")
        user_logged_in.connect(audit.record_login, dispatch_uid="govhall.audit.login")
        user_logged_out.connect(audit.record_logout, dispatch_uid="govhall.audit.logout")
        user_login_failed.connect(audit.record_login_failed, dispatch_uid="govhall.audit.login_failed")
        user_locked_out.connect(audit.record_locked_out, dispatch_uid="govhall.audit.locked_out")
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="govhall.roles.sync_groups")
        post_save.connect(series_changed, sender=NumberSeries, dispatch_uid="govhall.numbering.series_saved")
        post_delete.connect(
            series_changed, sender=NumberSeries, dispatch_uid="govhall.numbering.series_deleted"
        )
