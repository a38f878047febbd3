"""Demo cases, made through the case services by the demo's people, so the work lists, the case
pages and public tracking have something to show: six 食品经营许可 of the city's 市场监管 department
in every state, a 居民身份证换领 counted in natural days (公安), and a 城镇居民最低生活保障 that
东关街道 received, reviewed and forwarded to 奎文区民政局, where it waits for review. The demo clerk
is also authorised (individually, as a centre does) to handle 即办件 in one sitting.

Built once: when any case exists, nothing is added. Each case tells a story that starts some
working days before today on the centre's calendar (so some are due soon and one is overdue
whatever day the demo is loaded), and each step of it is recorded at its own moment of that story
(:func:`govhall.core.clock.recorded_at`): events, notices and steps carry the story's dates, never
the day the demo was loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Permission, User
from django.utils import timezone
from stdnum.cn import ric

from govhall.cases.applicants import ApplicantInput
from govhall.cases.models import (
    ApplicantKind,
    Case,
    Decision,
    DeliveryMethod,
    ForwardTarget,
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
    case_forward,
    case_intake,
    delivery_receipt_issue,
    step_decide,
    step_pass,
)
from govhall.catalog.models import ItemVersion, MaterialRequirement, StepKind, VersionState
from govhall.core.clock import recorded_at
from govhall.core.working_days import WorkingCalendar
from govhall.org.models import Centre, Department, StaffProfile
from govhall.org.roles import GROUP_NAMES, Role
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
    centre: str = "WF-SZX"
    department: str = "SCJG"


DEMO_CASES = (
    DemoCase("食品经营许可", 7, "handling", 0),
    DemoCase("食品经营许可", 3, "handling", 1),
    DemoCase("食品经营许可", 1, "handling", 2),
    DemoCase("食品经营许可", 0, "correction", 3),
    DemoCase("食品经营许可", 4, "decided", 4),
    DemoCase("食品经营许可", 6, "archived", 5),
    DemoCase("居民身份证换领", 2, "handling", 6, department="GA"),
    DemoCase("城镇居民最低生活保障", 5, "forwarded", 7, centre="WF-KW-DG", department="JD"),
)

HANDLER_BY_ROLE = {
    Role.REVIEWER: "reviewer",
    Role.CHIEF_REPRESENTATIVE: "chief",
    Role.APPROVER: "approver",
}
"""Which demo account does a step of each role in the city's 市场监管."""

RECEIVED_AT = time(9, 30)
WORKED_AT = time(10, 0)
"""Applications come in at half past nine; each later step is done at ten on a later working day."""


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


class Story:
    """The working days of one case's story, from the day it was received; never later than now."""

    def __init__(self, calendar: WorkingCalendar, working_days_ago: int, minutes: int) -> None:
        self.calendar = calendar
        self.now = timezone.localtime()
        self.minutes = timedelta(minutes=minutes)
        day = self.now.date()
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        for _ in range(working_days_ago):
            day -= timedelta(days=1)
            while not calendar.is_working_day(day):
                day -= timedelta(days=1)
        self.received = day

    def at(self, working_days_later: int, moment: time = WORKED_AT) -> datetime:
        """``moment`` (plus the case's few minutes) ``working_days_later`` working days after receipt."""
        day = self.calendar.add_working_days(self.received, working_days_later)
        when = timezone.make_aware(datetime.combine(day, moment)) + self.minutes
        return min(when, self.now)


def _staff_user(centre: str, department: str, role: Role) -> User:
    """The first of a department's staff holding ``role`` (the demo names some, generates others)."""
    profile = (
        StaffProfile.objects.filter(
            centre__code=centre, department__code=department, user__groups__name=GROUP_NAMES[role]
        )
        .select_related("user")
        .order_by("staff_number")
        .first()
    )
    if profile is None:
        raise LookupError(f"no {role.value} in {centre}/{department}")
    user: User = profile.user
    return user


def build_demo_cases(centre: Centre, users: dict[str, User], created: dict[str, int]) -> None:
    users["clerk"].user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="handle_immediate")
    )
    if Case.objects.exists():
        return
    versions = {
        (version.item.centre.code, version.item.department.code, version.name): version
        for version in ItemVersion.objects.filter(state=VersionState.PUBLISHED).select_related(
            "item__centre", "item__department"
        )
    }
    calendars: dict[str, WorkingCalendar] = {}
    for index, spec in enumerate(DEMO_CASES):
        version = versions[(spec.centre, spec.department, spec.item)]
        if spec.centre not in calendars:
            calendars[spec.centre] = centre_calendar(version.item.centre_id)
        story = Story(calendars[spec.centre], spec.working_days_ago, minutes=index * 7)
        STAGES[spec.stage](spec, version, story, users, index)
        created["case"] = created.get("case", 0) + 1


def _take_in(
    spec: DemoCase, version: ItemVersion, story: Story, clerk: User, *, complete: bool = True
) -> Case:
    received = story.at(0, RECEIVED_AT)
    with recorded_at(received):
        return case_intake(
            version=version,
            applicant=_applicant(spec.person),
            materials=_materials(version, complete=complete),
            user=clerk,
            outcome=IntakeOutcome.ACCEPT if complete else IntakeOutcome.CORRECTION,
            on=received.date(),
        )


def _clerk_for(spec: DemoCase, users: dict[str, User]) -> User:
    if (spec.centre, spec.department) == ("WF-SZX", "SCJG"):
        return users["clerk"]
    return _staff_user(spec.centre, spec.department, Role.WINDOW_CLERK)


def _handling(spec: DemoCase, version: ItemVersion, story: Story, users: dict[str, User], index: int) -> None:
    _take_in(spec, version, story, _clerk_for(spec, users))


def _correction(
    spec: DemoCase, version: ItemVersion, story: Story, users: dict[str, User], index: int
) -> None:
    _take_in(spec, version, story, _clerk_for(spec, users), complete=False)


def _decided(spec: DemoCase, version: ItemVersion, story: Story, users: dict[str, User], index: int) -> Case:
    """Reviewed on each following working day, then decided (a 准予 with its certificate)."""
    case = _take_in(spec, version, story, users["clerk"])
    step = case.current_step
    assert step is not None
    later = 1
    while step.kind == StepKind.REVIEW:
        with recorded_at(story.at(later)):
            following = step_pass(
                step=step,
                user=users[HANDLER_BY_ROLE[Role(step.role)]],
                opinion="材料齐全，现场核查符合要求，建议准予许可。",
            )
        assert following is not None
        step, later = following, later + 1
    with recorded_at(story.at(later)):
        return step_decide(
            step=step,
            user=users[HANDLER_BY_ROLE[Role(step.role)]],
            data=DecisionInput(
                decision=Decision.GRANTED, opinion="同意", result_number=f"JY1370702{index:07d}"
            ),
        )


def _archived(spec: DemoCase, version: ItemVersion, story: Story, users: dict[str, User], index: int) -> None:
    """Decided, completed and handed over against a signature the next working day, filed the day after."""
    case = _decided(spec, version, story, users, index)
    decided = story.calendar.working_days_between(story.received, case.decided_on or story.received)
    clerk = users["clerk"]
    with recorded_at(story.at(decided + 1)):
        case = case_complete(case=case, user=clerk)
    with recorded_at(story.at(decided + 1, time(15, 0))):
        delivery_receipt_issue(case=case, user=clerk)
        case_deliver(
            case=case,
            user=clerk,
            data=DeliveryInput(method=DeliveryMethod.PICKUP, recipient=case.applicant.name, signed=True),
        )
    with recorded_at(story.at(decided + 2)):
        case_archive(case=case, user=clerk)


def _forwarded(
    spec: DemoCase, version: ItemVersion, story: Story, users: dict[str, User], index: int
) -> None:
    """A 上报件: the street office's window takes it in, its reviewer checks it the next working day
    and its chief representative forwards it the day after to the district department named by the
    item (the district's case then waits for its reviewer)."""
    case = _take_in(spec, version, story, users["dg-clerk"])
    review = case.current_step
    assert review is not None
    with recorded_at(story.at(1)):
        forward = step_pass(
            step=review, user=users["dg-reviewer"], opinion="经入户调查，家庭收入符合低保条件。"
        )
    assert forward is not None
    district = Department.objects.get(centre__code="WF-KW", name=version.escalation_body)
    with recorded_at(story.at(2)):
        case_forward(
            case=case, user=users["dg-chief"], target=ForwardTarget.HIGHER_CENTRE, department=district
        )


Stage = Callable[[DemoCase, ItemVersion, Story, dict[str, User], int], object]
STAGES: dict[str, Stage] = {
    "handling": _handling,
    "correction": _correction,
    "decided": _decided,
    "archived": _archived,
    "forwarded": _forwarded,
}
