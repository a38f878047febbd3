"""Guards every case write shares: the row lock, the department check and the refusal error."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from govhall.cases.models import Case, CaseStep
from govhall.catalog.models import CaseKind
from govhall.org.roles import Role, roles_of
from govhall.org.selectors import access_scope_for, staff_profile_of


class CaseRefusal(ValidationError):
    """A request the rules refuse; the message says why, in Chinese, and nothing was changed."""


def refuse(message: str, code: str) -> CaseRefusal:
    return CaseRefusal(message, code=code)


def locked_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("centre", "department", "item_version", "applicant", "agent", "window")
        .get(pk=case.pk)
    )


def is_lead(case: Case, user: User) -> bool:
    """Whether the user's scope covers the case's own department (not only a joint task in it)."""
    return access_scope_for(user).allows(centre_id=case.centre_id, department_id=case.department_id)


def check_case_access(case: Case, user: User) -> None:
    """Only the lead department (or a centre-wide role) works on a case; a participating
    department of a 联办件 sees it but answers only its own task (``joint_task_answer``)."""
    if not is_lead(case, user):
        raise PermissionDenied(_("只有主办部门可以办理该办件。"))


def step_refusal(case: Case, step: CaseStep, user: User) -> str | None:
    """Why ``user`` may not act on ``step`` (its role, its department, its assignee), or None.
    A clerk authorised for 即办件 may act on every step of one."""
    if user.is_superuser:
        return None
    immediate = case.kind == CaseKind.IMMEDIATE and user.has_perm("cases.handle_immediate")
    if not immediate and Role(step.role) not in roles_of(user):
        return _("“%(step)s”环节须由%(role)s办理。") % {"step": step.name, "role": Role(step.role).label}
    profile = staff_profile_of(user)
    if profile is None or profile.department_id != step.department_id:
        return _("该环节由%(department)s办理。") % {"department": step.department.name}
    if step.assignee_id is not None and step.assignee_id != user.pk:
        return _("该环节已指定其他人办理。")
    return None
