"""Guards every case write shares: the row lock, the department check and the refusal error."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from govhall.cases.models import Case
from govhall.org.selectors import access_scope_for


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


def check_case_access(case: Case, user: User) -> None:
    """Only the lead department (or a centre-wide role) works on a case; a participating
    department of a 联办件 sees it but answers only its own task (``joint_task_answer``)."""
    scope = access_scope_for(user)
    if not scope.allows(centre_id=case.centre_id, department_id=case.department_id):
        raise PermissionDenied(_("只有主办部门可以办理该办件。"))
