from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from govhall.core.generations import generations_memo
from govhall.core.request_origin import RequestOrigin, client_address, origin_as


class GenerationsMiddleware:
    """Reads each generation of cached answers at most once per request (see core.generations)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with generations_memo():
            return self.get_response(request)


class RequestOriginMiddleware:
    """Makes the request's client address, method and path the origin of what it causes (audit events,
    the public tracking limits)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = RequestOrigin(
            origin=f"{request.method} {request.path}"[:300],
            ip=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        with origin_as(origin):
            return self.get_response(request)
