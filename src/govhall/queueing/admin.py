from typing import Any

from django.contrib import admin, messages
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govhall.core.audit import audit_record
from govhall.org.admin import ScopedAdmin
from govhall.queueing.devices import token_generate, token_hash
from govhall.queueing.models import Device, Queue, WindowQueue


class WindowQueueInline(admin.TabularInline):
    model = WindowQueue
    extra = 1
    autocomplete_fields = ["window"]


@admin.register(Queue)
class QueueAdmin(ScopedAdmin):
    scope_department = None
    list_display = ["prefix", "name", "centre", "daily_quota", "long_wait_minutes", "is_active"]
    list_filter = ["centre", "is_active"]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["departments", "items"]
    inlines = [WindowQueueInline]


@admin.register(Device)
class DeviceAdmin(ScopedAdmin):
    scope_department = None
    list_display = ["name", "code", "kind", "centre", "window", "is_active", "last_seen_at"]
    list_filter = ["kind", "centre", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["window"]
    actions = ["issue_new_token"]

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        assert isinstance(obj, Device)
        if not change:
            token = token_generate()
            obj.token_hash = token_hash(token)
            messages.warning(
                request,
                _("设备令牌（只显示这一次，请配置到设备上）：%(token)s") % {"token": token},
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("生成新令牌（旧令牌立即失效）"), permissions=["change"])
    def issue_new_token(self, request: HttpRequest, queryset: models.QuerySet[Device]) -> None:
        for device in queryset:
            token = token_generate()
            with transaction.atomic():
                device.token_hash = token_hash(token)
                device.save(update_fields=["token_hash"])
                audit_record(actor=request.user, action="queueing.device.token_reissued", target=device)
            messages.warning(
                request,
                _("%(device)s 的新令牌（只显示这一次）：%(token)s") % {"device": device, "token": token},
            )
