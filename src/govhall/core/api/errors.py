"""One error shape for every API: ``{"detail": …, "code": …, "errors": {…}}``.

``detail``
    One Chinese sentence saying what went wrong; for wrong input, the first problem and how many
    more there are.
``code``
    A stable machine-readable code: a refusal's own (``quota``, ``signed_in_here``, the refusing
    policy's name …), ``state`` when the object's state does not allow the operation, or the
    generic ``invalid``, ``not_authenticated``, ``authentication_failed``, ``permission_denied``,
    ``not_found``, ``method_not_allowed``, ``throttled``.
``errors``
    Wrong input by field, each a list of Chinese messages; nested input is named by its path
    (``applicant.id_number``, ``materials.1.outcome``); ``non_field_errors`` for input that is
    wrong as a whole. Empty when the request was refused as a whole.

The status says which kind: 400 wrong input or a refused operation, 401 not signed in or a bad
token, 403 no right to it (:class:`~govhall.core.workflow.ActorRefused` keeps its code), 404 not
found or not visible to this user, 409 not in this state
(:class:`~govhall.core.workflow.StateRefused`), 429 too many requests. Nothing was changed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from govhall.core.workflow import ActorRefused, StateRefused

INVALID = "invalid"


class ApiError(serializers.Serializer[Any]):
    """What every API answers when it does not do what was asked (the same for every status)."""

    detail = serializers.CharField(help_text=_("中文说明"))
    code = serializers.CharField(
        help_text=_(
            "稳定的错误代码：invalid（输入有误）、state（当前状态不允许此操作）、拒绝原因代码"
            "（如 quota、signed_in_here）、not_authenticated、permission_denied、not_found、throttled"
        )
    )
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, not Serializer.errors
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("逐项的输入错误：字段（嵌套的写作 applicant.id_number）→ 中文说明列表；整体被拒绝时为空"),
    )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("当前状态不允许此操作。")
    default_code = "state"


def error_response(description: str | Promise) -> OpenApiResponse:
    """An error status of one operation in the schema, with what it means there."""
    return OpenApiResponse(ApiError, description=description)


def _details(error: DjangoValidationError) -> list[ErrorDetail]:
    return [ErrorDetail(str(next(iter(item))), code=item.code or INVALID) for item in error.error_list]


def _api_exception(exc: Exception) -> Exception:
    """The REST framework exception a domain or Django exception answers as."""
    if isinstance(exc, StateRefused):
        return Conflict(_details(exc)[0], code=exc.code or "state")
    if isinstance(exc, ActorRefused):
        return exceptions.PermissionDenied(exc.reason, code=exc.code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: _details(
                        DjangoValidationError(errors)
                    )
                    for field, errors in exc.error_dict.items()
                }
            )
        return exceptions.ValidationError(_details(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _field_errors(detail: Any, path: str, into: dict[str, list[str]]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            _field_errors(value, f"{path}.{key}" if path else str(key), into)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            _field_errors(item, f"{path}.{index}", into)
    elif isinstance(detail, list):
        if detail:
            into.setdefault(path, []).extend(str(message) for message in detail)
    else:
        into.setdefault(path, []).append(str(detail))


def _summary(messages: list[str]) -> str:
    """The first wrong input, and how many more there are."""
    more = len(messages) - 1
    if more == 0:
        return messages[0]
    return ngettext("%(first)s（另有%(count)d处输入有误）", "%(first)s（另有%(count)d处输入有误）", more) % {
        "first": messages[0],
        "count": more,
    }


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    """``exc`` in the one error shape."""
    detail = exc.detail
    if isinstance(detail, dict):
        errors: dict[str, list[str]] = {}
        _field_errors(detail, "", errors)
        messages = [message for field_messages in errors.values() for message in field_messages]
        summary = _summary(messages) if messages else str(exc.default_detail)
        return {"detail": summary, "code": INVALID, "errors": errors}
    details = detail if isinstance(detail, list) else [detail]
    return {
        "detail": " ".join(str(message) for message in details) or str(exc.default_detail),
        "code": (getattr(details[0], "code", None) if details else None) or exc.default_code,
        "errors": {},
    }


def error_json(exc: DjangoValidationError | PermissionDenied | Http404) -> JsonResponse:
    """``exc`` answered in the one shape and status by a view outside REST framework (a device page's
    post)."""
    answer = _api_exception(exc)
    assert isinstance(answer, exceptions.APIException)
    return JsonResponse(
        error_body(answer), status=answer.status_code, json_dumps_params={"ensure_ascii": False}
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST framework's handler, answering every error in the one shape (settings ``EXCEPTION_HANDLER``)."""
    exc = _api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = error_body(exc)
    return response
