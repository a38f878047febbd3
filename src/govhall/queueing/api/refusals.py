"""How the queue says no, on its pages and its APIs alike: the Chinese reason with a code, and
the status that says which kind of no — 403 the actor may not (a policy refused), 409 not in this
state or condition (whoever asks), 400 bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.response import Response

from govhall.core.workflow import ActorRefused, StateRefused


class RefusalOutput(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text=gettext_lazy("中文说明"))
    code = serializers.CharField(
        help_text=gettext_lazy(
            "拒绝原因代码：拒绝操作人时为规则名（如 signed_in_here、at_the_tickets_window），"
            "状态不允许时为 state 或条件名（如 recalls_left、window_free），输入有误时如 quota、before_hours"
        )
    )


def refusal_status(exc: ValidationError | PermissionDenied) -> int:
    if isinstance(exc, PermissionDenied):
        return status.HTTP_403_FORBIDDEN
    if isinstance(exc, StateRefused):
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


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


def refusal_response(exc: ValidationError | PermissionDenied) -> Response:
    """A refused operation, nothing changed: ``{detail, code}`` with its status."""
    return Response({"detail": refusal_message(exc), "code": refusal_code(exc)}, status=refusal_status(exc))
