"""The public position page (/q/<code>/): number, queue, people ahead, wait, the window when
called; refreshes while live; never shows personal data."""

from __future__ import annotations

import pytest
from django.test import Client

from govhall.queueing import services
from govhall.queueing.models import Ticket

from .conftest import Hall
from .test_kiosk import resident_id

PHONE = "13812345678"


def page(client: Client, ticket: Ticket, status: bool = False) -> str:
    suffix = "status/" if status else ""
    response = client.get(f"/q/{ticket.public_code}/{suffix}")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    return response.content.decode()


@pytest.fixture
def mine(hall: Hall) -> Ticket:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    return services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, id_number=resident_id(), phone=PHONE)


def test_waiting_shows_people_ahead_and_wait_without_personal_data(client: Client, mine: Ticket) -> None:
    html = page(client, mine)
    assert "A003" in html and "综合受理" in html and mine.centre.name in html
    assert "等候中" in html and "data-ahead>2</strong>" in html and "约 " in html
    assert 'hx-trigger="every 5s"' in html
    for private in (resident_id(), mine.id_number_masked, PHONE, "138****5678", resident_id()[-4:]):
        assert private not in html


def test_people_ahead_drop_as_windows_call_and_the_call_names_the_window(
    client: Client, hall: Hall, mine: Ticket
) -> None:
    services.ticket_call_next(user=hall.clerk_1)
    assert "data-ahead>1</strong>" in page(client, mine, status=True)

    services.ticket_call_next(user=hall.clerk_2)
    assert "data-ahead>0</strong>" in page(client, mine, status=True)

    services.ticket_finish(ticket=Ticket.objects.get(number="A001"), user=hall.clerk_1)
    assert services.ticket_call_next(user=hall.clerk_1) == mine
    fragment = page(client, mine, status=True)
    assert "请到 1 号窗口办理" in fragment


def test_a_finished_ticket_stops_refreshing(client: Client, hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    services.ticket_finish(ticket=ticket, user=hall.clerk_1)
    html = page(client, ticket)
    assert "已办结" in html and "hx-trigger" not in html


def test_yesterdays_ticket_is_no_longer_valid(client: Client, hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    Ticket.objects.filter(pk=ticket.pk).update(service_date=ticket.service_date.replace(year=2000))
    html = page(client, ticket)
    assert "该号仅在取号当日有效" in html and "hx-trigger" not in html


def test_unknown_code_is_404(client: Client, hall: Hall) -> None:
    assert client.get("/q/not-a-code/").status_code == 404
    assert client.get("/q/not-a-code/status/").status_code == 404
