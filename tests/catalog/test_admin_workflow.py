"""Department staff edit their items in the admin; the centre approves publication."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from govhall.catalog.models import ItemVersion, Material, ProcessTemplate, ServiceItem, VersionState
from govhall.core.models import Event
from govhall.org.models import Department
from govhall.org.roles import Role
from tests.catalog.test_versions import published, ready_draft
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory

pytestmark = pytest.mark.django_db

INLINES = ("materials", "fees", "steps")


def staff_client(client: Client, department: Department | None, centre: Any, role: Role) -> Client:
    staff = StaffFactory(centre=centre, department=department, roles=[role])
    staff.user.is_staff = True
    staff.user.save()
    client.force_login(staff.user)
    return client


def management(**totals: int) -> dict[str, str]:
    data: dict[str, str] = {}
    for prefix in INLINES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(totals.get(prefix, 0)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


@pytest.fixture
def market() -> Department:
    return DepartmentFactory(centre=CentreFactory(code="WF"), name="市场监督管理局")


def add_form(department: Department, material: Material, **overrides: str) -> dict[str, Any]:
    form: dict[str, Any] = {
        "department": department.pk,
        "implementation_code": "SP-001",
        "name": "食品经营许可",
        "item_type": "01",
        "service_objects": ["2"],
        "handling_forms": ["1"],
        "case_kind": "promised",
        "legal_limit": "20",
        "legal_limit_unit": "working",
        "promised_limit": "5",
        "promised_limit_unit": "working",
        "legal_basis": "《食品经营许可和备案管理办法》",
        "visits": "1",
        "visits_reason": "需核验原件",
        "online_depth": "1",
        "in_hall": "on",
        "materials-0-material": material.pk,
        "materials-0-order": "1",
        "materials-0-originals": "1",
        "materials-0-copies": "0",
        "materials-0-requirement": "required",
        "materials-0-medium": "paper",
        **management(materials=1),
    }
    form.update(overrides)
    return form


def test_chief_representative_creates_submits_and_manager_publishes(
    client: Client, market: Department
) -> None:
    material = Material.objects.create(centre=market.centre, name="营业执照")
    chief = staff_client(client, market, market.centre, Role.CHIEF_REPRESENTATIVE)
    response = chief.post("/admin/catalog/itemversion/add/", add_form(market, material))
    assert response.status_code == 302, response.content.decode()[:3000]
    version = ItemVersion.objects.get()
    assert (version.version, version.state, version.item.implementation_code) == (1, "draft", "SP-001")
    assert version.materials.count() == 1 and "spjyxk" in version.search_text
    assert Event.objects.filter(kind="catalog.itemversion.create", actor__isnull=False).exists()

    template = ProcessTemplate.objects.get(code="promised-2")
    chief.post(f"/admin/catalog/itemversion/{version.pk}/apply-template/", {"template": template.pk})
    chief.post(f"/admin/catalog/itemversion/{version.pk}/submit/")
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    assert chief.post(f"/admin/catalog/itemversion/{version.pk}/publish/").status_code == 403

    chief.logout()
    manager = staff_client(client, None, market.centre, Role.CENTRE_MANAGER)
    response = manager.post(f"/admin/catalog/itemversion/{version.pk}/publish/", follow=True)
    assert "已审核发布" in response.content.decode()
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED and version.published_by is not None


def test_the_add_form_reports_rule_violations_and_writes_nothing(client: Client, market: Department) -> None:
    material = Material.objects.create(centre=market.centre, name="营业执照")
    chief = staff_client(client, market, market.centre, Role.CHIEF_REPRESENTATIVE)
    response = chief.post("/admin/catalog/itemversion/add/", add_form(market, material, promised_limit="30"))
    assert response.status_code == 200
    assert "承诺办结时限（30）不能超过法定办结时限（20）" in response.content.decode()
    assert not ServiceItem.objects.exists() and not ItemVersion.objects.exists()


def test_submitting_an_incomplete_draft_explains_why(client: Client, market: Department) -> None:
    version = ready_draft(market)
    version.steps.all().delete()
    chief = staff_client(client, market, market.centre, Role.CHIEF_REPRESENTATIVE)
    response = chief.post(f"/admin/catalog/itemversion/{version.pk}/submit/", follow=True)
    assert "请设置办理流程环节" in response.content.decode()
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT


def test_published_versions_are_read_only_and_revised_instead(client: Client, market: Department) -> None:
    version = published(market)
    chief = staff_client(client, market, market.centre, Role.CHIEF_REPRESENTATIVE)
    page = chief.get(f"/admin/catalog/itemversion/{version.pk}/change/").content.decode()
    assert 'name="name"' not in page and "修订（生成新版本草稿）" in page
    response = chief.post(f"/admin/catalog/itemversion/{version.pk}/revise/", follow=True)
    assert "已生成新的草稿版本" in response.content.decode()
    assert ItemVersion.objects.filter(item=version.item, version=2, state="draft").exists()


def test_other_departments_and_clerks_cannot_see_or_edit(client: Client, market: Department) -> None:
    version = published(market)
    tax = DepartmentFactory(centre=market.centre, name="税务局")
    other_chief = staff_client(client, tax, market.centre, Role.CHIEF_REPRESENTATIVE)
    assert other_chief.get(f"/admin/catalog/itemversion/{version.pk}/change/").status_code == 302
    assert other_chief.post(f"/admin/catalog/itemversion/{version.pk}/revise/").status_code == 404
    assert "食品经营许可" not in other_chief.get("/admin/catalog/itemversion/").content.decode()
    other_chief.logout()
    clerk = staff_client(client, market, market.centre, Role.WINDOW_CLERK)
    assert clerk.get("/admin/catalog/itemversion/").status_code == 403
    assert clerk.post(f"/admin/catalog/itemversion/{version.pk}/revise/").status_code == 403
    assert ItemVersion.objects.count() == 1


def test_workflow_actions_are_post_only(client: Client, market: Department) -> None:
    version = ready_draft(market)
    chief = staff_client(client, market, market.centre, Role.CHIEF_REPRESENTATIVE)
    assert chief.get(f"/admin/catalog/itemversion/{version.pk}/submit/").status_code == 405
