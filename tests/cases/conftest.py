"""A hall with a market department, its staff, and published items of each case kind."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, WindowFactory

from govhall.cases.applicants import ApplicantInput
from govhall.cases.models import ApplicantKind, Case, IdType, MaterialCheck
from govhall.cases.services import IntakeOutcome, MaterialInput, case_intake
from govhall.catalog import services as catalog
from govhall.catalog.models import (
    CaseKind,
    ItemFee,
    ItemMaterial,
    ItemVersion,
    Material,
    MaterialRequirement,
    ProcessTemplate,
)
from govhall.org.models import Centre, Department
from govhall.org.roles import Role

PERSON = ApplicantInput(
    kind=ApplicantKind.PERSON,
    name="张三",
    id_type=IdType.RESIDENT_ID,
    id_number="110105199003071239",
    phone="13812345678",
    address="潍坊市奎文区胜利东街1号",
)
COMPANY = ApplicantInput(
    kind=ApplicantKind.ORGANISATION,
    name="潍坊市好味道餐饮有限公司",
    id_type=IdType.CREDIT_CODE,
    id_number="91350100M000100Y43",
    phone="13912345678",
    legal_representative="李四",
)

TEMPLATES = {
    CaseKind.IMMEDIATE: "immediate",
    CaseKind.PROMISED: "promised-2",
    CaseKind.JOINT: "joint",
    CaseKind.ESCALATED: "escalated",
}


def item_fields(kind: str, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "食品经营许可",
        "item_type": "01",
        "service_objects": ["1", "2"],
        "handling_forms": ["1"],
        "case_kind": kind,
        "legal_limit": 20,
        "promised_limit": 0 if kind == CaseKind.IMMEDIATE else 5,
        "legal_basis": "《食品经营许可和备案管理办法》第二十四条",
        "visits": 1,
        "visits_reason": "需核验原件",
        "result_name": "食品经营许可证",
        "consultation_phone": "0536-8888888",
    }
    if kind == CaseKind.ESCALATED:
        fields["escalation_level"] = "city"
        fields["escalation_body"] = "潍坊市市场监督管理局"
    fields.update(overrides)
    return fields


def publish_item(
    department: Department,
    *,
    code: str,
    kind: str = CaseKind.PROMISED,
    fee: Decimal | None = None,
    joint: list[Department] | None = None,
    budgets: tuple[int, ...] = (),
    **overrides: Any,
) -> ItemVersion:
    """Publish an item of ``kind`` from its default template; ``budgets`` replace the steps' budgets
    (in the item's unit), in order."""
    version = catalog.item_create(
        actor=None,
        centre=department.centre,
        department=department,
        implementation_code=code,
        fields=item_fields(kind, charges_fees=fee is not None, **overrides),
    )
    catalog.version_apply_template(
        actor=None, version=version, template=ProcessTemplate.objects.get(code=TEMPLATES[kind])
    )
    for step, days in zip(version.steps.order_by("order"), budgets, strict=False):
        step.budget_days = days
        step.save(update_fields=["budget_days"])
    for order, (name, requirement, condition) in enumerate(
        [
            ("营业执照", MaterialRequirement.REQUIRED, ""),
            ("食品经营许可申请书", MaterialRequirement.REQUIRED, ""),
            ("授权委托书", MaterialRequirement.CONDITIONAL, "委托代理人办理的"),
        ],
        start=1,
    ):
        material, _ = Material.objects.get_or_create(centre=department.centre, name=name)
        ItemMaterial.objects.create(
            version=version,
            material=material,
            order=order,
            originals=1,
            copies=1,
            requirement=requirement,
            condition=condition,
        )
    if fee is not None:
        ItemFee.objects.create(
            version=version,
            order=1,
            name="工本费",
            amount=fee,
            standard="每证10元",
            legal_basis="价费字〔2020〕1号",
        )
    if joint:
        version.joint_departments.set(joint)
    catalog.version_submit(actor=None, version=version)
    return catalog.version_publish(actor=None, version=version)


@dataclass
class Hall:
    centre: Centre
    market: Department
    health: Department
    fire: Department
    clerk: User
    reviewer: User
    approver: User
    chief: User
    cashier: User
    manager: User
    health_reviewer: User
    fire_reviewer: User
    other_clerk: User
    promised: ItemVersion
    paid: ItemVersion
    immediate: ItemVersion
    joint: ItemVersion
    escalated: ItemVersion


def _user(department: Department | None, centre: Centre, *roles: Role, username: str) -> User:
    staff = StaffFactory(
        centre=centre,
        department=department,
        roles=list(roles),
        user__username=username,
        user__first_name=username,
    )
    user: User = staff.user
    return user


@pytest.fixture
def hall(db: None) -> Hall:
    centre = CentreFactory(code="WFKW", name="奎文区政务服务中心", level="county")
    market = DepartmentFactory(centre=centre, name="区市场监督管理局", short_name="区市场监管", code="SCJG")
    health = DepartmentFactory(centre=centre, name="区卫生健康局", short_name="区卫健", code="WJ")
    fire = DepartmentFactory(centre=centre, name="区消防救援大队", short_name="区消防", code="XF")
    WindowFactory(centre=centre, department=market, number="10")
    return Hall(
        centre=centre,
        market=market,
        health=health,
        fire=fire,
        clerk=_user(market, centre, Role.WINDOW_CLERK, username="clerk"),
        reviewer=_user(market, centre, Role.REVIEWER, username="reviewer"),
        approver=_user(market, centre, Role.APPROVER, username="approver"),
        chief=_user(
            market, centre, Role.CHIEF_REPRESENTATIVE, Role.REVIEWER, Role.APPROVER, username="chief"
        ),
        cashier=_user(None, centre, Role.CASHIER, username="cashier"),
        manager=_user(None, centre, Role.CENTRE_MANAGER, username="manager"),
        health_reviewer=_user(health, centre, Role.REVIEWER, username="health"),
        fire_reviewer=_user(fire, centre, Role.REVIEWER, username="fire"),
        other_clerk=_user(health, centre, Role.WINDOW_CLERK, username="otherclerk"),
        promised=publish_item(market, code="SCJG-01"),
        paid=publish_item(market, code="SCJG-02", fee=Decimal("10.00"), name="食品生产许可"),
        immediate=publish_item(market, code="SCJG-03", kind=CaseKind.IMMEDIATE, name="营业执照补领"),
        joint=publish_item(
            market, code="SCJG-04", kind=CaseKind.JOINT, joint=[health, fire], name="餐饮开办"
        ),
        escalated=publish_item(market, code="SCJG-05", kind=CaseKind.ESCALATED, name="药品经营许可"),
    )


def all_received(version: ItemVersion, *, missing: tuple[int, ...] = ()) -> list[MaterialInput]:
    rows = []
    for row in version.materials.order_by("order"):
        if row.order in missing:
            rows.append(MaterialInput(item_material_id=row.pk, outcome=MaterialCheck.MISSING))
        elif row.requirement == MaterialRequirement.CONDITIONAL:
            rows.append(MaterialInput(item_material_id=row.pk, outcome=MaterialCheck.NOT_APPLICABLE))
        else:
            rows.append(
                MaterialInput(item_material_id=row.pk, outcome=MaterialCheck.RECEIVED, originals=1, copies=1)
            )
    return rows


def accepted_case(hall: Hall, version: ItemVersion | None = None, **kwargs: Any) -> Case:
    version = version or hall.promised
    return case_intake(
        version=version,
        applicant=kwargs.pop("applicant", PERSON),
        materials=all_received(version),
        user=hall.clerk,
        outcome=IntakeOutcome.ACCEPT,
        **kwargs,
    )
