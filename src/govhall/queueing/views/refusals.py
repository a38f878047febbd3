"""How the queue's pages say no, as its APIs do (``core.api.errors``): the Chinese reason with a
code, and the status that says which kind of no — 403 the actor may not (a policy refused), 409
not in this state or condition (whoever asks), 400 bad input. Nothing was changed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from govhall.core.workflow import ActorRefused, StateRefused


def refusal_status(exc: ValidationError | PermissionDenied) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, StateRefused):
        return 409
    return 400


def refusal_message(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return str(exc.messages[0])
    return str(exc) or _("您没有此操作的权限。")


def refusal_code(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ActorRefused):
        return exc.code
    if isinstance(exc, ValidationError):
        return str(exc.code or "invalid")
    return "permission_denied"
