"""Ratings of the services given (好差评).

A rating keeps the GB/T 39046 满意度 code of its level (1 非常满意 … 5 非常不满意; some vendor
interfaces reverse the order, so exports carry the label beside the code) and the national code
of the channel it came through. Today ratings come from the hall's evaluator pads, one for each
service at a window (一次一评); ratings of cases (一事一评) and the other channels come with the
ratings work.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.org.models import StaffProfile, Window
from govhall.queueing.models import Device, Ticket


class RatingLevel(models.IntegerChoices):
    """满意度, with the GB/T 39046 codes."""

    VERY_SATISFIED = 1, _("非常满意")
    SATISFIED = 2, _("满意")
    BASIC = 3, _("基本满意")
    DISSATISFIED = 4, _("不满意")
    VERY_DISSATISFIED = 5, _("非常不满意")


SATISFIED_LEVELS = frozenset({RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED})
"""What the satisfaction rate (满意率) counts: 非常满意 and 满意."""
BAD_RATING_LEVELS = frozenset({RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED})
"""差评: the rater says why."""


class BadRatingReason(models.TextChoices):
    LONG_WAIT = "long_wait", _("等候时间长")
    ATTITUDE = "attitude", _("服务态度差")
    UNCLEAR = "unclear", _("一次性告知不清楚")
    SLOW = "slow", _("办理效率低")
    TOO_MANY_VISITS = "visits", _("多次跑动")
    MATERIALS = "materials", _("要求材料过多")
    OTHER = "other", _("其他")


class RatingChannel(models.TextChoices):
    """评价渠道, with the national rating system's codes."""

    PC = "1", _("PC端")
    MOBILE = "2", _("移动端")
    QR_CODE = "3", _("二维码")
    HALL_TABLET = "4", _("政务大厅平板电脑")
    HALL_TERMINAL = "5", _("政务大厅其他终端")
    PHONE = "6", _("电话")
    SMS = "7", _("短信")


class Rating(models.Model):
    """The applicant's rating of one service (服务评价), one per ticket served."""

    ticket = models.OneToOneField(
        Ticket, verbose_name=_("排队号"), on_delete=models.PROTECT, related_name="rating"
    )
    window = models.ForeignKey(Window, verbose_name=_("窗口"), on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(
        StaffProfile, verbose_name=_("办理人员"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("满意度"), choices=RatingLevel.choices)
    reasons = models.JSONField(_("差评原因"), default=list, blank=True)
    comment = models.CharField(_("意见"), max_length=300, blank=True)
    channel = models.CharField(_("评价渠道"), max_length=2, choices=RatingChannel.choices)
    device = models.ForeignKey(
        Device, verbose_name=_("评价设备"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(_("评价时间"), default=timezone.now)

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        ordering = ["-rated_at"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_level_display()}"
