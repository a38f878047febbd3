"""Reads of cases for staff, and the one place that decides which cases a user may see.

A clerk sees the cases of their department, plus the joint cases their department has a task in
and the cases forwarded to it; centre-wide roles see their centre's subtree (org's access scope).
Anything else is "not found", never "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from govhall.cases.applicants import applicant_lookup_hash
from govhall.cases.models import (
    OPEN_STATES,
    Bill,
    BillState,
    Case,
    CaseState,
    CaseStep,
    Extension,
    FeeAdjustment,
    JointTask,
    JointTaskState,
    StepState,
)
from govhall.org.roles import Role, roles_of
from govhall.org.selectors import access_scope_for, staff_profile_of

LIST_RELATED = ("department", "applicant", "current_step")


def case_queryset_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Case]:
    """Every case ``user`` may see: one condition on the case row (plus the department's joint
    tasks), so looking up one case stays an index lookup however many cases there are."""
    scope = access_scope_for(user)
    if scope.is_empty:
        return Case.objects.none()
    condition = Q(centre_id__in=scope.centre_ids)
    if scope.department_ids is None:
        return Case.objects.filter(condition)
    condition &= Q(department_id__in=scope.department_ids)
    profile = staff_profile_of(user)
    if profile is not None and profile.department_id is not None:
        tasks = JointTask.objects.filter(department_id=profile.department_id).values("case_id")
        condition |= Q(pk__in=tasks)
    return Case.objects.filter(condition)


def case_for(*, user: AbstractBaseUser | AnonymousUser, number: str) -> Case:
    """The case with ``number`` if ``user`` may see it; otherwise 404 (no hint that it exists)."""
    case = (
        case_queryset_for(user)
        .select_related(
            "centre", "department", "item_version", "applicant", "agent", "window", "current_step", "ticket"
        )
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404("case not found")
    return case


def _urgency_order(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Soonest due first, the overdue on top; cases without a clock (waiting for 补正) after."""
    return queryset.order_by(F("due_on").asc(nulls_last=True), "received_at")


def department_worklist(*, user: User, state: str = "", department_id: int | None = None) -> QuerySet[Case]:
    """The open cases of the user's department (centre-wide roles choose one), soonest due first."""
    scope = access_scope_for(user)
    profile = staff_profile_of(user)
    chosen = department_id if department_id is not None else (profile.department_id if profile else None)
    if chosen is None or scope.is_empty:
        return Case.objects.none()
    if scope.department_ids is not None and chosen not in scope.department_ids:
        return Case.objects.none()
    queryset = Case.objects.filter(
        department_id=chosen, centre_id__in=scope.centre_ids, state__in=OPEN_STATES
    )
    if state:
        queryset = queryset.filter(state=state)
    return _urgency_order(queryset.select_related(*LIST_RELATED))


@dataclass(frozen=True)
class MyTasks:
    steps: list[CaseStep]
    joint_tasks: list[JointTask]
    extensions: list[Extension]
    adjustments: list[FeeAdjustment]
    decided: list[Case]


def my_tasks(*, user: User) -> MyTasks:
    """What waits for this user: active steps of their roles in their department (unclaimed or
    theirs), their department's joint-review tasks, approvals they may give, and decided cases
    to bill and complete at the window."""
    profile = staff_profile_of(user)
    roles = [role.value for role in roles_of(user)]
    if profile is None or profile.department_id is None:
        steps: list[CaseStep] = []
        joint: list[JointTask] = []
        decided: list[Case] = []
    else:
        steps = list(
            CaseStep.objects.filter(
                state=StepState.ACTIVE,
                department_id=profile.department_id,
                role__in=roles,
                case__state=CaseState.HANDLING,
            )
            .filter(Q(assignee__isnull=True) | Q(assignee=user))
            .select_related("case", "case__applicant", "case__department")
            .order_by(F("due_on").asc(nulls_last=True), "started_at")[:200]
        )
        joint = list(
            JointTask.objects.filter(
                department_id=profile.department_id,
                state=JointTaskState.ACTIVE,
                case__state__in=[CaseState.HANDLING, CaseState.SUSPENDED],
            )
            .select_related("case", "case__department")
            .order_by("due_on")[:200]
        )
        decided = (
            list(
                Case.objects.filter(
                    department_id=profile.department_id, state__in=[CaseState.DECIDED, CaseState.COMPLETED]
                )
                .select_related("applicant", "department", "bill")
                .order_by("decided_on")[:200]
            )
            if Role.WINDOW_CLERK in roles_of(user)
            else []
        )
    visible = case_queryset_for(user)
    extensions = (
        list(
            Extension.objects.filter(state="pending", case__in=visible)
            .exclude(requested_by=user)
            .select_related("case", "requested_by")
        )
        if user.has_perm("cases.approve_extension")
        else []
    )
    adjustments = (
        list(
            FeeAdjustment.objects.filter(state="pending", bill__case__in=visible)
            .exclude(requested_by=user)
            .select_related("bill", "bill__case")
        )
        if user.has_perm("cases.approve_fee_adjustment")
        else []
    )
    return MyTasks(
        steps=steps, joint_tasks=joint, extensions=extensions, adjustments=adjustments, decided=decided
    )


@dataclass(frozen=True)
class CaseSearch:
    number: str = ""
    id_number: str = ""
    item: str = ""
    received_from: date | None = None
    received_to: date | None = None
    state: str = ""


def case_search(*, user: User, query: CaseSearch) -> QuerySet[Case]:
    """Search what the user may see: exact number, exact applicant ID via its keyed hash, item name
    text, reception dates and state."""
    queryset = case_queryset_for(user)
    if query.number.strip():
        queryset = queryset.filter(number=query.number.strip())
    if query.id_number.strip():
        digest = applicant_lookup_hash(query.id_number)
        queryset = queryset.filter(Q(applicant__id_number_hash=digest) | Q(agent__id_number_hash=digest))
    if query.item.strip():
        queryset = queryset.filter(item_name__icontains=query.item.strip())
    if query.received_from:
        queryset = queryset.filter(received_on__gte=query.received_from)
    if query.received_to:
        queryset = queryset.filter(received_on__lte=query.received_to)
    if query.state:
        queryset = queryset.filter(state=query.state)
    return queryset.select_related(*LIST_RELATED).order_by("-received_at")


def department_state_counts(*, user: User, department_id: int | None = None) -> dict[str, int]:
    """The open cases of the department the work list shows, counted by state (one GROUP BY)."""
    rows = (
        department_worklist(user=user, department_id=department_id)
        .order_by()
        .values("state")
        .annotate(total=Count("pk"))
    )
    return {row["state"]: row["total"] for row in rows}


def _bills_for(user: User) -> QuerySet[Bill]:
    """Bills of the cases in the user's scope (a cashier's: every department of their centres)."""
    return access_scope_for(user).filter(
        Bill.objects.select_related("case", "case__applicant", "case__department", "cashier"),
        centre="case__centre",
        department="case__department",
    )


def bills_awaiting_payment(*, user: User) -> QuerySet[Bill]:
    """Issued bills not yet paid, oldest first."""
    return _bills_for(user).filter(state=BillState.ISSUED).order_by("issued_at", "pk")


def bill_find(*, user: User, text: str) -> QuerySet[Bill]:
    """Bills in any state by exact bill number or case number."""
    wanted = "".join(text.split()).upper()
    if not wanted:
        return Bill.objects.none()
    return _bills_for(user).filter(Q(number=wanted) | Q(case__number=wanted)).order_by("-issued_at")


def bill_for_payment(*, user: User, pk: int) -> Bill:
    """The bill with ``pk`` if it is in the user's scope, whatever its state; otherwise 404."""
    bill = _bills_for(user).filter(pk=pk).first()
    if bill is None:
        raise Http404("bill not found")
    return bill


@dataclass(frozen=True)
class DayPayments:
    bills: list[Bill]
    count: int
    total: Decimal


def payments_of_day(*, user: User, day: date, limit: int = 50) -> DayPayments:
    """Payments recorded on ``day`` (local time) in the user's scope: the latest ``limit`` of them,
    with the count and sum of all."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    paid = _bills_for(user).filter(paid_at__gte=start, paid_at__lt=start + timedelta(days=1))
    figures = paid.aggregate(count=Count("pk"), total=Sum("total"))
    return DayPayments(
        bills=list(paid.order_by("-paid_at", "-pk")[:limit]),
        count=figures["count"],
        total=figures["total"] or Decimal("0.00"),
    )
