"""Staff work lists: my tasks (我的待办), the department's cases (部门办件) with case search, and the
cashier's desk (收费登记).

Every row shows its case's clock, read with one working calendar per centre on the page. Case
search is sent by POST so an applicant's full ID number stays out of addresses and server logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.cases import fees
from govhall.cases.clocks import ClockReading, case_clock, step_clock
from govhall.cases.forms.worklist import (
    OPEN_STATE_CHOICES,
    BillLookupForm,
    CaseSearchForm,
    PaymentForm,
    WorklistFilterForm,
)
from govhall.cases.models import Bill, BillState, Case, CaseState, CaseStep, JointTask
from govhall.cases.policies import may_approve_extension, may_approve_fee_adjustment, works_the_window
from govhall.cases.selectors import (
    bill_find,
    bill_for_payment,
    bills_awaiting_payment,
    case_search,
    department_state_counts,
    department_worklist,
    my_tasks,
    payments_of_day,
    unassigned_cases,
)
from govhall.core.staff_views import signed_in_user
from govhall.org.models import Department
from govhall.org.selectors import access_scope_for, department_list_for, staff_profile_of

HANDLE_CASE = "cases.handle_case"
VIEW_CASE = "cases.view_case"
RECORD_PAYMENT = "cases.record_payment"
PAGE_SIZE = 50

T = TypeVar("T")


class ClockReader:
    """Reads the clocks of a page's cases, steps and tasks as of one day."""

    def __init__(self) -> None:
        self.today = timezone.localdate()

    def case(self, case: Case) -> ClockReading:
        return case_clock(case, today=self.today)

    def step(self, step: CaseStep | JointTask) -> ClockReading:
        """The clock of a step, or of a joint task, against its own deadline."""
        return step_clock(step, case=step.case, today=self.today)


@dataclass(frozen=True)
class Clocked(Generic[T]):
    """A row of a list and the clock of its case."""

    item: T
    clock: ClockReading


@dataclass(frozen=True)
class StepRow:
    step: CaseStep
    step_clock: ClockReading
    case_clock: ClockReading


@dataclass(frozen=True)
class JointTaskRow:
    task: JointTask
    task_clock: ClockReading
    case_clock: ClockReading


class KnownCountPaginator(Paginator):
    """A paginator told its count: the state tabs have counted the rows already."""

    def __init__(self, object_list: QuerySet[Case], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _clocked_cases(cases: Sequence[Case]) -> list[Clocked[Case]]:
    reader = ClockReader()
    return [Clocked(case, reader.case(case)) for case in cases]


# --- my tasks -----------------------------------------------------------------------------------

NEXT_WORK = {
    CaseState.DECIDED: gettext_lazy("待办结（收费事项须先开单、缴费）"),
    CaseState.COMPLETED: gettext_lazy("待送达"),
}
"""What the window still does for a decided or completed case."""


@dataclass(frozen=True)
class DecidedRow:
    case: Case
    clock: ClockReading

    @property
    def next_work(self) -> str:
        return str(NEXT_WORK.get(CaseState(self.case.state), ""))


@login_required
@permission_required(HANDLE_CASE, raise_exception=True)
@require_safe
def my_tasks_page(request: HttpRequest) -> HttpResponse:
    """``/cases/tasks/``: my steps, my department's joint-review tasks, approvals I may give and
    decided cases waiting at the window."""
    user = signed_in_user(request)
    tasks = my_tasks(user=user)
    reader = ClockReader()
    context = {
        "steps": [StepRow(step, reader.step(step), reader.case(step.case)) for step in tasks.steps],
        "joint_tasks": [
            JointTaskRow(task, reader.step(task), reader.case(task.case)) for task in tasks.joint_tasks
        ],
        "extensions": [Clocked(extension, reader.case(extension.case)) for extension in tasks.extensions],
        "adjustments": [
            Clocked(adjustment, reader.case(adjustment.bill.case)) for adjustment in tasks.adjustments
        ],
        "decided": [DecidedRow(case, reader.case(case)) for case in tasks.decided],
        "approves_extensions": may_approve_extension(None, user) is None,
        "approves_fee_adjustments": may_approve_fee_adjustment(None, user) is None,
        "serves_window": works_the_window(user),
    }
    return render(request, "cases/worklist/my_tasks.html", context)


# --- the department's cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class StateTab:
    state: str
    label: str
    count: int
    active: bool


def _chosen_department(
    user: User, departments: QuerySet[Department] | None, chosen: Department | None
) -> Department | None:
    """The department shown: the one chosen, else the user's own, else (centre-wide roles without a
    department) the first they may see."""
    if chosen is not None:
        return chosen
    profile = staff_profile_of(user)
    if profile is not None and profile.department is not None:
        return profile.department
    return departments.first() if departments is not None else None


@login_required
@permission_required(VIEW_CASE, raise_exception=True)
@require_safe
def department_list(request: HttpRequest) -> HttpResponse:
    """``/cases/``: the department's open cases, soonest due first (the overdue on top), by state."""
    user = signed_in_user(request)
    departments = department_list_for(user=user) if access_scope_for(user).department_ids is None else None
    form = WorklistFilterForm(request.GET, departments=departments)
    if not form.is_valid():
        return render(
            request,
            "cases/worklist/department_list.html",
            {"form": form, "search_form": CaseSearchForm(), "department_choice": departments is not None},
            status=400,
        )
    department = _chosen_department(user, departments, form.cleaned_data.get("department"))
    department_id = department.pk if department is not None else None
    state = form.cleaned_data["state"]
    counts = department_state_counts(user=user, department_id=department_id) if department else {}
    total = sum(counts.values())
    paginator = KnownCountPaginator(
        department_worklist(user=user, state=state, department_id=department_id),
        PAGE_SIZE,
        count=counts.get(state, 0) if state else total,
    )
    page = paginator.get_page(request.GET.get("page"))
    tabs = [
        StateTab(state="", label=_("全部"), count=total, active=not state),
        *(
            StateTab(state=value, label=str(label), count=counts.get(value, 0), active=value == state)
            for value, label in OPEN_STATE_CHOICES
        ),
    ]
    context = {
        "form": form,
        "search_form": CaseSearchForm(),
        "department": department,
        "department_choice": departments is not None,
        "state": state,
        "tabs": tabs,
        "page": page,
        "rows": _clocked_cases(list(page.object_list)),
    }
    return render(request, "cases/worklist/department_list.html", context)


@never_cache
@login_required
@permission_required(VIEW_CASE, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """``/cases/search/``: the form; POST searches what the user may see (``page`` picks the page)."""
    if request.method != "POST":
        return render(request, "cases/worklist/search.html", {"form": CaseSearchForm()})
    form = CaseSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/worklist/search.html", {"form": form}, status=400)
    page: Page[Case] = Paginator(
        case_search(user=signed_in_user(request), query=form.query()), PAGE_SIZE
    ).get_page(request.POST.get("page"))
    context: dict[str, Any] = {"form": form, "page": page, "rows": _clocked_cases(list(page.object_list))}
    return render(request, "cases/worklist/search.html", context)


# --- work nobody can take -------------------------------------------------------------------------

VIEW_UNASSIGNED = "cases.view_unassigned"


@dataclass(frozen=True)
class UnassignedRow:
    case: Case
    clock: ClockReading

    @property
    def missing(self) -> str:
        """Who is missing, in a sentence: 潍坊市公安局没有在岗的审查员 …"""
        step = self.case.current_step
        assert step is not None
        if step.assignee_id is not None and step.assignee is not None and not step.assignee.is_active:
            return _("该环节已由%(name)s认领，但其账号已停用，请在管理后台收回或改派。") % {
                "name": step.assignee.get_full_name() or step.assignee.get_username()
            }
        return _("%(department)s目前没有在岗的%(role)s，请为该部门安排%(role)s。") % {
            "department": step.department.name,
            "role": step.get_role_display(),
        }


@login_required
@permission_required(VIEW_UNASSIGNED, raise_exception=True)
@require_safe
def unassigned(request: HttpRequest) -> HttpResponse:
    """``/cases/unassigned/``: 无人可办 — running cases whose current step nobody can take, soonest due
    first, for the department's chief representative and the centre's duty chief and managers."""
    user = signed_in_user(request)
    paginator = Paginator(unassigned_cases(user=user).select_related("current_step__assignee"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    reader = ClockReader()
    context = {
        "page": page,
        "count": paginator.count,
        "rows": [UnassignedRow(case, reader.case(case)) for case in page.object_list],
        "show_department": access_scope_for(user).department_ids is None,
    }
    return render(request, "cases/worklist/unassigned.html", context)


# --- the cashier's desk -------------------------------------------------------------------------


@dataclass(frozen=True)
class BillRow:
    bill: Bill
    form: PaymentForm

    @property
    def payable(self) -> bool:
        return self.bill.state == BillState.ISSUED


@dataclass(frozen=True)
class PaymentFailure:
    bill: Bill
    form: PaymentForm


def _payment_form(bill: Bill, data: Any = None) -> PaymentForm:
    return PaymentForm(data, auto_id=f"id_bill{bill.pk}_%s")


def _cashier_page(
    request: HttpRequest, *, failure: PaymentFailure | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    lookup = BillLookupForm(request.GET)
    text = lookup.cleaned_data["q"] if lookup.is_valid() else ""
    page: Page[Bill] | None = None
    if text:
        bills = list(bill_find(user=user, text=text)[:PAGE_SIZE])
    else:
        page = Paginator(bills_awaiting_payment(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
        bills = list(page.object_list)
    rows = [
        BillRow(
            bill, failure.form if failure is not None and failure.bill.pk == bill.pk else _payment_form(bill)
        )
        for bill in bills
    ]
    context = {
        "lookup": lookup,
        "looked_up": text,
        "page": page,
        "rows": rows,
        "failure": failure,
        "query": request.GET.urlencode(),
        "payments": payments_of_day(user=user, day=timezone.localdate()),
    }
    return render(request, "cases/worklist/cashier.html", context, status=status)


@login_required
@permission_required(RECORD_PAYMENT, raise_exception=True)
@require_safe
def cashier(request: HttpRequest) -> HttpResponse:
    """``/cases/cashier/``: bills waiting for payment (or the one looked up) and today's payments."""
    return _cashier_page(request)


@login_required
@permission_required(RECORD_PAYMENT, raise_exception=True)
@require_POST
def bill_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a bill's payment with its receipt number; on refusal the page says why, nothing changes."""
    user = signed_in_user(request)
    bill = bill_for_payment(user=user, pk=pk)
    form = _payment_form(bill, request.POST)
    receipt = form.cleaned_data["receipt_number"] if form.is_valid() else ""
    try:
        paid = fees.bill_pay(bill=bill, user=user, receipt_number=receipt)
    except ValidationError as error:
        form.add_error("receipt_number", error)
        return _cashier_page(request, failure=PaymentFailure(bill, form), status=400)
    messages.success(
        request,
        _("已登记缴费单%(bill)s的收费%(total)s元，票据号码%(receipt)s。")
        % {"bill": paid.number, "total": paid.total, "receipt": paid.receipt_number},
    )
    query = request.GET.urlencode()
    return redirect(f"{reverse('cases:cashier')}?{query}" if query else reverse("cases:cashier"))
