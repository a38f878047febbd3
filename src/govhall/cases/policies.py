"""Who may act on a case: every rule once, as a named policy that returns ``None`` (agreed) or the
reason it refuses, in Chinese.

The case machine (:data:`govhall.cases.workflow.CASE`) lists, for each move, the policies that must
agree; the services, the case page and the API all go through it. Who may *see* a case is not
decided here but in :mod:`govhall.cases.selectors` (another department's case is "not found").

The rules (DOMAIN.md §2, §12):

- roles that only read cases (值班长, 督查室; 系统管理员 reads none at all) never act;
- only the lead department works a case (a centre-wide role acts on any department's case of its
  centre when its role has the move); a participating department of a 联办件 answers only its own
  joint-review task;
- a step is handled by its role in its department, by the one who claimed it if anyone did, and a
  clerk authorised for 即办件 handles every step of one;
- one person never both reviews and approves (一审一核), nor decides their own request (四眼).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.cases.models import CaseStep, JointTask, StepState
from govhall.catalog.models import CaseKind, ItemVersion
from govhall.core.approvals import other_than_requester
from govhall.org.roles import Role, roles_of
from govhall.org.selectors import access_scope_for, staff_profile_of

if TYPE_CHECKING:
    from govhall.cases.workflow import CaseAtHand

CasePolicy = Callable[["CaseAtHand", User], "str | None"]
RolePolicy = Callable[["CaseAtHand | None", User], "str | None"]
"""A policy about the user's role alone, asked before there is a case too (``at_hand`` None)."""

ACTING_PERMISSIONS = (
    "cases.intake_case",
    "cases.handle_case",
    "cases.handle_immediate",
    "cases.forward_case",
    "cases.approve_extension",
    "cases.issue_bill",
    "cases.record_payment",
    "cases.approve_fee_adjustment",
)
"""The permissions that let a role act on cases; a role holding none of them only reads."""

JOINT_REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.APPROVER, Role.CHIEF_REPRESENTATIVE})
"""Who answers a participating department's joint-review task."""


def acts_on_cases(at_hand: CaseAtHand, user: User) -> str | None:
    """Roles that only read cases (值班长, 督查室) never act on one."""
    if any(user.has_perm(permission) for permission in ACTING_PERMISSIONS):
        return None
    return _("您的角色只能查看办件，不能办理。")


def _own_department_id(user: User) -> int | None:
    profile = staff_profile_of(user)
    return profile.department_id if profile is not None else None


def in_lead_department(at_hand: CaseAtHand, user: User) -> str | None:
    """The case's own department (or a centre-wide role over it) works the case."""
    case = at_hand.case
    if access_scope_for(user).allows(centre_id=case.centre_id, department_id=case.department_id):
        return None
    own = _own_department_id(user)
    if own is not None and any(task.department_id == own for task in at_hand.joint_tasks):
        return _("贵部门只参与该联办件的并联审查，其他办理由主办部门负责。")
    return _("只有主办部门可以办理该办件。")


def holds(permission: str, reason: Promise) -> RolePolicy:
    """The role holds ``permission`` (the moves' ``may`` name it; ``reason`` says what is missing)."""

    def policy(at_hand: CaseAtHand | None, user: User) -> str | None:
        return None if user.has_perm(permission) else str(reason)

    policy.__name__ = f"holds_{permission.split('.')[-1]}"
    return policy


TAKES_IN = "cases.intake_case"
"""The window's permission to take in applications (the intake desk pages are behind it too)."""

may_take_in = holds(TAKES_IN, gettext_lazy("您没有窗口收件受理的权限。"))
may_handle = holds("cases.handle_case", gettext_lazy("您没有办理办件的权限。"))
may_forward = holds("cases.forward_case", gettext_lazy("您没有上报办件的权限。"))
may_approve_extension = holds("cases.approve_extension", gettext_lazy("您没有批准延期的权限。"))
may_bill = holds("cases.issue_bill", gettext_lazy("您没有开具缴费单的权限。"))
may_take_payment = holds("cases.record_payment", gettext_lazy("只有收费员可以登记收费。"))
may_approve_fee_adjustment = holds(
    "cases.approve_fee_adjustment", gettext_lazy("您没有批准退费或减免的权限。")
)
may_unmask = holds("cases.unmask_personal_data", gettext_lazy("您没有查看完整证件号码和电话的权限。"))


def step_refusal(at_hand: CaseAtHand, step: CaseStep, user: User) -> str | None:
    """Why ``user`` may not act on ``step``: its role (a clerk authorised for 即办件 acts on every
    step of one), its department, the one who claimed it."""
    immediate = at_hand.case.kind == CaseKind.IMMEDIATE and may_handle_immediately(user)
    if not immediate and Role(step.role) not in roles_of(user):
        if at_hand.case.kind == CaseKind.IMMEDIATE:
            return _("“%(step)s”环节须由%(role)s或有即办件权限的窗口人员办理。") % {
                "step": step.name,
                "role": Role(step.role).label,
            }
        return _("“%(step)s”环节须由%(role)s办理。") % {"step": step.name, "role": Role(step.role).label}
    if _own_department_id(user) != step.department_id:
        return _("该环节由%(department)s办理。") % {"department": step.department.name}
    if step.assignee_id is not None and step.assignee_id != user.pk:
        return _("该环节已指定其他人办理。")
    return None


def holds_current_step(at_hand: CaseAtHand, user: User) -> str | None:
    step = at_hand.step
    if step is None:
        return _("办件当前没有待办环节。")
    return step_refusal(at_hand, step, user)


def handles_its_step(kind: str) -> CasePolicy:
    """When the process has a step of ``kind`` (办结, 送达) and it is the current one, only whoever
    handles that step makes the move; otherwise the lead department's handlers do."""

    def policy(at_hand: CaseAtHand, user: User) -> str | None:
        step = at_hand.step
        if step is None or step.kind != kind or step.state != StepState.ACTIVE:
            return None
        return step_refusal(at_hand, step, user)

    policy.__name__ = f"handles_{kind}_step"
    return policy


def not_the_reviewer(at_hand: CaseAtHand, user: User) -> str | None:
    """一审一核: whoever reviewed the case does not also approve it, unless the item lets the chief
    representative do both. A 即办件 is decided on the spot by the one authorised person, and a
    上报件's decision is the higher body's."""
    case = at_hand.case
    if case.kind in (CaseKind.ESCALATED, CaseKind.IMMEDIATE):
        return None
    if user.pk not in at_hand.reviewers:
        return None
    if case.item_version.chief_may_review_and_approve and Role.CHIEF_REPRESENTATIVE in roles_of(user):
        return None
    return _("一审一核：审查人和核准人不能是同一人，请由其他核准人办理。")


def answers_own_task(at_hand: CaseAtHand, user: User) -> str | None:
    """A participating department's reviewer, approver or chief representative answers that
    department's own joint-review task."""
    task: JointTask | None = at_hand.task_for(user)
    if task is None:
        return _("贵部门在该办件没有待反馈的并联审查任务。")
    if _own_department_id(user) != task.department_id:
        return _("该审查任务由%(department)s办理。") % {"department": task.department.name}
    if not roles_of(user) & JOINT_REVIEWER_ROLES:
        return _("并联审查须由审查员、核准员或首席代表办理。")
    return None


def not_the_extension_requester(at_hand: CaseAtHand, user: User) -> str | None:
    extension = at_hand.extension
    return other_than_requester(extension, user) if extension is not None else None


def not_the_adjustment_requester(at_hand: CaseAtHand, user: User) -> str | None:
    adjustment = at_hand.adjustment
    return other_than_requester(adjustment, user) if adjustment is not None else None


# Before there is a case, and what a user's work lists hold ---------------------------------------


def works_the_window(user: User) -> bool:
    """The window clerk bills, completes and delivers the department's decided cases."""
    return Role.WINDOW_CLERK in roles_of(user)


def may_handle_immediately(user: User) -> bool:
    """A window clerk authorised for 即办件 (or the chief representative) decides one on the spot."""
    return user.has_perm("cases.handle_immediate")


def intake_refusal(version: ItemVersion, user: User) -> str | None:
    """Why ``user`` may not take in an application for ``version``: the window of the item's own
    department takes it in."""
    refused = may_take_in(None, user)
    if refused is not None:
        return refused
    item = version.item
    if not access_scope_for(user).allows(centre_id=item.centre_id, department_id=item.department_id):
        return _("只能受理本部门的事项。")
    return None
