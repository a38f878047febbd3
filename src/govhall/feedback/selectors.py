"""Reads of the feedback app: the service a pad should ask about, and the hall's satisfaction figures
for the queue statistics (排队统计)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from govhall.feedback.models import SATISFIED_LEVELS, Rating, RatingLevel
from govhall.queueing import boards
from govhall.queueing.statistics import AddedColumn, AddedFigure


class PendingRating(TypedDict):
    ticket_id: int
    number: str


def pending_rating(window_id: int) -> PendingRating | None:
    """The window's service finished in the last minutes, if it has not been rated yet."""
    latest = (
        boards.rateable_services(window_id)
        .annotate(rated=Exists(Rating.objects.filter(ticket=OuterRef("pk"))))
        .values("pk", "number", "rated")
        .first()
    )
    if latest is None or latest["rated"]:
        return None
    return {"ticket_id": latest["pk"], "number": latest["number"]}


COUNT = "0"
SHARE = "0.0%"
MEAN = "0.00"


def _count(count: int) -> AddedFigure:
    return AddedFigure(count, str(count))


def _mean_text(mean: float) -> str:
    """The mean code and the level it is nearest to, the worse one when halfway: 1.60（满意）."""
    nearest = RatingLevel(
        min(max(int(mean + 0.5), RatingLevel.VERY_SATISFIED), RatingLevel.VERY_DISSATISFIED)
    )
    return _("%(mean).2f（%(label)s）") % {"mean": mean, "label": nearest.label}


@dataclass(frozen=True)
class HallSatisfaction:
    """The pad ratings of a centre's tickets in a date range, by ticket."""

    levels: dict[int, int]

    @property
    def columns(self) -> tuple[AddedColumn, ...]:
        codes = "、".join(f"{level.value} {level.label}" for level in RatingLevel)
        return (
            AddedColumn(_("评价数"), _("在评价器上评价了的号码数（一次服务一条评价）。"), COUNT),
            AddedColumn(_("满意率"), _("评价为“非常满意”或“满意”的条数占评价数的比例。"), SHARE),
            AddedColumn(
                _("满意度均值"),
                _(
                    "按 GB/T 39046 满意度代码（%(codes)s）计算的平均值，越小越满意；"
                    "括号内为最接近的等级（恰在两级之间时取较差的一级）。"
                )
                % {"codes": codes},
                MEAN,
            ),
            *(
                AddedColumn(
                    _("%(code)d %(label)s（条）") % {"code": level.value, "label": level.label},
                    _("满意度代码为 %(code)d（%(label)s）的评价条数。")
                    % {"code": level.value, "label": level.label},
                    COUNT,
                    on_page=False,
                )
                for level in RatingLevel
            ),
        )

    def figures(self, ticket_ids: Collection[int]) -> tuple[AddedFigure, ...]:
        levels = [level for ticket_id in ticket_ids if (level := self.levels.get(ticket_id)) is not None]
        count = len(levels)
        share = sum(1 for level in levels if level in SATISFIED_LEVELS) / count if count else None
        mean = sum(levels) / count if count else None
        return (
            _count(count),
            AddedFigure(share, f"{share:.0%}" if share is not None else "—"),
            AddedFigure(
                round(mean, 2) if mean is not None else None, _mean_text(mean) if mean is not None else "—"
            ),
            *(_count(levels.count(level)) for level in RatingLevel),
        )


def hall_satisfaction(*, centre_id: int, date_from: date, date_to: date) -> HallSatisfaction:
    """The ratings of the centre's tickets issued between the dates (inclusive), read once."""
    rows = Rating.objects.filter(
        ticket__centre_id=centre_id, ticket__service_date__range=(date_from, date_to)
    ).values_list("ticket_id", "level")
    return HallSatisfaction(levels=dict(rows))
