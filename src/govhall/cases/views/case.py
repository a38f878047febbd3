"""The case page (办件详情) and every handling action on it.

The page shows the case's read model (``case_view_for``: what this user may see of it, another
department's case is 404), with the applicant's ID number and phone masked. It offers each move
the case machine allows this user now as a small form, and each move refused to them as a
disabled button that says why. Each action is a POST that first asks the machine (a refusal of the
user: 403 with the reason; of the case's state: 409), then reads its form and calls one service,
which asks again inside its transaction: on success the browser is redirected back with a message
(post/redirect/get); a refusal re-renders the page with the Chinese message (400 for bad input) and
nothing written.

The full ID number and phone appear only in the response to the audited unmask POST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from govhall.cases import fees, services
from govhall.cases.applicants import Unmasked, applicant_unmask
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
from govhall.cases.models import Applicant, Bill, Case, CaseStep, Decision
from govhall.cases.selectors import CaseView, case_for, case_view_for
from govhall.cases.services import ANSWERS, DecisionInput, DeliveryInput, input_from
from govhall.cases.workflow import CASE, CaseAtHand
from govhall.core.approvals import ApprovalState
from govhall.core.staff_views import signed_in_user
from govhall.core.workflow import ActorRefused, StateRefused
from govhall.core.working_days import period_text

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
    return _("特别程序已结束，暂停%(period)s，承诺办结日期相应顺延。") % {
        "period": period_text(procedure.paused_days or 0, form.case.limit_unit)
    }


def _run_extension_request(form: CaseActionForm) -> str:
    extension = services.extension_request(
        case=form.case, user=form.user, days=form.cleaned_data["days"], reason=form.cleaned_data["reason"]
    )
    return _("已申请延期%(period)s，待负责人批准。") % {
        "period": period_text(extension.days, form.case.limit_unit)
    }


def _run_extension_decide(form: CaseActionForm) -> str:
    data = form.cleaned_data
    extension = services.extension_decide(
        extension=data["extension"], user=form.user, approve=data["answer"], note=data["note"]
    )
    if extension.state == ApprovalState.APPROVED:
        return _("已批准延期%(period)s，并出具延期告知书。") % {
            "period": period_text(extension.days, form.case.limit_unit)
        }
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
    data = form.cleaned_data
    adjustment = fees.fee_adjustment_decide(
        adjustment=data["adjustment"], user=form.user, approve=data["answer"], note=data["note"]
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
    run: Callable[[CaseActionForm], str]
    """Call the one service; returns the message shown after the redirect."""


ACTIONS: dict[str, Action] = {
    "step_pass": Action(StepPassForm, _run_step_pass),
    "step_return": Action(StepReturnForm, _run_step_return),
    "step_claim": Action(StepClaimForm, _run_step_claim),
    "step_decide": Action(DecisionForm, _run_step_decide),
    "case_forward": Action(ForwardForm, _run_case_forward),
    "case_forward_result": Action(ForwardResultForm, _run_forward_result),
    "joint_task_answer": Action(JointAnswerForm, _run_joint_answer),
    "case_suspend": Action(SuspendForm, _run_suspend),
    "case_resume": Action(ResumeForm, _run_resume),
    "extension_request": Action(ExtensionRequestForm, _run_extension_request),
    "extension_decide": Action(ExtensionDecideForm, _run_extension_decide),
    "bill_issue": Action(BillIssueForm, _run_bill_issue),
    "bill_pay": Action(BillPayForm, _run_bill_pay),
    "fee_adjustment_request": Action(FeeAdjustmentRequestForm, _run_adjustment_request),
    "fee_adjustment_decide": Action(FeeAdjustmentDecideForm, _run_adjustment_decide),
    "case_complete": Action(CompleteForm, _run_complete),
    "case_deliver": Action(DeliverForm, _run_deliver),
    "case_archive": Action(ArchiveForm, _run_archive),
    "case_withdraw": Action(WithdrawForm, _run_withdraw),
}
"""The form and the service of each move of the case machine made on this page, by the move's name
(in the URL and as the form's prefix). The answers to an application have their own page
(``cases:case_answer``) and unmasking its own POST."""


def _form(name: str, case: Case, user: User, bill: Bill | None, data: Any = None) -> CaseActionForm:
    form_class = ACTIONS[name].form
    if issubclass(form_class, BillForm):
        if bill is None:
            raise ValidationError(_("该办件尚未开具缴费单。"), code="no_bill")
        return form_class(data, prefix=name, case=case, user=user, bill=bill)
    return form_class(data, prefix=name, case=case, user=user)


@dataclass(frozen=True)
class RefusedAction:
    """A move of the case's situation the user may not make now: ``of_state`` when the case is not
    ready for it (shown with the forms), else because of who they are (folded away)."""

    name: str
    label: str
    reason: str
    of_state: bool


def _render(
    request: HttpRequest,
    view: CaseView,
    user: User,
    *,
    status: int = 200,
    error: str = "",
    bound: CaseActionForm | None = None,
    unmasked: dict[str, Unmasked] | None = None,
) -> HttpResponse:
    forms = {name: _form(name, view.case, user, view.bill) for name in ACTIONS if name in view.allowed}
    if bound is not None and bound.prefix in forms:
        forms[bound.prefix] = bound
    refused = [
        RefusedAction(
            name=name, label=str(CASE.moves[name].label), reason=refusal.reason, of_state=refusal.of_state
        )
        for name, refusal in view.refused.items()
        if name in ACTIONS
    ]
    context = {
        "page": view,
        "case": view.case,
        "forms": forms,
        "waiting": [action for action in refused if action.of_state],
        "refused": [action for action in refused if not action.of_state],
        "answers": any(move in view.allowed for move in ANSWERS.values()),
        "error": error,
        "unmasked": unmasked or {},
        "can_unmask": "applicant_unmask" in view.allowed,
    }
    return render(request, "cases/case/detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = signed_in_user(request)
    return _render(request, case_view_for(user=user, number=number), user)


def _refusal_message(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("您没有此操作的权限。")


def _form_errors(form: CaseActionForm) -> str:
    return "；".join(str(message) for errors in form.errors.values() for message in errors)


def refusal_status(error: ValidationError | PermissionDenied) -> int:
    """403 for a refused user, 409 for a move the case's state refuses now, 400 for bad input."""
    if isinstance(error, StateRefused):
        return 409
    return 403 if isinstance(error, PermissionDenied) else 400


def refused_page(
    request: HttpRequest,
    user: User,
    number: str,
    *,
    status: int,
    error: str,
    bound: CaseActionForm | None = None,
) -> HttpResponse:
    """The case page again, read afresh (the refused service changed nothing), with why and what was
    typed."""
    return _render(
        request, case_view_for(user=user, number=number), user, status=status, error=error, bound=bound
    )


def _refuse_the_user(action: str, case: Case, user: User) -> None:
    """Who first: a user the machine refuses the move hears so (403) whatever the form held."""
    refusal = CASE.refusal(action, CaseAtHand(case), user)
    if refusal is not None and not refusal.of_state:
        raise ActorRefused(refusal.reason, code=refusal.code)


@login_required
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One move: read its form and call its service, which asks the machine; redirect back, or show
    why not (a user refused the move: 403, even when the form is wrong)."""
    user = signed_in_user(request)
    case = case_for(user=user, number=number)
    if action not in ACTIONS:
        raise Http404("unknown case action")
    form: CaseActionForm | None = None
    try:
        form = _form(action, case, user, Bill.objects.filter(case=case).first(), request.POST)
        if not form.is_valid():
            _refuse_the_user(action, case, user)
            return refused_page(request, user, number, status=400, error=_form_errors(form), bound=form)
        message = ACTIONS[action].run(form)
    except (ValidationError, PermissionDenied) as exc:
        status = refusal_status(exc)
        return refused_page(request, user, number, status=status, error=_refusal_message(exc), bound=form)
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
        view = case_view_for(user=user, number=number)
        return _render(request, view, user, status=403, error=_refusal_message(exc))
    if getattr(request, "htmx", False):
        context = {"case": case, "person": person, "who": who, "full": full, "can_unmask": True}
        return render(request, "cases/case/_person_ids.html", context)
    return _render(request, case_view_for(user=user, number=number), user, unmasked={who: full})
