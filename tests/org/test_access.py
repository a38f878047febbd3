"""Who sees what: one selector decides, the admin and the pages obey it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from govhall.core.models import Event
from govhall.org.models import CentreLevel, Window
from govhall.org.roles import GROUP_NAMES, Role, roles_of
from govhall.org.selectors import access_scope_for, window_list_for
from tests.factories import CentreFactory, DepartmentFactory, PostFactory, StaffFactory, WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall() -> dict[str, object]:
    city = CentreFactory(code="CITY", level=CentreLevel.CITY)
    district = CentreFactory(code="DIST", level=CentreLevel.COUNTY, parent=city)
    other_city = CentreFactory(code="OTHER", level=CentreLevel.CITY)
    market = DepartmentFactory(centre=city, name="市场监督管理局")
    tax = DepartmentFactory(centre=city, name="税务局")
    district_dept = DepartmentFactory(centre=district, name="区民政局")
    return {
        "city": city,
        "district": district,
        "market_window": WindowFactory(centre=city, department=market, number="1"),
        "tax_window": WindowFactory(centre=city, department=tax, number="2"),
        "district_window": WindowFactory(centre=district, department=district_dept, number="1"),
        "other_window": WindowFactory(
            centre=other_city, department=DepartmentFactory(centre=other_city), number="1"
        ),
        "market": market,
    }


def test_roles_are_groups_with_the_declared_permissions() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())
    manager = Group.objects.get(name=GROUP_NAMES[Role.CENTRE_MANAGER])
    assert manager.permissions.filter(codename="change_window").exists()
    clerk = Group.objects.get(name=GROUP_NAMES[Role.WINDOW_CLERK])
    assert not clerk.permissions.filter(codename="change_window").exists()


def test_clerk_sees_own_department_only(hall: dict[str, object]) -> None:
    clerk = StaffFactory(centre=hall["city"], department=hall["market"], roles=[Role.WINDOW_CLERK])
    assert roles_of(clerk.user) == {Role.WINDOW_CLERK}
    assert list(window_list_for(user=clerk.user)) == [hall["market_window"]]


def test_manager_sees_centre_subtree(hall: dict[str, object]) -> None:
    manager = StaffFactory(centre=hall["city"], department=None, roles=[Role.CENTRE_MANAGER])
    visible = set(window_list_for(user=manager.user))
    assert visible == {hall["market_window"], hall["tax_window"], hall["district_window"]}
    district_manager = StaffFactory(centre=hall["district"], department=None, roles=[Role.CENTRE_MANAGER])
    assert set(window_list_for(user=district_manager.user)) == {hall["district_window"]}


def test_no_profile_or_inactive_sees_nothing(hall: dict[str, object], django_user_model: type) -> None:
    stranger = django_user_model.objects.create_user("stranger", password="pw-123456")
    assert access_scope_for(stranger).is_empty
    clerk = StaffFactory(centre=hall["city"], department=hall["market"])
    clerk.user.is_active = False
    clerk.user.save()
    assert window_list_for(user=clerk.user).count() == 0


def test_home_page_shows_roles_posts_and_capabilities(client: Client, hall: dict[str, object]) -> None:
    post = PostFactory(window=hall["market_window"], name="食品经营许可受理岗")
    client.force_login(post.a_staff.user)
    html = client.get("/").content.decode()
    assert "窗口工作人员" in html and "市场监督管理局" in html
    assert "食品经营许可受理岗" in html and post.b_staff.name in html
    assert "工作日历" in html
    assert "组织机构管理" not in html and "审计日志" not in html


def test_home_page_for_manager_lists_administration(client: Client, hall: dict[str, object]) -> None:
    manager = StaffFactory(centre=hall["city"], department=None, roles=[Role.CENTRE_MANAGER])
    client.force_login(manager.user)
    html = client.get("/").content.decode()
    assert "组织机构管理" in html and "审计日志" in html and "中心管理员" in html
    assert "账号与角色" not in html


def test_anonymous_home_goes_to_the_public_guide(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/guide/"
    assert "工作人员登录" in client.get("/guide/").content.decode()


def test_admin_lists_only_the_managers_scope_and_audits_changes(
    client: Client, hall: dict[str, object]
) -> None:
    manager = StaffFactory(centre=hall["district"], department=None, roles=[Role.CENTRE_MANAGER])
    manager.user.is_staff = True
    manager.user.save()
    client.force_login(manager.user)
    listing = client.get("/admin/org/window/").content.decode()
    assert hall["district_window"].name in listing and hall["market_window"].name not in listing
    assert client.get(f"/admin/org/window/{hall['market_window'].pk}/change/").status_code == 302

    window: Window = hall["district_window"]
    form = {
        "centre": window.centre_id,
        "number": window.number,
        "name": "社会救助综合窗口",
        "floor": "1F",
        "zone": "A区",
        "kind": window.kind,
        "department": window.department_id,
        "is_active": "on",
        "posts-TOTAL_FORMS": "0",
        "posts-INITIAL_FORMS": "0",
        "posts-MIN_NUM_FORMS": "0",
        "posts-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/org/window/{window.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(kind="org.window.update")
    assert event.actor == manager.user
    assert (
        event.payload["before"]["name"] == window.name
        and event.payload["after"]["name"] == "社会救助综合窗口"
    )
    assert event.origin == f"POST /admin/org/window/{window.pk}/change/"


def test_admin_rejects_a_bad_phone_and_changes_nothing(client: Client, hall: dict[str, object]) -> None:
    manager = StaffFactory(centre=hall["city"], department=None, roles=[Role.CENTRE_MANAGER])
    manager.user.is_staff = True
    manager.user.save()
    client.force_login(manager.user)
    centre = hall["city"]
    form = {
        "name": centre.name,
        "code": centre.code,
        "level": centre.level,
        "consultation_phone": "12345",
        "is_active": "on",
        "opening_hours-TOTAL_FORMS": "0",
        "opening_hours-INITIAL_FORMS": "0",
        "calendar_adjustments-TOTAL_FORMS": "0",
        "calendar_adjustments-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/org/centre/{centre.pk}/change/", form)
    assert response.status_code == 200
    assert "电话号码无效" in response.content.decode()
    centre.refresh_from_db()
    assert centre.consultation_phone == ""
    assert not Event.objects.filter(kind="org.centre.update").exists()


def test_role_changes_by_the_sysadmin_are_audited(client: Client, hall: dict[str, object]) -> None:
    sysadmin = StaffFactory(centre=hall["city"], department=None, roles=[Role.SYSTEM_ADMINISTRATOR])
    sysadmin.user.is_staff = True
    sysadmin.user.save()
    clerk = StaffFactory(centre=hall["city"], department=hall["market"], roles=[Role.WINDOW_CLERK])
    client.force_login(sysadmin.user)
    cashier_group = Group.objects.get(name=GROUP_NAMES[Role.CASHIER])
    clerk_group = Group.objects.get(name=GROUP_NAMES[Role.WINDOW_CLERK])
    form = {
        "username": clerk.user.username,
        "is_active": "on",
        "groups": [clerk_group.pk, cashier_group.pk],
        "date_joined_0": "2026-11-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-11-01",
        "initial-date_joined_1": "09:00:00",
        "password": clerk.user.password,
    }
    response = client.post(f"/admin/auth/user/{clerk.user.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(kind="auth.user.update")
    assert event.actor == sysadmin.user
    assert event.payload["before"]["groups"] == [clerk_group.pk]
    assert sorted(event.payload["after"]["groups"]) == sorted([clerk_group.pk, cashier_group.pk])
    assert "password" not in event.payload["after"]


def test_sign_in_and_failed_sign_in_are_audited(client: Client, hall: dict[str, object]) -> None:
    clerk = StaffFactory(centre=hall["city"], department=hall["market"])
    assert (
        client.post("/accounts/login/", {"username": clerk.user.username, "password": "wrong"}).status_code
        == 200
    )
    assert (
        client.post(
            "/accounts/login/", {"username": clerk.user.username, "password": "pw-for-tests"}
        ).status_code
        == 302
    )
    failed = Event.objects.get(kind="auth.login_failed")
    assert (
        failed.payload["after"] == {"username": clerk.user.username}
        and failed.origin == "POST /accounts/login/"
    )
    assert Event.objects.get(kind="auth.login").actor == clerk.user


def test_an_account_is_locked_after_repeated_wrong_passwords(client: Client, hall: dict[str, object]) -> None:
    clerk = StaffFactory(centre=hall["city"], department=hall["market"])
    username = clerk.user.username
    for _ in range(4):
        assert client.post("/accounts/login/", {"username": username, "password": "wrong"}).status_code == 200
    assert client.post("/accounts/login/", {"username": username, "password": "wrong"}).status_code == 429
    locked = client.post("/accounts/login/", {"username": username, "password": "pw-for-tests"})
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.content.decode() and "30 分钟" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(kind="auth.locked_out", payload={"after": {"username": username}}).exists()
    other = StaffFactory(centre=hall["city"], department=hall["market"])
    assert (
        client.post(
            "/accounts/login/", {"username": other.user.username, "password": "pw-for-tests"}
        ).status_code
        == 302
    )


def test_a_session_ends_after_thirty_idle_minutes(client: Client, hall: dict[str, object]) -> None:
    clerk = StaffFactory(centre=hall["city"], department=hall["market"])
    client.force_login(clerk.user)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert timedelta(minutes=29) < renewed - timezone.now() <= timedelta(minutes=30)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").url == "/guide/"
