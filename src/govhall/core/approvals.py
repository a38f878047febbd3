"""Four-eyes approval (四眼原则): one person asks with a reason, another decides.

:class:`FourEyesApproval` is the abstract model every such request is made of (a deadline
extension, a fee waiver or refund, and later leave and corrections): who asked and when, why, its
state, who decided and when, with what note. :func:`other_than_requester` is the one rule that
the decider is not the requester; :func:`approval_decide` records a decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.core import clock

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class ApprovalState(models.TextChoices):
    PENDING = "pending", gettext_lazy("待批准")
    APPROVED = "approved", gettext_lazy("已批准")
    REJECTED = "rejected", gettext_lazy("未批准")


class FourEyesApproval(models.Model):
    """A request that another person approves or rejects."""

    reason = models.TextField(gettext_lazy("理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(gettext_lazy("申请时间"), default=clock.now)
    state = models.CharField(
        gettext_lazy("状态"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(gettext_lazy("批准时间"), null=True, blank=True)
    decision_note = models.CharField(gettext_lazy("批准意见"), max_length=300, blank=True)

    requested_by_id: int

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.state == ApprovalState.PENDING


def other_than_requester(approval: FourEyesApproval, user: User | AnonymousUser) -> str | None:
    """The decider is never the one who asked."""
    if approval.requested_by_id == user.pk:
        return _("须由申请人以外的负责人批准。")
    return None


def approval_decide(approval: FourEyesApproval, *, user: User, approve: bool, note: str = "") -> None:
    """Record and save the decision on a pending request (the caller checked who may decide and
    holds the row locked)."""
    approval.state = ApprovalState.APPROVED if approve else ApprovalState.REJECTED
    approval.decided_by = user
    approval.decided_at = clock.now()
    approval.decision_note = note.strip()[:300]
    approval.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
