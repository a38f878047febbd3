"""Queue work in the event stream: each ticket and window history row has its event, written in the
same transaction; the night's voided tickets too; the audit log shows it to supervision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from govhall.core.events import kinds_filter
from govhall.core.models import Event
from govhall.org.roles import Role
from govhall.queueing import services
from govhall.queueing.models import Ticket, TicketEvent, WindowEvent
from tests.factories import StaffFactory

from .conftest import Hall

pytestmark = pytest.mark.django_db


def _stream(kinds: tuple[str, ...]) -> list[Event]:
    """The events of ``kinds`` written so far (the test's own transaction is still open, so the
    stream's readers, which return committed events only, would not see them yet on PostgreSQL)."""
    return list(Event.objects.filter(kinds_filter(kinds)).order_by("id"))


def test_every_ticket_and_window_history_row_has_its_event_in_the_stream(hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    called = services.ticket_call_next(user=hall.clerk_1)
    assert called is not None and called.pk == ticket.pk
    services.ticket_finish(ticket=called, user=hall.clerk_1)

    history = list(TicketEvent.objects.filter(ticket=ticket).order_by("id"))
    stream = _stream(("queueing.ticket.*",))
    assert [f"queueing.ticket.{row.action}" for row in history] == [event.kind for event in stream]
    issued, call, finished = stream
    assert issued.actor is None and issued.actor_name == "取号机" and issued.payload["device"] == "kiosk-1"
    assert call.actor_id == hall.clerk_1.pk and call.payload["window"] == "1"
    assert (
        call.payload["reason"] == history[1].reason and call.payload["explanation"] == history[1].explanation
    )
    assert (call.centre_id, call.department_id) == (hall.centre.pk, hall.window_1.department_id)
    assert {event.subject_id for event in stream} == {str(ticket.pk)} and finished.payload["number"] == "A001"

    sign_ins = _stream(("queueing.window.signed_in",))
    assert len(sign_ins) == WindowEvent.objects.filter(action="signed_in").count() == 3
    assert sign_ins[0].subject_type == "org.window" and sign_ins[0].payload["window"] == "1"


def test_the_nights_voided_tickets_are_in_the_stream(hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    Ticket.objects.filter(pk=ticket.pk).update(service_date=timezone.localdate() - timedelta(days=1))

    assert services.tickets_expire(before=timezone.localdate()) == 1

    (voided,) = _stream(("queueing.ticket.expired",))
    assert voided.subject_id == str(ticket.pk) and voided.payload["number"] == ticket.number
    assert (
        voided.payload["explanation"] == "当日办公时间结束，号码作废。" and voided.centre_id == hall.centre.pk
    )
    assert Ticket.objects.get(pk=ticket.pk).status == "expired"


def test_the_audit_log_shows_queue_work_to_supervision_but_not_to_the_account_administrator(
    hall: Hall, client: Client
) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    supervisor = StaffFactory(
        centre=hall.centre, department=None, roles=[Role.SUPERVISION_OFFICE], user__is_staff=True
    ).user
    sysadmin = StaffFactory(
        centre=hall.centre, department=None, roles=[Role.SYSTEM_ADMINISTRATOR], user__is_staff=True
    ).user

    client.force_login(supervisor)
    page = client.get("/admin/core/event/", {"kind": "queueing.ticket.issued"}).content.decode()
    assert "排队号：取号" in page and str(ticket) in page
    client.force_login(sysadmin)
    page = client.get("/admin/core/event/").content.decode()
    assert str(ticket) not in page and "排队号：取号" not in page
