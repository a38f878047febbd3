"""What the public may read about cases, without logging in: tracking one case with its number and
the last six characters of the applicant's ID number or phone, and the results list (办件结果公示).

Nothing here returns a model instance to a view: tracking returns a frozen summary without personal
data (no names, ID numbers, phones, actors or notes), and the results list returns only the columns
the 公示 shows, the applicant by the masked name stored on the applicant (张*, 某某有限公司).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.cases.applicants import TAIL_LENGTH, tail_hash
from govhall.cases.clocks import case_clock
from govhall.cases.event_labels import event_label
from govhall.cases.models import (
    Case,
    CaseEvent,
    CaseMaterial,
    CaseState,
    Decision,
    Delivery,
    DeliveryMethod,
    MaterialCheck,
    Notice,
    NoticeKind,
)
from govhall.cases.workflow import CaseAction
from govhall.catalog.models import CaseKind
from govhall.org.models import Centre, Department
from govhall.org.selectors import centre_calendar

"""A centre's calendar is cached like its opening hours: until the calendar changes, five minutes at most."""

RESULT_STATES = (CaseState.NOT_ACCEPTED, CaseState.COMPLETED, CaseState.DELIVERED, CaseState.ARCHIVED)
"""办结 cases, the ones a 办件结果公示 lists: 不予受理 closes a case as much as a decision does.

Cases still being handled, withdrawn by the applicant or referred elsewhere are not results.
"""

RESULTS_PER_PAGE = 50

PUBLIC_ACTIONS = frozenset(
    {
        *CaseAction.values,
        "step_started",
        "step_passed",
        "step_returned",
        "materials_checked",
        "joint_agreed",
        "joint_refused",
        "extension_approved",
        "bill_issued",
        "bill_paid",
        "waiver_approved",
        "refund_approved",
    }
)
"""The public timeline is a whitelist: the moves of the life cycle and the steps' progress; no requests
still waiting for approval, nothing refused internally, and never anyone's name, opinion or note."""


def _label(choices: type[models.TextChoices], value: str) -> str:
    """The choice's label in the active language; "" for a blank or unknown value."""
    return str(choices(value).label) if value in choices.values else ""


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    action: str
    state: str
    """The state the case reached ("" when the event did not change it)."""


@dataclass(frozen=True)
class TrackedCase:
    """A case as its applicant may see it on the tracking page: no personal data at all."""

    number: str
    item_name: str
    department: str
    state: str
    kind: str
    received_on: date
    accepted_on: date | None
    due_on: date | None
    clock: str
    decision: str
    completed_on: date | None
    timeline: tuple[TimelineEntry, ...]
    corrections: tuple[str, ...]
    """补正 still owed (a case waiting for it): each material with what is wrong with it."""
    collection: tuple[str, ...]
    """Where, when and how the result is collected (办结), or how it was delivered (送达)."""
    advice: str
    """What to bring or do with a question: a notice the applicant actually holds."""


def track_secret_normalise(secret: str) -> str:
    """The six characters as typed: spaces dropped, a lower-case x of an ID number made upper-case."""
    return "".join(secret.split()).upper()


def _secret_matches(case: Case, secret: str) -> bool:
    """Whether ``secret`` is the tail of the applicant's ID number or phone, compared in constant time."""
    digest = tail_hash(secret)
    applicant = case.applicant
    id_matches = hmac.compare_digest(digest, applicant.id_tail_hash)
    phone_matches = bool(applicant.phone_tail_hash) and hmac.compare_digest(digest, applicant.phone_tail_hash)
    return id_matches or phone_matches


def case_track(*, number: str, secret: str) -> TrackedCase | None:
    """The case numbered exactly ``number`` if ``secret`` is the last six characters of its applicant's
    ID number or phone; None otherwise, the same None whichever of the two was wrong."""
    secret = track_secret_normalise(secret)
    number = number.strip()
    if len(secret) != TAIL_LENGTH or not number:
        return None
    case = (
        Case.objects.select_related("department", "applicant", "item_version")
        .only(
            "number",
            "centre_id",
            "item_name",
            "kind",
            "state",
            "received_on",
            "accepted_on",
            "due_on",
            "limit_unit",
            "paused_on",
            "clock_stopped_on",
            "decision",
            "completed_on",
            "department__name",
            "applicant__id_tail_hash",
            "applicant__phone_tail_hash",
            "item_version__hours",
            "item_version__consultation_phone",
        )
        .filter(number=number)
        .first()
    )
    if case is None or not _secret_matches(case, secret):
        return None
    events = (
        CaseEvent.objects.filter(case=case, public=True, action__in=sorted(PUBLIC_ACTIONS))
        .order_by("occurred_at", "id")
        .values_list("occurred_at", "action", "to_state", "step__name", "detail")
    )
    clock = case_clock(case, today=timezone.localdate(), calendar=centre_calendar(case.centre_id))
    return TrackedCase(
        number=case.number,
        item_name=case.item_name,
        department=case.department.name,
        state=_label(CaseState, case.state),
        kind=_label(CaseKind, case.kind),
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        due_on=case.due_on,
        clock=clock.label,
        decision=_label(Decision, case.decision),
        completed_on=case.completed_on,
        timeline=tuple(
            TimelineEntry(
                occurred_at=at,
                action=event_label(action, step, detail=detail, unit=case.limit_unit),
                state=_label(CaseState, to_state),
            )
            for at, action, to_state, step, detail in events
        ),
        corrections=_corrections(case),
        collection=_collection(case),
        advice=_advice(case),
    )


def _corrections(case: Case) -> tuple[str, ...]:
    """The materials a case waiting for 补正 still lacks, as its one-time notice listed them."""
    if case.state != CaseState.CORRECTION:
        return ()
    rows = CaseMaterial.objects.filter(
        case=case, outcome__in=[MaterialCheck.MISSING, MaterialCheck.NOT_COMPLIANT]
    ).order_by("order")
    return tuple(
        _("%(name)s（%(outcome)s：%(problem)s）")
        % {"name": row.name, "outcome": row.get_outcome_display(), "problem": row.problem}
        if row.problem
        else _("%(name)s（%(outcome)s）") % {"name": row.name, "outcome": row.get_outcome_display()}
        for row in rows
    )


def _collection(case: Case) -> tuple[str, ...]:
    """办结: where to collect, as the 办结通知书 said, and when; 送达: how the result went out."""
    if case.state == CaseState.COMPLETED:
        notice = Notice.objects.filter(case=case, kind=NoticeKind.COMPLETION).order_by("-id").first()
        lines = [str(notice.content.get("pickup", "")) if notice is not None else ""]
        if case.item_version.hours:
            lines.append(_("领取时间：%(hours)s") % {"hours": case.item_version.hours})
        return tuple(line for line in lines if line)
    if case.state in (CaseState.DELIVERED, CaseState.ARCHIVED):
        delivery = Delivery.objects.filter(case=case).first()
        if delivery is None:
            return ()
        day = timezone.localdate(delivery.delivered_at).isoformat()
        if delivery.method == DeliveryMethod.POST:
            return (
                _("已于%(day)s邮寄送达：%(carrier)s，运单号%(number)s。")
                % {"day": day, "carrier": delivery.carrier, "number": delivery.tracking_number},
            )
        return (_("已于%(day)s在窗口领取。") % {"day": day},)
    return ()


def _advice(case: Case) -> str:
    """What to do with a question: bring the notice the applicant holds (none before acceptance)."""
    phone = case.item_version.consultation_phone
    if case.state == CaseState.CORRECTION:
        text = _(
            "请按一次性告知书补齐上列材料后，携带一次性告知书到受理窗口提交；补齐之日起重新计算办理时限。"
        )
    elif case.accepted_on is not None:
        text = _("如有疑问，请携带受理通知书到受理窗口咨询。")
    else:
        text = _("如有疑问，请到受理窗口咨询。")
    if phone:
        return _("%(text)s咨询电话：%(phone)s。") % {"text": text, "phone": phone}
    return text


@dataclass(frozen=True)
class PublicResult:
    """One row of the 办件结果公示."""

    number: str
    item_name: str
    department: str
    applicant: str
    state: str
    result: str
    """准予 / 不予 for decided cases, 不予受理 for cases not accepted."""
    received_on: date
    completed_on: date | None


@dataclass(frozen=True)
class PublicResultsPage:
    rows: list[PublicResult]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * RESULTS_PER_PAGE + 1


def public_results(
    *,
    centre: Centre | None = None,
    department_code: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
    query: str = "",
) -> QuerySet[Case]:
    """Finished cases (办结, 不予受理 included), newest result first, filtered by centre, department
    (by code, so the same department at several centres is one choice), 办结 dates and item name."""
    cases = Case.objects.filter(state__in=RESULT_STATES)
    if centre is not None:
        cases = cases.filter(centre=centre)
    if department_code:
        cases = cases.filter(department__code=department_code)
    if day_from is not None:
        cases = cases.filter(completed_on__gte=day_from)
    if day_to is not None:
        cases = cases.filter(completed_on__lte=day_to)
    if query.strip():
        cases = cases.filter(Q(item_name__icontains=query.strip()) | Q(number=query.strip()))
    return cases.order_by(F("completed_on").desc(nulls_last=True), "-id")


def public_result_departments(*, centre: Centre | None) -> list[tuple[str, str]]:
    """(code, name) of the departments to filter the results by: one entry per code, as in the guide."""
    departments = Department.objects.filter(is_active=True, centre__is_active=True)
    if centre is not None:
        departments = departments.filter(centre=centre)
    choices: dict[str, str] = {}
    for code, name in departments.order_by("code", "centre__code").values_list("code", "name"):
        choices.setdefault(code, name)
    return list(choices.items())


def public_results_page(cases: QuerySet[Case], *, number: int) -> PublicResultsPage:
    """Page ``number`` (50 rows) of :func:`public_results` without counting every finished case:
    one query, one row past the page telling whether there is a next one."""
    offset = (number - 1) * RESULTS_PER_PAGE
    rows = list(
        cases.values_list(
            "number",
            "item_name",
            "department__name",
            "applicant__public_name",
            "state",
            "decision",
            "received_on",
            "completed_on",
            "decided_on",
        )[offset : offset + RESULTS_PER_PAGE + 1]
    )
    return PublicResultsPage(
        rows=[
            PublicResult(
                number=case_number,
                item_name=item_name,
                department=department,
                applicant=applicant,
                state=_label(CaseState, state),
                result=_label(CaseState, state)
                if state == CaseState.NOT_ACCEPTED
                else _label(Decision, decision),
                received_on=received_on,
                completed_on=completed_on or decided_on,
            )
            for (
                case_number,
                item_name,
                department,
                applicant,
                state,
                decision,
                received_on,
                completed_on,
                decided_on,
            ) in rows[:RESULTS_PER_PAGE]
        ],
        number=number,
        has_next=len(rows) > RESULTS_PER_PAGE,
    )
