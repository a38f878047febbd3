from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from govhall.core.scheduler import jobs_overview, recent_runs
from govhall.core.staff_views import staff_view


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
def api_not_found(request: Request, path: str) -> Response:
    """Any address under /api/ that names no operation (or an id no row can have): 404 in the API's
    one error shape rather than the HTML page."""
    raise exceptions.NotFound(_("未找到该接口地址或对象。"))


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


@staff_view("core.view_jobrun")
@require_GET
def jobs(request: HttpRequest) -> HttpResponse:
    """定时任务: each periodic job's schedule, last run and outcome, and next run (system administrator)."""
    return render(request, "core/jobs.html", {"statuses": jobs_overview(), "recent": recent_runs()})
