from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from govhall.catalog import services
from govhall.catalog.models import (
    HandlingForm,
    ItemFee,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    LifeEvent,
    Material,
    ProcessTemplate,
    ProcessTemplateStep,
    ServiceItem,
    ServiceObject,
    VersionState,
)
from govhall.catalog.selectors import version_staffing_gaps
from govhall.core.admin import AuditedModelAdmin
from govhall.org.models import Department
from govhall.org.selectors import access_scope_for, department_list_for


class LockedUnlessDraftInline(admin.TabularInline):
    extra = 0

    def _editable(self, request: HttpRequest, obj: ItemVersion | None) -> bool:
        return request.user.has_perm("catalog.edit_item") and (obj is None or obj.is_editable)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("catalog.view_itemversion")


class ItemMaterialInline(LockedUnlessDraftInline):
    model = ItemMaterial
    autocomplete_fields = ["material"]


class ItemFeeInline(LockedUnlessDraftInline):
    model = ItemFee


class ItemStepInline(LockedUnlessDraftInline):
    model = ItemStep


class ItemVersionForm(forms.ModelForm):
    """The admin form; a new item also gets its department and 实施编码 here."""

    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=_("实施主体"), required=False
    )
    implementation_code = forms.CharField(label=_("实施编码"), max_length=64, required=False)
    service_objects = forms.MultipleChoiceField(
        label=_("服务对象"), choices=ServiceObject.choices, widget=forms.CheckboxSelectMultiple
    )
    handling_forms = forms.MultipleChoiceField(
        label=_("办理形式"), choices=HandlingForm.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None:
            department = cleaned.get("department")
            code = (cleaned.get("implementation_code") or "").strip()
            if department is None:
                self.add_error("department", gettext("请选择实施主体（部门）。"))
            if not code:
                self.add_error("implementation_code", gettext("请填写实施编码。"))
            elif department is not None:
                item = ServiceItem(centre=department.centre, department=department, implementation_code=code)
                try:
                    item.full_clean()
                except ValidationError as error:
                    for message in error.messages:
                        self.add_error("implementation_code", message)
                else:
                    self.instance.item = item
        return cleaned


@admin.register(ItemVersion)
class ItemVersionAdmin(AuditedModelAdmin):
    form = ItemVersionForm
    change_form_template = "catalog/admin/itemversion_change_form.html"
    list_display = [
        "name",
        "code",
        "department",
        "version",
        "state",
        "case_kind",
        "promised",
        "compression_flag",
    ]
    list_filter = ["state", "case_kind", "item_type", "item__department"]
    search_fields = ["name", "item__implementation_code", "basic_code", "keywords"]
    list_select_related = ["item", "item__department"]
    filter_horizontal = ["joint_departments", "life_events", "windows"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ItemMaterialInline, ItemFeeInline, ItemStepInline]
    readonly_fields = ["state_display"]
    exclude = ["item", "version", "state"]

    @admin.display(description=_("实施编码"), ordering="item__implementation_code")
    def code(self, obj: ItemVersion) -> str:
        return obj.item.implementation_code

    @admin.display(description=_("实施主体"))
    def department(self, obj: ItemVersion) -> str:
        return obj.item.department.name

    @admin.display(description=_("承诺/法定时限"))
    def promised(self, obj: ItemVersion) -> str:
        return f"{obj.promised_limit}/{obj.legal_limit} {obj.get_promised_limit_unit_display()}"

    @admin.display(description=_("压缩比例"))
    def compression_flag(self, obj: ItemVersion) -> str:
        compression = obj.compression
        if compression is None:
            return "—"
        text = f"{compression:.0%}"
        return (
            format_html('<strong style="color:#b7791f">{} {}</strong>', text, gettext("低于30%"))
            if obj.compression_below_target
            else text
        )

    @admin.display(description=_("版本状态"))
    def state_display(self, obj: ItemVersion) -> str:
        return f"v{obj.version} {obj.get_state_display()}" if obj.pk else gettext("新事项（草稿）")

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)
        return access_scope_for(request.user).filter(
            queryset, centre="item__centre", department="item__department"
        )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "department" in form.base_fields:
            department_field = form.base_fields["department"]
            assert isinstance(department_field, forms.ModelChoiceField)
            department_field.queryset = department_list_for(user=request.user)
        return form

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*self.exclude, "department", "implementation_code"] if obj is not None else self.exclude

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and not (obj.is_editable and request.user.has_perm("catalog.edit_item")):
            return [field.name for field in ItemVersion._meta.fields if field.editable] + [
                "joint_departments",
                "life_events",
                "windows",
                "state_display",
            ]
        return self.readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("catalog.edit_item")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("catalog.edit_item") or request.user.has_perm("catalog.publish_item")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.item.save()
            obj.version = 1
            obj.state = VersionState.DRAFT
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.version_refresh_search_text(version=form.instance)

    def get_urls(self) -> list[URLPattern]:
        actions = [
            path(
                "<id:pk>/submit/",
                self.admin_site.admin_view(require_POST(self.submit_view)),
                name="catalog_itemversion_submit",
            ),
            path(
                "<id:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="catalog_itemversion_publish",
            ),
            path(
                "<id:pk>/return/",
                self.admin_site.admin_view(require_POST(self.return_view)),
                name="catalog_itemversion_return",
            ),
            path(
                "<id:pk>/revise/",
                self.admin_site.admin_view(require_POST(self.revise_view)),
                name="catalog_itemversion_revise",
            ),
            path(
                "<id:pk>/apply-template/",
                self.admin_site.admin_view(require_POST(self.apply_template_view)),
                name="catalog_itemversion_apply_template",
            ),
        ]
        return actions + super().get_urls()

    @staticmethod
    def _staff(request: HttpRequest) -> User:
        assert isinstance(request.user, User)
        return request.user

    def _version_for(self, request: HttpRequest, pk: int, permission: str) -> ItemVersion:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _run(
        self, request: HttpRequest, version: ItemVersion, action: Any, done: str, *, staffing: bool = False
    ) -> HttpResponse:
        """Run a workflow action; with ``staffing``, then warn about steps nobody can take."""
        try:
            result = action()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            result = version
        else:
            messages.success(request, done)
            if staffing:
                for gap in version_staffing_gaps(version=result):
                    messages.warning(request, gettext("无人可办：%(gap)s") % {"gap": gap.message})
        return HttpResponseRedirect(reverse("admin:catalog_itemversion_change", args=[result.pk]))

    def submit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self._version_for(request, pk, "catalog.edit_item")
        return self._run(
            request,
            version,
            lambda: services.version_submit(actor=self._staff(request), version=version),
            gettext("已提交中心审核。"),
            staffing=True,
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self._version_for(request, pk, "catalog.publish_item")
        return self._run(
            request,
            version,
            lambda: services.version_publish(actor=self._staff(request), version=version),
            gettext("已审核发布，原发布版本已被替代。"),
            staffing=True,
        )

    def return_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self._version_for(request, pk, "catalog.publish_item")
        reason = request.POST.get("reason", "")
        return self._run(
            request,
            version,
            lambda: services.version_return(actor=self._staff(request), version=version, reason=reason),
            gettext("已退回部门修改。"),
        )

    def revise_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self._version_for(request, pk, "catalog.edit_item")
        return self._run(
            request,
            version,
            lambda: services.version_revise(actor=self._staff(request), item=version.item),
            gettext("已生成新的草稿版本；发布前，原版本继续有效。"),
        )

    def apply_template_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self._version_for(request, pk, "catalog.edit_item")
        template = ProcessTemplate.objects.filter(pk=request.POST.get("template") or 0).first()
        if template is None:
            messages.error(request, gettext("请选择流程模板。"))
            return HttpResponseRedirect(reverse("admin:catalog_itemversion_change", args=[version.pk]))
        return self._run(
            request,
            version,
            lambda: (
                services.version_apply_template(
                    actor=self._staff(request), version=version, template=template
                )
                or version
            ),
            gettext("已按流程模板生成办理环节。"),
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        version = self.get_queryset(request).filter(pk=object_id).first() if object_id.isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "staffing_gaps": version_staffing_gaps(version=version) if version is not None else [],
            "templates": ProcessTemplate.objects.all(),
            "can_publish": request.user.has_perm("catalog.publish_item"),
            "can_edit": request.user.has_perm("catalog.edit_item"),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Material)
class MaterialAdmin(AuditedModelAdmin):
    list_display = ["name", "issuing_body", "centre"]
    list_filter = ["centre"]
    search_fields = ["name", "issuing_body"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return super().get_queryset(request).filter(centre_id__in=access_scope_for(request.user).centre_ids)


class ProcessTemplateStepInline(admin.TabularInline):
    model = ProcessTemplateStep
    extra = 0


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "case_kind"]
    inlines = [ProcessTemplateStepInline]


@admin.register(LifeEvent)
class LifeEventAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "audience", "order"]
    list_filter = ["audience"]
