from __future__ import annotations

import calendar as month_grid
from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from govhall.core.roles import roles_held_by
from govhall.core.working_days import is_national_working_day, national_holiday_name
from govhall.org.models import Centre
from govhall.org.selectors import (
    access_scope_for,
    centre_adjustments,
    centre_calendar,
    centre_hours_on,
    posts_held_by,
    staff_profile_of,
)


def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their workbench; the public on the guide."""
    if not request.user.is_authenticated:
        return redirect("catalog:guide")
    profile = staff_profile_of(request.user)
    today = timezone.localdate()
    context = {
        "profile": profile,
        "roles": roles_held_by(request.user),
        "held_posts": posts_held_by(profile) if profile is not None else [],
        "today": today,
        "today_hours": centre_hours_on(profile.centre, today) if profile is not None else None,
        "scope": access_scope_for(request.user),
    }
    return render(request, "org/home.html", context)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    working: bool
    note: str
    kind: str


def _calendar_day(
    day: date, month: int, working: bool, adjustment_reason: str | None, holiday: str | None
) -> CalendarDay:
    if adjustment_reason is not None:
        kind = "adjusted-working" if working else "adjusted-closed"
        return CalendarDay(day, day.month == month, working, adjustment_reason, kind)
    if holiday and not working:
        return CalendarDay(day, day.month == month, working, holiday, "holiday")
    if working and day.weekday() >= 5:
        return CalendarDay(day, day.month == month, working, gettext("调休上班"), "weekend-working")
    return CalendarDay(day, day.month == month, working, "", "working" if working else "weekend")


def working_calendar(request: HttpRequest) -> HttpResponse:
    """A centre's year: holidays, adjusted working weekends and the centre's own adjustments."""
    centres = Centre.objects.filter(is_active=True).order_by("code")
    code = request.GET.get("centre") or ""
    profile = staff_profile_of(request.user)
    if code:
        centre = get_object_or_404(centres, code=code)
    elif profile is not None:
        centre = profile.centre
    else:
        centre = get_object_or_404(centres.filter(parent__isnull=True)[:1])
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2001), 2099)
    work_calendar = centre_calendar(centre.pk)
    adjustments = {adjustment.date: adjustment for adjustment in centre_adjustments(centre, year=year)}
    grid = month_grid.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = [
            [
                _calendar_day(
                    day,
                    month,
                    work_calendar.is_working_day(day),
                    adjustments[day].reason if day in adjustments else None,
                    national_holiday_name(day) if not is_national_working_day(day) else None,
                )
                for day in week
            ]
            for week in grid.monthdatescalendar(year, month)
        ]
        months.append({"number": month, "weeks": weeks})
    context = {
        "centre": centre,
        "centres": centres,
        "year": year,
        "months": months,
        "adjustments": list(adjustments.values()),
        "weekday_names": [
            pgettext("weekday", "一"),
            pgettext("weekday", "二"),
            pgettext("weekday", "三"),
            pgettext("weekday", "四"),
            pgettext("weekday", "五"),
            pgettext("weekday", "六"),
            pgettext("weekday", "日"),
        ],
    }
    return render(request, "org/calendar.html", context)
