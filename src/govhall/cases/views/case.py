"""The case page (办件详情) and every handling action on it.

The page shows the case as the user may see it (``case_for``: another department's case is 404),
with the applicant's ID number and phone masked, and offers each action as a small form only when
it applies to this user and this state. Each action is a POST that reads its form and calls one
service: on success the browser is redirected back with a message (post/redirect/get); a refusal
(ValidationError, PermissionDenied) re-renders the page with the service's Chinese message,
status 400 or 403, and nothing written, since every service runs in one transaction.

The full ID number and phone appear only in the response to the audited unmask POST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from govhall.cases import clocks, fees, services
from govhall.cases.applicants import Unmasked, applicant_unmask
from govhall.cases.event_labels import event_details, event_label
from govhall.cases.forms.case import (
    ArchiveForm,
    BillForm,
    BillIssueForm,
    BillPayForm,
    CaseActionForm,
    CompleteForm,
    DecisionForm,
    DeliverForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    FeeAdjustmentDecideForm,
    FeeAdjustmentRequestForm,
    ForwardForm,
    ForwardResultForm,
    JointAnswerForm,
    ResumeForm,
    StepClaimForm,
    StepPassForm,
    StepReturnForm,
    SuspendForm,
    WithdrawForm,
)
from govhall.cases.guards import is_lead, step_refusal
from govhall.cases.models import (
    Applicant,
    ApprovalState,
    Bill,
    BillLine,
    BillState,
    Case,
    CaseEvent,
    CaseMaterial,
    CaseState,
    CaseStep,
    Decision,
    Delivery,
    Extension,
    FeeAdjustment,
    Forwarding,
    ForwardTarget,
    JointTask,
    JointTaskState,
    Notice,
    SpecialProcedure,
    StepState,
)
from govhall.cases.selectors import case_for
from govhall.cases.services import DecisionInput, DeliveryInput, input_from
from govhall.cases.workflow import CaseAction, allowed_actions
from govhall.catalog.models import StepKind
from govhall.core.staff_views import signed_in_user
from govhall.core.working_days import WorkingCalendar
from govhall.org.roles import Role, roles_of
from govhall.org.selectors import staff_profile_of

JOINT_REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.APPROVER, Role.CHIEF_REPRESENTATIVE})
"""Who may answer a participating department's joint-review task (as ``joint_task_answer`` checks)."""

PASSABLE_STEPS = frozenset({StepKind.ACCEPT, StepKind.REVIEW, StepKind.JOINT_REVIEW})
PARTICIPANT_ACTIONS = frozenset({"joint_task_answer"})
"""All a participating department of a 联办件 does on the lead's case: answer its own task."""


# The page --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    step: CaseStep
    clock: clocks.ClockReading | None


@dataclass(frozen=True)
class TimelineRow:
    occurred_at: datetime
    actor_name: str
    label: str
    note: str
    details: list[tuple[str, str]]
    public: bool


@dataclass
class CasePage:
    """Everything the case page shows, read once; the actions' applicability is decided from it."""

    case: Case
    user: User
    today: date
    calendar: WorkingCalendar
    materials: list[CaseMaterial]
    steps: list[StepRow]
    joint_tasks: list[JointTask]
    procedures: list[SpecialProcedure]
    extensions: list[Extension]
    notices: list[Notice]
    bill: Bill | None
    bill_lines: list[BillLine]
    adjustments: list[FeeAdjustment]
    delivery: Delivery | None
    forwarding: Forwarding | None
    timeline: list[TimelineRow]
    lead: bool
    """The user's scope covers the case's own department (not only a joint-review task in it)."""
    allowed: frozenset[str]
    """The moves the workflow table allows from the case's state."""

    @cached_property
    def roles(self) -> set[Role]:
        return roles_of(self.user)

    @cached_property
    def department_id(self) -> int | None:
        profile = staff_profile_of(self.user)
        return profile.department_id if profile is not None else None

    @cached_property
    def clock(self) -> clocks.ClockReading:
        return clocks.case_clock(self.case, today=self.today, calendar=self.calendar)

    @property
    def step(self) -> CaseStep | None:
        """The current step, if it is being handled."""
        current = self.case.current_step
        return current if current is not None and current.state == StepState.ACTIVE else None

    @property
    def pending_extension(self) -> Extension | None:
        return next((row for row in self.extensions if row.state == ApprovalState.PENDING), None)

    @property
    def pending_adjustment(self) -> FeeAdjustment | None:
        return next((row for row in self.adjustments if row.state == ApprovalState.PENDING), None)

    def may(self, permission: str) -> bool:
        return self.user.has_perm(permission)

    def handles(self, step: CaseStep) -> bool:
        """Whether the user may act on ``step`` (the services' own rule)."""
        return step_refusal(self.case, step, self.user) is None

    def on_step(self, *kinds: str) -> bool:
        """The case is being handled and its current step, of one of ``kinds``, is the user's."""
        step = self.step
        return (
            self.case.state == CaseState.HANDLING
            and step is not None
            and step.kind in kinds
            and self.handles(step)
        )

    def after_decision(self, action: str, step_kind: str) -> bool:
        """A lead-department handler may make ``action``; when the process has a step for it, only
        the one who handles that step."""
        if action not in self.allowed or not self.lead or not self.may("cases.handle_case"):
            return False
        step = self.step
        return step is None or step.kind != step_kind or self.handles(step)

    @property
    def my_joint_task(self) -> JointTask | None:
        return next(
            (
                task
                for task in self.joint_tasks
                if task.state == JointTaskState.ACTIVE and task.department_id == self.department_id
            ),
            None,
        )


def _timeline_row(event: CaseEvent) -> TimelineRow:
    """One event as the timeline reads (the actor's name as written then), the step's name not repeated."""
    step = event.step.name if event.step is not None else None
    return TimelineRow(
        occurred_at=event.occurred_at,
        actor_name=event.actor_name,
        label=event_label(event.action, step),
        note="" if event.note == step else event.note,
        details=event_details(event.detail),
        public=event.public,
    )


def _step_rows(case: Case, *, today: date, calendar: WorkingCalendar) -> list[StepRow]:
    """Every step and round in order, each with its own clock (a step's clock pauses with the case's)."""
    paused = case.paused_on is not None
    steps = (
        CaseStep.objects.filter(case=case)
        .select_related("department", "handler__staff", "assignee__staff")
        .order_by("order", "round")
    )
    return [
        StepRow(
            step=step,
            clock=(
                clocks.step_clock(
                    step, today=today, calendar=calendar, paused=paused and step.state == StepState.ACTIVE
                )
                if step.due_on is not None
                else None
            ),
        )
        for step in steps
    ]


def _case_page(case: Case, user: User) -> CasePage:
    """Read what the page shows. A participating department of a 联办件 sees only its own task."""
    today = timezone.localdate()
    calendar = clocks.calendar_of(case)
    lead = is_lead(case, user)
    profile = staff_profile_of(user)
    tasks = JointTask.objects.filter(case=case).select_related("department", "handler__staff")
    if not lead:
        own = profile.department_id if profile is not None else None
        tasks = tasks.filter(department_id=own) if own is not None else tasks.none()
    bill = Bill.objects.filter(case=case).select_related("cashier__staff", "issued_by__staff").first()
    events = CaseEvent.objects.filter(case=case).select_related("step")
    return CasePage(
        case=case,
        user=user,
        today=today,
        calendar=calendar,
        materials=list(case.materials.all()),
        steps=_step_rows(case, today=today, calendar=calendar),
        joint_tasks=list(tasks.order_by("due_on", "id")),
        procedures=list(case.special_procedures.select_related("started_by__staff", "ended_by__staff")),
        extensions=list(case.extensions.select_related("requested_by__staff", "decided_by__staff")),
        notices=list(case.notices.all()),
        bill=bill,
        bill_lines=list(bill.lines.all()) if bill is not None else [],
        adjustments=(
            list(bill.adjustments.select_related("requested_by__staff", "decided_by__staff"))
            if bill is not None
            else []
        ),
        delivery=Delivery.objects.filter(case=case).select_related("delivered_by__staff").first(),
        forwarding=Forwarding.objects.filter(case=case).select_related("linked_case").first(),
        timeline=[_timeline_row(event) for event in events.order_by("occurred_at", "id")],
        lead=lead,
        allowed=frozenset(allowed_actions(case)),
    )


# The actions -----------------------------------------------------------------------------------


def _step_name(form: CaseActionForm) -> str:
    step: CaseStep = form.cleaned_data["step"]
    return step.name


def _run_step_pass(form: CaseActionForm) -> str:
    following = services.step_pass(
        step=form.cleaned_data["step"], user=form.user, opinion=form.cleaned_data["opinion"]
    )
    if following is None:
        return _("“%(step)s”环节已通过。") % {"step": _step_name(form)}
    return _("“%(step)s”环节已通过，转入“%(next)s”。") % {"step": _step_name(form), "next": following.name}


def _run_step_return(form: CaseActionForm) -> str:
    earlier = services.step_return(
        step=form.cleaned_data["step"], user=form.user, reason=form.cleaned_data["reason"]
    )
    return _("已退回“%(step)s”环节重新办理。") % {"step": earlier.name}


def _run_step_claim(form: CaseActionForm) -> str:
    services.step_claim(step=form.cleaned_data["step"], user=form.user)
    return _("已认领“%(step)s”环节。") % {"step": _step_name(form)}


def _run_step_decide(form: CaseActionForm) -> str:
    data = form.cleaned_data
    case = services.step_decide(
        step=data["step"],
        user=form.user,
        data=input_from(DecisionInput, data),
    )
    return _("已作出%(decision)s决定，并出具决定书。") % {"decision": Decision(case.decision).label}


def _run_case_forward(form: CaseActionForm) -> str:
    data = form.cleaned_data
    forwarding = services.case_forward(
        case=form.case,
        user=form.user,
        target=data["target"],
        department=data["department"],
        body_name=data["body_name"],
        reference=data["reference"],
    )
    if forwarding.linked_case is not None:
        return _("已报送%(body)s，上级办件编号 %(number)s。") % {
            "body": forwarding.body_name,
            "number": forwarding.linked_case.number,
        }
    return _("已报送%(body)s。") % {"body": forwarding.body_name}


def _run_forward_result(form: CaseActionForm) -> str:
    services.case_forward_result(case=form.case, user=form.user, result=form.cleaned_data["result"])
    return _("已登记上级机关的办理结果。")


def _run_joint_answer(form: CaseActionForm) -> str:
    data = form.cleaned_data
    task = services.joint_task_answer(
        task=data["task"], user=form.user, agree=data["answer"], opinion=data["opinion"]
    )
    return _("已反馈%(department)s的审查意见：%(state)s。") % {
        "department": task.department.name,
        "state": task.get_state_display(),
    }


def _run_suspend(form: CaseActionForm) -> str:
    procedure = services.case_suspend(
        case=form.case, user=form.user, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"]
    )
    return _("已启动特别程序（%(kind)s），办理时限暂停计算。") % {"kind": procedure.get_kind_display()}


def _run_resume(form: CaseActionForm) -> str:
    procedure = services.case_resume(case=form.case, user=form.user, result=form.cleaned_data["result"])
    return _("特别程序已结束，暂停%(days)s天，承诺办结日期相应顺延。") % {"days": procedure.paused_days or 0}


def _run_extension_request(form: CaseActionForm) -> str:
    extension = services.extension_request(
        case=form.case, user=form.user, days=form.cleaned_data["days"], reason=form.cleaned_data["reason"]
    )
    return _("已申请延期%(days)s天，待负责人批准。") % {"days": extension.days}


def _run_extension_decide(form: CaseActionForm) -> str:
    data = form.cleaned_data
    extension = services.extension_decide(
        extension=data["extension"], user=form.user, approve=data["answer"], note=data["note"]
    )
    if extension.state == ApprovalState.APPROVED:
        return _("已批准延期%(days)s天，并出具延期告知书。") % {"days": extension.days}
    return _("已不批准该延期申请。")


def _run_bill_issue(form: CaseActionForm) -> str:
    assert isinstance(form, BillIssueForm)
    bill = fees.bill_issue(case=form.case, user=form.user, amounts=form.amounts())
    return _("已开具缴费单 %(number)s，应缴 %(total)s 元。") % {"number": bill.number, "total": bill.total}


def _bill(form: CaseActionForm) -> Bill:
    assert isinstance(form, BillForm)
    return form.bill


def _run_bill_pay(form: CaseActionForm) -> str:
    bill = fees.bill_pay(bill=_bill(form), user=form.user, receipt_number=form.cleaned_data["receipt_number"])
    return _("已登记收费，票据号码 %(receipt)s。") % {"receipt": bill.receipt_number}


def _run_adjustment_request(form: CaseActionForm) -> str:
    adjustment = fees.fee_adjustment_request(
        bill=_bill(form), user=form.user, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"]
    )
    return _("已申请%(kind)s，待负责人批准。") % {"kind": adjustment.get_kind_display()}


def _run_adjustment_decide(form: CaseActionForm) -> str:
    adjustment = fees.fee_adjustment_decide(
        adjustment=form.cleaned_data["adjustment"], user=form.user, approve=form.cleaned_data["answer"]
    )
    return _("%(kind)s申请：%(state)s。") % {
        "kind": adjustment.get_kind_display(),
        "state": adjustment.get_state_display(),
    }


def _run_complete(form: CaseActionForm) -> str:
    services.case_complete(case=form.case, user=form.user, pickup=form.cleaned_data["pickup"])
    return _("已办结，并出具办结通知书。")


def _run_deliver(form: CaseActionForm) -> str:
    data = form.cleaned_data
    delivery = services.case_deliver(
        case=form.case,
        user=form.user,
        data=input_from(DeliveryInput, data),
    )
    return _("已送达（%(method)s），并出具送达回证。") % {"method": delivery.get_method_display()}


def _run_archive(form: CaseActionForm) -> str:
    services.case_archive(case=form.case, user=form.user)
    return _("已归档。")


def _run_withdraw(form: CaseActionForm) -> str:
    services.case_withdraw(case=form.case, user=form.user, reason=form.cleaned_data["reason"])
    return _("已登记申请人撤回申请。")


@dataclass(frozen=True)
class Action:
    form: type[CaseActionForm]
    applies: Callable[[CasePage], bool]
    """Whether the page offers the action to this user in this state (the service decides anyway)."""
    run: Callable[[CaseActionForm], str]
    """Call the one service; returns the message shown after the redirect."""


def _bill_applies(page: CasePage, permission: str, states: tuple[str, ...]) -> bool:
    return page.bill is not None and page.bill.state in states and page.lead and page.may(permission)


ACTIONS: dict[str, Action] = {
    "step_pass": Action(StepPassForm, lambda page: page.on_step(*PASSABLE_STEPS), _run_step_pass),
    "step_return": Action(
        StepReturnForm,
        lambda page: page.on_step(StepKind.REVIEW, StepKind.JOINT_REVIEW, StepKind.DECIDE, StepKind.FORWARD),
        _run_step_return,
    ),
    "step_claim": Action(
        StepClaimForm,
        lambda page: page.step is not None and page.step.assignee_id is None and page.on_step(page.step.kind),
        _run_step_claim,
    ),
    "step_decide": Action(DecisionForm, lambda page: page.on_step(StepKind.DECIDE), _run_step_decide),
    "case_forward": Action(ForwardForm, lambda page: page.on_step(StepKind.FORWARD), _run_case_forward),
    "case_forward_result": Action(
        ForwardResultForm,
        lambda page: (
            page.case.state == CaseState.ESCALATED
            and page.forwarding is not None
            and page.forwarding.target == ForwardTarget.OUTSIDE_BODY
            and page.lead
            and page.may("cases.handle_case")
        ),
        _run_forward_result,
    ),
    "joint_task_answer": Action(
        JointAnswerForm,
        lambda page: (
            page.case.state in (CaseState.HANDLING, CaseState.SUSPENDED)
            and page.my_joint_task is not None
            and (page.user.is_superuser or bool(page.roles & JOINT_REVIEWER_ROLES))
        ),
        _run_joint_answer,
    ),
    "case_suspend": Action(
        SuspendForm,
        lambda page: CaseAction.SUSPEND in page.allowed and page.lead and page.may("cases.handle_case"),
        _run_suspend,
    ),
    "case_resume": Action(
        ResumeForm,
        lambda page: CaseAction.RESUME in page.allowed and page.lead and page.may("cases.handle_case"),
        _run_resume,
    ),
    "extension_request": Action(
        ExtensionRequestForm,
        lambda page: (
            page.case.state in (CaseState.HANDLING, CaseState.SUSPENDED)
            and page.lead
            and page.may("cases.handle_case")
            and page.pending_extension is None
            and page.case.extended_days < clocks.extension_limit(page.case)
        ),
        _run_extension_request,
    ),
    "extension_decide": Action(
        ExtensionDecideForm,
        lambda page: (
            page.pending_extension is not None
            and page.pending_extension.requested_by_id != page.user.pk
            and page.lead
            and page.may("cases.approve_extension")
        ),
        _run_extension_decide,
    ),
    "bill_issue": Action(
        BillIssueForm,
        lambda page: (
            page.case.state == CaseState.DECIDED
            and page.case.decision == Decision.GRANTED
            and page.case.item_version.charges_fees
            and page.bill is None
            and page.lead
            and page.may("cases.issue_bill")
        ),
        _run_bill_issue,
    ),
    "bill_pay": Action(
        BillPayForm,
        lambda page: _bill_applies(page, "cases.record_payment", (BillState.ISSUED,)),
        _run_bill_pay,
    ),
    "fee_adjustment_request": Action(
        FeeAdjustmentRequestForm,
        lambda page: (
            _bill_applies(page, "cases.issue_bill", (BillState.ISSUED, BillState.PAID))
            and page.pending_adjustment is None
            and page.case.state != CaseState.ARCHIVED
        ),
        _run_adjustment_request,
    ),
    "fee_adjustment_decide": Action(
        FeeAdjustmentDecideForm,
        lambda page: (
            page.pending_adjustment is not None
            and page.pending_adjustment.requested_by_id != page.user.pk
            and page.lead
            and page.may("cases.approve_fee_adjustment")
        ),
        _run_adjustment_decide,
    ),
    "case_complete": Action(
        CompleteForm, lambda page: page.after_decision(CaseAction.COMPLETE, StepKind.COMPLETE), _run_complete
    ),
    "case_deliver": Action(
        DeliverForm, lambda page: page.after_decision(CaseAction.DELIVER, StepKind.DELIVER), _run_deliver
    ),
    "case_archive": Action(
        ArchiveForm,
        lambda page: CaseAction.ARCHIVE in page.allowed and page.lead and page.may("cases.handle_case"),
        _run_archive,
    ),
    "case_withdraw": Action(
        WithdrawForm,
        lambda page: CaseAction.WITHDRAW in page.allowed and page.lead and page.may("cases.intake_case"),
        _run_withdraw,
    ),
}
"""Every handling action of the case page, by the name in its URL and its form prefix."""


def _form(name: str, case: Case, user: User, bill: Bill | None, data: Any = None) -> CaseActionForm:
    form_class = ACTIONS[name].form
    if issubclass(form_class, BillForm):
        if bill is None:
            raise ValidationError(_("该办件尚未开具缴费单。"), code="no_bill")
        return form_class(data, prefix=name, case=case, user=user, bill=bill)
    return form_class(data, prefix=name, case=case, user=user)


def _render(
    request: HttpRequest,
    page: CasePage,
    *,
    status: int = 200,
    error: str = "",
    bound: CaseActionForm | None = None,
    unmasked: dict[str, Unmasked] | None = None,
) -> HttpResponse:
    forms = {
        name: _form(name, page.case, page.user, page.bill)
        for name, action in ACTIONS.items()
        if action.applies(page)
    }
    if bound is not None and bound.prefix in forms:
        forms[bound.prefix] = bound
    context = {
        "page": page,
        "case": page.case,
        "forms": forms,
        "error": error,
        "unmasked": unmasked or {},
        "can_unmask": page.may("cases.unmask_personal_data"),
    }
    return render(request, "cases/case/detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = signed_in_user(request)
    return _render(request, _case_page(case_for(user=user, number=number), user))


def _refusal_message(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("您没有此操作的权限。")


def _form_errors(form: CaseActionForm) -> str:
    return "；".join(str(message) for errors in form.errors.values() for message in errors)


def _refused(
    request: HttpRequest, user: User, number: str, *, status: int, error: str, bound: CaseActionForm | None
) -> HttpResponse:
    """The page again, read afresh (the refused service changed nothing), with why and what was typed."""
    page = _case_page(case_for(user=user, number=number), user)
    return _render(request, page, status=status, error=error, bound=bound)


@login_required
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One handling action: read its form, call its service, redirect back; or show why not."""
    user = signed_in_user(request)
    case = case_for(user=user, number=number)
    if action not in ACTIONS:
        raise Http404("unknown case action")
    if action not in PARTICIPANT_ACTIONS and not is_lead(case, user):
        message = _("贵部门只参与该联办件的并联审查，其他办理由主办部门负责。")
        return _refused(request, user, number, status=403, error=message, bound=None)
    bill = Bill.objects.filter(case=case).first()
    form: CaseActionForm | None = None
    try:
        form = _form(action, case, user, bill, request.POST)
        if not form.is_valid():
            return _refused(request, user, number, status=400, error=_form_errors(form), bound=form)
        message = ACTIONS[action].run(form)
    except ValidationError as exc:
        return _refused(request, user, number, status=400, error=_refusal_message(exc), bound=form)
    except PermissionDenied as exc:
        return _refused(request, user, number, status=403, error=_refusal_message(exc), bound=form)
    messages.success(request, message)
    return redirect("cases:case_detail", number=case.number)


@login_required
@require_POST
@never_cache
def case_unmask(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant's (or agent's) full ID number and phone, audited; shown only in this response."""
    user = signed_in_user(request)
    case = case_for(user=user, number=number)
    who = request.POST.get("who", "applicant")
    person: Applicant | None = case.agent if who == "agent" else case.applicant
    if person is None or who not in ("applicant", "agent"):
        raise Http404("no such person on the case")
    try:
        full = applicant_unmask(applicant=person, case=case, user=user)
    except PermissionDenied as exc:
        return _render(request, _case_page(case, user), status=403, error=_refusal_message(exc))
    if getattr(request, "htmx", False):
        context = {"case": case, "person": person, "who": who, "full": full, "can_unmask": True}
        return render(request, "cases/case/_person_ids.html", context)
    return _render(request, _case_page(case, user), unmasked={who: full})
