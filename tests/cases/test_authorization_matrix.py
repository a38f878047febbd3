"""The authorization matrix of cases: every demo role (and anonymous) × every move of the case
machine × both surfaces (the case page's POST route and the API endpoint) × a case of the actor's
own department, of another department, and a 联办件 the actor's department only takes part in.

The expected answers are written here from the domain (DOMAIN.md §2 and §12), not read from
``govhall.cases.policies``:

- a department's staff act only on their own department's cases, each in their role (the window
  takes in, answers, bills, completes and delivers; the reviewer reviews; the approver decides;
  the chief representative forwards and approves extensions and fee adjustments); another
  department's case does not exist for them (404);
- a participating department of a 联办件 sees the case and answers only its own task (403 else);
- centre-wide roles see every case of their centre; the duty chief and the supervision office read
  but never act; the cashier only records payment; the centre manager only approves what another
  person requested;
- one person never both reviews and approves, and never approves their own request (四眼);
- the system administrator manages accounts and devices and reads no case (404);
- anonymous visitors are sent to log in (page) or get 401/403 (API).

Each case is built once for the module through the services; each request runs in the test's own
transaction, rolled back afterwards, so an allowed move does not disturb the next row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from tests.cases.conftest import PERSON, all_received, publish_item
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory

from govhall.cases import fees, services
from govhall.cases.models import Case, CaseEvent, Decision, DeliveryMethod, ForwardTarget, MaterialCheck
from govhall.cases.workflow import CASE
from govhall.catalog.models import CaseKind, ItemFee, ItemVersion, MaterialRequirement
from govhall.org.models import Centre, Department
from govhall.org.roles import Role

ALLOWED, FORBIDDEN, NOT_FOUND, LOGIN = "allowed", "forbidden", "not found", "login"

DEPARTMENT_PERSONAS = {
    "clerk": (Role.WINDOW_CLERK,),
    "reviewer": (Role.REVIEWER,),
    "approver": (Role.APPROVER,),
    "chief": (Role.CHIEF_REPRESENTATIVE,),
}
CENTRE_PERSONAS = {
    "duty": (Role.DUTY_CHIEF,),
    "manager": (Role.CENTRE_MANAGER,),
    "supervisor": (Role.SUPERVISION_OFFICE,),
    "cashier": (Role.CASHIER,),
    "sysadmin": (Role.SYSTEM_ADMINISTRATOR,),
}
"""The demo's nine roles, each held alone, as the demo's accounts hold them."""

ANONYMOUS = "anonymous"
PERSONAS = (*DEPARTMENT_PERSONAS, *CENTRE_PERSONAS, ANONYMOUS)
HANDLERS = frozenset({"clerk", "reviewer", "approver", "chief"})
WINDOW = frozenset({"clerk", "chief"})
"""Who takes in, answers and bills at the window: the clerk, and the chief representative who heads it."""


@dataclass(frozen=True)
class Rule:
    """Who may make one move, from the domain."""

    scenario: str
    """The situation the move is tried in (a case built through the services)."""
    own: frozenset[str] = frozenset()
    """Department roles that may make it on their own department's case."""
    centre_wide: frozenset[str] = frozenset()
    """Centre-wide roles that may make it on any case of their centre."""
    participant_scenario: str = ""
    """A 联办件 led by another department in which the actor's department takes part."""
    participant: frozenset[str] = frozenset()
    """Department roles of a participating department that may make it there."""


RULES: dict[str, Rule] = {
    "case_accept": Rule("received", own=WINDOW),
    "case_request_correction": Rule("received", own=WINDOW),
    "case_not_accept": Rule("received", own=WINDOW),
    "case_refer": Rule("received", own=WINDOW),
    "step_pass": Rule("review", own=frozenset({"reviewer"}), participant_scenario="joint_with_us"),
    "step_claim": Rule("review", own=frozenset({"reviewer"}), participant_scenario="joint_with_us"),
    "step_return": Rule("decide", own=frozenset({"approver"})),
    "step_decide": Rule("decide", own=frozenset({"approver"})),
    "case_forward": Rule("forward", own=frozenset({"chief"})),
    "case_forward_result": Rule("escalated_outside", own=HANDLERS),
    "joint_task_answer": Rule(
        "joint",
        participant_scenario="joint_with_us",
        participant=frozenset({"reviewer", "approver", "chief"}),
    ),
    "case_suspend": Rule("review", own=HANDLERS, participant_scenario="joint_with_us"),
    "case_resume": Rule("suspended", own=HANDLERS),
    "extension_request": Rule("review", own=HANDLERS, participant_scenario="joint_with_us"),
    "extension_decide": Rule(
        "extension_pending", own=frozenset({"chief"}), centre_wide=frozenset({"manager"})
    ),
    "bill_issue": Rule("decided_paid", own=WINDOW),
    "bill_pay": Rule("billed", centre_wide=frozenset({"cashier"})),
    "fee_adjustment_request": Rule("billed", own=WINDOW),
    "fee_adjustment_decide": Rule(
        "adjustment_pending", own=frozenset({"chief"}), centre_wide=frozenset({"manager"})
    ),
    "case_complete": Rule("decided", own=frozenset({"clerk"})),
    "delivery_receipt_issue": Rule("completed", own=frozenset({"clerk"})),
    "case_deliver": Rule("completed", own=frozenset({"clerk"})),
    "case_archive": Rule("delivered", own=HANDLERS),
    "case_withdraw": Rule("review", own=WINDOW, participant_scenario="joint_with_us"),
    "applicant_unmask": Rule(
        "review", own=frozenset({"chief"}), centre_wide=frozenset({"manager", "supervisor"})
    ),
}
"""Every move a person makes on a case. The case page's route is ``cases:case_action`` with the
move's name (the answers go through the answer page, unmasking and printing the 送达回证 through
their own POSTs); the API endpoint of each is in :data:`API`."""

FOUR_EYES: dict[str, tuple[str, dict[str, str]]] = {
    "step_decide": ("decide_after_own_review", {"reviewer_approver": FORBIDDEN, "approver": ALLOWED}),
    "extension_decide": ("extension_by_chief", {"chief": FORBIDDEN, "manager": ALLOWED}),
    "fee_adjustment_decide": ("adjustment_by_chief", {"chief": FORBIDDEN, "manager": ALLOWED}),
}
"""One person never both reviews and approves, nor approves their own request."""


def expected(move: str, position: str, persona: str) -> str:
    rule = RULES[move]
    if position == "four_eyes":
        return FOUR_EYES[move][1][persona]
    if persona == ANONYMOUS:
        return LOGIN
    if persona == "sysadmin":
        return NOT_FOUND
    if persona in CENTRE_PERSONAS:
        return ALLOWED if persona in rule.centre_wide else FORBIDDEN
    if position == "other":
        return NOT_FOUND
    allowed = rule.participant if position == "participant" else rule.own
    return ALLOWED if persona in allowed else FORBIDDEN


# The world: one centre, three departments, the personas, a case per situation ------------------


@dataclass
class Subject:
    """A case as the requests need it."""

    number: str
    step: int | None = None
    task: int | None = None
    extension: int | None = None
    bill: str = ""
    adjustment: int | None = None
    fees: list[int] = field(default_factory=list)
    materials: list[tuple[int, str]] = field(default_factory=list)
    """(item material id, the outcome that makes the application complete)."""


@dataclass
class Staff:
    clerk: User
    reviewer: User
    approver: User
    chief: User


@dataclass
class Items:
    promised: ItemVersion
    paid: ItemVersion
    escalated: ItemVersion
    joint: ItemVersion


@dataclass
class World:
    centre: Centre
    market: Department
    health: Department
    users: dict[str, User]
    subjects: dict[tuple[str, str], Subject]
    """(scenario, department code) → the case."""

    def subject(self, scenario: str, position: str) -> Subject:
        if position == "participant":
            return self.subjects[(scenario, "WJ")]
        return self.subjects[(scenario, "WJ" if position == "other" else "SCJG")]


def _staff(centre: Centre, department: Department | None, roles: tuple[Role, ...], username: str) -> User:
    user: User = StaffFactory(
        centre=centre, department=department, roles=list(roles), user__username=username, name=username
    ).user
    return user


def _subject(case: Case, *, task_department: Department | None = None) -> Subject:
    case.refresh_from_db()
    bill = getattr(case, "bill", None)
    task = case.joint_tasks.filter(department=task_department).first() if task_department else None
    extension = case.extensions.filter(state="pending").first()
    adjustment = bill.adjustments.filter(state="pending").first() if bill is not None else None
    return Subject(
        number=case.number,
        step=case.current_step_id,
        task=task.pk if task is not None else None,
        extension=extension.pk if extension is not None else None,
        bill=bill.number if bill is not None else "",
        adjustment=adjustment.pk if adjustment is not None else None,
        fees=list(ItemFee.objects.filter(version=case.item_version).values_list("pk", flat=True)),
        materials=[
            (
                row.pk,
                MaterialCheck.RECEIVED
                if row.requirement == MaterialRequirement.REQUIRED
                else MaterialCheck.NOT_APPLICABLE,
            )
            for row in case.item_version.materials.order_by("order")
        ],
    )


GRANT = services.DecisionInput(decision=Decision.GRANTED, opinion="同意")


def _accepted(staff: Staff, version: ItemVersion) -> Case:
    return services.case_intake(
        version=version,
        applicant=PERSON,
        materials=all_received(version),
        user=staff.clerk,
        outcome=services.IntakeOutcome.ACCEPT,
    )


def _reviewed(staff: Staff, version: ItemVersion, *, by: User | None = None) -> Case:
    case = _accepted(staff, version)
    assert case.current_step is not None
    services.step_pass(step=case.current_step, user=by or staff.reviewer, opinion="材料齐全")
    case.refresh_from_db()
    return case


def _decided(staff: Staff, version: ItemVersion) -> Case:
    case = _reviewed(staff, version)
    assert case.current_step is not None
    return services.step_decide(step=case.current_step, user=staff.approver, data=GRANT)


def _completed(staff: Staff, items: Items) -> Case:
    return services.case_complete(case=_decided(staff, items.promised), user=staff.clerk)


def _billed(staff: Staff, items: Items) -> Case:
    case = _decided(staff, items.paid)
    fees.bill_issue(case=case, user=staff.clerk)
    case.refresh_from_db()
    return case


def _adjustment(staff: Staff, items: Items, by: User) -> Case:
    case = _billed(staff, items)
    fees.fee_adjustment_request(bill=case.bill, user=by, kind="waiver", reason="困难群众")
    return case


def _extension(staff: Staff, items: Items, by: User) -> Case:
    case = _accepted(staff, items.promised)
    services.extension_request(case=case, user=by, days=5, reason="情况复杂")
    return case


def _forwarded_outside(staff: Staff, items: Items) -> Case:
    case = _reviewed(staff, items.escalated)
    services.case_forward(
        case=case, user=staff.chief, target=ForwardTarget.OUTSIDE_BODY, body_name="山东省药品监督管理局"
    )
    return case


def _delivered(staff: Staff, items: Items) -> Case:
    case = _completed(staff, items)
    services.delivery_receipt_issue(case=case, user=staff.clerk)
    services.case_deliver(
        case=case,
        user=staff.clerk,
        data=services.DeliveryInput(method=DeliveryMethod.PICKUP, recipient="张三", signed=True),
    )
    return case


def _suspended(staff: Staff, items: Items) -> Case:
    case = _accepted(staff, items.promised)
    services.case_suspend(case=case, user=staff.clerk, kind="site_check", reason="实地核查")
    return case


SCENARIOS: dict[str, Callable[[Staff, Items], Case]] = {
    "received": lambda staff, items: services.case_intake(
        version=items.promised,
        applicant=PERSON,
        materials=all_received(items.promised, missing=(2,)),
        user=staff.clerk,
        outcome=services.IntakeOutcome.RECEIVE,
    ),
    "review": lambda staff, items: _accepted(staff, items.promised),
    "decide": lambda staff, items: _reviewed(staff, items.promised),
    "forward": lambda staff, items: _reviewed(staff, items.escalated),
    "escalated_outside": _forwarded_outside,
    "joint": lambda staff, items: _accepted(staff, items.joint),
    "suspended": _suspended,
    "extension_pending": lambda staff, items: _extension(staff, items, staff.clerk),
    "decided_paid": lambda staff, items: _decided(staff, items.paid),
    "billed": _billed,
    "adjustment_pending": lambda staff, items: _adjustment(staff, items, staff.clerk),
    "decided": lambda staff, items: _decided(staff, items.promised),
    "completed": _completed,
    "delivered": _delivered,
}
"""Each situation, built for the department whose staff are given."""


def _items(department: Department, prefix: str, joint: list[Department]) -> Items:
    return Items(
        promised=publish_item(department, code=f"{prefix}-01"),
        paid=publish_item(department, code=f"{prefix}-02", fee=Decimal("10.00"), name="食品生产许可"),
        escalated=publish_item(department, code=f"{prefix}-05", kind=CaseKind.ESCALATED, name="药品经营许可"),
        joint=publish_item(
            department, code=f"{prefix}-04", kind=CaseKind.JOINT, joint=joint, name="餐饮开办"
        ),
    )


def build_world() -> World:
    centre = CentreFactory(code="MXKW", name="矩阵区政务服务中心", level="county")
    market = DepartmentFactory(centre=centre, name="区市场监督管理局", code="SCJG")
    health = DepartmentFactory(centre=centre, name="区卫生健康局", code="WJ")
    fire = DepartmentFactory(centre=centre, name="区消防救援大队", code="XF")
    users = {name: _staff(centre, market, roles, name) for name, roles in DEPARTMENT_PERSONAS.items()}
    users |= {name: _staff(centre, None, roles, name) for name, roles in CENTRE_PERSONAS.items()}
    users["reviewer_approver"] = _staff(centre, market, (Role.REVIEWER, Role.APPROVER), "reviewer_approver")
    ours = Staff(users["clerk"], users["reviewer"], users["approver"], users["chief"])
    theirs = Staff(
        *(_staff(centre, health, roles, f"health_{name}") for name, roles in DEPARTMENT_PERSONAS.items())
    )
    our_items = _items(market, "SCJG", [health, fire])
    their_items = _items(health, "WJ", [fire])
    subjects: dict[tuple[str, str], Subject] = {}
    for scenario, build in SCENARIOS.items():
        subjects[(scenario, "SCJG")] = _subject(build(ours, our_items), task_department=health)
        subjects[(scenario, "WJ")] = _subject(build(theirs, their_items), task_department=fire)
    with_us = publish_item(health, code="WJ-14", kind=CaseKind.JOINT, joint=[market, fire], name="诊所开办")
    subjects[("joint_with_us", "WJ")] = _subject(_accepted(theirs, with_us), task_department=market)
    subjects[("decide_after_own_review", "SCJG")] = _subject(
        _reviewed(ours, our_items.promised, by=users["reviewer_approver"])
    )
    subjects[("extension_by_chief", "SCJG")] = _subject(_extension(ours, our_items, ours.chief))
    subjects[("adjustment_by_chief", "SCJG")] = _subject(_adjustment(ours, our_items, ours.chief))
    return World(centre=centre, market=market, health=health, users=users, subjects=subjects)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def browsers(world: World, django_db_blocker: Any) -> dict[str, Client]:
    """A signed-in page client per persona (anonymous: none), signed in once for the module."""
    clients = {ANONYMOUS: Client()}
    with django_db_blocker.unblock():
        for persona, user in world.users.items():
            clients[persona] = Client()
            clients[persona].force_login(user)
    return clients


# The requests ---------------------------------------------------------------------------------


def _answer(outcome: str, **extra: str) -> Callable[[Subject], dict[str, Any]]:
    """The answer page: the re-checked materials (complete to accept, the second missing for the
    other answers) and the button pressed."""

    def data(subject: Subject) -> dict[str, Any]:
        fields: dict[str, Any] = {"outcome": outcome, **extra}
        for index, (pk, complete) in enumerate(subject.materials):
            missing = outcome != "accept" and index == 1
            fields[f"material-{pk}-outcome"] = MaterialCheck.MISSING if missing else complete
            fields[f"material-{pk}-originals"] = "1"
            fields[f"material-{pk}-copies"] = "1"
        return fields

    return data


PAGE: dict[str, Callable[[Subject], dict[str, Any]]] = {
    "case_accept": _answer("accept"),
    "case_request_correction": _answer("correction"),
    "case_not_accept": _answer("not_accept", not_accept_detail="不符合法定条件"),
    "case_refer": _answer("refer", go_to="市场监督管理局", refer_reason="非本机关职权"),
    "step_pass": lambda s: {"step": s.step, "opinion": "同意"},
    "step_claim": lambda s: {"step": s.step},
    "step_return": lambda s: {"step": s.step, "reason": "请补充核实"},
    "step_decide": lambda s: {"step": s.step, "decision": Decision.GRANTED, "opinion": "同意"},
    "case_forward": lambda s: {"step": s.step, "target": "outside_body", "body_name": "山东省药品监督管理局"},
    "case_forward_result": lambda s: {"result": "省局准予许可"},
    "joint_task_answer": lambda s: {"task": s.task, "answer": "yes", "opinion": "同意"},
    "case_suspend": lambda s: {"kind": "site_check", "reason": "实地核查"},
    "case_resume": lambda s: {"result": "核查合格"},
    "extension_request": lambda s: {"days": 5, "reason": "情况复杂"},
    "extension_decide": lambda s: {"extension": s.extension, "answer": "yes", "note": "同意"},
    "bill_issue": lambda s: {f"apply_{pk}": "on" for pk in s.fees},
    "bill_pay": lambda s: {"receipt_number": "PJ-MATRIX-1"},
    "fee_adjustment_request": lambda s: {"kind": "waiver", "reason": "困难群众"},
    "fee_adjustment_decide": lambda s: {"adjustment": s.adjustment, "answer": "yes"},
    "case_complete": lambda s: {"pickup": ""},
    "delivery_receipt_issue": lambda s: {},
    "case_deliver": lambda s: {"method": "post", "carrier": "中国邮政", "tracking_number": "1190000000001"},
    "case_archive": lambda s: {},
    "case_withdraw": lambda s: {"reason": "申请人书面申请撤回"},
    "applicant_unmask": lambda s: {"who": "applicant"},
}
"""What the page's form for each move sends (the action forms' fields carry the move's name as prefix)."""

ANSWER_PAGE = {"case_accept", "case_request_correction", "case_not_accept", "case_refer"}


def page_post(client: Client, move: str, subject: Subject) -> Any:
    data = PAGE[move](subject)
    if move in ANSWER_PAGE:
        return client.post(reverse("cases:case_answer", args=[subject.number]), data)
    if move == "applicant_unmask":
        return client.post(reverse("cases:case_unmask", args=[subject.number]), data)
    if move == "delivery_receipt_issue":
        return client.post(reverse("cases:delivery_receipt", args=[subject.number]), data)
    prefixed = {f"{move}-{name}": value for name, value in data.items() if value is not None}
    return client.post(reverse("cases:case_action", args=[subject.number, move]), prefixed)


def _answer_api(outcome: str, **extra: Any) -> Callable[[Subject], tuple[str, dict[str, Any]]]:
    def request(subject: Subject) -> tuple[str, dict[str, Any]]:
        data: dict[str, Any] = {"outcome": outcome, **extra}
        if outcome == "accept":
            data["materials"] = [
                {"item_material": pk, "outcome": outcome_, "originals": 1, "copies": 1}
                for pk, outcome_ in subject.materials
            ]
        return f"cases/{subject.number}/answer", data

    return request


API: dict[str, Callable[[Subject], tuple[str, dict[str, Any]]] | None] = {
    "case_accept": _answer_api("accept"),
    "case_request_correction": _answer_api("correction"),
    "case_not_accept": _answer_api("not_accept", detail="不符合法定条件"),
    "case_refer": _answer_api("refer", detail="非本机关职权", go_to="市场监督管理局"),
    "step_pass": lambda s: (f"steps/{s.step}/pass", {"opinion": "同意"}),
    "step_claim": lambda s: (f"steps/{s.step}/claim", {}),
    "step_return": lambda s: (f"steps/{s.step}/return", {"reason": "请补充核实"}),
    "step_decide": lambda s: (f"steps/{s.step}/decide", {"decision": "granted"}),
    "case_forward": lambda s: (
        f"cases/{s.number}/forward",
        {"target": "outside_body", "body_name": "山东省药品监督管理局"},
    ),
    "case_forward_result": lambda s: (f"cases/{s.number}/forward-result", {"result": "省局准予许可"}),
    "joint_task_answer": lambda s: (f"joint-tasks/{s.task}/answer", {"agree": True, "opinion": "同意"}),
    "case_suspend": lambda s: (f"cases/{s.number}/suspend", {"kind": "site_check", "reason": "实地核查"}),
    "case_resume": lambda s: (f"cases/{s.number}/resume", {"result": "核查合格"}),
    "extension_request": lambda s: (f"cases/{s.number}/extensions", {"days": 5, "reason": "情况复杂"}),
    "extension_decide": lambda s: (f"extensions/{s.extension}/decide", {"approve": True}),
    "bill_issue": lambda s: (f"cases/{s.number}/bill", {}),
    "bill_pay": lambda s: (f"bills/{s.bill}/pay", {"receipt_number": "PJ-MATRIX-1"}),
    "fee_adjustment_request": lambda s: (
        f"bills/{s.bill}/adjustments",
        {"kind": "waiver", "reason": "困难群众"},
    ),
    "fee_adjustment_decide": lambda s: (f"adjustments/{s.adjustment}/decide", {"approve": True}),
    "case_complete": lambda s: (f"cases/{s.number}/complete", {}),
    "delivery_receipt_issue": lambda s: (f"cases/{s.number}/delivery-receipt", {}),
    "case_deliver": lambda s: (
        f"cases/{s.number}/deliver",
        {"method": "post", "carrier": "中国邮政", "tracking_number": "1190000000001"},
    ),
    "case_archive": lambda s: (f"cases/{s.number}/archive", {}),
    "case_withdraw": lambda s: (f"cases/{s.number}/withdraw", {"reason": "申请人书面申请撤回"}),
    "applicant_unmask": None,
}
"""Each move's API endpoint and a valid body; None: the move has no API (full numbers are shown
only on the page, audited)."""


def page_outcome(response: Any) -> str:
    if response.status_code == 302:
        return LOGIN if "/accounts/login/" in response["Location"] else ALLOWED
    return {200: ALLOWED, 403: FORBIDDEN, 404: NOT_FOUND}.get(response.status_code, str(response.status_code))


def api_outcome(response: Any, persona: str) -> str:
    if persona == ANONYMOUS and response.status_code in (401, 403):
        return LOGIN
    outcomes = {200: ALLOWED, 201: ALLOWED, 403: FORBIDDEN, 404: NOT_FOUND}
    return outcomes.get(response.status_code, str(response.status_code))


PERSON_MOVES = [name for name, move in CASE.moves.items() if not move.system]
"""The rows are generated from the machine: every move a person makes; the system's own moves (a
scheduled job, the consequences of another move) have no surface."""


def _rows() -> Iterator[Any]:
    for move in PERSON_MOVES:
        if move not in RULES or move not in API:
            yield pytest.param(move, "", "", "", id=f"{move}-has-no-row")
            continue
        rule = RULES[move]
        surfaces = ["page", "api"] if API[move] is not None else ["page"]
        for surface in surfaces:
            for persona in PERSONAS:
                yield pytest.param(move, "own", persona, surface, id=f"{move}-own-{persona}-{surface}")
            for persona in DEPARTMENT_PERSONAS:
                yield pytest.param(move, "other", persona, surface, id=f"{move}-other-{persona}-{surface}")
                if rule.participant_scenario:
                    yield pytest.param(
                        move, "participant", persona, surface, id=f"{move}-participant-{persona}-{surface}"
                    )
            if move in FOUR_EYES:
                for persona in FOUR_EYES[move][1]:
                    yield pytest.param(
                        move, "four_eyes", persona, surface, id=f"{move}-four_eyes-{persona}-{surface}"
                    )


def _subject_for(world: World, move: str, position: str) -> Subject:
    rule = RULES[move]
    if position == "four_eyes":
        return world.subjects[(FOUR_EYES[move][0], "SCJG")]
    if position == "participant":
        return world.subject(rule.participant_scenario, position)
    return world.subject(rule.scenario, position)


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "position", "persona", "surface"), list(_rows()))
def test_matrix(
    world: World, browsers: dict[str, Client], move: str, position: str, persona: str, surface: str
) -> None:
    if not surface:
        pytest.fail(f"the case machine's move {move} has no row in the authorization matrix")
    subject = _subject_for(world, move, position)
    events_before = CaseEvent.objects.filter(case__number=subject.number).count()
    if surface == "page":
        outcome = page_outcome(page_post(browsers[persona], move, subject))
    else:
        api = APIClient()
        if persona != ANONYMOUS:
            api.force_authenticate(world.users[persona])
        request = API[move]
        assert request is not None
        path, data = request(subject)
        outcome = api_outcome(api.post(f"/api/v1/{path}", data, format="json"), persona)
    assert outcome == expected(move, position, persona)
    if outcome != ALLOWED:
        assert CaseEvent.objects.filter(case__number=subject.number).count() == events_before


READS = [
    pytest.param(persona, position, surface, id=f"read-{position}-{persona}-{surface}")
    for surface in ("page", "api")
    for position in ("own", "other")
    for persona in (PERSONAS if position == "own" else DEPARTMENT_PERSONAS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "position", "surface"), READS)
def test_who_reads_a_case(
    world: World, browsers: dict[str, Client], persona: str, position: str, surface: str
) -> None:
    """Every role that works with cases reads its scope's cases; the system administrator reads none."""
    number = world.subject("review", position).number
    if persona == ANONYMOUS:
        wanted = LOGIN
    elif persona == "sysadmin" or (position == "other" and persona in DEPARTMENT_PERSONAS):
        wanted = NOT_FOUND
    else:
        wanted = ALLOWED
    if surface == "page":
        outcome = page_outcome(browsers[persona].get(reverse("cases:case_detail", args=[number])))
    else:
        api = APIClient()
        if persona != ANONYMOUS:
            api.force_authenticate(world.users[persona])
        outcome = api_outcome(api.get(f"/api/v1/cases/{number}"), persona)
    assert outcome == wanted


def test_the_matrix_has_no_row_for_a_move_the_machine_does_not_have() -> None:
    assert set(RULES) == set(API) == set(PERSON_MOVES)
