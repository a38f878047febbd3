"""无人可办: a step nobody in the department can take is warned about when the item is published and
when a case of it is taken in, and a running case stuck on one is listed for the department's chief
and the centre until someone is given the role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from tests.cases.conftest import PERSON, Hall, accepted_case, all_received, item_fields
from tests.factories import DepartmentFactory, StaffFactory

from govhall.cases.models import Case, CaseState
from govhall.cases.services import IntakeOutcome, case_intake, step_claim
from govhall.catalog import services as catalog
from govhall.catalog.models import ItemMaterial, ItemVersion, Material, MaterialRequirement, ProcessTemplate
from govhall.core.models import Event
from govhall.org.models import Department
from govhall.org.roles import Role, group_for

pytestmark = pytest.mark.django_db

GAP = "“审查”环节须由审查员办理，但区公安分局目前没有在岗的审查员。"


@dataclass
class Police:
    department: Department
    clerk: User
    chief: User
    version: ItemVersion


def _staff(department: Department, *roles: Role, username: str) -> User:
    staff = StaffFactory(
        centre=department.centre, department=department, roles=list(roles), user__username=username
    )
    user: User = staff.user
    return user


def _submitted_item(department: Department) -> ItemVersion:
    """居民身份证换领 at a department with window staff and a chief, but no reviewer or approver."""
    version = catalog.item_create(
        actor=None,
        centre=department.centre,
        department=department,
        implementation_code="GA-01",
        fields=item_fields("promised", name="居民身份证换领"),
    )
    catalog.version_apply_template(
        actor=None, version=version, template=ProcessTemplate.objects.get(code="promised-2")
    )
    material, _ = Material.objects.get_or_create(centre=department.centre, name="居民户口簿")
    ItemMaterial.objects.create(
        version=version, material=material, order=1, originals=1, requirement=MaterialRequirement.REQUIRED
    )
    return catalog.version_submit(actor=None, version=version)


@pytest.fixture
def police(hall: Hall) -> Police:
    department = DepartmentFactory(centre=hall.centre, name="区公安分局", code="GA")
    clerk = _staff(department, Role.WINDOW_CLERK, username="gaclerk")
    chief = _staff(department, Role.CHIEF_REPRESENTATIVE, username="gachief")
    version = catalog.version_publish(actor=None, version=_submitted_item(department))
    return Police(department=department, clerk=clerk, chief=chief, version=version)


def _taken_in(police: Police) -> Case:
    return case_intake(
        version=police.version,
        applicant=PERSON,
        materials=all_received(police.version),
        user=police.clerk,
        outcome=IntakeOutcome.ACCEPT,
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _unassigned(user: User) -> str:
    response = _client(user).get(reverse("cases:unassigned"))
    assert response.status_code == 200
    return response.content.decode()


# Publishing ---------------------------------------------------------------------------------------


def test_publishing_warns_about_each_step_nobody_can_take_and_records_it(hall: Hall) -> None:
    department = DepartmentFactory(centre=hall.centre, name="区公安分局", code="GA")
    _staff(department, Role.WINDOW_CLERK, username="gaclerk")
    version = _submitted_item(department)
    manager = _client(hall.manager)
    hall.manager.is_staff = True
    hall.manager.save()
    page = manager.get(reverse("admin:catalog_itemversion_change", args=[version.pk])).content.decode()
    assert GAP in page and "“核准”环节须由核准员办理，但区公安分局目前没有在岗的核准员。" in page

    response = manager.post(reverse("admin:catalog_itemversion_publish", args=[version.pk]), follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert "已审核发布，原发布版本已被替代。" in shown
    assert f"无人可办：{GAP}" in shown
    version.refresh_from_db()
    assert version.state == "published"  # a warning: the department may be staffing up
    record = Event.objects.get(kind="catalog.version.publish", subject_id=str(version.pk))
    assert GAP in record.payload["after"]["unstaffed_steps"]


def test_a_fully_staffed_department_publishes_without_a_warning(hall: Hall) -> None:
    assert hall.promised.state == "published"
    record = Event.objects.get(kind="catalog.version.publish", subject_id=str(hall.promised.pk))
    assert record.payload["after"]["unstaffed_steps"] == []


# Intake -------------------------------------------------------------------------------------------


def _intake_post(version: ItemVersion) -> dict[str, str]:
    data = {
        "applicant-kind": "person",
        "applicant-name": PERSON.name,
        "applicant-id_type": PERSON.id_type,
        "applicant-id_number": PERSON.id_number,
        "applicant-phone": PERSON.phone,
        "outcome": "accept",
    }
    for row in all_received(version):
        prefix = f"material-{row.item_material_id}"
        data.update(
            {
                f"{prefix}-outcome": row.outcome,
                f"{prefix}-originals": str(row.originals),
                f"{prefix}-copies": str(row.copies),
                f"{prefix}-problem": "",
            }
        )
    return data


def test_intake_warns_the_clerk_before_and_after_accepting(police: Police) -> None:
    client = _client(police.clerk)
    url = reverse("cases:intake_form", args=[police.version.pk])
    form = client.get(url).content.decode()
    assert 'id="staffing-gaps"' in form and GAP in form

    response = client.post(url, _intake_post(police.version), follow=True)
    case = Case.objects.get()
    assert case.state == CaseState.HANDLING
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and GAP in warnings[0] and "无人可办" in warnings[0]


def test_intake_of_a_staffed_item_shows_no_warning(hall: Hall) -> None:
    form = _client(hall.clerk).get(reverse("cases:intake_form", args=[hall.promised.pk])).content.decode()
    assert 'id="staffing-gaps"' not in form


# The list of work nobody can take ---------------------------------------------------------------


def test_a_stuck_case_is_listed_for_the_chief_and_the_centre_until_someone_holds_the_role(
    hall: Hall, police: Police
) -> None:
    stuck = _taken_in(police)
    fine = accepted_case(hall)  # the market department has its reviewer
    assert stuck.current_step is not None and stuck.current_step.name == "审查"

    for viewer in (police.chief, hall.manager):
        page = _unassigned(viewer)
        assert stuck.number in page and fine.number not in page
        assert "区公安分局目前没有在岗的审查员" in page
    assert stuck.number not in _unassigned(hall.chief)  # another department's chief
    assert _client(police.clerk).get(reverse("cases:unassigned")).status_code == 403
    page = _unassigned(hall.manager)
    assert 'id="unassigned-count">1</span>' in page
    assert f'href="{reverse("cases:unassigned")}"' in page  # in the navigation of every page

    reviewer = _staff(police.department, Role.REVIEWER, username="gareviewer")
    assert stuck.number not in _unassigned(hall.manager)
    tasks = _client(reviewer).get(reverse("cases:my_tasks")).content.decode()
    assert stuck.number in tasks

    reviewer.is_active = False  # the only reviewer leaves: the case is stuck again
    reviewer.save()
    assert stuck.number in _unassigned(police.chief)


def test_a_step_claimed_by_someone_who_left_is_unassigned_work(hall: Hall) -> None:
    case = accepted_case(hall)
    assert case.current_step is not None
    step_claim(step=case.current_step, user=hall.reviewer)
    assert case.number not in _unassigned(hall.manager)
    hall.reviewer.is_active = False
    hall.reviewer.save()
    page = _unassigned(hall.manager)
    assert case.number in page and "账号已停用" in page


def test_the_duty_chief_sees_the_list_too(hall: Hall, police: Police) -> None:
    stuck = _taken_in(police)
    duty = StaffFactory(centre=hall.centre, department=None, roles=[Role.DUTY_CHIEF]).user
    assert stuck.number in _unassigned(duty)
    duty.groups.remove(group_for(Role.DUTY_CHIEF))
    assert _client(User.objects.get(pk=duty.pk)).get(reverse("cases:unassigned")).status_code == 403
