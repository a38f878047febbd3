"""叫号记录查询: a ticket's whole history and, for each call, who else was waiting and why they were
not chosen — the answer to a 插队 complaint, rebuilt from the append-only ticket events."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from govhall.catalog.selectors import item_name
from govhall.org.models import Centre
from govhall.org.people import person_name
from govhall.org.selectors import AccessScope
from govhall.queueing.calling import rule_label, seconds_of_day
from govhall.queueing.models import Priority, Ticket, TicketAction, TicketEvent
from govhall.queueing.selectors.monitor import tickets_in_scope

ENTERING = frozenset({TicketAction.ISSUED, TicketAction.RETURNED, TicketAction.TRANSFERRED})
"""Actions after which a ticket waits in the event's queue; every other action takes it out."""

SAME_MOMENT_SECONDS = 5
"""Another window's call this close to ours counts as the same moment."""


def clock(seconds: int) -> str:
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def span(seconds: int) -> str:
    """3分05秒, or 1小时02分05秒 from an hour on."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(hours)d小时%(minutes)02d分%(seconds)02d秒") % {
            "hours": hours,
            "minutes": minutes,
            "seconds": secs,
        }
    return _("%(minutes)d分%(seconds)02d秒") % {"minutes": minutes, "seconds": secs}


@dataclass
class Waiter:
    """A ticket waiting in a queue at some moment, as rebuilt from the events."""

    ticket_id: int
    number: str
    priority: str
    entered_seconds: int
    how: str
    target_window: str | None = None
    next_call_seconds: int | None = None


@dataclass(frozen=True)
class Competitor:
    number: str
    priority_label: str
    entered_at: str
    waited: str
    why_not: str


@dataclass
class HistoryEntry:
    event: TicketEvent
    actor_name: str
    reason_rows: list[tuple[str, str]]
    competitors: list[Competitor] | None = None


@dataclass
class TicketHistory:
    ticket: Ticket
    phone_masked: str
    item_name: str = ""
    entries: list[HistoryEntry] = field(default_factory=list)


def ticket_find(*, scope: AccessScope, centre: Centre, day: date, number: str) -> Ticket | None:
    """The ticket with this number that day in the centre, if the scope allows it."""
    return (
        tickets_in_scope(scope)
        .filter(centre=centre, service_date=day, number=number.strip().upper())
        .order_by("pk")
        .first()
    )


def _issued_priority(*, current: str, green_reason: str, reason: dict[str, Any]) -> str:
    """The class a ticket had when issued: recorded on the event, else its own unless since transferred."""
    recorded = reason.get("priority")
    if recorded in Priority.values:
        return str(recorded)
    if current != Priority.TRANSFER:
        return current
    return Priority.GREEN if green_reason else Priority.ORDINARY


def _why_not(waiter: Waiter, chosen: Waiter, *, rule: str, window_number: str, call_seconds: int) -> str:
    if waiter.target_window and waiter.target_window != window_number:
        return _("已指定转给 %(window)s 号窗口，只能由该窗口叫号") % {"window": waiter.target_window}
    mine, theirs = Priority(waiter.priority), Priority(chosen.priority)
    if rule == "fairness" and mine != Priority.ORDINARY:
        return _("已连续叫了多个优先号，按比例本次先叫普通号；%(label)s号稍后叫") % {"label": mine.label}
    if mine.rank > theirs.rank:
        return _("%(mine)s号，当时有%(theirs)s号在等候，%(theirs)s优先") % {
            "mine": mine.label,
            "theirs": theirs.label,
        }
    later = waiter.entered_seconds - chosen.entered_seconds
    if mine.rank == theirs.rank and later > 0:
        texts = {
            TicketAction.ISSUED: _("晚取号 %(time)s"),
            TicketAction.RETURNED: _("过号重排，晚入队 %(time)s"),
            TicketAction.TRANSFERRED: _("转入本队列晚 %(time)s"),
        }
        return texts[TicketAction(waiter.how)] % {"time": span(later)}
    if mine.rank == theirs.rank and later == 0:
        return _("与本号同一秒入队，按取号先后排在本号之后")
    if (
        waiter.next_call_seconds is not None
        and abs(waiter.next_call_seconds - call_seconds) <= SAME_MOMENT_SECONDS
    ):
        return _("同一时刻正被其他窗口叫号")
    return _("按记录应排在本号之前，记录中找不到未被选中的原因，请核查")


def _queue_events(ticket: Ticket, queue_ids: set[int]) -> list[dict[str, Any]]:
    rows = (
        TicketEvent.objects.filter(queue_id__in=queue_ids, ticket__service_date=ticket.service_date)
        .order_by("id")
        .values(
            "id",
            "queue_id",
            "ticket_id",
            "action",
            "occurred_at",
            "reason",
            "ticket__number",
            "ticket__priority",
            "ticket__green_reason",
        )
    )
    return [dict(row) for row in rows]


def _competitors(ticket: Ticket, calls: list[TicketEvent]) -> dict[int, list[Competitor]]:
    """For each call of ``ticket`` (by event id): the others waiting in its queue then, and why not them."""
    found: dict[int, list[Competitor]] = {}
    if not calls:
        return found
    events_by_queue: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _queue_events(ticket, {call.queue_id for call in calls}):
        events_by_queue[row["queue_id"]].append(row)
    for call in calls:
        call_seconds = seconds_of_day(call.occurred_at)
        waiting: dict[int, Waiter] = {}
        for row in events_by_queue[call.queue_id]:
            at = seconds_of_day(row["occurred_at"])
            if row["id"] >= call.pk:
                earlier = waiting.get(row["ticket_id"])
                if (
                    earlier is not None
                    and earlier.next_call_seconds is None
                    and row["action"]
                    in (
                        TicketAction.CALLED,
                        TicketAction.RESUMED,
                    )
                ):
                    earlier.next_call_seconds = at
                continue
            if row["action"] not in ENTERING:
                waiting.pop(row["ticket_id"], None)
                continue
            reason = row["reason"] or {}
            before = waiting.get(row["ticket_id"])
            if row["action"] == TicketAction.TRANSFERRED:
                priority = str(Priority.TRANSFER)
            elif before is not None:
                priority = before.priority
            else:
                priority = _issued_priority(
                    current=row["ticket__priority"], green_reason=row["ticket__green_reason"], reason=reason
                )
            waiting[row["ticket_id"]] = Waiter(
                ticket_id=row["ticket_id"],
                number=row["ticket__number"],
                priority=priority,
                entered_seconds=at,
                how=row["action"],
                target_window=reason.get("to_window") if row["action"] == TicketAction.TRANSFERRED else None,
            )
        chosen = _chosen(ticket, waiting.pop(ticket.pk, None), call.reason or {}, call_seconds)
        reason = call.reason or {}
        window_number = call.window.number if call.window is not None else ""
        others = sorted(waiting.values(), key=lambda one: (Priority(one.priority).rank, one.entered_seconds))
        found[call.pk] = [
            Competitor(
                number=other.number,
                priority_label=str(Priority(other.priority).label),
                entered_at=clock(other.entered_seconds),
                waited=span(call_seconds - other.entered_seconds),
                why_not=_why_not(
                    other,
                    chosen,
                    rule=str(reason.get("rule", "")),
                    window_number=window_number,
                    call_seconds=call_seconds,
                ),
            )
            for other in others
        ]
    return found


def _chosen(ticket: Ticket, rebuilt: Waiter | None, reason: dict[str, Any], call_seconds: int) -> Waiter:
    """The called ticket as the call saw it: the recorded priority and waited time win over rebuilt ones."""
    priority = reason.get("priority")
    if priority not in Priority.values:
        priority = rebuilt.priority if rebuilt is not None else ticket.priority
    if "waited_seconds" in reason:
        entered = call_seconds - int(reason["waited_seconds"])
    else:
        entered = rebuilt.entered_seconds if rebuilt is not None else call_seconds
    how = rebuilt.how if rebuilt is not None else TicketAction.ISSUED
    return Waiter(ticket.pk, ticket.number, str(priority), entered, str(how))


def _reason_rows(event: TicketEvent) -> list[tuple[str, str]]:
    reason = event.reason or {}
    rows: list[tuple[str, str]] = []
    if "rule" in reason:
        rows.append((_("规则"), rule_label(str(reason["rule"]))))
    if reason.get("priority") in Priority.values:
        rows.append((_("优先类别"), str(Priority(reason["priority"]).label)))
    if "waited_seconds" in reason:
        rows.append((_("已等候"), span(int(reason["waited_seconds"]))))
    if "weight" in reason:
        rows.append((_("窗口权重"), str(reason["weight"])))
    if "queue" in reason:
        rows.append((_("队列"), str(reason["queue"])))
    if reason.get("to_queue"):
        rows.append((_("转往队列"), str(reason["to_queue"])))
    if reason.get("to_window"):
        rows.append((_("转往窗口"), _("%(number)s号窗口") % {"number": reason["to_window"]}))
    return rows


def _actor_name(event: TicketEvent) -> str:
    if event.actor is not None:
        return person_name(event.actor)
    if event.device is not None:
        return event.device.name
    return _("系统")


def ticket_history(*, scope: AccessScope, pk: int) -> TicketHistory:
    """The ticket's events with their reasons and, for calls, the tickets passed over; 404 outside scope."""
    ticket = (
        tickets_in_scope(scope)
        .select_related("centre", "queue", "item", "window", "clerk", "issued_by_device")
        .filter(pk=pk)
        .first()
    )
    if ticket is None:
        raise Http404(_("没有这个排队号，或您无权查看。"))
    events = list(
        TicketEvent.objects.filter(ticket=ticket)
        .select_related("actor__staff", "device", "window", "queue")
        .order_by("occurred_at", "id")
    )
    calls = [event for event in events if event.action == TicketAction.CALLED]
    competitors = _competitors(ticket, calls)
    history = TicketHistory(
        ticket=ticket,
        phone_masked=ticket.phone_masked,
        item_name=item_name(ticket.item_id),
    )
    for event in events:
        history.entries.append(
            HistoryEntry(
                event=event,
                actor_name=_actor_name(event),
                reason_rows=_reason_rows(event),
                competitors=competitors.get(event.pk),
            )
        )
    return history
