"""The OpenAPI schema of every API documents its errors in the one shape (``ApiError``).

Each operation gets the error statuses it can answer, with what they mean, unless it declares
its own description for one: 400 when it takes input (a body or query parameters), 401 when its
authentication asks for credentials, 403 unless it is public, 404 when its path names an object,
409 when it changes an object the path names, 429 when it is throttled.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from rest_framework.permissions import AllowAny

from govhall.core.api.errors import error_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

ERROR_DESCRIPTIONS = {
    400: _("输入有误（errors 逐项说明）或操作被拒绝（code 为拒绝原因），未做任何更改"),
    401: _("未登录或令牌无效"),
    403: _("没有相应的角色或权限（code 为拒绝原因），未做任何更改"),
    404: _("对象不存在，或不在您可见的范围内"),
    409: _("对象当前的状态不允许此操作（code 为 state），未做任何更改"),
    429: _("请求过于频繁，请按 Retry-After 头给出的秒数后再试"),
}


class AutoSchema(openapi.AutoSchema):
    def _error_statuses(self) -> list[int]:
        view = self.view
        names_object = "{" in self.path
        changes = self.method not in SAFE_METHODS
        takes_query = any(parameter.get("in") == "query" for parameter in self._get_parameters())
        public = all(isinstance(permission, AllowAny) for permission in view.get_permissions())
        authenticators = view.get_authenticators()
        asks_credentials = bool(authenticators) and bool(authenticators[0].authenticate_header(view.request))
        wanted = {
            400: changes or takes_query,
            401: not public and asks_credentials,
            403: not public,
            404: names_object,
            409: changes and names_object,
            429: bool(view.get_throttles()),
        }
        return [code for code, applies in wanted.items() if applies]

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_statuses():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    error_response(ERROR_DESCRIPTIONS[code]), str(code), direction=direction
                )
        return responses
