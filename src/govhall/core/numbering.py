"""Issuing human-readable numbers: ticket, case, notice and complaint numbers.

A number is the next serial of a counter row keyed by (series, scope, period), formatted with
the series pattern. The increment is one ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``
statement, so racing requests queue on the counter row and each gets its own serial: no
duplicates, no retries, on PostgreSQL and on SQLite alike. A serial is never handed out twice;
one taken by a transaction that later rolls back was never issued and is taken again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from govhall.core.models import NumberCounter, NumberSeries, ResetPeriod


@dataclass(frozen=True)
class IssuedNumber:
    text: str
    serial: int
    period: str


class UnknownSeriesError(LookupError):
    pass


def _next_serial(*, series_id: int, scope: str, period: str) -> int:
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (series_id, scope, period, last_value) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (series_id, scope, period) DO UPDATE SET last_value = {table}.last_value + 1 "
        "RETURNING last_value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [series_id, scope, period])
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def number_issue(*, series: str, scope: str = "", on: date | None = None) -> IssuedNumber:
    """Issue the next number of ``series`` for ``scope`` on day ``on`` (today by default)."""
    try:
        number_series = NumberSeries.objects.get(code=series)
    except NumberSeries.DoesNotExist as exc:
        raise UnknownSeriesError(series) from exc
    day = on or timezone.localdate()
    period = ResetPeriod(number_series.reset).key(day)
    with transaction.atomic():
        serial = _next_serial(series_id=number_series.pk, scope=scope, period=period)
    text = number_series.pattern.format(scope=scope, date=day, seq=serial)
    return IssuedNumber(text=text, serial=serial, period=period)


def number_series_ensure(*, code: str, name: str, pattern: str, reset: ResetPeriod) -> NumberSeries:
    """Create a series with its default pattern if it does not exist; an edited one is kept."""
    number_series, _created = NumberSeries.objects.get_or_create(
        code=code, defaults={"name": name, "pattern": pattern, "reset": reset}
    )
    return number_series
