"""The case machine (:data:`CASE`): every move a person or the system makes on a case, from which
states, whether it moves the state, what it needs of the case, who may make it (the policies in
:mod:`govhall.cases.policies`) and what it does to the clock.

A move's name is the name of the service that makes it (``step_decide``, ``extension_request``),
of the case page's action and of the API's ``actions`` entry. The services check the move inside
their transaction and row lock; :func:`case_move` is the only code that changes ``Case.state``.
The history keeps its own vocabulary (:class:`CaseAction`), which tracking and exports read.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.cases import clocks
from govhall.cases import policies as who
from govhall.cases.models import (
    Bill,
    BillState,
    Case,
    CaseEvent,
    CaseState,
    CaseStep,
    Decision,
    Extension,
    FeeAdjustment,
    Forwarding,
    ForwardTarget,
    JointTask,
    JointTaskState,
    StepState,
)
from govhall.catalog.models import StepKind
from govhall.core.approvals import ApprovalState
from govhall.core.events import emit, event_kind
from govhall.core.workflow import Actor, Machine, Move, Step, states
from govhall.core.working_days import period_text
from govhall.org.people import person_name
from govhall.org.selectors import staff_profile_of

if TYPE_CHECKING:
    from govhall.cases.events import CasePayload

S = CaseState


class CaseAction(models.TextChoices):
    """What a state move is called in the case's history."""

    RECEIVE = "receive", gettext_lazy("接件")
    ACCEPT = "accept", gettext_lazy("受理")
    AUTO_ACCEPT = "auto_accept", gettext_lazy("逾期未告知，视为受理")
    REQUEST_CORRECTION = "request_correction", gettext_lazy("一次性告知补正")
    NOT_ACCEPT = "not_accept", gettext_lazy("不予受理")
    REFER = "refer", gettext_lazy("退回（非本机关职权）")
    SUSPEND = "suspend", gettext_lazy("启动特别程序")
    RESUME = "resume", gettext_lazy("特别程序结束")
    FORWARD = "forward", gettext_lazy("上报")
    FORWARD_RESULT = "forward_result", gettext_lazy("上报结果返回")
    DECIDE = "decide", gettext_lazy("作出决定")
    COMPLETE = "complete", gettext_lazy("办结")
    DELIVER = "deliver", gettext_lazy("送达")
    ARCHIVE = "archive", gettext_lazy("归档")
    WITHDRAW = "withdraw", gettext_lazy("撤回申请")
    RETURN_RESULT = "return_result", gettext_lazy("结果返回报送中心")


class CaseRefusal(ValidationError):
    """Input the rules refuse; the message says why, in Chinese, and nothing was changed."""


def refuse(message: str, code: str) -> CaseRefusal:
    return CaseRefusal(message, code=code)


def locked_case(case: Case) -> Case:
    """The case row again, locked for the rest of the transaction (two people may race on it)."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("centre", "department", "item_version", "applicant", "agent", "window")
        .get(pk=case.pk)
    )


# The subject: a case and what the rules read about it --------------------------------------------


class CaseAtHand:
    """A case as its moves see it: the row (locked, in a service) and what the rules read about it,
    each read once when first asked (the case page reads the same lists to show them).

    A request may point at one step, joint task, extension or fee adjustment (an id in the API, a
    hidden field on the page), which the service passes locked; left out, the rules look at the
    case's current step, the user's department's open task, the pending request.
    """

    def __init__(
        self,
        case: Case,
        *,
        step: CaseStep | None = None,
        task: JointTask | None = None,
        extension: Extension | None = None,
        adjustment: FeeAdjustment | None = None,
        bill: Bill | None = None,
    ) -> None:
        self.case = case
        self._step = step
        self._task = task
        self._extension = extension
        self._adjustment = adjustment
        self._bill = bill

    @property
    def state(self) -> str:
        return self.case.state

    @state.setter
    def state(self, value: str) -> None:
        self.case.state = value

    def get_state_display(self) -> str:
        return str(self.case.get_state_display())

    @cached_property
    def steps(self) -> list[CaseStep]:
        """Every step and round, in order."""
        return list(
            CaseStep.objects.filter(case=self.case)
            .select_related("department", "handler__staff", "assignee__staff")
            .order_by("order", "round")
        )

    @property
    def step(self) -> CaseStep | None:
        """The step the request points at, else the case's current step if it is being handled."""
        if self._step is not None:
            return self._step
        return self.current_step

    @cached_property
    def current_step(self) -> CaseStep | None:
        current = self.case.current_step_id
        if current is None:
            return None
        return next(
            (step for step in self.steps if step.pk == current and step.state == StepState.ACTIVE), None
        )

    @cached_property
    def reviewers(self) -> set[int]:
        """Who passed a review of this case (一审一核)."""
        return {
            step.handler_id
            for step in self.steps
            if step.kind in (StepKind.REVIEW, StepKind.JOINT_REVIEW)
            and step.state == StepState.PASSED
            and step.handler_id is not None
        }

    @cached_property
    def joint_tasks(self) -> list[JointTask]:
        return list(
            JointTask.objects.filter(case=self.case)
            .select_related("department", "handler__staff", "step")
            .order_by("due_on", "id")
        )

    @property
    def given_task(self) -> JointTask | None:
        """The joint task the request points at, if it points at one."""
        return self._task

    def task_for(self, user: User) -> JointTask | None:
        """The task the request points at, else the user's department's open task."""
        if self._task is not None:
            return self._task
        profile = staff_profile_of(user)
        own = profile.department_id if profile is not None else None
        return next(
            (
                task
                for task in self.joint_tasks
                if task.department_id == own and task.state == JointTaskState.ACTIVE
            ),
            None,
        )

    @cached_property
    def extensions(self) -> list[Extension]:
        return list(self.case.extensions.select_related("requested_by__staff", "decided_by__staff"))

    @property
    def extension(self) -> Extension | None:
        """The extension the request points at, else the pending one."""
        if self._extension is not None:
            return self._extension
        return next((row for row in self.extensions if row.state == ApprovalState.PENDING), None)

    @cached_property
    def bill(self) -> Bill | None:
        if self._bill is not None:
            return self._bill
        return (
            Bill.objects.filter(case=self.case).select_related("cashier__staff", "issued_by__staff").first()
        )

    @cached_property
    def adjustments(self) -> list[FeeAdjustment]:
        if self.bill is None:
            return []
        return list(self.bill.adjustments.select_related("requested_by__staff", "decided_by__staff"))

    @property
    def adjustment(self) -> FeeAdjustment | None:
        """The fee adjustment the request points at, else the pending one."""
        if self._adjustment is not None:
            return self._adjustment
        return next((row for row in self.adjustments if row.state == ApprovalState.PENDING), None)

    @cached_property
    def forwarding(self) -> Forwarding | None:
        return Forwarding.objects.filter(case=self.case).select_related("linked_case").first()


# What the case must be for a move (``applies``: the move belongs to the situation; ``when``: the case
# is ready for it now). The actor is not asked about: these are about the case, whoever asks.


def step_is_current(at_hand: CaseAtHand, actor: Actor) -> str | None:
    step = at_hand.step
    if step is None:
        return _("办件当前没有待办环节。")
    if step.state != StepState.ACTIVE or step.pk != at_hand.case.current_step_id:
        return _("该环节不在办理中。")
    return None


def at_passable_step(at_hand: CaseAtHand, actor: Actor) -> str | None:
    step = at_hand.step
    if step is not None and step.kind in (StepKind.ACCEPT, StepKind.REVIEW, StepKind.JOINT_REVIEW):
        return None
    return _("该环节须通过相应的操作办理（作出决定、上报、办结或送达）。")


def at_returnable_step(at_hand: CaseAtHand, actor: Actor) -> str | None:
    step = at_hand.step
    returnable = (StepKind.REVIEW, StepKind.JOINT_REVIEW, StepKind.DECIDE, StepKind.FORWARD)
    if step is not None and step.kind in returnable and any(row.order < step.order for row in at_hand.steps):
        return None
    return _("该环节不能退回。")


def at_decision_step(at_hand: CaseAtHand, actor: Actor) -> str | None:
    step = at_hand.step
    return (
        None if step is not None and step.kind == StepKind.DECIDE else _("该环节不是核准（作出决定）环节。")
    )


def at_forward_step(at_hand: CaseAtHand, actor: Actor) -> str | None:
    step = at_hand.step
    return None if step is not None and step.kind == StepKind.FORWARD else _("办件尚未到上报环节。")


def step_unclaimed(at_hand: CaseAtHand, actor: Actor) -> str | None:
    step = at_hand.step
    return None if step is None or step.assignee_id is None else _("该环节已有人认领。")


def joint_answers_in(at_hand: CaseAtHand, actor: Actor) -> str | None:
    """A 并联审查 step passes once every participating department has answered."""
    step = at_hand.step
    if step is None or step.kind != StepKind.JOINT_REVIEW:
        return None
    waiting = [
        task.department.name
        for task in at_hand.joint_tasks
        if task.step_id == step.pk and task.state == JointTaskState.ACTIVE
    ]
    if waiting:
        return _("以下联办部门尚未反馈审查意见：%(names)s。") % {"names": "、".join(waiting)}
    return None


def has_joint_tasks(at_hand: CaseAtHand, actor: Actor) -> str | None:
    return None if at_hand.joint_tasks else _("该办件没有并联审查任务。")


def task_open(at_hand: CaseAtHand, actor: Actor) -> str | None:
    task = at_hand.given_task
    return None if task is None or task.state == JointTaskState.ACTIVE else _("该审查任务已反馈。")


def no_pending_extension(at_hand: CaseAtHand, actor: Actor) -> str | None:
    pending = any(row.state == ApprovalState.PENDING for row in at_hand.extensions)
    return _("已有待批准的延期申请。") if pending else None


def extension_room(at_hand: CaseAtHand, actor: Actor) -> str | None:
    case = at_hand.case
    limit = clocks.extension_limit(case)
    if case.extended_days < limit:
        return None
    return _("延长期限已用完（依法最多延长%(limit)s）。") % {"limit": period_text(limit, case.limit_unit)}


def has_extension_request(at_hand: CaseAtHand, actor: Actor) -> str | None:
    return None if at_hand.extension is not None else _("没有待批准的延期申请。")


def extension_pending(at_hand: CaseAtHand, actor: Actor) -> str | None:
    extension = at_hand.extension
    return None if extension is None or extension.is_pending else _("该延期申请已处理。")


def granted_with_fees(at_hand: CaseAtHand, actor: Actor) -> str | None:
    case = at_hand.case
    if case.decision != Decision.GRANTED:
        return _("作出准予决定后才能开具缴费单。")
    return None if case.item_version.charges_fees else _("该事项不收费。")


def no_bill_yet(at_hand: CaseAtHand, actor: Actor) -> str | None:
    return None if at_hand.bill is None else _("该办件已开具缴费单（一单清），不能重复开具。")


def has_bill(at_hand: CaseAtHand, actor: Actor) -> str | None:
    return None if at_hand.bill is not None else _("该办件尚未开具缴费单。")


def bill_unpaid(at_hand: CaseAtHand, actor: Actor) -> str | None:
    bill = at_hand.bill
    if bill is None or bill.state == BillState.ISSUED:
        return None
    return _("缴费单状态为“%(state)s”，不能登记收费。") % {"state": bill.get_state_display()}


def bill_adjustable(at_hand: CaseAtHand, actor: Actor) -> str | None:
    bill = at_hand.bill
    if bill is None or bill.state in (BillState.ISSUED, BillState.PAID):
        return None
    return _("缴费单状态为“%(state)s”，不能申请减免或退费。") % {"state": bill.get_state_display()}


def no_pending_adjustment(at_hand: CaseAtHand, actor: Actor) -> str | None:
    pending = any(row.state == ApprovalState.PENDING for row in at_hand.adjustments)
    return _("已有待批准的退费或减免申请。") if pending else None


def has_adjustment_request(at_hand: CaseAtHand, actor: Actor) -> str | None:
    return None if at_hand.adjustment is not None else _("没有待批准的退费或减免申请。")


def adjustment_pending(at_hand: CaseAtHand, actor: Actor) -> str | None:
    adjustment = at_hand.adjustment
    return None if adjustment is None or adjustment.is_pending else _("该申请已处理。")


def paid_if_charged(at_hand: CaseAtHand, actor: Actor) -> str | None:
    """办结 after a favourable decision on an item that charges needs the bill paid (or waived)."""
    case = at_hand.case
    if case.decision != Decision.GRANTED or not case.item_version.charges_fees:
        return None
    bill = at_hand.bill
    if bill is None:
        return _("该事项收费，请先开具缴费单。")
    if bill.state not in (BillState.PAID, BillState.WAIVED):
        return _("申请人尚未缴费，不能办结。")
    return None


def forwarded_outside(at_hand: CaseAtHand, actor: Actor) -> str | None:
    forwarding = at_hand.forwarding
    if forwarding is not None and forwarding.target == ForwardTarget.OUTSIDE_BODY:
        return None
    return _("报送上级中心的办件，结果由上级中心办结后自动返回。")


# What a move does to the clock ------------------------------------------------------------------


def _on(made: Step) -> date:
    day: date = made.context["on"]
    return day


def start_clock(at_hand: CaseAtHand, made: Step) -> None:
    clocks.clock_start(at_hand.case, on=_on(made), calendar=clocks.calendar_of(at_hand.case))
    made.fields |= {"accepted_on", "due_on"}


def pause_clock(at_hand: CaseAtHand, made: Step) -> None:
    clocks.clock_pause(at_hand.case, on=_on(made))
    made.fields.add("paused_on")


def resume_clock(at_hand: CaseAtHand, made: Step) -> None:
    made.detail["paused_days"] = clocks.clock_resume(
        at_hand.case, on=_on(made), calendar=clocks.calendar_of(at_hand.case)
    )
    made.fields |= {"paused_on", "paused_days", "due_on"}


def stop_clock(at_hand: CaseAtHand, made: Step) -> None:
    case = at_hand.case
    if case.accepted_on is None:
        return
    if case.paused_on is not None:
        clocks.clock_resume(case, on=_on(made), calendar=clocks.calendar_of(case))
        made.fields |= {"paused_on", "paused_days", "due_on"}
    clocks.clock_stop(case, on=_on(made))
    made.fields.add("clock_stopped_on")


# The machine ------------------------------------------------------------------------------------

ANSWERABLE = states(S.RECEIVED, S.CORRECTION)
OPEN = states(S.RECEIVED, S.CORRECTION, S.HANDLING, S.SUSPENDED, S.ESCALATED)
IN_HANDLING = states(S.HANDLING, S.SUSPENDED)
AFTER_DECISION = states(S.DECIDED, S.COMPLETED, S.DELIVERED)
ANY = states(*S.values)

PERSON = (who.acts_on_cases, who.in_lead_department)
"""What every move a person makes on a case asks first: an acting role, on the lead side."""
ON_STEP = (step_is_current,)

CASE: Machine[CaseAtHand] = Machine(
    name="case",
    moves={
        "case_accept": Move(
            CaseAction.ACCEPT.label,
            ANSWERABLE,
            S.HANDLING,
            may=(*PERSON, who.may_take_in),
            effects=(start_clock,),
        ),
        "case_request_correction": Move(
            CaseAction.REQUEST_CORRECTION.label, ANSWERABLE, S.CORRECTION, may=(*PERSON, who.may_take_in)
        ),
        "case_not_accept": Move(
            CaseAction.NOT_ACCEPT.label, ANSWERABLE, S.NOT_ACCEPTED, may=(*PERSON, who.may_take_in)
        ),
        "case_refer": Move(CaseAction.REFER.label, ANSWERABLE, S.REFERRED, may=(*PERSON, who.may_take_in)),
        "case_auto_accept": Move(
            CaseAction.AUTO_ACCEPT.label, states(S.RECEIVED), S.HANDLING, effects=(start_clock,), system=True
        ),
        "case_accept_forwarded": Move(
            gettext_lazy("受理报送的办件"),
            states(S.RECEIVED),
            S.HANDLING,
            effects=(start_clock,),
            system=True,
        ),
        "step_pass": Move(
            gettext_lazy("通过本环节"),
            states(S.HANDLING),
            applies=(*ON_STEP, at_passable_step),
            may=(*PERSON, who.holds_current_step),
            when=(joint_answers_in,),
        ),
        "step_return": Move(
            gettext_lazy("退回上一环节"),
            states(S.HANDLING),
            applies=(*ON_STEP, at_returnable_step),
            may=(*PERSON, who.holds_current_step),
        ),
        "step_claim": Move(
            gettext_lazy("认领本环节"),
            states(S.HANDLING),
            applies=ON_STEP,
            may=(*PERSON, who.holds_current_step),
            when=(step_unclaimed,),
        ),
        "step_decide": Move(
            CaseAction.DECIDE.label,
            states(S.HANDLING),
            S.DECIDED,
            applies=(*ON_STEP, at_decision_step),
            may=(*PERSON, who.holds_current_step, who.not_the_reviewer),
            effects=(stop_clock,),
        ),
        "case_forward": Move(
            CaseAction.FORWARD.label,
            states(S.HANDLING),
            S.ESCALATED,
            applies=(*ON_STEP, at_forward_step),
            may=(*PERSON, who.may_forward, who.holds_current_step),
            effects=(stop_clock,),
        ),
        "case_forward_result": Move(
            gettext_lazy("登记上级办理结果"),
            states(S.ESCALATED),
            S.HANDLING,
            applies=(forwarded_outside,),
            may=(*PERSON, who.may_handle),
        ),
        "case_result_returned": Move(
            CaseAction.FORWARD_RESULT.label, states(S.ESCALATED), S.HANDLING, system=True
        ),
        "joint_task_answer": Move(
            gettext_lazy("反馈并联审查意见"),
            IN_HANDLING,
            applies=(has_joint_tasks,),
            may=(who.acts_on_cases, who.answers_own_task),
            when=(task_open,),
        ),
        "case_suspend": Move(
            CaseAction.SUSPEND.label,
            states(S.HANDLING),
            S.SUSPENDED,
            may=(*PERSON, who.may_handle),
            effects=(pause_clock,),
        ),
        "case_resume": Move(
            CaseAction.RESUME.label,
            states(S.SUSPENDED),
            S.HANDLING,
            may=(*PERSON, who.may_handle),
            effects=(resume_clock,),
        ),
        "extension_request": Move(
            gettext_lazy("申请延期"),
            IN_HANDLING,
            may=(*PERSON, who.may_handle),
            when=(no_pending_extension, extension_room),
        ),
        "extension_decide": Move(
            gettext_lazy("审批延期"),
            ANY,
            applies=(has_extension_request,),
            may=(*PERSON, who.may_approve_extension, who.not_the_extension_requester),
            when=(extension_pending,),
        ),
        "bill_issue": Move(
            gettext_lazy("开具缴费单"),
            states(S.DECIDED),
            applies=(granted_with_fees,),
            may=(*PERSON, who.may_bill),
            when=(no_bill_yet,),
        ),
        "bill_pay": Move(
            gettext_lazy("登记收费"),
            states(S.DECIDED),
            applies=(has_bill,),
            may=(*PERSON, who.may_take_payment),
            when=(bill_unpaid,),
        ),
        "fee_adjustment_request": Move(
            gettext_lazy("申请减免或退费"),
            AFTER_DECISION,
            applies=(has_bill,),
            may=(*PERSON, who.may_bill),
            when=(bill_adjustable, no_pending_adjustment),
        ),
        "fee_adjustment_decide": Move(
            gettext_lazy("审批减免或退费"),
            states(*AFTER_DECISION, S.ARCHIVED),
            applies=(has_adjustment_request,),
            may=(*PERSON, who.may_approve_fee_adjustment, who.not_the_adjustment_requester),
            when=(adjustment_pending,),
        ),
        "case_complete": Move(
            CaseAction.COMPLETE.label,
            states(S.DECIDED),
            S.COMPLETED,
            may=(*PERSON, who.may_handle, who.handles_its_step(StepKind.COMPLETE)),
            when=(paid_if_charged,),
        ),
        "case_deliver": Move(
            CaseAction.DELIVER.label,
            states(S.COMPLETED),
            S.DELIVERED,
            may=(*PERSON, who.may_handle, who.handles_its_step(StepKind.DELIVER)),
        ),
        "delivery_receipt_issue": Move(
            gettext_lazy("打印送达回证"),
            states(S.COMPLETED),
            may=(*PERSON, who.may_handle, who.handles_its_step(StepKind.DELIVER)),
        ),
        "case_archive": Move(
            CaseAction.ARCHIVE.label, states(S.DELIVERED), S.ARCHIVED, may=(*PERSON, who.may_handle)
        ),
        "case_return_result": Move(
            CaseAction.RETURN_RESULT.label, states(S.DECIDED), S.ARCHIVED, system=True
        ),
        "case_withdraw": Move(
            CaseAction.WITHDRAW.label,
            OPEN,
            S.WITHDRAWN,
            may=(*PERSON, who.may_take_in),
            effects=(stop_clock,),
        ),
        "case_withdraw_forwarded": Move(
            gettext_lazy("随报送中心撤回"), IN_HANDLING, S.WITHDRAWN, effects=(stop_clock,), system=True
        ),
        "applicant_unmask": Move(gettext_lazy("查看完整证件号码和电话"), ANY, may=(who.may_unmask,)),
    },
)
"""Every move on a case. ``system`` moves are made by a scheduled job or as the consequence of
another move (the higher centre's decision returns the result to the forwarding centre)."""

RECORDED_AS: dict[str, CaseAction] = {
    "case_accept": CaseAction.ACCEPT,
    "case_auto_accept": CaseAction.AUTO_ACCEPT,
    "case_accept_forwarded": CaseAction.ACCEPT,
    "case_request_correction": CaseAction.REQUEST_CORRECTION,
    "case_not_accept": CaseAction.NOT_ACCEPT,
    "case_refer": CaseAction.REFER,
    "case_suspend": CaseAction.SUSPEND,
    "case_resume": CaseAction.RESUME,
    "case_forward": CaseAction.FORWARD,
    "case_forward_result": CaseAction.FORWARD_RESULT,
    "case_result_returned": CaseAction.FORWARD_RESULT,
    "step_decide": CaseAction.DECIDE,
    "case_complete": CaseAction.COMPLETE,
    "case_deliver": CaseAction.DELIVER,
    "case_archive": CaseAction.ARCHIVE,
    "case_return_result": CaseAction.RETURN_RESULT,
    "case_withdraw": CaseAction.WITHDRAW,
    "case_withdraw_forwarded": CaseAction.WITHDRAW,
}
"""The history's name for each move that changes the state."""


def actor_name(user: User | None) -> str:
    """The name a history row or a notice shows (李静, family name first); 系统 for no one."""
    if user is None:
        return _("系统")
    return person_name(user)


def case_event_record(
    *,
    case: Case,
    action: str,
    user: User | None,
    note: str = "",
    step: CaseStep | None = None,
    detail: dict[str, Any] | None = None,
    from_state: str = "",
    to_state: str = "",
    public: bool = True,
) -> CaseEvent:
    """Append one event to the case's history and the same to the event stream, as ``cases.<action>``
    (call inside the transaction that makes the change)."""
    name = actor_name(user)
    payload: CasePayload = {
        "number": case.number,
        "from_state": from_state,
        "to_state": to_state,
        "step": step.name if step is not None else "",
        "note": note,
        "public": public,
        "detail": detail or {},
    }
    emit(
        event_kind(f"cases.{action}"),
        payload=payload,
        subject=case,
        actor=user,
        actor_name=name,
        centre_id=case.centre_id,
        department_id=case.department_id,
    )
    return CaseEvent.objects.create(
        case=case,
        actor=user,
        actor_name=name,
        action=action,
        from_state=from_state,
        to_state=to_state,
        step=step,
        note=note,
        public=public,
        detail=detail or {},
    )


def case_move(
    *,
    at_hand: CaseAtHand,
    move: str,
    user: User | None,
    on: date,
    note: str = "",
    step: CaseStep | None = None,
    detail: dict[str, Any] | None = None,
    update_fields: tuple[str, ...] = (),
) -> CaseEvent:
    """Make ``move`` on the locked case: the machine checks it (a system move as the system), sets
    the state and runs the clock effects; then save and append the event, recorded with ``user``
    (for a system move, the person whose act caused it; None for a scheduled job)."""
    made = CASE.apply(move, at_hand, None if CASE.moves[move].system else user, context={"on": on})
    case = at_hand.case
    case.save(update_fields=sorted({"updated_at", *made.fields, *update_fields}))
    return case_event_record(
        case=case,
        action=RECORDED_AS[move],
        user=user,
        note=note,
        step=step,
        detail={**(detail or {}), **made.detail},
        from_state=made.from_state,
        to_state=made.to_state,
    )
