"""The staff roles of the hall, which org owns (窗口工作人员 … 系统管理员).

Every app declares its own roles on its AppConfig (``roles``, see :mod:`govhall.core.roles`);
these are org's, declared on ``OrgConfig``. The names below read the registry of every app's roles,
so code written for org's roles keeps working when another app adds one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.roles import (
    ADMIN_SITE_ROLES,
    CENTRE_WIDE_ROLES,
    RoleDefinition,
    group_for,
    role_codes_of,
    role_definitions,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

__all__ = [
    "ADMIN_SITE_ROLES",
    "CENTRE_WIDE_ROLES",
    "GROUP_NAMES",
    "ORG_ROLES",
    "Role",
    "group_for",
    "roles_of",
]


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


def _role(
    role: Role, group_name: str, *, centre_wide: bool = False, admin_site: bool = False
) -> RoleDefinition:
    return RoleDefinition(role, role.label, group_name, centre_wide=centre_wide, admin_site=admin_site)


ORG_ROLES = (
    _role(Role.WINDOW_CLERK, "窗口工作人员"),
    _role(Role.REVIEWER, "审查员"),
    _role(Role.APPROVER, "核准员"),
    _role(Role.CHIEF_REPRESENTATIVE, "首席代表", admin_site=True),
    _role(Role.DUTY_CHIEF, "值班长", centre_wide=True, admin_site=True),
    _role(Role.CENTRE_MANAGER, "中心管理员", centre_wide=True, admin_site=True),
    _role(Role.SUPERVISION_OFFICE, "督查室", centre_wide=True, admin_site=True),
    _role(Role.CASHIER, "收费员", centre_wide=True),
    _role(Role.SYSTEM_ADMINISTRATOR, "系统管理员", centre_wide=True, admin_site=True),
)
"""Org's roles, as ``OrgConfig.roles`` declares them."""


class _GroupNames(Mapping[str, str]):
    """Role code → its group's name, for every app's roles."""

    def __getitem__(self, code: str) -> str:
        return role_definitions()[code].group_name

    def __iter__(self) -> Iterator[str]:
        return iter(role_definitions())

    def __len__(self) -> int:
        return len(role_definitions())


GROUP_NAMES: Mapping[str, str] = _GroupNames()


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[Role]:
    """The staff roles (org's) ``user`` holds; :func:`govhall.core.roles.role_codes_of` gives every
    app's."""
    return {Role(code) for code in role_codes_of(user) if code in Role.values}
