"""The catalogue's audit event kinds (its services and the workbook import record them)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.audit import audit_kind

ITEM_CREATED = audit_kind("catalog.item.create", _("事项：新建"))
TEMPLATE_APPLIED = audit_kind("catalog.version.apply_template", _("事项版本：套用办理流程模板"))
VERSION_REVISED = audit_kind("catalog.version.revise", _("事项版本：修订"))
VERSION_SUBMITTED = audit_kind("catalog.version.submit", _("事项版本：提交审核"))
VERSION_RETURNED = audit_kind("catalog.version.return", _("事项版本：退回修改"))
VERSION_SUPERSEDED = audit_kind("catalog.version.supersede", _("事项版本：被新版本取代"))
VERSION_PUBLISHED = audit_kind("catalog.version.publish", _("事项版本：发布"))
MATERIAL_CREATED = audit_kind("catalog.material.create", _("申请材料：新增"))
MATERIAL_UPDATED = audit_kind("catalog.material.update", _("申请材料：修改"))
WORKBOOK_EXPORTED = audit_kind("catalog.spreadsheet.export", _("实施清单：导出"))
WORKBOOK_IMPORTED = audit_kind("catalog.spreadsheet.import", _("实施清单：导入"))
