"""The hall's roles. Each is a Django group; its permissions come from every app's AppConfig
``role_permissions`` and are synced after each migrate, so the groups always match the code."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission, User
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("窗口工作人员")
    REVIEWER = "reviewer", _("审查员")
    APPROVER = "approver", _("核准员")
    CHIEF_REPRESENTATIVE = "chief_representative", _("首席代表")
    DUTY_CHIEF = "duty_chief", _("值班长")
    CENTRE_MANAGER = "centre_manager", _("中心管理员")
    SUPERVISION_OFFICE = "supervision_office", _("督查室")
    CASHIER = "cashier", _("收费员")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("系统管理员")


GROUP_NAMES: dict[Role, str] = {
    Role.WINDOW_CLERK: "窗口工作人员",
    Role.REVIEWER: "审查员",
    Role.APPROVER: "核准员",
    Role.CHIEF_REPRESENTATIVE: "首席代表",
    Role.DUTY_CHIEF: "值班长",
    Role.CENTRE_MANAGER: "中心管理员",
    Role.SUPERVISION_OFFICE: "督查室",
    Role.CASHIER: "收费员",
    Role.SYSTEM_ADMINISTRATOR: "系统管理员",
}
"""Group names are data shown in the admin; they stay Chinese whatever the UI language."""

CENTRE_WIDE_ROLES = frozenset(
    {Role.DUTY_CHIEF, Role.CENTRE_MANAGER, Role.SUPERVISION_OFFICE, Role.CASHIER, Role.SYSTEM_ADMINISTRATOR}
)
"""Roles that see every department of their centre and its sub-centres; the others see their own."""

ADMIN_SITE_ROLES = frozenset(
    {
        Role.CENTRE_MANAGER,
        Role.SUPERVISION_OFFICE,
        Role.SYSTEM_ADMINISTRATOR,
        Role.DUTY_CHIEF,
        Role.CHIEF_REPRESENTATIVE,
    }
)
"""Roles whose work includes the administration pages (Django's is_staff)."""

_ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}


def group_for(role: Role) -> Group:
    return Group.objects.get(name=GROUP_NAMES[role])


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[Role]:
    if not isinstance(user, User):
        return set()
    cached: set[Role] | None = getattr(user, "_govhall_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = {_ROLE_BY_GROUP[name] for name in names if name in _ROLE_BY_GROUP}
        user._govhall_roles = cached  # type: ignore[attr-defined]
    return cached


def _wanted_permissions() -> dict[Role, set[str]]:
    wanted: dict[Role, set[str]] = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role_code, permissions in getattr(config, "role_permissions", {}).items():
            wanted[Role(role_code)].update(permissions)
    return wanted


def sync_role_groups(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: make one group per role holding exactly the permissions the apps declare."""
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, permission_names in _wanted_permissions().items():
        missing = permission_names - by_name.keys()
        if missing:
            raise LookupError(f"role {role.value} names unknown permissions: {sorted(missing)}")
        group, _created = Group.objects.using(using).get_or_create(name=GROUP_NAMES[role])
        group.permissions.set([by_name[name] for name in permission_names])
