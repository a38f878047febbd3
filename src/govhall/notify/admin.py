from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govhall.core.personal_data import mask_phone
from govhall.notify.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom and whether the gateway took it."""

    list_display = ["created_at", "masked_phone", "text", "status", "sent_at"]
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    readonly_fields = ["phone", "text", "status", "backend", "error", "created_at", "sent_at"]

    @admin.display(description=_("接收手机号"))
    def masked_phone(self, message: OutboxMessage) -> str:
        return mask_phone(message.phone)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False
