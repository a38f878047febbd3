"""Issuing human-readable numbers: ticket, case, notice and complaint numbers.

A number is the next serial of a counter row keyed by (series, scope, period), formatted with
the series pattern. The increment is one ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``
statement, so racing requests queue on the counter row and each gets its own serial: no
duplicates, no retries, on PostgreSQL and on SQLite alike. Call it inside the transaction that
uses the number, so a rollback returns it. A serial is never handed out twice;
one taken by a transaction that later rolls back was never issued and is taken again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
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
    series_id, pattern, reset = _series(series)
    day = on or timezone.localdate()
    period = ResetPeriod(reset).key(day)
    serial = _next_serial(series_id=series_id, scope=scope, period=period)
    text = pattern.format(scope=scope, date=day, seq=serial)
    return IssuedNumber(text=text, serial=serial, period=period)


def number_counts(*, series: str, scopes: list[str], on: date) -> dict[str, int]:
    """How many numbers each scope of ``series`` has issued in the period of day ``on`` (0 if none)."""
    series_id, _pattern, reset = _series(series)
    period = ResetPeriod(reset).key(on)
    issued = dict(
        NumberCounter.objects.filter(series_id=series_id, period=period, scope__in=scopes).values_list(
            "scope", "last_value"
        )
    )
    return {scope: issued.get(scope, 0) for scope in scopes}


SERIES_CACHE_SECONDS = 60


def _series_key(code: str) -> str:
    return f"govhall:core:number-series:{code}"


def _series(code: str) -> tuple[int, str, str]:
    """(id, pattern, reset) of a series, cached until the series is saved (``series_changed``)."""
    cached: tuple[int, str, str] | None = cache.get(_series_key(code))
    if cached is not None:
        return cached
    row = NumberSeries.objects.filter(code=code).values_list("pk", "pattern", "reset").first()
    if row is None:
        raise UnknownSeriesError(code)
    cache.set(_series_key(code), row, timeout=SERIES_CACHE_SECONDS)
    return row


def series_changed(sender: type[NumberSeries], instance: NumberSeries, **kwargs: object) -> None:
    cache.delete(_series_key(instance.code))


def number_series_ensure(*, code: str, name: str, pattern: str, reset: ResetPeriod) -> NumberSeries:
    """Create a series with its default pattern if it does not exist; an edited one is kept."""
    number_series, _created = NumberSeries.objects.get_or_create(
        code=code, defaults={"name": name, "pattern": pattern, "reset": reset}
    )
    return number_series
