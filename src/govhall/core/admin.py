from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from govhall.core.audit import audit_kind, audit_record, kinds_hidden_from, snapshot
from govhall.core.events import declared_kinds, kind_label
from govhall.core.models import Event, NumberSeries

VERBS = {"create": _("新增"), "update": _("修改"), "delete": _("删除")}


def _action(instance: models.Model, verb: str) -> str:
    return f"{instance._meta.label_lower}.{verb}"


def declare_admin_kinds(model: type[models.Model]) -> None:
    """The audit event kinds of the admin's changes to ``model``: ``<app>.<model>.create`` …"""
    for verb, label in VERBS.items():
        audit_kind(
            f"{model._meta.label_lower}.{verb}", format_lazy("{}：{}", model._meta.verbose_name, label)
        )


class AuditedModelAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin leaves an audit event in its transaction.

    The event is written after the related objects (many-to-many fields, inlines) are saved, so
    ``after`` shows e.g. a user's groups as they now are.
    """

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        for administered in (model, *(inline.model for inline in self.inlines)):
            declare_admin_kinds(administered)

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


class AppFilter(admin.SimpleListFilter):
    """The app whose work an event records (the kind's prefix)."""

    title = _("领域")
    parameter_name = "app"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        hidden = set(kinds_hidden_from(request.user))
        labels = {kind.app_label for kind in declared_kinds() if kind.code not in hidden}
        return sorted((label, _app_name(label)) for label in labels)

    def queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        value = self.value()
        return queryset.filter(kind__startswith=f"{value}.") if value else queryset


class KindFilter(admin.SimpleListFilter):
    title = _("类型")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        hidden = set(kinds_hidden_from(request.user))
        app = request.GET.get(AppFilter.parameter_name, "")
        return [
            (kind.code, str(kind.label))
            for kind in declared_kinds()
            if kind.code not in hidden and (not app or kind.app_label == app)
        ]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        value = self.value()
        return queryset.filter(kind=value) if value else queryset


def _app_name(label: str) -> str:
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The audit log (审计日志): every event of the stream a reader may see, newest first."""

    list_display = [
        "occurred_at",
        "actor_name",
        "actor",
        "event_label",
        "subject_repr",
        "origin_ip",
        "origin",
    ]
    list_filter = [AppFilter, KindFilter, "occurred_at"]
    search_fields = ["actor_name", "actor__username", "kind", "subject_repr", "subject_id", "origin_ip"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor"]
    readonly_fields = (
        "id",
        "occurred_at",
        "event_label",
        "kind",
        "actor",
        "actor_name",
        "subject_type",
        "subject_id",
        "subject_repr",
        "centre_id",
        "department_id",
        "payload_text",
        "origin_ip",
        "origin",
        "user_agent",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return super().get_queryset(request).exclude(kind__in=kinds_hidden_from(request.user))

    @admin.display(description=_("事件"), ordering="kind")
    def event_label(self, event: Event) -> str:
        return kind_label(event.kind)

    @admin.display(description=_("内容"))
    def payload_text(self, event: Event) -> str:
        return format_html(
            "<pre>{}</pre>", json.dumps(event.payload, ensure_ascii=False, indent=2, sort_keys=True)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False


@admin.register(NumberSeries)
class NumberSeriesAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "pattern", "reset"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request: HttpRequest, obj: NumberSeries | None = None) -> bool:
        return False
