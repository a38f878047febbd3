from __future__ import annotations

from govhall.queueing import services
from govhall.queueing.models import TicketStatus

from .conftest import Hall


def test_issue_call_finish_rate(hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    assert ticket.number == "A001"
    called = services.ticket_call_next(user=hall.clerk_1)
    assert called is not None and called.pk == ticket.pk
    services.ticket_start(ticket=called, user=hall.clerk_1)
    done = services.ticket_finish(ticket=called, user=hall.clerk_1)
    assert done.status == TicketStatus.DONE
    rating = services.rating_record(device=hall.pad_1, ticket=done, level=5)
    assert rating.channel == "hall_pad"
    assert services.ticket_call_next(user=hall.clerk_1) is None
