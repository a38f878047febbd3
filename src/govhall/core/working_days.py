"""Working-day arithmetic on the national calendar of China plus a centre's own adjustments.

The national part comes from the ``holidays`` library: public holidays and the State Council's
adjusted working weekends (调休). A centre adds its own closures (e.g. typhoon days) and extra
working days; those arrive here as ``overrides`` so this module knows nothing of centres.

Counting follows the 行政许可法: the start day is not counted, so adding N working days gives
the N-th working day after the start. A period counted in natural days (自然日) that ends on a
non-working day ends on the next working day instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MAX_DAYS = 1000
"""The longest period the platform computes, in days (about four years of working days)."""


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working", _("工作日")
    NATURAL_DAY = "natural", _("自然日")


def period_text(days: int, unit: str) -> str:
    """A number of days in its unit, as every clock, notice and page says it: 5个工作日, 20个自然日."""
    if unit == TimeUnit.NATURAL_DAY:
        return ngettext("%(days)d个自然日", "%(days)d个自然日", days) % {"days": days}
    return ngettext("%(days)d个工作日", "%(days)d个工作日", days) % {"days": days}


@lru_cache(maxsize=64)
def _national_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, adjusted working weekends) of one year, from the holidays library."""
    china = holidays.China(years=year)
    days_off = frozenset(day for day in china if day.year == year)
    weekend_workdays = frozenset(day for day in china.weekend_workdays if day.year == year)
    return days_off, weekend_workdays


def is_national_working_day(day: date) -> bool:
    days_off, weekend_workdays = _national_year(day.year)
    if day in weekend_workdays:
        return True
    return day.weekday() < 5 and day not in days_off


@lru_cache(maxsize=64)
def _holiday_names(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year, language="zh_CN")


def national_holiday_name(day: date) -> str | None:
    """The holiday's Chinese name (国庆节 …) or None."""
    return _holiday_names(day.year).get(day)


def _check_days(days: int) -> None:
    if days < 0:
        raise ValueError("days must not be negative")
    if days > MAX_DAYS:
        raise ValueError(f"days must not exceed {MAX_DAYS}")


@dataclass(frozen=True)
class WorkingCalendar:
    """The national calendar with one centre's overrides (date → is a working day)."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        return is_national_working_day(day)

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (the start day is not counted).

        Adding 0 gives the start day itself: a 即办件 is due the day it is accepted.
        """
        _check_days(days)
        day, remaining = start, days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``.

        The inverse of :meth:`add_working_days`: ``working_days_between(s, add_working_days(s, n)) == n``.
        """
        if end < start:
            raise ValueError("end must not be before start")
        if (end - start).days > 2 * MAX_DAYS:
            raise ValueError("the period is too long")
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset))
        )

    def add_natural_days(self, start: date, days: int) -> date:
        """``start`` plus ``days`` calendar days, moved to the next working day if it is one off."""
        _check_days(days)
        return self.next_working_day(start + timedelta(days=days))

    def add_days(self, start: date, days: int, unit: TimeUnit) -> date:
        if unit == TimeUnit.NATURAL_DAY:
            return self.add_natural_days(start, days)
        return self.add_working_days(start, days)

    def days_between(self, start: date, end: date, unit: TimeUnit) -> int:
        if unit == TimeUnit.NATURAL_DAY:
            if end < start:
                raise ValueError("end must not be before start")
            return (end - start).days
        return self.working_days_between(start, end)


NATIONAL_CALENDAR = WorkingCalendar()
