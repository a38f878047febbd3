"""Windows calling at the same moment never get the same ticket (PostgreSQL, racing threads).

Each thread has its own database connection (Django gives every thread one) and closes it when
done. The threads wait at a barrier, then call next and finish until nobody waits.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from govhall.core.workflow import StateRefused
from govhall.org.models import Window
from govhall.org.roles import Role
from govhall.queueing import services
from govhall.queueing.devices import token_hash
from govhall.queueing.models import (
    Device,
    DeviceKind,
    Queue,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
    WindowQueue,
)
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, WindowFactory

from .conftest import open_all_day

pytestmark = [pytest.mark.postgres]

TICKETS = 60
WINDOWS = 8


@dataclass
class RacingHall:
    queues: list[Queue]
    windows: list[Window]
    clerks: list[User]
    tickets: list[Ticket] = field(default_factory=list)


def _build_hall() -> RacingHall:
    centre = CentreFactory()
    open_all_day(centre)
    department = DepartmentFactory(centre=centre)
    queues = [Queue.objects.create(centre=centre, name=f"队列{prefix}", prefix=prefix) for prefix in "ABC"]
    windows, clerks = [], []
    for number in range(1, WINDOWS + 1):
        window = WindowFactory(centre=centre, department=department, number=str(number))
        for offset, queue in enumerate(queues):
            # every window serves every queue, with different weights, so the windows compete
            WindowQueue.objects.create(window=window, queue=queue, weight=1 + (number + offset) % 3)
        staff = StaffFactory(centre=centre, department=department, roles=[Role.WINDOW_CLERK])
        services.window_sign_in(window=window, user=staff.user)
        windows.append(window)
        clerks.append(staff.user)
    hall = RacingHall(queues=queues, windows=windows, clerks=clerks)
    kiosk = Device.objects.create(
        centre=centre, kind=DeviceKind.KIOSK, code="race-kiosk", name="取号机", token_hash=token_hash("race")
    )
    for index in range(TICKETS):
        green = "elderly" if index % 7 == 0 else ""
        hall.tickets.append(services.ticket_issue(queue=queues[index % 3], device=kiosk, green_reason=green))
    return hall


@pytest.fixture
def racing_hall(postgres_only: None, transactional_db: None) -> RacingHall:
    return _build_hall()


Caller = Callable[[int], int | None]
"""Call the next ticket at window ``index`` and finish it; the ticket's id, or None when empty."""


def _together(count: int, work: Callable[[int], None]) -> None:
    """Run ``work(index)`` in ``count`` threads released at the same moment; re-raise their errors."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as error:  # noqa: BLE001 - re-raised in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _race(callers: int, call_and_finish: Caller) -> dict[int, list[int]]:
    """One thread per window, calling until nobody waits; the ticket ids each window got."""
    got: dict[int, list[int]] = {index: [] for index in range(callers)}

    def work(index: int) -> None:
        while (ticket_id := call_and_finish(index)) is not None:
            got[index].append(ticket_id)

    _together(callers, work)
    return got


def _assert_each_ticket_called_once(hall: RacingHall, got: dict[int, list[int]]) -> None:
    calls = [ticket_id for ids in got.values() for ticket_id in ids]
    assert len(calls) == TICKETS, "a ticket was lost or called twice"
    assert sorted(calls) == sorted(ticket.pk for ticket in hall.tickets)
    assert sum(1 for ids in got.values() if ids) > 1, "the windows did not actually compete"
    assert Ticket.objects.exclude(status=TicketStatus.DONE).count() == 0
    events = TicketEvent.objects.filter(action=TicketAction.CALLED)
    assert events.count() == TICKETS
    assert events.values("ticket_id").distinct().count() == TICKETS
    for index, ids in got.items():
        served = set(Ticket.objects.filter(pk__in=ids).values_list("window_id", flat=True))
        assert served <= {hall.windows[index].pk}


def test_racing_windows_never_share_a_ticket(racing_hall: RacingHall) -> None:
    def call_and_finish(index: int) -> int | None:
        user = racing_hall.clerks[index]
        ticket = services.ticket_call_next(user=user)
        if ticket is None:
            return None
        services.ticket_finish(ticket=ticket, user=user)
        return ticket.pk

    got = _race(WINDOWS, call_and_finish)

    _assert_each_ticket_called_once(racing_hall, got)


def test_racing_windows_through_the_api(racing_hall: RacingHall) -> None:
    tokens = [Token.objects.create(user=user).key for user in racing_hall.clerks]

    def call_and_finish(index: int) -> int | None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[index]}")
        response = client.post(f"/api/v1/windows/{racing_hall.windows[index].pk}/call-next")
        if response.status_code == 204:
            return None
        assert response.status_code == 200, response.content
        ticket_id = int(response.json()["id"])
        finished = client.post(f"/api/v1/tickets/{ticket_id}/finish")
        assert finished.status_code == 200, finished.content
        return ticket_id

    got = _race(WINDOWS, call_and_finish)

    _assert_each_ticket_called_once(racing_hall, got)


def test_one_window_calling_twice_at_once_gets_one_ticket(racing_hall: RacingHall) -> None:
    user = racing_hall.clerks[0]

    def call_once(index: int) -> None:
        with contextlib.suppress(StateRefused):  # the window is busy: the racer that won holds a ticket
            services.ticket_call_next(user=user)

    for _ in range(10):
        _together(4, call_once)
        at_window = list(Ticket.objects.filter(window=racing_hall.windows[0], status=TicketStatus.CALLED))
        assert len(at_window) <= 1
        for ticket in at_window:
            services.ticket_finish(ticket=ticket, user=user)
