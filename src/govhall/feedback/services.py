"""Every write of the feedback app: a rating, in one transaction with the rated service's event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from govhall.feedback.models import BAD_RATING_LEVELS, BadRatingReason, Rating, RatingChannel, RatingLevel
from govhall.queueing import services as queueing_services
from govhall.queueing.models import Device, Ticket

COMMENT_LENGTH = 300


class RatingRefusal(ValidationError):
    """A refused rating; the message is the Chinese text shown to the person, nothing was written."""


def rating_record(
    *, device: Device, ticket: Ticket, level: int, reasons: list[str] | None = None, comment: str = ""
) -> Rating:
    """The applicant rates, on the window's evaluator pad, the service just finished there (一次一评).

    ``level`` is the GB/T 39046 code; a bad rating (不满意, 非常不满意) needs its reasons, the
    others keep none.
    """
    reasons = list(dict.fromkeys(reasons or []))
    if level not in RatingLevel.values:
        raise RatingRefusal(_("请选择评价等级。"), code="level")
    if level in BAD_RATING_LEVELS and not reasons:
        raise RatingRefusal(_("请选择不满意的原因。"), code="reason_required")
    if any(reason not in BadRatingReason.values for reason in reasons):
        raise RatingRefusal(_("不满意原因无效。"), code="reason_invalid")
    if level not in BAD_RATING_LEVELS:
        reasons = []
    with transaction.atomic():
        served = queueing_services.ticket_rate(
            ticket=ticket, device=device, rating=str(RatingLevel(level).label)
        )
        if Rating.objects.filter(ticket=served).exists():
            raise RatingRefusal(_("该次服务已评价，感谢您的参与。"), code="already_rated")
        window_id, clerk_id = served.window_id, served.clerk_id
        assert window_id is not None and clerk_id is not None  # a service rated at its window, by its clerk
        return Rating.objects.create(
            ticket=served,
            window_id=window_id,
            clerk_id=clerk_id,
            level=level,
            reasons=reasons,
            comment=comment.strip()[:COMMENT_LENGTH],
            channel=RatingChannel.HALL_TABLET,
            device=device,
        )
