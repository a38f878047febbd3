from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from govhall.core.audit import audit_record, snapshot
from govhall.core.models import AuditEvent, NumberSeries


def _action(instance: models.Model, verb: str) -> str:
    return f"{instance._meta.label_lower}.{verb}"


class AuditedModelAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin leaves an audit event in its transaction.

    The event is written after the related objects (many-to-many fields, inlines) are saved, so
    ``after`` shows e.g. a user's groups as they now are.
    """

    def save_model(self, request: HttpRequest, obj: models.Model, form: ModelForm, change: bool) -> None:
        request._audit_before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit_record(
            actor=request.user,
            action=_action(obj, "update" if change else "create"),
            target=obj,
            before=getattr(request, "_audit_before", None),
            after=snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        before = snapshot(obj)
        audit_record(actor=request.user, action=_action(obj, "delete"), target=obj, before=before)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(actor=request.user, action=_action(obj, "delete"), target=obj, before=snapshot(obj))
        super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        befores = {
            inline_form.instance.pk: snapshot(
                type(inline_form.instance)._default_manager.get(pk=inline_form.instance.pk)
            )
            for inline_form in formset.initial_forms
            if inline_form.instance.pk is not None and inline_form.has_changed()
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(actor=request.user, action=_action(obj, "create"), target=obj, after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            audit_record(
                actor=request.user,
                action=_action(obj, "update"),
                target=obj,
                before=befores.get(obj.pk),
                after=snapshot(obj),
            )
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, action=_action(obj, "delete"), target=obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_name", "action", "target_repr", "origin_ip", "origin"]
    list_filter = ["action", "target_type", "occurred_at"]
    search_fields = ["actor_name", "action", "target_repr", "target_id", "origin_ip"]
    date_hierarchy = "occurred_at"
    list_select_related = ["target_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(NumberSeries)
class NumberSeriesAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "pattern", "reset"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request: HttpRequest, obj: NumberSeries | None = None) -> bool:
        return False
