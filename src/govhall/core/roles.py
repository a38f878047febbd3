"""The roles people hold, contributed by the apps.

An app declares its roles as ``roles`` on its AppConfig (a code, the Chinese label, the Django
group that carries it, whether it sees every department of its centre, whether its work includes
the administration pages) and what each role may do as ``role_permissions`` (role code → the
permissions, any app may grant to any declared role). After every migrate one group per role is
made, holding exactly the permissions the apps declare, so the groups always match the code.
A person holds a role by being in its group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group


@dataclass(frozen=True)
class RoleDefinition:
    code: str
    label: str | Promise
    group_name: str
    """The Django group that carries the role; data shown in the admin, Chinese whatever the UI language."""
    centre_wide: bool = False
    """Sees every department of its centre and its sub-centres (the others see their own)."""
    admin_site: bool = False
    """Its work includes the administration pages (Django's ``is_staff``)."""


@cache
def role_definitions() -> dict[str, RoleDefinition]:
    """Every app's roles by code, in the order of INSTALLED_APPS."""
    found: dict[str, RoleDefinition] = {}
    groups: set[str] = set()
    for config in apps.get_app_configs():
        for definition in getattr(config, "roles", ()):
            if definition.code in found or definition.group_name in groups:
                raise ImproperlyConfigured(
                    f"{config.label} declares role {definition.code} (group {definition.group_name}) twice"
                )
            found[definition.code] = definition
            groups.add(definition.group_name)
    return found


def _by_group() -> dict[str, RoleDefinition]:
    return {definition.group_name: definition for definition in role_definitions().values()}


def role_codes_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """Every role ``user`` holds, whichever app declared it (read once per user object)."""
    from django.contrib.auth.models import User

    if not isinstance(user, User):
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_govhall_role_codes", None)
    if cached is None:
        by_group = _by_group()
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(by_group[name].code for name in names if name in by_group)
        user._govhall_role_codes = cached  # type: ignore[attr-defined]
    return cached


def roles_held_by(user: AbstractBaseUser | AnonymousUser) -> list[RoleDefinition]:
    """The definitions of ``user``'s roles, by label."""
    definitions = role_definitions()
    return sorted((definitions[code] for code in role_codes_of(user)), key=lambda role: str(role.label))


def group_for(code: str) -> Group:
    from django.contrib.auth.models import Group

    return Group.objects.get(name=role_definitions()[code].group_name)


class RoleCodes(AbstractSet[str]):
    """The codes of the declared roles that have a property, read when first asked (after the apps
    are loaded); a set of strings, so the role enums of the apps compare with it."""

    def __init__(self, has: Callable[[RoleDefinition], bool]) -> None:
        self._has = has

    def _codes(self) -> frozenset[str]:
        return frozenset(code for code, definition in role_definitions().items() if self._has(definition))

    def __contains__(self, code: object) -> bool:
        return code in self._codes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes())

    def __len__(self) -> int:
        return len(self._codes())

    @classmethod
    def _from_iterable(cls, codes: Iterable[Any]) -> frozenset[Any]:
        return frozenset(codes)


CENTRE_WIDE_ROLES = RoleCodes(lambda definition: definition.centre_wide)
"""Roles that see every department of their centre and its sub-centres; the others see their own."""

ADMIN_SITE_ROLES = RoleCodes(lambda definition: definition.admin_site)
"""Roles whose work includes the administration pages (Django's is_staff)."""


def _wanted_permissions() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {code: set() for code in role_definitions()}
    for config in apps.get_app_configs():
        for code, permissions in getattr(config, "role_permissions", {}).items():
            if code not in wanted:
                raise LookupError(f"{config.label} grants permissions to undeclared role {code}")
            wanted[code].update(permissions)
    return wanted


def sync_role_groups(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: one group per declared role, holding exactly the permissions the apps grant it."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    definitions = role_definitions()
    for code, permission_names in _wanted_permissions().items():
        missing = permission_names - by_name.keys()
        if missing:
            raise LookupError(f"role {code} names unknown permissions: {sorted(missing)}")
        group, _created = Group.objects.using(using).get_or_create(name=definitions[code].group_name)
        group.permissions.set([by_name[name] for name in permission_names])
