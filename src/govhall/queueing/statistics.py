"""Queue statistics (排队统计) for a centre and a date range, grouped by queue, window, clerk, day or hour.

Only the needed columns of the tickets are read (one query), then figures are computed in Python
so medians and P90 are the same on SQLite and PostgreSQL. Tickets issued, called, served and no-shows
are counted as everywhere else (:mod:`govhall.queueing.selectors.counts`, evaluated in that query).
Definitions (also in the Excel sheet "指标说明"):

* 等候时间 = 首次叫号时间 − 取号时间, for tickets that were called;
* 办理时间 = 办结时间 − 开始办理时间, for tickets served (已办结);
* 中位数 / P90 by linear interpolation between the nearest ranks (P90 of n sorted values sits at
  position (n − 1) × 0.9, counted from 0);
* 超 10/20/40 分钟 counts called tickets whose wait was longer than that; the share is of the
  called tickets;
* 预计误差 = |取号时预计等候 − 实际等候| over called tickets; 预计准确率 the share within ±5 minutes.

Tickets are grouped by where they ended: their last queue, the window and clerk that last called
them, the day of issue and the hour of issue.

Other apps add figures about the same tickets without this app knowing them: an AppConfig names, as
``queue_statistics_figures``, a function ``(*, centre_id, date_from, date_to)`` returning an
:class:`AddedFigures` (the feedback app adds the pads' satisfaction this way).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.org.models import Centre, StaffProfile, Window
from govhall.org.selectors import AccessScope
from govhall.queueing.models import Queue
from govhall.queueing.selectors.counts import count_flags
from govhall.queueing.selectors.monitor import tickets_in_scope

MAX_RANGE_DAYS = 366
WAIT_THRESHOLDS = (10, 20, 40)
ESTIMATE_TOLERANCE_MINUTES = 5
WAIT_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 5), (5, 10), (10, 20), (20, 40), (40, None))


class Grouping(models.TextChoices):
    QUEUE = "queue", gettext_lazy("按队列")
    WINDOW = "window", gettext_lazy("按窗口")
    CLERK = "clerk", gettext_lazy("按人员")
    DAY = "day", gettext_lazy("按日")
    HOUR = "hour", gettext_lazy("按小时")


@dataclass(frozen=True)
class AddedColumn:
    """A figure another app adds to every group: its header, its definition (the workbook's 指标说明),
    its Excel number format, and whether the page shows it too (the workbook always does)."""

    header: str
    definition: str
    number_format: str
    on_page: bool = True


@dataclass(frozen=True)
class AddedFigure:
    value: float | int | None
    """What the workbook holds."""
    text: str
    """What the page shows."""


class AddedFigures(Protocol):
    """Another app's figures about the tickets of one report."""

    @property
    def columns(self) -> Sequence[AddedColumn]: ...

    def figures(self, ticket_ids: Collection[int]) -> Sequence[AddedFigure]:
        """One figure per column for the group of tickets with these ids."""
        ...


def added_figures(*, centre_id: int, date_from: date, date_to: date) -> list[AddedFigures]:
    """The figures every app adds to the statistics of a centre and a date range."""
    return [
        import_string(path)(centre_id=centre_id, date_from=date_from, date_to=date_to)
        for config in apps.get_app_configs()
        if (path := getattr(config, "queue_statistics_figures", None))
    ]


@dataclass(frozen=True)
class TicketFacts:
    """The columns of one ticket the statistics need."""

    id: int
    queue_id: int
    window_id: int | None
    clerk_id: int | None
    service_date: date
    issued_at: datetime
    first_called_at: datetime | None
    service_started_at: datetime | None
    finished_at: datetime | None
    status: str
    transfer_count: int
    estimated_wait_minutes: int
    called: bool
    served: bool
    no_show: bool
    """Whether the ticket counts as called, served and a no-show (:mod:`.selectors.counts`)."""

    @property
    def wait_minutes(self) -> float | None:
        if not self.called or self.first_called_at is None:
            return None
        return max(0.0, (self.first_called_at - self.issued_at).total_seconds() / 60)

    @property
    def service_minutes(self) -> float | None:
        if not self.served or self.service_started_at is None or self.finished_at is None:
            return None
        return max(0.0, (self.finished_at - self.service_started_at).total_seconds() / 60)


FACT_FIELDS = (
    "id",
    "queue_id",
    "window_id",
    "clerk_id",
    "service_date",
    "issued_at",
    "first_called_at",
    "service_started_at",
    "finished_at",
    "status",
    "transfer_count",
    "estimated_wait_minutes",
    "called",
    "served",
    "no_show",
)


def percentile(values: list[float], fraction: float) -> float | None:
    """The ``fraction`` quantile by linear interpolation between the nearest ranks; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class ThresholdFigure:
    minutes: int
    count: int
    share: float | None


@dataclass(frozen=True)
class Figures:
    """The figures of one group (or of the whole selection)."""

    key: Hashable
    label: str
    issued: int
    served: int
    no_shows: int
    transfers: int
    called: int
    wait_average: float | None
    wait_median: float | None
    wait_p90: float | None
    service_average: float | None
    service_median: float | None
    service_p90: float | None
    waits_over: tuple[ThresholdFigure, ...]
    estimate_mae: float | None
    estimate_within_share: float | None
    added: tuple[AddedFigure, ...] = ()
    """The other apps' figures, one per :attr:`StatisticsReport.added_columns`."""
    shown: tuple[AddedFigure, ...] = ()
    """Those of them the page shows."""


def figures_of(
    key: Hashable, label: str, tickets: Iterable[TicketFacts], others: Sequence[AddedFigures] = ()
) -> Figures:
    tickets = list(tickets)
    ids = [ticket.id for ticket in tickets]
    added = [
        (column, figure)
        for source in others
        for column, figure in zip(source.columns, source.figures(ids), strict=True)
    ]
    waits = [wait for ticket in tickets if (wait := ticket.wait_minutes) is not None]
    services = [service for ticket in tickets if (service := ticket.service_minutes) is not None]
    errors = [
        abs(ticket.estimated_wait_minutes - wait)
        for ticket in tickets
        if (wait := ticket.wait_minutes) is not None
    ]
    over = tuple(
        ThresholdFigure(
            minutes=limit,
            count=(count := sum(1 for wait in waits if wait > limit)),
            share=count / len(waits) if waits else None,
        )
        for limit in WAIT_THRESHOLDS
    )
    return Figures(
        key=key,
        label=label,
        issued=len(tickets),
        served=sum(1 for ticket in tickets if ticket.served),
        no_shows=sum(1 for ticket in tickets if ticket.no_show),
        transfers=sum(ticket.transfer_count for ticket in tickets),
        called=sum(1 for ticket in tickets if ticket.called),
        wait_average=_mean(waits),
        wait_median=percentile(waits, 0.5),
        wait_p90=percentile(waits, 0.9),
        service_average=_mean(services),
        service_median=percentile(services, 0.5),
        service_p90=percentile(services, 0.9),
        waits_over=over,
        estimate_mae=_mean(errors),
        estimate_within_share=(
            sum(1 for error in errors if error <= ESTIMATE_TOLERANCE_MINUTES) / len(errors)
            if errors
            else None
        ),
        added=tuple(figure for _column, figure in added),
        shown=tuple(figure for column, figure in added if column.on_page),
    )


@dataclass(frozen=True)
class HourCount:
    hour: int
    issued: int
    served: int


@dataclass(frozen=True)
class WaitBucket:
    low: int
    high: int | None
    count: int

    @property
    def label(self) -> str:
        if self.high is None:
            return _("%(low)d分钟以上") % {"low": self.low}
        return _("%(low)d–%(high)d分钟") % {"low": self.low, "high": self.high}


@dataclass(frozen=True)
class StatisticsReport:
    centre: Centre
    date_from: date
    date_to: date
    grouping: Grouping
    rows: list[Figures]
    total: Figures
    hours: list[HourCount]
    wait_buckets: list[WaitBucket]
    department_only: bool = False
    groupings: dict[str, list[Figures]] = field(default_factory=dict)
    added_columns: tuple[AddedColumn, ...] = ()

    @property
    def shown_columns(self) -> tuple[AddedColumn, ...]:
        return tuple(column for column in self.added_columns if column.on_page)


def ticket_facts(*, scope: AccessScope, centre: Centre, date_from: date, date_to: date) -> list[TicketFacts]:
    """The tickets of the centre issued in the range, in the scope, with only the needed columns."""
    rows = (
        tickets_in_scope(scope)
        .filter(centre=centre, service_date__range=(date_from, date_to))
        .annotate(**count_flags())
        .order_by()
        .values_list(*FACT_FIELDS)
    )
    return [TicketFacts(*row) for row in rows]


def _local_hour(moment: datetime) -> int:
    return timezone.localtime(moment).hour


def _hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


UNCALLED = "uncalled"


def _labels(
    grouping: Grouping, facts: list[TicketFacts]
) -> tuple[Callable[[TicketFacts], Hashable], dict[Hashable, str]]:
    """How to key a ticket for the grouping, and each key's label in display order."""
    if grouping == Grouping.QUEUE:
        queues = Queue.objects.filter(pk__in={fact.queue_id for fact in facts}).order_by(
            "sort_order", "prefix"
        )
        labels: dict[Hashable, str] = {queue.pk: f"{queue.prefix} {queue.name}" for queue in queues}
        return (lambda fact: fact.queue_id), labels
    if grouping == Grouping.WINDOW:
        windows = Window.objects.filter(pk__in={fact.window_id for fact in facts if fact.window_id})
        labels = {
            window.pk: _("%(number)s号窗口 %(name)s") % {"number": window.number, "name": window.name}
            for window in windows
        }
        labels[UNCALLED] = _("（未叫号）")
        return (lambda fact: fact.window_id or UNCALLED), labels
    if grouping == Grouping.CLERK:
        clerks = StaffProfile.objects.filter(pk__in={fact.clerk_id for fact in facts if fact.clerk_id})
        labels = {
            clerk.pk: f"{clerk.name}（{clerk.staff_number}）" for clerk in clerks.order_by("staff_number")
        }
        labels[UNCALLED] = _("（未叫号）")
        return (lambda fact: fact.clerk_id or UNCALLED), labels
    if grouping == Grouping.DAY:
        days = sorted({fact.service_date for fact in facts})
        labels = {day: day.isoformat() for day in days}
        return (lambda fact: fact.service_date), labels
    hours = sorted({_local_hour(fact.issued_at) for fact in facts})
    labels = {hour: _hour_label(hour) for hour in hours}
    return (lambda fact: _local_hour(fact.issued_at)), labels


def grouped_figures(
    grouping: Grouping, facts: list[TicketFacts], others: Sequence[AddedFigures] = ()
) -> list[Figures]:
    key_of, labels = _labels(grouping, facts)
    groups: dict[Hashable, list[TicketFacts]] = {key: [] for key in labels}
    for fact in facts:
        groups.setdefault(key_of(fact), []).append(fact)
    return [
        figures_of(key, labels.get(key, str(key)), group, others) for key, group in groups.items() if group
    ]


def hour_counts(facts: list[TicketFacts]) -> list[HourCount]:
    """Tickets issued per hour of issue and served per hour of finishing, first to last busy hour."""
    issued = Counter(_local_hour(fact.issued_at) for fact in facts)
    served = Counter(
        _local_hour(fact.finished_at) for fact in facts if fact.served and fact.finished_at is not None
    )
    busy = set(issued) | set(served)
    if not busy:
        return []
    return [HourCount(hour, issued[hour], served[hour]) for hour in range(min(busy), max(busy) + 1)]


def wait_buckets(facts: list[TicketFacts]) -> list[WaitBucket]:
    waits = [wait for fact in facts if (wait := fact.wait_minutes) is not None]
    return [
        WaitBucket(
            low=low,
            high=high,
            count=sum(1 for wait in waits if wait >= low and (high is None or wait < high)),
        )
        for low, high in WAIT_BUCKETS
    ]


def range_problem(date_from: date, date_to: date) -> str | None:
    """Why a date range cannot be used, in Chinese, or None."""
    if date_from > date_to:
        return _("开始日期不能晚于结束日期。")
    if (date_to - date_from) >= timedelta(days=MAX_RANGE_DAYS):
        return _("统计区间最长 %(days)d 天，请缩小日期范围。") % {"days": MAX_RANGE_DAYS}
    return None


def queue_statistics(
    *,
    scope: AccessScope,
    centre: Centre,
    date_from: date,
    date_to: date,
    grouping: Grouping,
    all_groupings: bool = False,
) -> StatisticsReport:
    """The statistics of ``centre`` between the dates (inclusive) that ``scope`` allows."""
    problem = range_problem(date_from, date_to)
    if problem is not None:
        raise ValueError(problem)
    facts = ticket_facts(scope=scope, centre=centre, date_from=date_from, date_to=date_to)
    others = added_figures(centre_id=centre.pk, date_from=date_from, date_to=date_to)
    groupings = (
        {choice.value: grouped_figures(choice, facts, others) for choice in Grouping}
        if all_groupings
        else {grouping.value: grouped_figures(grouping, facts, others)}
    )
    return StatisticsReport(
        centre=centre,
        date_from=date_from,
        date_to=date_to,
        grouping=grouping,
        rows=groupings[grouping.value],
        total=figures_of("total", _("合计"), facts, others),
        hours=hour_counts(facts),
        wait_buckets=wait_buckets(facts),
        department_only=scope.department_ids is not None,
        groupings=groupings,
        added_columns=tuple(column for source in others for column in source.columns),
    )
