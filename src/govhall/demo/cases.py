"""Demo cases of the city centre's 市场监管 department, made through the case services by the demo
accounts, so the work lists, the case pages and public tracking have something to show. The
demo clerk is also authorised (individually, as a centre does) to handle 即办件 in one sitting.

Built once: when any case exists, nothing is added. Dates count back from today on the centre's
calendar, so some cases are due soon and one is overdue whatever day the demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Permission, User
from django.utils import timezone
from stdnum.cn import ric

from govhall.cases.applicants import ApplicantInput
from govhall.cases.models import (
    ApplicantKind,
    Case,
    Decision,
    DeliveryMethod,
    IdType,
    MaterialCheck,
)
from govhall.cases.services import (
    DecisionInput,
    DeliveryInput,
    IntakeOutcome,
    MaterialInput,
    case_archive,
    case_complete,
    case_deliver,
    case_intake,
    delivery_receipt_issue,
    step_decide,
    step_pass,
)
from govhall.catalog.models import ItemVersion, MaterialRequirement, StepKind, VersionState
from govhall.org.models import Centre
from govhall.org.selectors import centre_calendar


def _resident_id(serial: int) -> str:
    body = f"37070219850101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


PEOPLE = ("王秀英", "李建国", "张丽娟", "刘志强", "陈海燕", "杨俊杰", "赵雪梅", "黄文博")
COMPANIES = (
    ("潍坊市好味道餐饮有限公司", "91350100M000100Y43", "孙立新"),
    ("潍坊鸢都食品商行有限公司", "91110108MA01KX2J3Q", "周明远"),
)


@dataclass(frozen=True)
class DemoCase:
    item: str
    working_days_ago: int
    stage: str
    person: int


DEMO_CASES = (
    DemoCase("食品经营许可", 7, "handling", 0),
    DemoCase("食品经营许可", 3, "handling", 1),
    DemoCase("食品经营许可", 1, "handling", 2),
    DemoCase("食品经营许可", 0, "correction", 3),
    DemoCase("食品经营许可", 4, "decided", 4),
    DemoCase("食品经营许可", 6, "archived", 5),
)


def _applicant(index: int) -> ApplicantInput:
    if index % 3 == 2:
        name, code, representative = COMPANIES[index % len(COMPANIES)]
        return ApplicantInput(
            kind=ApplicantKind.ORGANISATION,
            name=name,
            id_type=IdType.CREDIT_CODE,
            id_number=code,
            phone=f"1395361{index:04d}",
            legal_representative=representative,
        )
    return ApplicantInput(
        kind=ApplicantKind.PERSON,
        name=PEOPLE[index % len(PEOPLE)],
        id_type=IdType.RESIDENT_ID,
        id_number=_resident_id(index + 1),
        phone=f"1385361{index:04d}",
        address="潍坊市奎文区胜利东街" + str(100 + index) + "号",
    )


def _materials(version: ItemVersion, *, complete: bool) -> list[MaterialInput]:
    rows = []
    for position, row in enumerate(version.materials.order_by("order")):
        if row.requirement == MaterialRequirement.CONDITIONAL:
            rows.append(MaterialInput(item_material_id=row.pk, outcome=MaterialCheck.NOT_APPLICABLE))
        elif not complete and position == 0:
            rows.append(MaterialInput(item_material_id=row.pk, outcome=MaterialCheck.MISSING))
        else:
            rows.append(
                MaterialInput(
                    item_material_id=row.pk,
                    outcome=MaterialCheck.RECEIVED,
                    originals=row.originals,
                    copies=row.copies,
                )
            )
    return rows


def _working_days_back(centre: Centre, days: int) -> date:
    calendar = centre_calendar(centre.pk)
    day = calendar.next_working_day(timezone.localdate())
    while days:
        day = date.fromordinal(day.toordinal() - 1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def build_demo_cases(centre: Centre, users: dict[str, User], created: dict[str, int]) -> None:
    users["clerk"].user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="handle_immediate")
    )
    if Case.objects.exists():
        return
    versions = {
        version.name: version
        for version in ItemVersion.objects.filter(
            state=VersionState.PUBLISHED, item__centre=centre, item__department__code="SCJG"
        ).select_related("item")
    }
    for index, spec in enumerate(DEMO_CASES):
        version = versions[spec.item]
        case = case_intake(
            version=version,
            applicant=_applicant(spec.person),
            materials=_materials(version, complete=spec.stage != "correction"),
            user=users["clerk"],
            outcome=IntakeOutcome.CORRECTION if spec.stage == "correction" else IntakeOutcome.ACCEPT,
            on=_working_days_back(centre, spec.working_days_ago),
        )
        created["case"] = created.get("case", 0) + 1
        if spec.stage in ("decided", "archived"):
            _decide(case, users, certificate=f"JY1370702{index:07d}")
        if spec.stage == "archived":
            case = case_complete(case=case, user=users["clerk"])
            delivery_receipt_issue(case=case, user=users["clerk"])
            case_deliver(
                case=case,
                user=users["clerk"],
                data=DeliveryInput(method=DeliveryMethod.PICKUP, recipient=case.applicant.name, signed=True),
            )
            case_archive(case=case, user=users["clerk"])


HANDLER_BY_ROLE = {"reviewer": "reviewer", "chief_representative": "chief", "approver": "approver"}
"""Which demo account does a step of each role."""


def _decide(case: Case, users: dict[str, User], *, certificate: str) -> None:
    step = case.current_step
    assert step is not None
    while step.kind == StepKind.REVIEW:
        handler = users[HANDLER_BY_ROLE[step.role]]
        following = step_pass(step=step, user=handler, opinion="材料齐全，现场核查符合要求，建议准予许可。")
        assert following is not None
        step = following
    step_decide(
        step=step,
        user=users[HANDLER_BY_ROLE[step.role]],
        data=DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number=certificate),
    )
