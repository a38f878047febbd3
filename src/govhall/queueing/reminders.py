"""SMS reminders for people waiting (临近叫号提醒): when at most three are ahead of a ticket
that left a mobile number, one message tells them to come back to the hall.

Runs after a call, transfer or skip has committed (``transaction.on_commit`` in services). Each
ticket is claimed by a conditional update of ``near_front_notified_at`` before its message is
queued, so racing windows never remind the same person twice.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core.personal_data import unseal
from govhall.notify.services import can_receive_sms, sms_send
from govhall.queueing.models import Ticket, TicketStatus

NEAR_FRONT = 3
"""Remind a person when this many people or fewer are ahead of them."""


def near_front_text(*, centre_name: str, number: str, ahead: int) -> str:
    if ahead == 0:
        return _("【%(centre)s】您的排队号%(number)s即将叫号，请到大厅等候叫号。") % {
            "centre": centre_name,
            "number": number,
        }
    return _("【%(centre)s】您的排队号%(number)s前面还有%(ahead)d人，请到大厅等候叫号。") % {
        "centre": centre_name,
        "number": number,
        "ahead": ahead,
    }


def remind_near_front(*, queue_id: int, service_date: date) -> int:
    """Remind, once, each ticket of the queue with a mobile number and at most NEAR_FRONT ahead.

    Returns how many messages were queued.
    """
    front = list(
        Ticket.objects.filter(queue_id=queue_id, service_date=service_date, status=TicketStatus.WAITING)
        .select_related("centre")
        .order_by("priority_rank", "queued_seconds", "id")[: NEAR_FRONT + 1]
    )
    sent = 0
    for ahead, ticket in enumerate(front):
        phone = unseal(ticket.phone_sealed)
        if ticket.near_front_notified_at is not None or not can_receive_sms(phone):
            continue
        with transaction.atomic():
            claimed = Ticket.objects.filter(pk=ticket.pk, near_front_notified_at__isnull=True).update(
                near_front_notified_at=timezone.now()
            )
            if claimed:
                text = near_front_text(centre_name=ticket.centre.name, number=ticket.number, ahead=ahead)
                sms_send(phone=phone, text=text)
                sent += 1
    return sent
