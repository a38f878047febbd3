"""The demo app's audit event kind."""

from django.utils.translation import gettext_lazy as _

from govhall.core.audit import audit_kind

DEMO_BUILT = audit_kind("demo.build", _("加载演示数据"))
