"""Paging for every list API: ``limit``/``offset``; a limit above the maximum is capped, a malformed
one is a 400 in the one error shape."""

from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class ApiPagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    @staticmethod
    def _number(request: Request, name: str, minimum: int, message: str) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        try:
            number = int(raw)
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise exceptions.ValidationError({name: [message]})
        return number

    def get_limit(self, request: Request) -> int:
        limit = self._number(request, "limit", 1, gettext("每页条数 limit 必须是不小于 1 的整数。"))
        return DEFAULT_LIMIT if limit is None else min(limit, MAX_LIMIT)

    def get_offset(self, request: Request) -> int:
        offset = self._number(request, "offset", 0, gettext("起始位置 offset 必须是不小于 0 的整数。"))
        return offset or 0
