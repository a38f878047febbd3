"""Which ticket a window calls next, and why — the one place that decides, so the answer to a
插队 complaint is the recorded reason of the call.

Order: tickets transferred to this window or its queues first, then 绿色通道, then 预约, then
ordinary tickets; within a class the longest weighted wait (waited seconds × the window's weight
for the queue). After ``priority_ratio`` priority calls in a row in a queue, the next call in that
queue takes the longest-waiting ordinary ticket, so priorities never starve ordinary tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.queueing.models import Priority, Queue, Ticket, TicketAction, TicketEvent, TicketStatus


def seconds_of_day(moment: datetime) -> int:
    local = timezone.localtime(moment)
    return local.hour * 3600 + local.minute * 60 + local.second


RULE_LABELS = {
    "transfer": gettext_lazy("转移件优先"),
    "priority": gettext_lazy("优先类别在前"),
    "fairness": gettext_lazy("优先号比例控制（先叫普通号）"),
    "longest_wait": gettext_lazy("等候时间最长"),
}
"""The rules a call can follow (``CallReason.rule``), named for the supervisor's lookup."""


def rule_label(rule: str) -> str:
    return str(RULE_LABELS[rule]) if rule in RULE_LABELS else rule


@dataclass(frozen=True)
class CallReason:
    rule: str
    priority: str
    waited_seconds: int
    weight: int
    queue_prefix: str

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "priority": self.priority,
            "waited_seconds": self.waited_seconds,
            "weight": self.weight,
            "queue": self.queue_prefix,
        }

    def explanation(self) -> str:
        minutes, seconds = divmod(self.waited_seconds, 60)
        waited = _("已等候%(minutes)d分%(seconds)d秒") % {"minutes": minutes, "seconds": seconds}
        texts = {
            "transfer": _("转移件优先"),
            "priority": _("%(priority)s优先") % {"priority": Priority(self.priority).label},
            "fairness": _("已连续叫优先号，按比例先叫普通号"),
            "longest_wait": _("按等候时间（权重%(weight)d）先后") % {"weight": self.weight},
        }
        return f"{texts[self.rule]}，{waited}"


def _recent_priority_streak(queue: Queue, day: date) -> int:
    """How many of the queue's latest calls today in a row were priority tickets."""
    recent = (
        TicketEvent.objects.filter(queue=queue, action=TicketAction.CALLED, ticket__service_date=day)
        .order_by("-id")
        .values_list("reason__priority", flat=True)[: queue.priority_ratio]
    )
    streak = 0
    for priority in recent:
        if priority == Priority.ORDINARY:
            break
        streak += 1
    return streak


def candidates(*, window_id: int, weights: dict[int, int], day: date, now_seconds: int) -> QuerySet[Ticket]:
    """Waiting tickets this window may call, best first (transfer/priority class, then weighted wait)."""
    weight = Case(
        *[When(queue_id=queue_id, then=Value(value)) for queue_id, value in weights.items()],
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Ticket.objects.filter(service_date=day, status=TicketStatus.WAITING, queue_id__in=list(weights))
        .filter(Q(target_window__isnull=True) | Q(target_window_id=window_id))
        .annotate(weighted_wait=(Value(now_seconds) - F("queued_seconds")) * weight)
        .order_by("priority_rank", "-weighted_wait", "id")
    )


def choose(
    *, window_id: int, queues: list[Queue], weights: dict[int, int], day: date, now: datetime
) -> tuple[Ticket, CallReason] | None:
    """Lock and return the next ticket with its reason (call inside a transaction).

    The rule is decided on an unlocked look at the head of the line, then only the ticket to
    call is locked (``SKIP LOCKED``), so a window never holds a ticket it does not take.
    """
    now_seconds = seconds_of_day(now)
    pool = candidates(window_id=window_id, weights=weights, day=day, now_seconds=now_seconds)
    head = pool.first()
    if head is None:
        return None
    queue_by_id = {queue.pk: queue for queue in queues}
    wanted = pool
    fairness = False
    if head.priority not in (Priority.TRANSFER, Priority.ORDINARY):
        queue = queue_by_id[head.queue_id]
        ordinary = pool.filter(queue_id=queue.pk, priority=Priority.ORDINARY)
        if _recent_priority_streak(queue, day) >= queue.priority_ratio and ordinary.exists():
            wanted, fairness = ordinary, True
    ticket = wanted.select_for_update(skip_locked=True, of=("self",)).first()
    if ticket is None and fairness:
        ticket, fairness = pool.select_for_update(skip_locked=True, of=("self",)).first(), False
    if ticket is None:
        return None
    if ticket.priority == Priority.TRANSFER:
        rule = "transfer"
    elif fairness and ticket.priority == Priority.ORDINARY:
        rule = "fairness"
    elif ticket.priority != Priority.ORDINARY:
        rule = "priority"
    else:
        rule = "longest_wait"
    reason = CallReason(
        rule=rule,
        priority=ticket.priority,
        waited_seconds=max(0, now_seconds - ticket.queued_seconds),
        weight=weights.get(ticket.queue_id, 1),
        queue_prefix=queue_by_id[ticket.queue_id].prefix,
    )
    return ticket, reason
