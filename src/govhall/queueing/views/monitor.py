"""Supervision of the hall: live monitoring (大厅监控), statistics (排队统计) with an Excel export,
and the ticket lookup with call reasons (叫号记录查询)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from govhall.core.spreadsheet import XLSX_CONTENT_TYPE
from govhall.core.staff_views import signed_in_user
from govhall.org.selectors import access_scope_for
from govhall.queueing import services
from govhall.queueing.forms.monitor import StatisticsFilterForm, TicketLookupForm
from govhall.queueing.monitoring import LONG_QUEUE_WAITING, hall_snapshot
from govhall.queueing.selectors import window as window_selectors
from govhall.queueing.selectors.monitor import centre_choices, chosen_centre
from govhall.queueing.statistics import Grouping, StatisticsReport, queue_statistics
from govhall.queueing.statistics_charts import hourly_chart, wait_chart
from govhall.queueing.statistics_export import statistics_workbook
from govhall.queueing.ticket_history import ticket_find, ticket_history
from govhall.queueing.views.refusals import refusal_message, refusal_status
from govhall.queueing.workflow import WINDOW

MONITOR = "queueing.monitor_hall"
STATISTICS = "queueing.view_queue_statistics"
CALL_REASON = "queueing.view_call_reason"
MONITOR_REFRESH_SECONDS = 5


def _monitor_context(request: HttpRequest) -> dict[str, object]:
    scope = access_scope_for(request.user)
    centre = chosen_centre(user=request.user, scope=scope, code=request.GET.get("centre", ""))
    snapshot = hall_snapshot(scope=scope, centre=centre)
    return {
        "snapshot": snapshot,
        "force_sign_out": window_selectors.offer_force_sign_out(snapshot.windows, signed_in_user(request)),
        "centre": centre,
        "centres": centre_choices(scope),
        "refresh_seconds": MONITOR_REFRESH_SECONDS,
        "long_queue_waiting": LONG_QUEUE_WAITING,
    }


@login_required
@permission_required(MONITOR, raise_exception=True)
@require_GET
def monitor(request: HttpRequest) -> HttpResponse:
    return render(request, "queueing/monitor.html", _monitor_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def force_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    """强制签退: the duty chief frees a window its clerk left signed in. The page (for whoever
    watches the hall) shows the window and the action, or why it cannot be taken; the POST is the
    window machine's to allow, as in the API."""
    user = signed_in_user(request)
    window = window_selectors.window_for(user, pk)
    if window is None:
        raise Http404(_("未找到该窗口。"))
    if request.method == "GET" and not user.has_perm(MONITOR):
        raise PermissionDenied(_("您没有大厅监控权限。"))
    error, status = "", 200
    if request.method == "POST":
        try:
            session = services.window_force_sign_out(
                window=window, user=user, reason=request.POST.get("reason", "")
            )
        except (ValidationError, PermissionDenied) as refusal:
            error, status = refusal_message(refusal), refusal_status(refusal)
        else:
            message = _("已将%(name)s从%(number)s号窗口强制签退。")
            messages.success(request, message % {"name": session.clerk.name, "number": window.number})
            return redirect(f"{reverse('queueing:monitor')}?centre={window.centre.code}")
    state = window_selectors.window_state(window)
    context = {
        "state": state,
        "actions": WINDOW.available(state.desk, user, only=("force_sign_out",)),
        "error": error,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "queueing/force_sign_out.html", context, status=status)


@login_required
@permission_required(MONITOR, raise_exception=True)
@require_GET
def monitor_live(request: HttpRequest) -> HttpResponse:
    """The part of the monitor page that htmx reloads every few seconds."""
    return render(request, "queueing/monitor_live.html", _monitor_context(request))


def _statistics(
    request: HttpRequest, *, all_groupings: bool
) -> tuple[StatisticsFilterForm, StatisticsReport | None]:
    scope = access_scope_for(request.user)
    centres = centre_choices(scope)
    form = StatisticsFilterForm(
        request.GET, centres=centres, default_centre=chosen_centre(user=request.user, scope=scope, code="")
    )
    if not form.is_valid():
        return form, None
    report = queue_statistics(
        scope=scope,
        centre=centres.get(code=form.cleaned_data["centre"]),
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        grouping=Grouping(form.cleaned_data["grouping"]),
        all_groupings=all_groupings,
    )
    return form, report


def _statistics_page(
    request: HttpRequest, form: StatisticsFilterForm, report: StatisticsReport | None
) -> HttpResponse:
    context = {
        "form": form,
        "report": report,
        "hourly_chart": hourly_chart(report.hours) if report is not None and report.hours else None,
        "wait_chart": wait_chart(report.wait_buckets) if report is not None and report.total.called else None,
        "export_query": request.GET.urlencode(),
    }
    return render(request, "queueing/statistics.html", context, status=200 if report is not None else 400)


@login_required
@permission_required(STATISTICS, raise_exception=True)
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, report = _statistics(request, all_groupings=False)
    return _statistics_page(request, form, report)


@login_required
@permission_required(STATISTICS, raise_exception=True)
@require_GET
def statistics_export(request: HttpRequest) -> HttpResponse:
    """The same filters as the page, every grouping, as an .xlsx download."""
    form, report = _statistics(request, all_groupings=True)
    if report is None:
        return _statistics_page(request, form, report)
    filename = _("排队统计-%(centre)s-%(start)s-%(end)s.xlsx") % {
        "centre": report.centre.code,
        "start": report.date_from.strftime("%Y%m%d"),
        "end": report.date_to.strftime("%Y%m%d"),
    }
    response = HttpResponse(statistics_workbook(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    return response


@login_required
@permission_required(CALL_REASON, raise_exception=True)
@require_GET
def ticket_lookup(request: HttpRequest) -> HttpResponse:
    """Find a ticket by date and number in the user's scope and open its history."""
    scope = access_scope_for(request.user)
    centres = centre_choices(scope)
    default_centre = chosen_centre(user=request.user, scope=scope, code="")
    data = request.GET if "number" in request.GET else None
    form = TicketLookupForm(data, centres=centres, default_centre=default_centre)
    if data is None:
        return render(request, "queueing/ticket_lookup.html", {"form": form})
    if not form.is_valid():
        return render(request, "queueing/ticket_lookup.html", {"form": form}, status=400)
    ticket = ticket_find(
        scope=scope,
        centre=centres.get(code=form.cleaned_data["centre"]),
        day=form.cleaned_data["day"],
        number=form.cleaned_data["number"],
    )
    if ticket is None:
        return render(request, "queueing/ticket_lookup.html", {"form": form, "not_found": True}, status=404)
    return redirect("queueing:ticket_detail", pk=ticket.pk)


@login_required
@permission_required(CALL_REASON, raise_exception=True)
@require_GET
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = access_scope_for(request.user)
    history = ticket_history(scope=scope, pk=pk)
    form = TicketLookupForm(None, centres=centre_choices(scope), default_centre=history.ticket.centre)
    form.initial.update({"day": history.ticket.service_date.isoformat(), "number": history.ticket.number})
    return render(request, "queueing/ticket_lookup_detail.html", {"form": form, "history": history})
