from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govhall.core.admin import AuditedModelAdmin
from govhall.org.models import (
    CalendarAdjustment,
    Centre,
    Department,
    OpeningHours,
    Post,
    StaffProfile,
    Window,
)
from govhall.org.selectors import access_scope_for

admin.site.site_header = _("政务服务中心管理")
admin.site.site_title = _("govhall 管理")
admin.site.index_title = _("系统配置")


class ScopedAdmin(AuditedModelAdmin):
    """Lists only what the user's access scope allows (see org.selectors.access_scope_for)."""

    scope_centre = "centre"
    scope_department: str | None = "department"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)
        return access_scope_for(request.user).filter(
            queryset, centre=self.scope_centre, department=self.scope_department
        )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class CalendarAdjustmentInline(admin.TabularInline):
    model = CalendarAdjustment
    extra = 0


@admin.register(Centre)
class CentreAdmin(ScopedAdmin):
    scope_centre = "id"
    scope_department = None
    list_display = ["name", "code", "level", "parent", "consultation_phone", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code", "address"]
    autocomplete_fields = ["parent"]
    inlines = [OpeningHoursInline, CalendarAdjustmentInline]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super(ScopedAdmin, self).get_queryset(request)
        scope = access_scope_for(request.user)
        return queryset.filter(id__in=scope.centre_ids)


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(ScopedAdmin):
    scope_department = None
    list_display = ["date", "kind", "reason", "centre"]
    list_filter = ["kind", "centre"]
    search_fields = ["reason", "centre__name"]
    date_hierarchy = "date"


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    scope_department = "id"
    list_display = ["name", "short_name", "code", "nature", "centre", "is_active"]
    list_filter = ["centre", "nature", "is_active"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Window)
class WindowAdmin(ScopedAdmin):
    list_display = ["number", "name", "kind", "department", "floor", "zone", "centre", "is_active"]
    list_filter = ["centre", "kind", "floor", "is_active"]
    search_fields = ["number", "name", "department__name"]
    list_select_related = ["centre", "department"]


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ["a_staff", "b_staff"]


WindowAdmin.inlines = [PostInline]


@admin.register(StaffProfile)
class StaffProfileAdmin(ScopedAdmin):
    list_display = ["name", "staff_number", "department", "centre", "is_chief_representative", "user"]
    list_filter = ["centre", "department", "is_chief_representative"]
    search_fields = ["name", "staff_number", "user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["centre", "department", "user"]


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    scope_centre = "window__centre"
    scope_department = "window__department"
    list_display = ["name", "window", "a_staff", "b_staff"]
    list_filter = ["window__centre", "window__department"]
    search_fields = ["name", "window__number", "a_staff__name", "b_staff__name"]
    autocomplete_fields = ["a_staff", "b_staff"]
    list_select_related = ["window", "a_staff", "b_staff"]


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedModelAdmin, UserAdmin):
    """Accounts and their role groups; every change is audited (password hashes are not kept)."""

    list_filter = ["groups", "is_active", "is_staff"]


@admin.register(Group)
class AuditedGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass
