"""Every write on a case: intake and its four outcomes, steps, joint tasks, forwarding, special
procedures, extensions, the decision, completion, delivery, archiving and withdrawal.

Each service runs in one transaction, locks the case row, asks the case machine
(:data:`govhall.cases.workflow.CASE`) whether the user may make its move before it writes anything,
moves the state only through :func:`govhall.cases.workflow.case_move` and appends events; SMS go
out after commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from govhall.cases import clocks
from govhall.cases.applicants import ApplicantInput, applicant_create, applicant_phone
from govhall.cases.apps import CASE_SERIES
from govhall.cases.models import (
    Applicant,
    Case,
    CaseMaterial,
    CaseState,
    CaseStep,
    Channel,
    Decision,
    Delivery,
    DeliveryMethod,
    Extension,
    Forwarding,
    ForwardTarget,
    JointTask,
    JointTaskState,
    MaterialCheck,
    Notice,
    NoticeKind,
    ProcedureKind,
    SpecialProcedure,
    StepState,
)
from govhall.cases.notices import correction_requirement, notice_issue, remedies_text
from govhall.cases.policies import intake_refusal
from govhall.cases.workflow import (
    CASE,
    CaseAction,
    CaseAtHand,
    actor_name,
    case_event_record,
    case_move,
    locked_case,
    refuse,
)
from govhall.catalog.models import (
    CaseKind,
    ItemMaterial,
    ItemVersion,
    MaterialRequirement,
    StepKind,
    VersionState,
)
from govhall.core import clock
from govhall.core.approvals import approval_decide
from govhall.core.numbering import number_issue
from govhall.core.workflow import ActorRefused, StateRefused
from govhall.core.working_days import period_text
from govhall.notify.services import can_receive_sms, sms_send
from govhall.org.models import Department, Window
from govhall.org.roles import Role
from govhall.org.selectors import centre_lineage_ids
from govhall.queueing.selectors.window import current_ticket, open_session_of

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Input = TypeVar("Input", bound="DataclassInstance")


def input_from(cls: type[Input], data: Mapping[str, Any]) -> Input:
    """A service input dataclass (DecisionInput, DeliveryInput, ApplicantInput …) from a form's or
    serializer's cleaned data that uses the same field names."""
    names = {field.name for field in fields(cls)}
    return cls(**{name: value for name, value in data.items() if name in names})


def _today() -> date:
    return clock.today()


def _sms_queue(applicant: Applicant, text: str) -> None:
    """Write the applicant's SMS into the outbox in the caller's transaction, so it commits or rolls
    back with the change it announces; the worker sends it after commit."""
    phone = applicant_phone(applicant)
    if can_receive_sms(phone):
        sms_send(phone=phone, text=text)


# Intake ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialInput:
    item_material_id: int
    outcome: str
    originals: int = 0
    copies: int = 0
    problem: str = ""


class IntakeOutcome:
    ACCEPT = "accept"
    CORRECTION = "correction"
    NOT_ACCEPT = "not_accept"
    REFER = "refer"
    RECEIVE = "receive"
    IMMEDIATE = "immediate"
    """即办件: accept and decide in the same sitting (``case_handle_immediate``)."""


def _check_materials(version: ItemVersion, materials: Sequence[MaterialInput]) -> list[CaseMaterial]:
    wanted = {row.pk: row for row in ItemMaterial.objects.filter(version=version).select_related("material")}
    given = {entry.item_material_id: entry for entry in materials}
    if len(given) != len(materials) or set(given) - set(wanted):
        raise refuse(_("材料清单与事项不符，请刷新后重新核验。"), "materials_mismatch")
    unchecked = [wanted[pk].material.name for pk in wanted if pk not in given]
    if unchecked:
        raise refuse(
            _("请逐项核验材料，尚未核验：%(names)s。") % {"names": "、".join(unchecked)},
            "materials_unchecked",
        )
    rows: list[CaseMaterial] = []
    for pk, row in wanted.items():
        entry = given[pk]
        if entry.outcome not in MaterialCheck.values:
            raise refuse(_("材料核验结果无效。"), "material_outcome")
        required = row.requirement == MaterialRequirement.REQUIRED
        if entry.outcome == MaterialCheck.NOT_APPLICABLE and required:
            raise refuse(
                _("“%(name)s”是必要材料，不能标为不适用。") % {"name": row.material.name}, "material_required"
            )
        if entry.outcome == MaterialCheck.NOT_COMPLIANT and not entry.problem.strip():
            raise refuse(
                _("请写明“%(name)s”不符合要求的具体问题。") % {"name": row.material.name}, "material_problem"
            )
        if not (0 <= entry.originals <= 99 and 0 <= entry.copies <= 99):
            raise refuse(_("材料份数应在0至99之间。"), "material_count")
        rows.append(
            CaseMaterial(
                item_material=row,
                order=row.order,
                name=row.material.name,
                required=required,
                originals_received=entry.originals if entry.outcome == MaterialCheck.RECEIVED else 0,
                copies_received=entry.copies if entry.outcome == MaterialCheck.RECEIVED else 0,
                outcome=entry.outcome,
                problem=entry.problem.strip(),
            )
        )
    return rows


def _problems(materials: Sequence[CaseMaterial]) -> list[CaseMaterial]:
    return [row for row in materials if row.outcome in (MaterialCheck.MISSING, MaterialCheck.NOT_COMPLIANT)]


OPEN_FORM_HOURS = 12
"""How long an intake form opened under a version may still be sent under it once a newer version
is published (the clerk's working day); later it must be checked against the new version."""


def version_open_for_intake(version: ItemVersion, *, form_opened_at: datetime | None) -> bool:
    """A case is taken in under the published version, or under the one a form was opened with
    while it was published (superseded since, less than :data:`OPEN_FORM_HOURS` ago): the applicant's
    papers were checked against that version's list."""
    if version.state == VersionState.PUBLISHED:
        return True
    if version.state != VersionState.SUPERSEDED or form_opened_at is None or version.superseded_at is None:
        return False
    fresh = clock.now() - form_opened_at <= timedelta(hours=OPEN_FORM_HOURS)
    return fresh and form_opened_at < version.superseded_at


def _new_case(
    *,
    version: ItemVersion,
    applicant: ApplicantInput,
    agent: ApplicantInput | None,
    user: User | None,
    channel: str,
    window: Window | None,
    ticket_id: int | None,
    on: date,
    form_opened_at: datetime | None,
) -> Case:
    if not version_open_for_intake(version, form_opened_at=form_opened_at):
        raise refuse(_("只能按已发布的事项版本收件。"), "version_not_published")
    item = version.item
    errors: dict[str, list[str]] = {}
    try:
        person = applicant_create(applicant, role=_("申请人"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    acting = None
    if agent is not None:
        try:
            acting = applicant_create(agent, role=_("代办人"))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"agent_{field}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    centre = item.centre
    number = number_issue(series=CASE_SERIES, scope=centre.code, on=on).text
    return Case.objects.create(
        number=number,
        centre=centre,
        department=item.department,
        item=item,
        item_version=version,
        item_name=version.name,
        kind=version.case_kind,
        state=CaseState.RECEIVED,
        channel=channel,
        applicant=person,
        agent=acting,
        ticket_id=ticket_id,
        window=window,
        received_on=on,
        received_by=user,
        limit_days=version.promised_limit,
        limit_unit=version.promised_limit_unit,
        legal_limit_days=version.legal_limit,
    )


def case_intake(
    *,
    version: ItemVersion,
    applicant: ApplicantInput,
    materials: Sequence[MaterialInput],
    user: User,
    outcome: str,
    agent: ApplicantInput | None = None,
    channel: str = Channel.WINDOW,
    window: Window | None = None,
    ticket_id: int | None = None,
    reasons: Sequence[str] = (),
    detail: str = "",
    go_to: str = "",
    decision: DecisionInput | None = None,
    on: date | None = None,
    form_opened_at: datetime | None = None,
) -> Case:
    """Receive an application and give the window's answer at once: 受理, 一次性告知补正, 不予受理
    or 退回, or for a 即办件 受理 and the decision (``decision``) in one sitting; or only receive
    it (post, online) and answer within five working days. ``form_opened_at`` is when the window's
    form was opened (verified by the caller): a version superseded since still takes the case."""
    refused = intake_refusal(version, user)
    if refused is not None:
        raise ActorRefused(refused, code="intake_refusal")
    day = on or _today()
    if ticket_id is not None:
        window = _window_serving(user, ticket_id)
    with transaction.atomic():
        rows = _check_materials(version, materials)
        case = _new_case(
            version=version,
            applicant=applicant,
            agent=agent,
            user=user,
            channel=channel,
            window=window,
            ticket_id=ticket_id,
            on=day,
            form_opened_at=form_opened_at,
        )
        for row in rows:
            row.case = case
        CaseMaterial.objects.bulk_create(rows)
        case_event_record(
            case=case,
            action=CaseAction.RECEIVE,
            user=user,
            to_state=CaseState.RECEIVED,
            detail={"channel": channel, "ticket": ticket_id},
        )
        at_hand = CaseAtHand(case)
        if outcome in ANSWERS:
            _answer(at_hand, rows, outcome, user=user, reasons=reasons, detail=detail, go_to=go_to, on=day)
        elif outcome == IntakeOutcome.IMMEDIATE and decision is not None:
            _accept(at_hand, rows, user=user, on=day, move="case_accept")
            case = case_handle_immediate(case=case, user=user, data=decision)
        elif outcome != IntakeOutcome.RECEIVE:
            raise refuse(_("请选择收件结果。"), "outcome")
    return case


ANSWERS = {
    IntakeOutcome.ACCEPT: "case_accept",
    IntakeOutcome.CORRECTION: "case_request_correction",
    IntakeOutcome.NOT_ACCEPT: "case_not_accept",
    IntakeOutcome.REFER: "case_refer",
}
"""The window's answers to an application and the move each makes."""


def _answer(
    at_hand: CaseAtHand,
    rows: Sequence[CaseMaterial],
    outcome: str,
    *,
    user: User,
    reasons: Sequence[str],
    detail: str,
    go_to: str,
    on: date,
) -> None:
    if outcome == IntakeOutcome.ACCEPT:
        _accept(at_hand, rows, user=user, on=on, move="case_accept")
    elif outcome == IntakeOutcome.CORRECTION:
        _request_correction(at_hand, rows, user=user, on=on)
    elif outcome == IntakeOutcome.NOT_ACCEPT:
        _not_accept(at_hand, user=user, reasons=reasons, detail=detail, on=on)
    else:
        _refer(at_hand, user=user, reason=detail, go_to=go_to, on=on)


def _window_serving(user: User, ticket_id: int) -> Window:
    """The clerk's window, which must be serving ``ticket_id`` now (the case is linked to it)."""
    session = open_session_of(user)
    ticket = current_ticket(session.window) if session is not None else None
    if session is None or ticket is None or ticket.pk != ticket_id:
        raise refuse(
            _("未找到该排队号，或该排队号已不在您的窗口办理，请刷新页面后重新提交。"), "ticket_changed"
        )
    return session.window


def _accept(
    at_hand: CaseAtHand, rows: Sequence[CaseMaterial], *, user: User | None, on: date, move: str
) -> None:
    case = at_hand.case
    missing = _problems(rows)
    if missing and move == "case_accept":
        raise refuse(
            _("材料不齐全或不符合要求（%(names)s），不能受理，请出具一次性告知书。")
            % {"names": "、".join(row.name for row in missing)},
            "materials_incomplete",
        )
    note = ""
    if move == "case_auto_accept":
        note = _(
            "自收到申请材料之日起五个工作日内未一次性告知补正，依《中华人民共和国行政许可法》第三十二条，"
            "自收到申请材料之日起即为受理。"
        )
    case.accepted_by = user
    case_move(at_hand=at_hand, move=move, user=user, on=on, note=note, update_fields=("accepted_by",))
    _create_steps(case, user=user)
    notice_issue(
        case=case,
        kind=NoticeKind.ACCEPTANCE,
        user=user,
        on=_today(),
        accepted_on=on.isoformat(),
        due_on=case.due_on.isoformat() if case.due_on else "",
        limit=_limit_text(case),
        materials=[
            {"name": row.name, "originals": row.originals_received, "copies": row.copies_received}
            for row in rows
            if row.outcome == MaterialCheck.RECEIVED
        ],
    )


def _limit_text(case: Case) -> str:
    if case.limit_days == 0:
        return _("当场办结")
    return period_text(case.limit_days, case.limit_unit)


def _request_correction(at_hand: CaseAtHand, rows: Sequence[CaseMaterial], *, user: User, on: date) -> None:
    case = at_hand.case
    problems = _problems(rows)
    if not problems:
        raise refuse(_("材料齐全时应直接受理，无需一次性告知补正。"), "nothing_missing")
    case_move(
        at_hand=at_hand,
        move="case_request_correction",
        user=user,
        on=on,
        detail={"problems": [row.name for row in problems]},
    )
    notice_issue(
        case=case,
        kind=NoticeKind.CORRECTION,
        user=user,
        on=on,
        problems=[
            {
                "name": row.name,
                "outcome": str(MaterialCheck(row.outcome).label),
                "problem": row.problem,
                "requirement": correction_requirement(row.item_material),
            }
            for row in problems
        ],
        received=[row.name for row in rows if row.outcome == MaterialCheck.RECEIVED],
    )


def _not_accept(at_hand: CaseAtHand, *, user: User, reasons: Sequence[str], detail: str, on: date) -> None:
    case = at_hand.case
    listed = [reason.strip() for reason in reasons if reason.strip()]
    if not listed and not detail.strip():
        raise refuse(_("不予受理须写明理由。"), "reasons_required")
    case.closing_reason = "；".join([*listed, detail.strip()]).strip("；")
    case.completed_on = on
    case_move(
        at_hand=at_hand,
        move="case_not_accept",
        user=user,
        on=on,
        update_fields=("closing_reason", "completed_on"),
    )
    notice_issue(
        case=case,
        kind=NoticeKind.NOT_ACCEPTED,
        user=user,
        on=on,
        reasons=listed,
        detail=detail.strip(),
        remedies=remedies_text(),
    )


def _refer(at_hand: CaseAtHand, *, user: User, reason: str, go_to: str, on: date) -> None:
    case = at_hand.case
    if not go_to.strip():
        raise refuse(_("退回件须告知申请人应向哪个机关申请。"), "go_to_required")
    case.closing_reason = reason.strip() or _("申请事项依法不属于本机关职权范围。")
    case_move(at_hand=at_hand, move="case_refer", user=user, on=on, update_fields=("closing_reason",))
    notice_issue(
        case=case, kind=NoticeKind.REFERRAL, user=user, on=on, reason=case.closing_reason, go_to=go_to.strip()
    )


def _materials_update(case: Case, materials: Sequence[MaterialInput]) -> list[CaseMaterial]:
    rows = _check_materials(case.item_version, materials)
    existing = {row.item_material_id: row for row in case.materials.select_related("item_material__material")}
    for row in rows:
        current = existing[row.item_material_id]
        current.originals_received = row.originals_received
        current.copies_received = row.copies_received
        current.outcome = row.outcome
        current.problem = row.problem
    CaseMaterial.objects.bulk_update(
        existing.values(), ["originals_received", "copies_received", "outcome", "problem"]
    )
    return list(existing.values())


def case_answer(
    *,
    case: Case,
    user: User,
    outcome: str,
    materials: Sequence[MaterialInput] | None = None,
    reasons: Sequence[str] = (),
    detail: str = "",
    go_to: str = "",
    on: date | None = None,
) -> Case:
    """Answer a received application, or one waiting for 补正 whose materials came in: accept (the
    clock starts the day the materials are complete), a (new) one-time notice, 不予受理 or 退回."""
    if outcome not in ANSWERS:
        raise refuse(_("请选择受理结果。"), "outcome")
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        CASE.check(ANSWERS[outcome], at_hand, user)
        rows = (
            _materials_update(case, materials)
            if materials is not None
            else list(case.materials.select_related("item_material__material"))
        )
        if materials is not None:
            case_event_record(
                case=case,
                action="materials_checked",
                user=user,
                detail={"missing": [row.name for row in _problems(rows)]},
            )
        _answer(at_hand, rows, outcome, user=user, reasons=reasons, detail=detail, go_to=go_to, on=day)
    return case


def cases_auto_accept(*, today: date | None = None) -> int:
    """Accept, from the day received, every application left without an answer for five working
    days (行政许可法 Art. 32); returns how many."""
    day = today or _today()
    accepted = 0
    pending = Case.objects.filter(state=CaseState.RECEIVED).select_related("centre")
    for case in pending.iterator():
        deadline = clocks.correction_deadline(calendar=clocks.calendar_of(case), received_on=case.received_on)
        if deadline >= day:
            continue
        with transaction.atomic():
            locked = locked_case(case)
            if locked.state != CaseState.RECEIVED:
                continue
            _accept(
                CaseAtHand(locked),
                list(locked.materials.all()),
                user=None,
                on=locked.received_on,
                move="case_auto_accept",
            )
        accepted += 1
    return accepted


# Steps ----------------------------------------------------------------------------------------


def _create_steps(case: Case, *, user: User | None) -> None:
    """Copy the item version's steps onto the case: the 受理 step passed by whoever accepted, the
    next one started (in one insert; the later ones wait)."""
    rows = list(case.item_version.steps.all())
    if not rows:
        return
    now, started_on = clock.now(), case.accepted_on
    assert started_on is not None
    steps = [
        CaseStep(
            case=case,
            order=row.order,
            name=row.name,
            kind=row.kind,
            role=row.role,
            department=case.department,
            budget_days=row.budget_days,
        )
        for row in rows
    ]
    first = steps[0]
    first.state, first.handler = StepState.PASSED, user
    first.started_on, first.started_at, first.ended_at = started_on, now, now
    active = steps[1] if len(steps) > 1 else None
    if active is not None:
        active.state, active.started_on, active.started_at = StepState.ACTIVE, started_on, now
        active.due_on = clocks.step_due_date(
            case=case,
            calendar=clocks.calendar_of(case),
            started_on=started_on,
            budget_days=active.budget_days,
        )
    CaseStep.objects.bulk_create(steps)
    case.current_step = active
    case.save(update_fields=["current_step", "updated_at"])
    if active is not None:
        if active.kind == StepKind.JOINT_REVIEW:
            _open_joint_tasks(case, active, on=started_on)
        case_event_record(case=case, action="step_started", user=user, step=active, note=active.name)


def _latest_rounds(case: Case) -> dict[int, CaseStep]:
    latest: dict[int, CaseStep] = {}
    for step in CaseStep.objects.filter(case=case).order_by("order", "round"):
        latest[step.order] = step
    return latest


def _activate(case: Case, order: int, *, user: User | None, on: date) -> CaseStep:
    step = _latest_rounds(case)[order]
    if step.state != StepState.PENDING:
        step = CaseStep.objects.create(
            case=case,
            order=step.order,
            round=step.round + 1,
            name=step.name,
            kind=step.kind,
            role=step.role,
            department=step.department,
            budget_days=step.budget_days,
        )
    step.state = StepState.ACTIVE
    step.started_on = on
    step.started_at = clock.now()
    step.due_on = clocks.step_due_date(
        case=case, calendar=clocks.calendar_of(case), started_on=on, budget_days=step.budget_days
    )
    step.save(update_fields=["state", "started_on", "started_at", "due_on"])
    case.current_step = step
    case.save(update_fields=["current_step", "updated_at"])
    if step.kind == StepKind.JOINT_REVIEW:
        _open_joint_tasks(case, step, on=on)
    case_event_record(case=case, action="step_started", user=user, step=step, public=True, note=step.name)
    return step


def _activate_after(case: Case, step: CaseStep, *, user: User | None, on: date) -> CaseStep | None:
    later = sorted(order for order in _latest_rounds(case) if order > step.order)
    if not later:
        case.current_step = None
        case.save(update_fields=["current_step", "updated_at"])
        return None
    return _activate(case, later[0], user=user, on=on)


def _locked_step(step: CaseStep) -> tuple[Case, CaseStep]:
    case = locked_case(step.case)
    return case, CaseStep.objects.select_for_update().get(pk=step.pk)


def _end_step(step: CaseStep, *, state: str, user: User | None, opinion: str) -> None:
    step.state = state
    step.handler = user
    step.opinion = opinion
    step.ended_at = clock.now()
    step.save(update_fields=["state", "handler", "opinion", "ended_at"])


def step_pass(*, step: CaseStep, user: User, opinion: str = "", on: date | None = None) -> CaseStep | None:
    """Pass a 受理, 审查 or 并联审查 step on to the next one, which starts that day; returns it."""
    day = on or _today()
    with transaction.atomic():
        case, step = _locked_step(step)
        CASE.check("step_pass", CaseAtHand(case, step=step), user)
        if step.kind == StepKind.REVIEW and not opinion.strip():
            raise refuse(_("请填写审查意见。"), "opinion_required")
        _end_step(step, state=StepState.PASSED, user=user, opinion=opinion.strip())
        case_event_record(case=case, action="step_passed", user=user, step=step, note=opinion.strip())
        return _activate_after(case, step, user=user, on=day)


def step_return(*, step: CaseStep, user: User, reason: str, on: date | None = None) -> CaseStep:
    """Return the case to the previous step with reasons; that step is done again (a new round)."""
    if not reason.strip():
        raise refuse(_("退回须写明理由。"), "reason_required")
    day = on or _today()
    with transaction.atomic():
        case, step = _locked_step(step)
        CASE.check("step_return", CaseAtHand(case, step=step), user)
        earlier = sorted(order for order in _latest_rounds(case) if order < step.order)
        _end_step(step, state=StepState.RETURNED, user=user, opinion=reason.strip())
        case_event_record(case=case, action="step_returned", user=user, step=step, note=reason.strip())
        return _activate(case, earlier[-1], user=user, on=day)


def step_claim(*, step: CaseStep, user: User) -> CaseStep:
    """Take a step from the department's pool so colleagues see who is on it."""
    with transaction.atomic():
        case, step = _locked_step(step)
        CASE.check("step_claim", CaseAtHand(case, step=step), user)
        step.assignee = user
        step.save(update_fields=["assignee"])
        case_event_record(case=case, action="step_claimed", user=user, step=step, public=False)
    return step


# Joint cases ----------------------------------------------------------------------------------


def _open_joint_tasks(case: Case, step: CaseStep, *, on: date) -> None:
    calendar = clocks.calendar_of(case)
    departments = case.item_version.joint_departments.all()
    JointTask.objects.bulk_create(
        JointTask(
            case=case,
            step=step,
            department=department,
            budget_days=step.budget_days,
            started_on=on,
            due_on=clocks.step_due_date(
                case=case, calendar=calendar, started_on=on, budget_days=step.budget_days
            ),
        )
        for department in departments
    )


def joint_task_answer(*, task: JointTask, user: User, agree: bool, opinion: str) -> JointTask:
    """A participating department's review: agree, or refuse with reasons (the lead decides)."""
    if not agree and not opinion.strip():
        raise refuse(_("不同意须写明理由。"), "reasons_required")
    with transaction.atomic():
        case = locked_case(task.case)
        task = JointTask.objects.select_for_update().select_related("department", "step").get(pk=task.pk)
        CASE.check("joint_task_answer", CaseAtHand(case, task=task), user)
        task.state = JointTaskState.AGREED if agree else JointTaskState.REFUSED
        task.handler = user
        task.opinion = opinion.strip()
        task.ended_at = clock.now()
        task.save(update_fields=["state", "handler", "opinion", "ended_at"])
        case_event_record(
            case=case,
            action="joint_agreed" if agree else "joint_refused",
            user=user,
            step=task.step,
            note=f"{task.department.name}：{task.opinion}",
            detail={"department": task.department_id},
        )
    return task


# Special procedures and extensions ------------------------------------------------------------


def case_suspend(
    *, case: Case, user: User, kind: str, reason: str, on: date | None = None
) -> SpecialProcedure:
    """Start a special procedure (听证, 检验 …): the clock pauses and the applicant is told in writing."""
    if kind not in ProcedureKind.values:
        raise refuse(_("请选择特别程序种类。"), "kind")
    if not reason.strip():
        raise refuse(_("请写明启动特别程序的理由。"), "reason_required")
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        case_move(
            at_hand=at_hand,
            move="case_suspend",
            user=user,
            on=day,
            note=f"{ProcedureKind(kind).label}：{reason.strip()}",
        )
        procedure = SpecialProcedure.objects.create(
            case=case, kind=kind, reason=reason.strip(), started_on=day, started_by=user
        )
        notice_issue(
            case=case,
            kind=NoticeKind.SPECIAL_PROCEDURE,
            user=user,
            on=day,
            procedure=str(procedure.get_kind_display()),
            reason=procedure.reason,
            started_on=day.isoformat(),
        )
    return procedure


def case_resume(*, case: Case, user: User, result: str, on: date | None = None) -> SpecialProcedure:
    """End the special procedure with its result; its days move the due date (and the step's)."""
    if not result.strip():
        raise refuse(_("请填写特别程序的结果。"), "result_required")
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        event = case_move(at_hand=at_hand, move="case_resume", user=user, on=day, note=result.strip())
        procedure = SpecialProcedure.objects.select_for_update().get(case=case, ended_on__isnull=True)
        if day < procedure.started_on:
            raise refuse(_("结束日期不能早于开始日期。"), "date_order")
        paused = int(event.detail["paused_days"])
        procedure.ended_on = day
        procedure.ended_by = user
        procedure.result = result.strip()
        procedure.paused_days = paused
        procedure.save(update_fields=["ended_on", "ended_by", "result", "paused_days"])
        if paused:
            _move_running_deadlines(case, paused=paused)
    return procedure


def _move_running_deadlines(case: Case, *, paused: int) -> None:
    """After a special procedure, the running step and joint tasks get its days too (never past the case)."""
    calendar = clocks.calendar_of(case)
    step = case.current_step
    if step is not None and step.due_on is not None and step.state == StepState.ACTIVE:
        step.due_on = clocks.step_due_after_pause(
            case=case, calendar=calendar, due_on=step.due_on, paused=paused
        )
        step.save(update_fields=["due_on"])
    tasks = list(JointTask.objects.filter(case=case, state=JointTaskState.ACTIVE))
    for task in tasks:
        task.due_on = clocks.step_due_after_pause(
            case=case, calendar=calendar, due_on=task.due_on, paused=paused
        )
    JointTask.objects.bulk_update(tasks, ["due_on"])


def extension_request(*, case: Case, user: User, days: int, reason: str) -> Extension:
    if not reason.strip():
        raise refuse(_("延期须写明理由。"), "reason_required")
    with transaction.atomic():
        case = locked_case(case)
        CASE.check("extension_request", CaseAtHand(case), user)
        room = clocks.extension_limit(case) - case.extended_days
        if days < 1 or days > room:
            raise refuse(
                _("延长期限应为1至%(room)s（依法最多延长%(limit)s）。")
                % {
                    "room": period_text(room, case.limit_unit),
                    "limit": period_text(clocks.extension_limit(case), case.limit_unit),
                },
                "days",
            )
        extension = Extension.objects.create(case=case, days=days, reason=reason.strip(), requested_by=user)
        case_event_record(
            case=case, action="extension_requested", user=user, note=reason.strip(), detail={"days": days}
        )
    return extension


def extension_decide(*, extension: Extension, user: User, approve: bool, note: str = "") -> Extension:
    """Approve or refuse an extension; an approved one moves the due date and sends the notice."""
    with transaction.atomic():
        case = locked_case(extension.case)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        CASE.check("extension_decide", CaseAtHand(case, extension=extension), user)
        if approve and case.state not in (CaseState.HANDLING, CaseState.SUSPENDED):
            raise StateRefused(_("办件已不在办理中，不能延期。"), code="state")
        approval_decide(extension, user=user, approve=approve, note=note)
        if not approve:
            case_event_record(case=case, action="extension_refused", user=user, note=note, public=False)
            return extension
        previous_due = case.due_on
        clocks.clock_extend(case, days=extension.days, calendar=clocks.calendar_of(case))
        case.save(update_fields=["extended_days", "due_on", "updated_at"])
        case_event_record(
            case=case,
            action="extension_approved",
            user=user,
            note=extension.reason,
            detail={"days": extension.days, "due_on": case.due_on.isoformat() if case.due_on else ""},
        )
        notice_issue(
            case=case,
            kind=NoticeKind.EXTENSION,
            user=user,
            on=_today(),
            days=extension.days,
            period=period_text(extension.days, case.limit_unit),
            reason=extension.reason,
            previous_due_on=previous_due.isoformat() if previous_due else "",
            due_on=case.due_on.isoformat() if case.due_on else "",
            approved_by=actor_name(user),
        )
    return extension


# Forwarding (上报件) ---------------------------------------------------------------------------


def case_forward(
    *,
    case: Case,
    user: User,
    target: str,
    department: Department | None = None,
    body_name: str = "",
    reference: str = "",
    on: date | None = None,
) -> Forwarding:
    """Forward at the 上报 step: to a higher centre of this deployment (a linked case appears in its
    department) or to an outside body (reference and result kept by hand)."""
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        step = (
            CaseStep.objects.select_for_update().filter(pk=case.current_step_id).first()
            if case.current_step_id is not None
            else None
        )
        at_hand = CaseAtHand(case, step=step)
        CASE.check("case_forward", at_hand, user)
        assert step is not None
        linked: Case | None = None
        if target == ForwardTarget.HIGHER_CENTRE:
            if department is None or department.centre_id not in centre_lineage_ids(case.centre_id)[1:]:
                raise refuse(_("请选择上级政务服务中心的承办部门。"), "department")
            body_name = f"{department.centre.name}{department.name}"
            linked = _linked_case(case, department=department, user=user, on=day)
        elif target == ForwardTarget.OUTSIDE_BODY:
            if not body_name.strip():
                raise refuse(_("请填写上报机关名称。"), "body_name")
        else:
            raise refuse(_("请选择上报对象。"), "target")
        forwarding = Forwarding.objects.create(
            case=case,
            target=target,
            linked_case=linked,
            body_name=body_name.strip()[:100],
            forwarded_on=day,
            forwarded_by=user,
            reference=reference.strip()[:100],
        )
        case_move(
            at_hand=at_hand,
            move="case_forward",
            user=user,
            on=day,
            step=step,
            note=_("已报送%(body)s") % {"body": forwarding.body_name},
            detail={"linked_case": linked.number if linked else "", "reference": forwarding.reference},
        )
        _end_step(step, state=StepState.PASSED, user=user, opinion=_("报送%(body)s") % {"body": body_name})
    return forwarding


def _linked_case(case: Case, *, department: Department, user: User, on: date) -> Case:
    """The case as the higher centre handles it: its review steps, then its approver decides; the
    result goes back to the forwarding window, which completes and delivers."""
    centre = department.centre
    linked = Case.objects.create(
        number=number_issue(series=CASE_SERIES, scope=centre.code, on=on).text,
        centre=centre,
        department=department,
        item=case.item,
        item_version=case.item_version,
        item_name=case.item_name,
        kind=case.kind,
        state=CaseState.RECEIVED,
        channel=case.channel,
        applicant=case.applicant,
        agent=case.agent,
        received_on=on,
        received_by=user,
        limit_days=case.limit_days,
        limit_unit=case.limit_unit,
        legal_limit_days=case.legal_limit_days,
        forwarded_from=case,
    )
    CaseMaterial.objects.bulk_create(
        CaseMaterial(
            case=linked,
            item_material_id=row.item_material_id,
            order=row.order,
            name=row.name,
            required=row.required,
            originals_received=row.originals_received,
            copies_received=row.copies_received,
            outcome=row.outcome,
            problem=row.problem,
        )
        for row in case.materials.all()
    )
    case_event_record(
        case=linked,
        action=CaseAction.RECEIVE,
        user=user,
        to_state=CaseState.RECEIVED,
        note=_("%(centre)s报送，原办件编号%(number)s") % {"centre": case.centre.name, "number": case.number},
        detail={"forwarded_from": case.number},
    )
    linked.accepted_by = user
    case_move(
        at_hand=CaseAtHand(linked),
        move="case_accept_forwarded",
        user=user,
        on=on,
        update_fields=("accepted_by",),
    )
    CaseStep.objects.bulk_create(
        CaseStep(
            case=linked,
            order=row.order,
            name=_("核准") if row.kind == StepKind.DECIDE else row.name,
            kind=row.kind,
            role=Role.APPROVER if row.kind == StepKind.DECIDE else row.role,
            department=department,
            budget_days=row.budget_days,
        )
        for row in case.item_version.steps.exclude(
            kind__in=[StepKind.ACCEPT, StepKind.FORWARD, StepKind.COMPLETE, StepKind.DELIVER]
        )
    )
    first = CaseStep.objects.filter(case=linked).order_by("order").first()
    if first is not None:
        _activate(linked, first.order, user=user, on=on)
    return linked


def _result_back(at_hand: CaseAtHand, *, move: str, user: User, result_on: date, note: str) -> None:
    """The forwarding centre gets the result: recorded by hand (``case_forward_result``) or returned
    by the higher centre's decision (``case_result_returned``)."""
    case = at_hand.case
    forwarding = Forwarding.objects.select_for_update().get(case=case)
    forwarding.result_on = result_on
    forwarding.result_note = note
    forwarding.save(update_fields=["result_on", "result_note"])
    case_move(at_hand=at_hand, move=move, user=user, on=result_on, note=note)
    step = case.current_step
    if step is not None:
        _activate_after(case, step, user=user, on=result_on)
    _sms_queue(
        case.applicant,
        _("您申请的“%(item)s”（办件编号%(number)s）上级机关已作出决定，请留意领取通知。")
        % {"item": case.item_name, "number": case.number},
    )


def case_forward_result(*, case: Case, user: User, result: str, on: date | None = None) -> Case:
    """Record by hand the result an outside body sent back; the window then records the decision."""
    if not result.strip():
        raise refuse(_("请填写上级机关的办理结果。"), "result_required")
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        CASE.check("case_forward_result", at_hand, user)
        forwarding = at_hand.forwarding
        assert forwarding is not None
        if day < forwarding.forwarded_on:
            raise refuse(_("结果返回日期不能早于上报日期。"), "date_order")
        _result_back(at_hand, move="case_forward_result", user=user, result_on=day, note=result.strip())
    return case


# Decision, completion, delivery, archive, withdrawal ---------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    opinion: str = ""
    result_name: str = ""
    result_number: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    reasons: str = ""


def _decide(at_hand: CaseAtHand, step: CaseStep, *, user: User, data: DecisionInput, on: date) -> None:
    case = at_hand.case
    if data.decision == Decision.GRANTED:
        if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
            raise refuse(_("有效期截止日期不能早于起始日期。"), "validity")
        case.result_name = data.result_name.strip() or case.item_version.result_name
        case.result_number = data.result_number.strip()
        case.result_valid_from = data.valid_from
        case.result_valid_until = data.valid_until
    elif data.decision == Decision.REFUSED:
        if not data.reasons.strip():
            raise refuse(_("不予许可须写明理由。"), "reasons_required")
        case.decision_reasons = data.reasons.strip()
    else:
        raise refuse(_("请选择准予或不予。"), "decision")
    case.decision = data.decision
    case.decided_on = on
    case.decided_by = user
    case_move(
        at_hand=at_hand,
        move="step_decide",
        user=user,
        on=on,
        step=step,
        note=str(Decision(data.decision).label),
        update_fields=(
            "decision",
            "decided_on",
            "decided_by",
            "result_name",
            "result_number",
            "result_valid_from",
            "result_valid_until",
            "decision_reasons",
        ),
    )
    _end_step(step, state=StepState.PASSED, user=user, opinion=data.opinion.strip() or data.reasons.strip())
    if data.decision == Decision.GRANTED:
        notice_issue(
            case=case,
            kind=NoticeKind.GRANT,
            user=user,
            on=on,
            result_name=case.result_name,
            result_number=case.result_number,
            valid_from=data.valid_from.isoformat() if data.valid_from else "",
            valid_until=data.valid_until.isoformat() if data.valid_until else "",
            opinion=data.opinion.strip(),
        )
    else:
        notice_issue(
            case=case,
            kind=NoticeKind.REFUSAL,
            user=user,
            on=on,
            reasons=case.decision_reasons,
            remedies=remedies_text(),
        )
    _activate_after(case, step, user=user, on=on)
    if case.forwarded_from_id is not None:
        _return_to_origin(case, user=user, on=on)


def _return_to_origin(linked: Case, *, user: User, on: date) -> None:
    assert linked.forwarded_from is not None
    origin = locked_case(linked.forwarded_from)
    label = Decision(linked.decision).label
    result = linked.result_name + (f"（{linked.result_number}）" if linked.result_number else "")
    note = _("%(centre)s作出%(decision)s决定：%(detail)s") % {
        "centre": linked.centre.name,
        "decision": label,
        "detail": result or linked.decision_reasons,
    }
    _result_back(CaseAtHand(origin), move="case_result_returned", user=user, result_on=on, note=note)
    case_move(at_hand=CaseAtHand(linked), move="case_return_result", user=user, on=on, note=note)


def step_decide(*, step: CaseStep, user: User, data: DecisionInput, on: date | None = None) -> Case:
    """The decision step (核准): 准予 with the certificate, or 不予 with reasons; the clock stops."""
    day = on or _today()
    with transaction.atomic():
        case, step = _locked_step(step)
        at_hand = CaseAtHand(case, step=step)
        CASE.check("step_decide", at_hand, user)
        _decide(at_hand, step, user=user, data=data, on=day)
    return case


def _needs_payment(case: Case) -> bool:
    return case.decision == Decision.GRANTED and case.item_version.charges_fees


def _pass_current(case: Case, kind: str, *, user: User, opinion: str, on: date) -> None:
    """Close the process's own step for what was just done (办结, 送达), if it is the current one."""
    step = case.current_step
    if step is None or step.kind != kind or step.state != StepState.ACTIVE:
        return
    step = CaseStep.objects.select_for_update().get(pk=step.pk)
    _end_step(step, state=StepState.PASSED, user=user, opinion=opinion)
    _activate_after(case, step, user=user, on=on)


def case_complete(*, case: Case, user: User, pickup: str = "", on: date | None = None) -> Case:
    """办结: after the decision and, for an item that charges, after payment; the applicant is told."""
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        CASE.check("case_complete", at_hand, user)
        case.completed_on = day
        case_move(at_hand=at_hand, move="case_complete", user=user, on=day, update_fields=("completed_on",))
        _pass_current(case, StepKind.COMPLETE, user=user, opinion=_("办结"), on=day)
        where = pickup.strip() or (
            _("请持受理通知书到%(window)s号窗口领取。") % {"window": case.window.number}
            if case.window
            else _("请持受理通知书到受理窗口领取。")
        )
        notice_issue(
            case=case,
            kind=NoticeKind.COMPLETION,
            user=user,
            on=day,
            decision=str(Decision(case.decision).label),
            decision_code=case.decision,
            result_name=case.result_name,
            pickup=where,
        )
        _sms_queue(
            case.applicant,
            _("您申请的“%(item)s”（办件编号%(number)s）已办结。%(where)s")
            % {"item": case.item_name, "number": case.number, "where": where},
        )
    return case


def case_handle_immediate(*, case: Case, user: User, data: DecisionInput) -> Case:
    """即办件: the authorised clerk who accepted it decides in the same sitting; with nothing to pay
    it is completed at once, otherwise as soon as the cashier records payment."""
    if case.kind != CaseKind.IMMEDIATE:
        raise refuse(_("只有即办件可以当场办结。"), "not_immediate")
    step = case.current_step
    if step is None:
        raise refuse(_("办件当前没有待办环节。"), "no_step")
    with transaction.atomic():
        while step is not None and step.kind == StepKind.REVIEW:
            step = step_pass(step=step, user=user, opinion=data.opinion or _("当场审核通过"))
        if step is None or step.kind != StepKind.DECIDE:
            raise refuse(_("即办件流程缺少核准环节。"), "no_decide_step")
        case = step_decide(step=step, user=user, data=data)
        if not _needs_payment(case):
            case = case_complete(case=case, user=user)
    return case


@dataclass(frozen=True)
class DeliveryInput:
    method: str
    recipient: str = ""
    signed: bool = False
    carrier: str = ""
    tracking_number: str = ""


def _delivered_documents(case: Case) -> list[str]:
    """What a 送达回证 hands over: the result (证照) and the decision notice with its number."""
    documents = [case.result_name] if case.decision == Decision.GRANTED and case.result_name else []
    kind = NoticeKind.GRANT if case.decision == Decision.GRANTED else NoticeKind.REFUSAL
    decision = case.notices.filter(kind=kind).order_by("-id").first()
    if decision is not None:
        documents.append(_("%(title)s（%(number)s）") % {"title": decision.title, "number": decision.number})
    return documents


def _delivery_receipt(case: Case) -> Notice | None:
    return case.notices.filter(kind=NoticeKind.DELIVERY_RECEIPT).order_by("id").first()


def delivery_receipt_issue(*, case: Case, user: User, on: date | None = None) -> Notice:
    """Print the 送达回证 before the result is handed over, so the recipient signs the numbered paper
    the delivery then records. Printing it again gives the same notice (no second number)."""
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        CASE.check("delivery_receipt_issue", CaseAtHand(case), user)
        existing = _delivery_receipt(case)
        if existing is not None:
            return existing
        notice = notice_issue(
            case=case,
            kind=NoticeKind.DELIVERY_RECEIPT,
            user=user,
            on=day,
            method="",
            recipient="",
            carrier="",
            tracking_number="",
            documents=_delivered_documents(case),
            delivered_on="",
        )
        case_event_record(
            case=case, action="delivery_receipt_issued", user=user, detail={"notice": notice.number}
        )
    return notice


def case_deliver(*, case: Case, user: User, data: DeliveryInput, on: date | None = None) -> Delivery:
    """送达: handed over at the window against the printed 送达回证 the recipient signed, or posted
    with a tracking number (the 送达回证 goes with the post; it is issued now if not printed yet)."""
    day = on or _today()
    if data.method == DeliveryMethod.PICKUP:
        if not data.recipient.strip() or not data.signed:
            raise refuse(_("窗口领取须登记签收人并由其在送达回证上签名。"), "signature")
    elif data.method == DeliveryMethod.POST:
        if not data.tracking_number.strip() or not data.carrier.strip():
            raise refuse(_("邮寄送达须填写快递公司和快递单号。"), "tracking")
    else:
        raise refuse(_("请选择送达方式。"), "method")
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        CASE.check("case_deliver", at_hand, user)
        printed = _delivery_receipt(case)
        if data.method == DeliveryMethod.PICKUP and printed is None:
            raise refuse(_("请先打印送达回证，由签收人签名后再登记送达。"), "receipt_not_printed")
        delivery = Delivery.objects.create(
            case=case,
            method=data.method,
            recipient=data.recipient.strip()[:100],
            signed=data.signed,
            carrier=data.carrier.strip()[:50],
            tracking_number=data.tracking_number.strip()[:50],
            delivered_by=user,
        )
        detail = {"notice": printed.number} if printed is not None else {}
        case_move(at_hand=at_hand, move="case_deliver", user=user, on=day, detail=detail)
        _pass_current(case, StepKind.DELIVER, user=user, opinion=str(delivery.get_method_display()), on=day)
        if printed is None:
            notice_issue(
                case=case,
                kind=NoticeKind.DELIVERY_RECEIPT,
                user=user,
                on=day,
                method=str(delivery.get_method_display()),
                recipient=delivery.recipient,
                carrier=delivery.carrier,
                tracking_number=delivery.tracking_number,
                documents=_delivered_documents(case),
                delivered_on=day.isoformat(),
            )
    return delivery


def case_archive(*, case: Case, user: User, on: date | None = None) -> Case:
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        at_hand = CaseAtHand(case)
        CASE.check("case_archive", at_hand, user)
        case.archived_on = day
        case_move(at_hand=at_hand, move="case_archive", user=user, on=day, update_fields=("archived_on",))
    return case


def case_withdraw(*, case: Case, user: User, reason: str, on: date | None = None) -> Case:
    """撤销申请: the applicant withdraws before the decision; open steps close, and a case forwarded
    to a higher centre is withdrawn there too."""
    if not reason.strip():
        raise refuse(_("请登记撤回申请的理由。"), "reason_required")
    day = on or _today()
    with transaction.atomic():
        case = locked_case(case)
        _withdraw(CaseAtHand(case), move="case_withdraw", user=user, reason=reason.strip(), on=day)
        linked = Case.objects.filter(forwarded_from=case, state__in=[CaseState.HANDLING, CaseState.SUSPENDED])
        for other in linked:
            at_hand = CaseAtHand(locked_case(other))
            _withdraw(at_hand, move="case_withdraw_forwarded", user=user, reason=case.closing_reason, on=day)
    return case


def _withdraw(at_hand: CaseAtHand, *, move: str, user: User, reason: str, on: date) -> None:
    case = at_hand.case
    case.closing_reason = reason
    case.current_step = None
    case_move(
        at_hand=at_hand,
        move=move,
        user=user,
        on=on,
        note=reason,
        update_fields=("closing_reason", "current_step"),
    )
    CaseStep.objects.filter(case=case, state__in=[StepState.ACTIVE, StepState.PENDING]).update(
        state=StepState.SKIPPED, ended_at=clock.now()
    )
