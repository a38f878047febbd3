"""The case life cycle as data: which moves are allowed, from which states, by whom, and what each
does to the clock. :func:`case_transition` is the only code that changes ``Case.state``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.cases import clocks
from govhall.cases.models import Case, CaseEvent, CaseState, CaseStep
from govhall.core.events import emit, event_kind
from govhall.org.people import person_name

if TYPE_CHECKING:
    from govhall.cases.events import CasePayload

S = CaseState


class CaseAction(models.TextChoices):
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


class Clock(Enum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    permission: str
    clock: Clock | None = None


def _from(*states: str) -> frozenset[str]:
    return frozenset(states)


TRANSITIONS: dict[str, Transition] = {
    CaseAction.ACCEPT: Transition(
        _from(S.RECEIVED, S.CORRECTION), S.HANDLING, "cases.intake_case", Clock.START
    ),
    CaseAction.AUTO_ACCEPT: Transition(_from(S.RECEIVED), S.HANDLING, "", Clock.START),
    CaseAction.REQUEST_CORRECTION: Transition(
        _from(S.RECEIVED, S.CORRECTION), S.CORRECTION, "cases.intake_case"
    ),
    CaseAction.NOT_ACCEPT: Transition(_from(S.RECEIVED, S.CORRECTION), S.NOT_ACCEPTED, "cases.intake_case"),
    CaseAction.REFER: Transition(_from(S.RECEIVED, S.CORRECTION), S.REFERRED, "cases.intake_case"),
    CaseAction.SUSPEND: Transition(_from(S.HANDLING), S.SUSPENDED, "cases.handle_case", Clock.PAUSE),
    CaseAction.RESUME: Transition(_from(S.SUSPENDED), S.HANDLING, "cases.handle_case", Clock.RESUME),
    CaseAction.FORWARD: Transition(_from(S.HANDLING), S.ESCALATED, "cases.forward_case", Clock.STOP),
    CaseAction.FORWARD_RESULT: Transition(_from(S.ESCALATED), S.HANDLING, "cases.handle_case"),
    CaseAction.DECIDE: Transition(_from(S.HANDLING), S.DECIDED, "cases.handle_case", Clock.STOP),
    CaseAction.COMPLETE: Transition(_from(S.DECIDED), S.COMPLETED, "cases.handle_case"),
    CaseAction.DELIVER: Transition(_from(S.COMPLETED), S.DELIVERED, "cases.handle_case"),
    CaseAction.ARCHIVE: Transition(_from(S.DELIVERED), S.ARCHIVED, "cases.handle_case"),
    CaseAction.RETURN_RESULT: Transition(_from(S.DECIDED), S.ARCHIVED, "cases.handle_case"),
    CaseAction.WITHDRAW: Transition(
        _from(S.RECEIVED, S.CORRECTION, S.HANDLING, S.SUSPENDED, S.ESCALATED),
        S.WITHDRAWN,
        "cases.intake_case",
        Clock.STOP,
    ),
}
"""Allowed moves. An empty permission means only the system makes the move (a scheduled job)."""


def allowed_actions(case: Case) -> list[str]:
    return [action for action, move in TRANSITIONS.items() if case.state in move.sources and move.permission]


class TransitionRefused(ValidationError):
    pass


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


def case_transition(
    *,
    case: Case,
    action: str,
    user: User | None,
    on: date,
    note: str = "",
    step: CaseStep | None = None,
    detail: dict[str, Any] | None = None,
    update_fields: tuple[str, ...] = (),
) -> CaseEvent:
    """Move ``case`` by ``action`` if the table allows it from its state and ``user`` holds the
    move's permission; apply the move's clock effect, save, and append the event.

    ``user`` None is the system (a scheduled job); it may make only the moves without a permission.
    The caller holds the case row locked (``select_for_update``) inside one transaction.
    """
    move = TRANSITIONS.get(action)
    if move is None:
        raise TransitionRefused(_("未知的办件操作。"), code="unknown_action")
    if case.state not in move.sources:
        raise TransitionRefused(
            _("办件当前状态为“%(state)s”，不能%(action)s。")
            % {"state": case.get_state_display(), "action": CaseAction(action).label},
            code="state",
        )
    if user is None:
        if move.permission:
            raise PermissionDenied(_("此操作须由工作人员办理。"))
    elif not move.permission or not user.has_perm(move.permission):
        raise PermissionDenied(_("您没有“%(action)s”的权限。") % {"action": CaseAction(action).label})
    from_state = case.state
    fields = {"state", "updated_at", *update_fields}
    if move.clock is Clock.START:
        clocks.clock_start(case, on=on, calendar=clocks.calendar_of(case))
        fields |= {"accepted_on", "due_on"}
    elif move.clock is Clock.PAUSE:
        clocks.clock_pause(case, on=on)
        fields.add("paused_on")
    elif move.clock is Clock.RESUME:
        paused = clocks.clock_resume(case, on=on, calendar=clocks.calendar_of(case))
        detail = {**(detail or {}), "paused_days": paused}
        fields |= {"paused_on", "paused_days", "due_on"}
    elif move.clock is Clock.STOP and case.accepted_on is not None:
        if case.paused_on is not None:
            clocks.clock_resume(case, on=on, calendar=clocks.calendar_of(case))
            fields |= {"paused_on", "paused_days", "due_on"}
        clocks.clock_stop(case, on=on)
        fields.add("clock_stopped_on")
    case.state = move.target
    case.save(update_fields=sorted(fields))
    return case_event_record(
        case=case,
        action=action,
        user=user,
        note=note,
        step=step,
        detail=detail,
        from_state=from_state,
        to_state=move.target,
    )
