from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import NavEntry


class CatalogConfig(AppConfig):
    name = "govhall.catalog"
    label = "catalog"
    verbose_name = _("事项管理")

    nav_entries = (
        NavEntry(
            _("办事指南"),
            "catalog:guide",
            _("按部门、主题或关键词查找事项，查看和打印办事指南与一次性告知单。"),
        ),
        NavEntry(
            _("事项管理"),
            "admin:catalog_itemversion_changelist",
            _("编辑本部门的事项实施清单（材料、收费、流程），提交中心审核发布。"),
            permission="catalog.edit_item",
        ),
        NavEntry(
            _("事项审核发布"),
            "admin:catalog_itemversion_changelist",
            _("审核各部门提交的事项，审核通过后对外发布。"),
            permission="catalog.publish_item",
        ),
        NavEntry(
            _("实施清单导入导出"),
            "catalog:spreadsheet",
            _("以 Excel 导出全部事项，或先试导入检查错误、无误后整体导入。"),
            permission="catalog.publish_item",
        ),
    )

    role_permissions = {
        "chief_representative": [
            "catalog.view_itemversion",
            "catalog.edit_item",
            "catalog.view_material",
            "catalog.add_material",
            "catalog.change_material",
            "catalog.view_processtemplate",
        ],
        "centre_manager": [
            "catalog.view_itemversion",
            "catalog.edit_item",
            "catalog.publish_item",
            "catalog.view_material",
            "catalog.add_material",
            "catalog.change_material",
            "catalog.view_processtemplate",
            "catalog.add_processtemplate",
            "catalog.change_processtemplate",
            "catalog.view_lifeevent",
            "catalog.add_lifeevent",
            "catalog.change_lifeevent",
        ],
        "supervision_office": ["catalog.view_itemversion"],
        "duty_chief": ["catalog.view_itemversion"],
    }

    def ready(self) -> None:
        from govhall.catalog.defaults import ensure_catalogue_defaults

        post_migrate.connect(ensure_catalogue_defaults, sender=self, dispatch_uid="govhall.catalog.defaults")
