from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from govhall.core.scheduler import jobs_overview, recent_runs
from govhall.core.staff_views import staff_view


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
