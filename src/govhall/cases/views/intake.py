"""Window intake (窗口收件): pick the item, register the applicant, check the materials one by one
and answer at once (受理, 一次性告知, 不予受理, 退回, or 当场办结 for a 即办件); later, answer an
application waiting for 补正 when the materials come in.

A clerk signed in at a window serving a ticket sees the ticket and its item first; the case is
linked to that ticket and that window. The form carries a signed note of when it was opened and
under which version: if the item's centre publishes a new version meanwhile, the form is still
taken in under the version it was opened with (the case records it) and the clerk is told; a form
too old for that is shown again under the new version, with what changed and what was typed.

Whatever a service refuses is shown in Chinese next to the field or at the top, the form keeps what
was typed, and nothing is written (the services are transactional). On success the browser goes
to the case page with a message linking the notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from govhall.cases import clocks
from govhall.cases.forms.intake import (
    IMMEDIATE,
    AgentForm,
    ApplicantForm,
    ItemSearchForm,
    MaterialChecklist,
    OutcomeForm,
)
from govhall.cases.models import Case, CaseState, Decision, MaterialCheck, Notice
from govhall.cases.policies import TAKES_IN, may_handle_immediately
from govhall.cases.selectors import case_for, case_queryset_for
from govhall.cases.services import (
    ANSWERS,
    DecisionInput,
    IntakeOutcome,
    case_answer,
    case_intake,
    version_open_for_intake,
)
from govhall.cases.views.case import refused_page
from govhall.cases.workflow import CASE, CaseAtHand
from govhall.catalog.models import CaseKind, ItemMaterial, ItemVersion, VersionState
from govhall.catalog.search import normalise_query, search_versions
from govhall.catalog.selectors import (
    StaffingGap,
    intake_version_for,
    published_version_list_for,
    version_staffing_gaps,
)
from govhall.core.staff_views import signed_in_user, staff_view
from govhall.core.workflow import StateRefused
from govhall.org.models import Window
from govhall.org.selectors import staff_profile_of
from govhall.queueing.models import Ticket
from govhall.queueing.selectors.window import current_ticket, open_session_of

OPENED_SALT = "govhall.cases.intake.opened"
"""Signs the note of when and under which version an intake form was opened."""
ITEM_ROWS = 100
WAITING_ROWS = 50
ANSWER_OUTCOMES = tuple(ANSWERS)
PROBLEM_OUTCOMES = (MaterialCheck.MISSING, MaterialCheck.NOT_COMPLIANT)
WAITING_LABELS = {CaseState.RECEIVED: gettext_lazy("待受理"), CaseState.CORRECTION: gettext_lazy("待补正")}

DONE_MESSAGES = {
    IntakeOutcome.ACCEPT: gettext_lazy("已受理，办件编号 %(number)s"),
    IntakeOutcome.CORRECTION: gettext_lazy("已出具一次性告知书，待申请人补正，办件编号 %(number)s"),
    IntakeOutcome.NOT_ACCEPT: gettext_lazy("已不予受理，办件编号 %(number)s"),
    IntakeOutcome.REFER: gettext_lazy("已退回，办件编号 %(number)s"),
    IMMEDIATE: gettext_lazy("已当场办结，办件编号 %(number)s"),
}
AWAITING_PAYMENT = gettext_lazy("已当场作出决定，缴费后办结，办件编号 %(number)s")

View = Callable[..., HttpResponse]


intake_view = staff_view(TAKES_IN)


# Reads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """Where the clerk works right now: the window they are signed in at and the ticket it serves."""

    window: Window | None
    ticket: Ticket | None


def _desk(user: User) -> Desk:
    session = open_session_of(user)
    if session is None:
        return Desk(window=None, ticket=None)
    return Desk(window=session.window, ticket=current_ticket(session.window))


@dataclass(frozen=True)
class ItemChoice:
    version: ItemVersion
    hint: str
    """Why the item is offered first: the ticket's item or its queue's, else empty."""


def _item_choices(user: User, query: str, ticket: Ticket | None) -> tuple[list[ItemChoice], bool]:
    """The published items the user may take in, matching ``query``: the ticket's item and the other
    items of its queue first, then at most :data:`ITEM_ROWS` others; and whether there were more."""
    versions = published_version_list_for(user=user)
    if query:
        versions = search_versions(versions, query)
    hints: dict[int, str] = {}
    if ticket is not None:
        hints = dict.fromkeys(ticket.queue.items.values_list("pk", flat=True), _("本队列事项"))
        if ticket.item_id is not None:
            hints[ticket.item_id] = _("取号所选事项")
    preferred = sorted(
        versions.filter(item_id__in=list(hints)) if hints else [],
        key=lambda version: version.item_id != (ticket.item_id if ticket is not None else None),
    )
    others = list(versions.exclude(item_id__in=list(hints))[: ITEM_ROWS + 1])
    choices = [ItemChoice(version=row, hint=hints[row.item_id]) for row in preferred]
    choices.extend(ItemChoice(version=row, hint="") for row in others[:ITEM_ROWS])
    return choices, len(others) > ITEM_ROWS


@dataclass(frozen=True)
class WaitingCase:
    case: Case
    label: str
    answer_by: date | None
    """The last day to accept or give the one-time notice (接件 only; Art. 32)."""


def _waiting_cases(user: User) -> list[WaitingCase]:
    """Applications of the clerk's department waiting for the window's answer, oldest first."""
    queryset = case_queryset_for(user).filter(state__in=list(WAITING_LABELS))
    profile = staff_profile_of(user)
    if profile is not None and profile.department_id is not None:
        queryset = queryset.filter(department_id=profile.department_id)
    cases = list(queryset.select_related("applicant").order_by("received_at")[:WAITING_ROWS])
    rows = []
    for case in cases:
        answer_by = None
        if case.state == CaseState.RECEIVED:
            calendar = clocks.calendar_of(case)
            answer_by = clocks.correction_deadline(calendar=calendar, received_on=case.received_on)
        rows.append(
            WaitingCase(case=case, label=str(WAITING_LABELS[CaseState(case.state)]), answer_by=answer_by)
        )
    return rows


def _published_version(user: User, item_id: int) -> ItemVersion:
    """The item's published version if the user may take it in; otherwise 404."""
    version = published_version_list_for(user=user).filter(item_id=item_id).first()
    if version is None:
        raise Http404("item version not found")
    return version


def _opened_token(version: ItemVersion) -> str:
    """The form's signed note: opened now, under ``version``."""
    return signing.dumps({"version": version.pk, "at": timezone.now().isoformat()}, salt=OPENED_SALT)


def _opened_at(token: str, version: ItemVersion) -> datetime | None:
    """When the form was opened under ``version``, from its note; None if missing, altered or for
    another version."""
    try:
        note = signing.loads(token, salt=OPENED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(note, dict) or note.get("version") != version.pk:
        return None
    try:
        return datetime.fromisoformat(str(note.get("at")))
    except ValueError:
        return None


def _materials(version: ItemVersion) -> list[ItemMaterial]:
    return list(ItemMaterial.objects.filter(version=version).select_related("material").order_by("order"))


# Outcome messages -----------------------------------------------------------------------------


def _notice_links(case: Case, notices: Iterable[Notice]) -> SafeString:
    return format_html_join(
        "、",
        '<a href="{}">{} {}</a>',
        (
            (
                reverse("cases:notice_pdf", args=[case.number, notice.pk]),
                notice.title,
                notice.number,
            )
            for notice in notices
        ),
    )


def _done_message(case: Case, outcome: str, notices: list[Notice]) -> SafeString:
    """The flash message, e.g. 已受理，办件编号 WFKW…，受理通知书 …号, each notice linked to its PDF."""
    text = DONE_MESSAGES[outcome]
    if outcome == IMMEDIATE and case.state == CaseState.DECIDED:
        text = AWAITING_PAYMENT
    headline = str(text) % {"number": case.number}
    if not notices:
        return format_html("{}。", headline)
    return format_html("{}，{}。", headline, _notice_links(case, notices))


def _case_page(case: Case) -> HttpResponse:
    return redirect("cases:case_detail", number=case.number)


def _warn_if_stuck(request: HttpRequest, case: Case, gaps: list[StaffingGap]) -> None:
    """An accepted case whose process has steps nobody can take: tell the clerk who is missing."""
    if case.state == CaseState.HANDLING and gaps:
        messages.warning(
            request,
            _(
                "注意：该办件在以下环节无人可办，已列入“无人可办”，请联系首席代表或中心管理员安排人员：%(gaps)s"
            )
            % {"gaps": "；".join(gap.message for gap in gaps)},
        )


# Errors ---------------------------------------------------------------------------------------


class IntakeForms:
    """Every form of one intake or answer page, and the errors shown at the top of it."""

    def __init__(
        self,
        *,
        outcome: OutcomeForm,
        materials: MaterialChecklist,
        applicant: ApplicantForm | None = None,
        agent: AgentForm | None = None,
    ) -> None:
        self.outcome = outcome
        self.materials = materials
        self.applicant = applicant
        self.agent = agent
        self.top: list[str] = []

    def is_valid(self) -> bool:
        checks = [self.outcome.is_valid(), self.materials.is_valid()]
        if self.applicant is not None:
            checks.append(self.applicant.is_valid())
        if self.agent is not None:
            checks.append(self.agent.is_valid())
        return all(checks)

    def show(self, error: ValidationError | PermissionDenied) -> None:
        """Put a service's refusal where the clerk will see it: at the field it concerns, else on top."""
        if isinstance(error, PermissionDenied):
            self.top.append(str(error) or _("您没有办理该业务的权限。"))
            return
        if hasattr(error, "error_dict"):
            by_field = error.message_dict
            if self.applicant is not None:
                self.applicant.add_service_errors(by_field)
            if self.agent is not None:
                self.agent.add_service_errors(by_field)
            return
        field = OutcomeForm.SERVICE_FIELDS.get(str(error.code or ""))
        if field is not None:
            for message in error.messages:
                self.outcome.add_error(field, message)
            return
        self.top.extend(error.messages)

    @property
    def errors_on_top(self) -> list[str]:
        found = list(self.top)
        if self.materials.unmarked_message:
            found.append(self.materials.unmarked_message)
        for form in (self.applicant, self.agent, self.outcome):
            if form is not None:
                found.extend(str(error) for error in form.non_field_errors())
        found.extend(str(error) for error in self.outcome.errors.get("outcome", []))
        return found

    @property
    def has_field_errors(self) -> bool:
        """Whether some field (not the top of the page) shows an error."""
        forms: list[Any] = [self.applicant, self.agent, *self.materials.rows]
        for form in forms:
            if form is not None and any(name != "__all__" for name in form.errors):
                return True
        return any(name not in ("__all__", "outcome") for name in self.outcome.errors)

    def context(self) -> dict[str, Any]:
        return {
            "applicant_form": self.applicant,
            "agent_form": self.agent,
            "outcome_form": self.outcome,
            "checklist": self.materials,
            "errors_on_top": self.errors_on_top,
            "has_field_errors": self.has_field_errors,
            "chosen_outcome": self.outcome.chosen,
        }


# Views ----------------------------------------------------------------------------------------


@intake_view
@require_GET
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1: find the item (the ticket's first), or open an application waiting for an answer."""
    user = signed_in_user(request)
    search = ItemSearchForm(request.GET)
    query = normalise_query(search.cleaned_data["q"]) if search.is_valid() else ""
    desk = _desk(user)
    choices, more = _item_choices(user, query, desk.ticket)
    context: dict[str, Any] = {
        "search": search,
        "query": query,
        "choices": choices,
        "more": more,
        "desk": desk,
    }
    if getattr(request, "htmx", False):
        return render(request, "cases/intake/item_results.html", context)
    context["waiting"] = _waiting_cases(user)
    return render(request, "cases/intake/start.html", context)


def _outcomes_for(user: User, version: ItemVersion) -> list[str]:
    outcomes = list(ANSWER_OUTCOMES)
    if version.case_kind == CaseKind.IMMEDIATE and may_handle_immediately(user):
        outcomes.insert(1, IMMEDIATE)
    return outcomes


def _take_in(
    user: User, version: ItemVersion, forms: IntakeForms, desk: Desk, *, opened_at: datetime | None
) -> tuple[Case, list[Notice]]:
    """Call case_intake with the clerk's answer (当场办结 decides in the same sitting)."""
    assert forms.applicant is not None and forms.agent is not None
    chosen = forms.outcome.cleaned_data["outcome"]
    arguments: dict[str, Any] = {
        "version": version,
        "applicant": forms.applicant.applicant(),
        "agent": forms.agent.agent(),
        "materials": forms.materials.inputs(),
        "user": user,
        "window": desk.window,
        "ticket_id": forms.outcome.cleaned_data.get("ticket"),
        "form_opened_at": opened_at,
        **forms.outcome.service_arguments(),
    }
    if chosen != IMMEDIATE:
        case = case_intake(outcome=chosen, **arguments)
        return case, list(case.notices.order_by("id"))
    decision = DecisionInput(
        decision=Decision.GRANTED,
        opinion=_("材料齐全，当场办结"),
        result_number=forms.outcome.cleaned_data.get("result_number", ""),
    )
    case = case_intake(outcome=IntakeOutcome.IMMEDIATE, decision=decision, **arguments)
    return case, list(case.notices.order_by("id"))


def _version_changes(sent: ItemVersion, current: ItemVersion) -> str:
    """What the clerk must know when a form opened under ``sent`` is shown again under ``current``."""
    before = {row.material_id: row.material.name for row in _materials(sent)}
    after = {row.material_id: row.material.name for row in _materials(current)}
    published = (
        date_format(timezone.localtime(current.published_at), "Y-m-d H:i") if current.published_at else ""
    )
    lines = [
        _(
            "该事项已于%(published)s发布第%(version)s版，您填写的表按第%(sent)s版打开，未能提交。"
            "请按新版本重新核验材料后提交，已填写的申请人信息已保留。"
        )
        % {"published": published, "version": current.version, "sent": sent.version}
    ]
    added = [name for pk, name in after.items() if pk not in before]
    dropped = [name for pk, name in before.items() if pk not in after]
    if added:
        lines.append(_("新增材料：%(names)s。") % {"names": "、".join(added)})
    if dropped:
        lines.append(_("不再需要：%(names)s。") % {"names": "、".join(dropped)})
    limits = [
        _("%(days)s个%(unit)s")
        % {"days": version.promised_limit, "unit": version.get_promised_limit_unit_display()}
        for version in (sent, current)
    ]
    if limits[0] != limits[1]:
        lines.append(_("承诺办结时限由%(before)s改为%(after)s。") % {"before": limits[0], "after": limits[1]})
    return "".join(lines)


def _intake_page(
    request: HttpRequest,
    user: User,
    version: ItemVersion,
    *,
    opened: str,
    typed: Any = None,
    answer: Any = None,
    changes: str = "",
) -> HttpResponse:
    """The form for ``version``: the applicant as ``typed``, the checklist and answer as sent in
    ``answer`` (taken in when valid), or fresh."""
    gaps = version_staffing_gaps(version=version)
    desk = _desk(user)
    outcomes = _outcomes_for(user, version)
    initial = {"ticket": desk.ticket.pk if desk.ticket is not None else None}
    forms = IntakeForms(
        applicant=ApplicantForm(typed),
        agent=AgentForm(typed),
        materials=MaterialChecklist(_materials(version), answer),
        outcome=OutcomeForm(answer, outcomes=outcomes, initial=initial),
    )
    if changes:
        forms.top.append(changes)
    if answer is not None and forms.is_valid():
        try:
            case, notices = _take_in(user, version, forms, desk, opened_at=_opened_at(opened, version))
        except (ValidationError, PermissionDenied) as error:
            forms.show(error)
        else:
            chosen = forms.outcome.cleaned_data["outcome"]
            messages.success(request, _done_message(case, chosen, notices))
            _warn_if_stuck(request, case, gaps)
            if version.state != VersionState.PUBLISHED:
                messages.info(request, _earlier_version_note(version))
            return _case_page(case)
    context = {
        "version": version,
        "staffing_gaps": gaps,
        "desk": desk,
        "opened": opened,
        "can_immediate": IMMEDIATE in outcomes,
        "is_immediate": version.case_kind == CaseKind.IMMEDIATE,
        **forms.context(),
    }
    return render(request, "cases/intake/form.html", context)


def _earlier_version_note(version: ItemVersion) -> str:
    return _(
        "该事项在您填写期间发布了新版本；本件按打开收件表时的第%(version)s版受理，办件记录该版本。"
        "下一件请按新版本收件。"
    ) % {"version": version.version}


@intake_view
@require_http_methods(["GET", "HEAD", "POST"])
def intake_form(request: HttpRequest, version_id: int) -> HttpResponse:
    """Step 2: the applicant, the materials checklist and the window's answer for one item.

    A form is sent under the version it was opened with, even if a newer one was published since
    (within the day); an older link opens the current version, an older form is shown again under
    it with what changed."""
    user = signed_in_user(request)
    version = intake_version_for(user=user, pk=version_id)
    if version is None:
        raise Http404("item version not found")
    if request.method != "POST":
        if version.state == VersionState.PUBLISHED:
            return _intake_page(request, user, version, opened=_opened_token(version))
        current = _published_version(user, version.item_id)
        messages.info(
            request,
            _("该事项已发布第%(version)s版，已为您打开新版本的收件表。") % {"version": current.version},
        )
        return redirect("cases:intake_form", version_id=current.pk)
    opened = request.POST.get("opened", "")
    if version_open_for_intake(version, form_opened_at=_opened_at(opened, version)):
        return _intake_page(request, user, version, opened=opened, typed=request.POST, answer=request.POST)
    current = _published_version(user, version.item_id)
    return _intake_page(
        request,
        user,
        current,
        opened=_opened_token(current),
        typed=request.POST,
        changes=_version_changes(version, current),
    )


def _answer_refusal_status(error: ValidationError | PermissionDenied) -> int:
    """A refused user 403, a case that moved on 409; bad input is shown in the form (200)."""
    if isinstance(error, PermissionDenied):
        return 403
    return 409 if isinstance(error, StateRefused) else 200


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_answer_form(request: HttpRequest, number: str) -> HttpResponse:
    """Answer an application received or waiting for 补正: re-check the materials, then accept, give a
    (new) one-time notice, refuse or refer it; each answer only if the case machine lets this user."""
    user = signed_in_user(request)
    case = case_for(user=user, number=number)
    answers = CASE.available(CaseAtHand(case), user, only=ANSWERS.values())
    if not answers:
        messages.info(request, _("办件 %(number)s 已作出受理决定。") % {"number": case.number})
        return _case_page(case)
    outcomes = [outcome for outcome in ANSWER_OUTCOMES if answers[ANSWERS[outcome]] is None]
    if not outcomes:
        refusal = next(refusal for refusal in answers.values() if refusal is not None)
        return refused_page(request, user, number, status=403, error=refusal.reason)
    recorded = {row.item_material_id: row for row in case.materials.all()}
    data = request.POST if request.method == "POST" else None
    forms = IntakeForms(
        materials=MaterialChecklist(_materials(case.item_version), data, recorded=recorded),
        outcome=OutcomeForm(data, outcomes=outcomes),
    )
    status = 200
    if data is not None and forms.is_valid():
        chosen = forms.outcome.cleaned_data["outcome"]
        try:
            case = case_answer(
                case=case,
                user=user,
                outcome=chosen,
                materials=forms.materials.inputs(),
                **forms.outcome.service_arguments(),
            )
        except (ValidationError, PermissionDenied) as error:
            forms.show(error)
            status = _answer_refusal_status(error)
        else:
            latest = case.notices.order_by("-id")[:1]
            messages.success(request, _done_message(case, chosen, list(latest)))
            _warn_if_stuck(request, case, version_staffing_gaps(version=case.item_version))
            return _case_page(case)
    context = {
        "case": case,
        "state_label": WAITING_LABELS[CaseState(case.state)],
        "notices": list(case.notices.order_by("id")),
        "problems": [row for row in recorded.values() if row.outcome in PROBLEM_OUTCOMES],
        **forms.context(),
    }
    return render(request, "cases/intake/answer.html", context, status=status)
