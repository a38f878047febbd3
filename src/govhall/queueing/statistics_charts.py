"""Bar charts for the statistics page as plain geometry; the template draws them as inline SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from govhall.queueing.statistics import HourCount, WaitBucket

WIDTH = 720
HEIGHT = 260
LEFT = 44
RIGHT = 8
TOP = 16
BOTTOM = 36
TICKS = 4


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    values: list[int]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str
    css_class: str


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    categories: list[AxisLabel]
    ticks: list[AxisLabel]
    series: list[Series]
    plot_left: int
    plot_right: int
    plot_bottom: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def nice_ceiling(value: int) -> int:
    """The axis top: TICKS steps of a whole 1, 2 or 5 × 10ⁿ, the smallest reaching ``value``."""
    raw_step = max(1.0, value / TICKS)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= raw_step)
    return int(step) * TICKS


def bar_chart(*, title: str, categories: list[str], series: list[Series]) -> BarChart:
    """Grouped bars: one band per category, one bar per series inside it."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_height
    top_value = nice_ceiling(max((value for one in series for value in one.values), default=0))
    band = plot_width / max(1, len(categories))
    bar_width = band * 0.8 / max(1, len(series))
    bars = []
    for index, category in enumerate(categories):
        for position, one in enumerate(series):
            value = one.values[index]
            height = plot_height * value / top_value
            bars.append(
                Bar(
                    x=round(LEFT + band * index + band * 0.1 + bar_width * position, 1),
                    y=round(bottom - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    value=value,
                    title=_("%(category)s %(series)s：%(value)d")
                    % {"category": category, "series": one.name, "value": value},
                    css_class=one.css_class,
                )
            )
    labels = [
        AxisLabel(x=round(LEFT + band * (index + 0.5), 1), y=bottom + 18, text=category)
        for index, category in enumerate(categories)
    ]
    ticks = [
        AxisLabel(
            x=LEFT - 6, y=round(bottom - plot_height * step / TICKS, 1), text=str(top_value * step // TICKS)
        )
        for step in range(TICKS + 1)
    ]
    return BarChart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        categories=labels,
        ticks=ticks,
        series=series,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=bottom,
    )


def hourly_chart(hours: list[HourCount]) -> BarChart:
    return bar_chart(
        title=_("每小时取号与办结"),
        categories=[f"{hour.hour:02d}" for hour in hours],
        series=[
            Series(_("取号数"), "issued", [hour.issued for hour in hours]),
            Series(_("办结数"), "served", [hour.served for hour in hours]),
        ],
    )


def wait_chart(buckets: list[WaitBucket]) -> BarChart:
    return bar_chart(
        title=_("等候时间分布（已叫号）"),
        categories=[bucket.label for bucket in buckets],
        series=[Series(_("人数"), "waited", [bucket.count for bucket in buckets])],
    )
