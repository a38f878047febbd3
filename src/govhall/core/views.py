from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
def api_not_found(request: HttpRequest, path: str) -> JsonResponse:
    """Any address under /api/ that names no operation (or an id no row can have): 404 in the API's
    error shape, not the HTML page."""
    return JsonResponse({"detail": _("未找到该接口地址或对象。")}, status=404)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": "unreachable", "reason": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """The page a locked account sees (django-axes' lockout callable): HTTP 429, in Chinese."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
