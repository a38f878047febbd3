"""Roles are contributed by the apps: a role an app declares on its AppConfig becomes a group with the
permissions the apps grant it, and the rules about roles (scope, the admin site) know it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from govhall.core.roles import (
    ADMIN_SITE_ROLES,
    CENTRE_WIDE_ROLES,
    RoleDefinition,
    role_codes_of,
    role_definitions,
    roles_held_by,
    sync_role_groups,
)
from govhall.org.models import CentreLevel
from govhall.org.roles import GROUP_NAMES, Role, roles_of
from govhall.org.selectors import access_scope_for
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory

pytestmark = pytest.mark.django_db

COMPLAINTS_OFFICER = RoleDefinition("complaints_officer", _("投诉专员"), "投诉专员", centre_wide=True)


@pytest.fixture
def notify_declares_a_role(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The notify app declares a role of its own and grants it a permission, as a new app would."""
    config = apps.get_app_config("notify")
    monkeypatch.setattr(config, "roles", (COMPLAINTS_OFFICER,), raising=False)
    monkeypatch.setattr(
        config,
        "role_permissions",
        {
            **config.role_permissions,
            "complaints_officer": ["notify.view_outboxmessage", "core.view_event"],
        },
    )
    role_definitions.cache_clear()
    yield
    monkeypatch.undo()
    role_definitions.cache_clear()


@pytest.mark.usefixtures("notify_declares_a_role")
def test_a_role_an_app_declares_becomes_a_group_with_its_permissions_after_migrate() -> None:
    assert not Group.objects.filter(name="投诉专员").exists()

    call_command("migrate", verbosity=0)

    group = Group.objects.get(name="投诉专员")
    granted = {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert granted == {"notify.view_outboxmessage", "core.view_event"}
    assert GROUP_NAMES["complaints_officer"] == "投诉专员"
    assert "complaints_officer" in CENTRE_WIDE_ROLES and "complaints_officer" not in ADMIN_SITE_ROLES


@pytest.mark.usefixtures("notify_declares_a_role")
def test_the_rules_about_roles_know_an_app_role() -> None:
    sync_role_groups(apps.get_app_config("core"))
    city = CentreFactory(code="CITY", level=CentreLevel.CITY)
    district = CentreFactory(code="DIST", level=CentreLevel.COUNTY, parent=city)
    officer = StaffFactory(
        centre=city, department=DepartmentFactory(centre=city), roles=["complaints_officer"]
    ).user

    assert role_codes_of(officer) == {"complaints_officer"}
    assert [str(role.label) for role in roles_held_by(officer)] == ["投诉专员"]
    assert roles_of(officer) == set()  # org's staff roles only
    assert access_scope_for(officer).centre_ids == {city.pk, district.pk}
    assert access_scope_for(officer).department_ids is None


def test_org_declares_its_own_roles_on_its_app_config() -> None:
    assert {definition.code for definition in apps.get_app_config("org").roles} == set(Role.values)
    assert set(role_definitions()) == set(Role.values)
    assert Role.CASHIER in CENTRE_WIDE_ROLES and Role.REVIEWER not in CENTRE_WIDE_ROLES
    assert {Role.CHIEF_REPRESENTATIVE, Role.WINDOW_CLERK} & ADMIN_SITE_ROLES == {Role.CHIEF_REPRESENTATIVE}


def test_a_permission_for_an_undeclared_role_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        apps.get_app_config("notify"), "role_permissions", {"nobody": ["notify.view_outboxmessage"]}
    )
    with pytest.raises(LookupError, match="undeclared role nobody"):
        sync_role_groups(apps.get_app_config("core"))


def test_two_apps_may_not_declare_the_same_role(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        apps.get_app_config("notify"), "roles", (RoleDefinition(Role.CASHIER, "收费", "收费"),), raising=False
    )
    role_definitions.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="cashier"):
            role_definitions()
    finally:
        monkeypatch.undo()
        role_definitions.cache_clear()
