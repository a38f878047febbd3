"""Reads of cases for staff, and the one place that decides which cases a user may see.

A clerk sees the cases of their department, plus the joint cases their department has a task in
and the cases forwarded to it; centre-wide roles see their centre's subtree (org's access scope).
A role without the case-reading permission (the system administrator, under 三员分立) sees none.
Anything else is "not found", never "forbidden".

:func:`case_view_for` is the one read model of a case: what this user may see of it and which
moves they may make, shown alike by the case page and the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from govhall.cases import clocks
from govhall.cases.applicants import applicant_lookup_hash
from govhall.cases.event_labels import event_details, event_label
from govhall.cases.models import (
    OPEN_STATES,
    Bill,
    BillLine,
    BillState,
    Case,
    CaseEvent,
    CaseMaterial,
    CaseState,
    CaseStep,
    Delivery,
    Extension,
    FeeAdjustment,
    Forwarding,
    JointTask,
    JointTaskState,
    Notice,
    NoticeKind,
    SpecialProcedure,
    StepState,
)
from govhall.cases.policies import works_the_window
from govhall.cases.workflow import CASE, CaseAtHand
from govhall.core.approvals import ApprovalState
from govhall.core.workflow import Refusal
from govhall.core.working_days import WorkingCalendar
from govhall.org.roles import roles_of
from govhall.org.selectors import access_scope_for, staff_profile_of, staffed_roles

LIST_RELATED = ("department", "applicant", "current_step")
READ_CASES = "cases.view_case"


def case_queryset_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Case]:
    """Every case ``user`` may see: one condition on the case row (plus the department's joint
    tasks), so looking up one case stays an index lookup however many cases there are. Only roles
    that hold the case-reading permission read cases at all."""
    scope = access_scope_for(user)
    if scope.is_empty or not isinstance(user, User) or not user.has_perm(READ_CASES):
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


def _reads_whole_case(case: Case, user: AbstractBaseUser | AnonymousUser) -> bool:
    """The lead department and centre-wide roles read all of a case; a participating department of
    a 联办件 reads the case and its own joint task only."""
    return access_scope_for(user).allows(centre_id=case.centre_id, department_id=case.department_id)


def _own_department(user: AbstractBaseUser | AnonymousUser) -> int | None:
    profile = staff_profile_of(user)
    return profile.department_id if profile is not None else None


def joint_task_queryset_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[JointTask]:
    """The joint tasks ``user`` may see: every task of a case they read whole, their department's
    own task of a case it takes part in."""
    visible = case_queryset_for(user)
    scope = access_scope_for(user)
    whole = scope.filter(visible, centre="centre", department="department")
    own = _own_department(user)
    condition = Q(case__in=whole)
    if own is not None:
        condition |= Q(case__in=visible, department_id=own)
    return JointTask.objects.filter(condition)


def joint_task_for(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> JointTask:
    task = joint_task_queryset_for(user).select_related("case", "department").filter(pk=pk).first()
    if task is None:
        raise Http404("joint task not found")
    return task


def step_for(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> CaseStep:
    step = (
        CaseStep.objects.filter(pk=pk, case__in=case_queryset_for(user))
        .select_related("case", "department")
        .first()
    )
    if step is None:
        raise Http404("step not found")
    return step


def extension_for(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> Extension:
    extension = (
        Extension.objects.filter(pk=pk, case__in=case_queryset_for(user)).select_related("case").first()
    )
    if extension is None:
        raise Http404("extension not found")
    return extension


def bill_of_case_for(*, user: AbstractBaseUser | AnonymousUser, number: str) -> Bill:
    bill = Bill.objects.filter(number=number, case__in=case_queryset_for(user)).select_related("case").first()
    if bill is None:
        raise Http404("bill not found")
    return bill


def adjustment_for(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> FeeAdjustment:
    adjustment = (
        FeeAdjustment.objects.filter(pk=pk, bill__case__in=case_queryset_for(user))
        .select_related("bill__case")
        .first()
    )
    if adjustment is None:
        raise Http404("fee adjustment not found")
    return adjustment


# The read model of a case -------------------------------------------------------------------------


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


@dataclass(frozen=True)
class CaseView:
    """What one user may see of one case, read once, and the moves they may make on it."""

    case: Case
    today: date
    clock: clocks.ClockReading
    materials: list[CaseMaterial]
    steps: list[StepRow]
    step: CaseStep | None
    """The current step, if it is being handled."""
    joint_tasks: list[JointTask]
    own_task: JointTask | None
    """The open joint task the user's department answers, if any."""
    procedures: list[SpecialProcedure]
    extensions: list[Extension]
    notices: list[Notice]
    bill: Bill | None
    bill_lines: list[BillLine]
    adjustments: list[FeeAdjustment]
    delivery: Delivery | None
    forwarding: Forwarding | None
    events: list[CaseEvent]
    timeline: list[TimelineRow]
    actions: dict[str, Refusal | None]
    """Every move of the case's situation: None if the user may make it, else why not."""

    @property
    def allowed(self) -> frozenset[str]:
        return frozenset(name for name, refusal in self.actions.items() if refusal is None)

    @property
    def refused(self) -> dict[str, Refusal]:
        return {name: refusal for name, refusal in self.actions.items() if refusal is not None}

    @property
    def pending_extension(self) -> Extension | None:
        return next((row for row in self.extensions if row.state == ApprovalState.PENDING), None)

    @property
    def pending_adjustment(self) -> FeeAdjustment | None:
        return next((row for row in self.adjustments if row.state == ApprovalState.PENDING), None)

    @property
    def delivery_receipt(self) -> Notice | None:
        """The 送达回证 printed for the recipient to sign, if any."""
        return next((row for row in self.notices if row.kind == NoticeKind.DELIVERY_RECEIPT), None)


def _step_rows(at_hand: CaseAtHand, *, today: date, calendar: WorkingCalendar) -> list[StepRow]:
    """Every step and round in order, each with its own clock (a step's clock pauses with the case's)."""
    case = at_hand.case
    return [
        StepRow(
            step=step,
            clock=(
                clocks.step_clock(step, case=case, today=today, calendar=calendar)
                if step.due_on is not None
                else None
            ),
        )
        for step in at_hand.steps
    ]


def _timeline_row(event: CaseEvent, *, unit: str) -> TimelineRow:
    """One event as the timeline reads (the actor's name as written then), the step's name not repeated."""
    step = event.step.name if event.step is not None else None
    return TimelineRow(
        occurred_at=event.occurred_at,
        actor_name=event.actor_name,
        label=event_label(event.action, step, detail=event.detail, unit=unit),
        note="" if event.note == step else event.note,
        details=event_details(event.detail, unit=unit),
        public=event.public,
    )


JOINT_ANSWERS = ("joint_agreed", "joint_refused")


def case_view_for(*, user: User, number: str) -> CaseView:
    """The case with ``number`` as ``user`` may see it (404 if they may not see it at all): header,
    applicant (masked on the model), materials, steps with their clocks, joint tasks, procedures,
    extensions, notices, fees, delivery, forwarding, history and the moves available to them. A
    participating department of a 联办件 sees its own joint task and not the other departments'
    tasks or answers."""
    case = case_for(user=user, number=number)
    at_hand = CaseAtHand(case)
    today = timezone.localdate()
    calendar = clocks.calendar_of(case)
    events = list(CaseEvent.objects.filter(case=case).select_related("step").order_by("occurred_at", "id"))
    tasks = at_hand.joint_tasks
    if not _reads_whole_case(case, user):
        own = _own_department(user)
        tasks = [task for task in tasks if task.department_id == own]
        events = [
            event
            for event in events
            if event.action not in JOINT_ANSWERS or event.detail.get("department") == own
        ]
    bill = at_hand.bill
    return CaseView(
        case=case,
        today=today,
        clock=clocks.case_clock(case, today=today, calendar=calendar),
        materials=list(case.materials.all()),
        steps=_step_rows(at_hand, today=today, calendar=calendar),
        step=at_hand.current_step,
        joint_tasks=tasks,
        own_task=at_hand.task_for(user),
        procedures=list(case.special_procedures.select_related("started_by__staff", "ended_by__staff")),
        extensions=at_hand.extensions,
        notices=list(case.notices.all()),
        bill=bill,
        bill_lines=list(bill.lines.all()) if bill is not None else [],
        adjustments=at_hand.adjustments,
        delivery=Delivery.objects.filter(case=case).select_related("delivered_by__staff").first(),
        forwarding=at_hand.forwarding,
        events=events,
        timeline=[_timeline_row(event, unit=case.limit_unit) for event in events],
        actions=CASE.available(at_hand, user),
    )


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


def unassigned_cases(*, user: User) -> QuerySet[Case]:
    """无人可办: cases being handled, their clock running, whose current step nobody can take — no
    active staff member of the step's department holds the step's role, or the one who claimed the
    step can no longer sign in. They show up in no one's 我的待办 until someone is given the role.

    A department's chief representative sees the department's; the centre's roles their centres'.
    Three queries however many cases: the (department, role) pairs of the running steps, which of
    them are staffed, and the cases on the unstaffed ones, soonest due first.
    """
    running = access_scope_for(user).filter(
        Case.objects.filter(state=CaseState.HANDLING, current_step__state=StepState.ACTIVE)
    )
    pairs = set(running.values_list("current_step__department_id", "current_step__role").distinct())
    staffed = staffed_roles(department_ids={department_id for department_id, _role in pairs})
    condition = Q(current_step__assignee__is_active=False)
    for department_id, role in pairs:
        if (department_id, role) not in staffed:
            condition |= Q(current_step__department_id=department_id, current_step__role=role)
    return _urgency_order(
        running.filter(condition).select_related(*LIST_RELATED, "current_step__department", "centre")
    )


@dataclass(frozen=True)
class MyTasks:
    steps: list[CaseStep]
    joint_tasks: list[JointTask]
    extensions: list[Extension]
    adjustments: list[FeeAdjustment]
    decided: list[Case]


def my_tasks(*, user: User) -> MyTasks:
    """What waits for this user: active steps of their roles in their department (unclaimed or
    theirs), their department's joint-review tasks, the pending requests the case machine lets them
    decide (never their own), and decided cases to bill and complete at the window."""
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
            if works_the_window(user)
            else []
        )
    visible = case_queryset_for(user)
    extensions = [
        extension
        for extension in Extension.objects.filter(
            state=ApprovalState.PENDING, case__in=visible
        ).select_related("case__item_version", "requested_by")
        if CASE.refusal("extension_decide", CaseAtHand(extension.case, extension=extension), user) is None
    ]
    adjustments = [
        adjustment
        for adjustment in FeeAdjustment.objects.filter(
            state=ApprovalState.PENDING, bill__case__in=visible
        ).select_related("bill__case__item_version")
        if CASE.refusal(
            "fee_adjustment_decide",
            CaseAtHand(adjustment.bill.case, bill=adjustment.bill, adjustment=adjustment),
            user,
        )
        is None
    ]
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
        Bill.objects.select_related("case", "case__applicant", "case__department", "cashier__staff"),
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
