"""How the queue's APIs say no: HTTP 400 with the Chinese message and a machine-readable code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response


class RefusalOutput(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text=_("中文说明"))
    code = serializers.CharField(
        help_text=_("拒绝原因代码，如 quota、before_hours、window_busy、recall_limit")
    )


def refusal_response(exc: ValidationError) -> Response:
    """A refused operation (a QueueRefusal or a personal-data check) as 400; nothing was changed."""
    return Response(
        {"detail": exc.messages[0], "code": exc.code or "invalid"}, status=status.HTTP_400_BAD_REQUEST
    )
