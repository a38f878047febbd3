"""What the hall counts — one definition of each, read by the window's 本人今日, the hall monitor and
the statistics (排队统计) alike.

Each count is of tickets (排队号), every ticket counted once, where it ended: its current queue and
the window and clerk that last called it (a ticket transferred or returned and then called
elsewhere counts there).

* 取号 (issued): the tickets taken that day;
* 叫号 (called): those called at least once;
* 办结 (served): those finished (已办结);
* 过号 (no-show): those that ended as no-shows; one that returned to the queue and was served counts
  as served.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from govhall.queueing.models import Ticket, TicketStatus

CALLED = Q(first_called_at__isnull=False)
SERVED = Q(status=TicketStatus.DONE)
NO_SHOW = Q(status=TicketStatus.NO_SHOW)


@dataclass(frozen=True)
class TicketCounts:
    issued: int = 0
    called: int = 0
    served: int = 0
    no_shows: int = 0


def count_flags() -> dict[str, ExpressionWrapper]:
    """Each definition as a column of a ticket query (``called``, ``served``, ``no_show``), for reads
    that need them ticket by ticket."""
    return {
        name: ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in (("called", CALLED), ("served", SERVED), ("no_show", NO_SHOW))
    }


def ticket_counts(tickets: QuerySet[Ticket], *, by: str) -> dict[Hashable, TicketCounts]:
    """The counts of ``tickets`` per value of the field ``by`` (``queue_id``, ``window_id``, ``clerk_id``),
    in one query; values without tickets are left out."""
    rows = (
        tickets.order_by()
        .values(by)
        .annotate(
            issued=Count("pk"),
            called=Count("pk", filter=CALLED),
            served=Count("pk", filter=SERVED),
            no_shows=Count("pk", filter=NO_SHOW),
        )
    )
    return {
        row[by]: TicketCounts(
            issued=row["issued"], called=row["called"], served=row["served"], no_shows=row["no_shows"]
        )
        for row in rows
    }
