"""Window operations through the services: each works, and each refusal names why and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User

from govhall.core.workflow import ActorRefused, StateRefused
from govhall.org.models import Window, WindowKind
from govhall.org.roles import Role
from govhall.queueing import services
from govhall.queueing.models import (
    HallEvent,
    Priority,
    Queue,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
    WindowEvent,
    WindowQueue,
    WindowSession,
)
from govhall.queueing.services import QueueRefusal
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, UserFactory, WindowFactory

from .conftest import Hall


def _snapshot() -> tuple[Any, ...]:
    return (
        TicketEvent.objects.count(),
        WindowEvent.objects.count(),
        HallEvent.objects.count(),
        sorted(
            Ticket.objects.values_list(
                "id", "status", "queue_id", "window_id", "priority", "recall_count", "queued_seconds"
            )
        ),
        sorted(WindowSession.objects.values_list("id", "window_id", "signed_out_at", "paused_at")),
    )


Refused = type[QueueRefusal] | type[StateRefused] | type[ActorRefused]


@contextmanager
def refused(code: str, kind: Refused = QueueRefusal) -> Iterator[None]:
    """The block is refused as ``kind`` (bad input, not in this state, not this actor) with ``code``
    and a Chinese message, and nothing in the hall changed."""
    before = _snapshot()
    with pytest.raises(kind) as caught:
        yield
    error = caught.value
    message = error.reason if isinstance(error, ActorRefused) else error.messages[0]
    assert error.code == code, message
    assert any("\u4e00" <= char <= "\u9fff" for char in message)
    assert _snapshot() == before


def called(hall: Hall, user: User | None = None) -> Ticket:
    """Issue an A ticket and call it to clerk 1's window (or ``user``'s)."""
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = services.ticket_call_next(user=user or hall.clerk_1)
    assert ticket is not None
    return ticket


def test_call_next_records_the_call_and_an_explanation(hall: Hall) -> None:
    issued = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)

    ticket = services.ticket_call_next(user=hall.clerk_1)

    assert ticket is not None and ticket.pk == issued.pk
    assert ticket.status == TicketStatus.CALLED
    assert ticket.window == hall.window_1
    event = TicketEvent.objects.get(ticket=ticket, action=TicketAction.CALLED)
    assert event.reason["rule"] == "longest_wait"
    assert event.reason["queue"] == "A"
    assert event.explanation.startswith("按等候时间（权重2）先后")
    call = HallEvent.objects.filter(kind="call").latest("id")
    assert call.payload["ticket"] == "A001"
    assert call.payload["text"] == "请 A001 号到 1 号窗口办理"


def test_call_next_when_nobody_waits_returns_none(hall: Hall) -> None:
    assert services.ticket_call_next(user=hall.clerk_1) is None


def test_call_next_refusals(hall: Hall) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    outsider = StaffFactory(centre=hall.centre, roles=[Role.WINDOW_CLERK]).user
    with refused("not_signed_in", ActorRefused):
        services.ticket_call_next(user=outsider)

    services.window_pause(user=hall.clerk_1, reason="临时离开")
    with refused("state", StateRefused):
        services.ticket_call_next(user=hall.clerk_1)
    services.window_resume(user=hall.clerk_1)

    assert services.ticket_call_next(user=hall.clerk_1) is not None
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    with refused("window_free", StateRefused):
        services.ticket_call_next(user=hall.clerk_1)

    WindowQueue.objects.filter(window=hall.window_3).delete()
    with refused("serves_queues", StateRefused):
        services.ticket_call_next(user=hall.clerk_3)


def test_recall_up_to_the_queue_limit(hall: Hall) -> None:
    ticket = called(hall)
    assert hall.queue_a.max_recalls == 2

    services.ticket_recall(ticket=ticket, user=hall.clerk_1)
    again = services.ticket_recall(ticket=ticket, user=hall.clerk_1)

    assert again.recall_count == 2
    assert HallEvent.objects.filter(kind="call").latest("id").payload["recall"] == 2
    with refused("recalls_left", StateRefused):
        services.ticket_recall(ticket=ticket, user=hall.clerk_1)


def test_operations_on_someone_elses_ticket_are_refused(hall: Hall) -> None:
    ticket = called(hall)
    for operation in (
        services.ticket_recall,
        services.ticket_start,
        services.ticket_finish,
        services.ticket_skip,
        services.ticket_hold,
    ):
        with refused("at_the_tickets_window", ActorRefused):
            operation(ticket=ticket, user=hall.clerk_2)
    with refused("at_the_tickets_window", ActorRefused):
        services.ticket_transfer(ticket=ticket, user=hall.clerk_2, queue=hall.queue_b, comment="补材料")


def comprehensive_free(hall: Hall) -> Window:
    return WindowFactory(centre=hall.centre, department=None, kind=WindowKind.COMPREHENSIVE, number="32")


def test_operations_in_the_wrong_status_are_refused(hall: Hall) -> None:
    ticket = called(hall)
    services.ticket_start(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_recall(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_start(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_skip(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_resume(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_return(ticket=ticket, user=hall.clerk_1)

    services.ticket_finish(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_finish(ticket=ticket, user=hall.clerk_1)
    with refused("state", StateRefused):
        services.ticket_hold(ticket=ticket, user=hall.clerk_1)


def test_start_and_finish_time_the_service(hall: Hall) -> None:
    ticket = called(hall)

    started = services.ticket_start(ticket=ticket, user=hall.clerk_1)
    done = services.ticket_finish(ticket=ticket, user=hall.clerk_1)

    assert started.status == TicketStatus.SERVING and started.service_started_at is not None
    assert done.status == TicketStatus.DONE
    assert done.finished_at is not None and done.finished_at >= started.service_started_at
    actions = list(TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True))
    assert actions == ["issued", "called", "started", "finished"]


def test_skip_then_return_puts_the_ticket_back_at_the_end(hall: Hall) -> None:
    ticket = called(hall)
    later = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)

    skipped = services.ticket_skip(ticket=ticket, user=hall.clerk_1)
    assert skipped.status == TicketStatus.NO_SHOW and skipped.no_show_count == 1

    with refused("serves_the_tickets_queue", ActorRefused):
        services.ticket_return(ticket=ticket, user=hall.clerk_3)
    returned = services.ticket_return(ticket=ticket, user=hall.clerk_2)
    assert returned.status == TicketStatus.WAITING
    assert returned.window is None and returned.queued_seconds >= later.queued_seconds
    with refused("state", StateRefused):
        services.ticket_return(ticket=ticket, user=hall.clerk_2)


def test_hold_serves_others_then_calls_back(hall: Hall) -> None:
    ticket = called(hall)
    held = services.ticket_hold(ticket=ticket, user=hall.clerk_1, comment="回去取营业执照")
    assert held.status == TicketStatus.HELD
    assert TicketEvent.objects.filter(ticket=ticket, action="held").get().comment == "回去取营业执照"

    other = called(hall)
    with refused("actors_window_free", StateRefused):
        services.ticket_resume(ticket=ticket, user=hall.clerk_1)
    services.ticket_finish(ticket=other, user=hall.clerk_1)

    resumed = services.ticket_resume(ticket=ticket, user=hall.clerk_1)
    assert resumed.status == TicketStatus.CALLED
    assert HallEvent.objects.filter(kind="call").latest("id").payload["ticket"] == ticket.number
    with refused("state", StateRefused):
        services.ticket_resume(ticket=ticket, user=hall.clerk_2)


# --- transfer ----------------------------------------------------------------------------------


def test_transfer_to_another_queue_arrives_as_a_transfer(hall: Hall) -> None:
    ticket = called(hall)

    moved = services.ticket_transfer(
        ticket=ticket, user=hall.clerk_1, queue=hall.queue_b, comment="企业设立登记"
    )

    assert moved.status == TicketStatus.WAITING
    assert moved.queue == hall.queue_b and moved.priority == Priority.TRANSFER
    assert moved.window is None and moved.transfer_count == 1
    event = TicketEvent.objects.get(ticket=ticket, action=TicketAction.TRANSFERRED)
    assert event.comment == "企业设立登记" and event.window == hall.window_1
    assert event.reason == {"to_queue": "B", "to_window": None}


def test_transfer_to_a_window_only_that_window_calls_it(hall: Hall) -> None:
    ticket = called(hall)

    services.ticket_transfer(ticket=ticket, user=hall.clerk_1, window=hall.window_3, comment="税务登记")

    moved = Ticket.objects.get(pk=ticket.pk)
    assert moved.target_window == hall.window_3
    assert moved.queue == hall.queue_b, "window 3 serves only B, so the ticket moves to B"
    assert services.ticket_call_next(user=hall.clerk_2) is None
    assert services.ticket_call_next(user=hall.clerk_3) == moved


BadTransfer = Callable[[Hall, Ticket], dict[str, Any]]


def _inactive_queue(hall: Hall, ticket: Ticket) -> dict[str, Any]:
    queue = Queue.objects.create(centre=hall.centre, name="已停用队列", prefix="Z", is_active=False)
    return {"queue": queue, "comment": "说明"}


def _other_centres_queue(hall: Hall, ticket: Ticket) -> dict[str, Any]:
    queue = Queue.objects.create(centre=CentreFactory(), name="他中心队列", prefix="B")
    return {"queue": queue, "comment": "说明"}


def _window_without_queues(hall: Hall, ticket: Ticket) -> dict[str, Any]:
    window = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="9")
    return {"window": window, "comment": "说明"}


def _other_centres_window(hall: Hall, ticket: Ticket) -> dict[str, Any]:
    window = WindowFactory(number="1")
    WindowQueue.objects.create(
        window=window, queue=Queue.objects.create(centre=window.centre, name="他中心", prefix="A")
    )
    return {"window": window, "comment": "说明"}


def _inactive_window(hall: Hall, ticket: Ticket) -> dict[str, Any]:
    hall.window_2.is_active = False
    hall.window_2.save(update_fields=["is_active"])
    return {"window": hall.window_2, "comment": "说明"}


BAD_TRANSFERS: dict[str, tuple[BadTransfer, str]] = {
    "same queue": (lambda hall, ticket: {"queue": hall.queue_a, "comment": "说明"}, "transfer_target"),
    "inactive queue": (_inactive_queue, "transfer_target"),
    "other centre's queue": (_other_centres_queue, "transfer_target"),
    "window without queues": (_window_without_queues, "transfer_target"),
    "other centre's window": (_other_centres_window, "transfer_target"),
    "inactive window": (_inactive_window, "transfer_target"),
    "own window": (lambda hall, ticket: {"window": hall.window_1, "comment": "说明"}, "transfer_target"),
    "no target": (lambda hall, ticket: {"comment": "说明"}, "transfer_target"),
    "both targets": (
        lambda hall, ticket: {"queue": hall.queue_b, "window": hall.window_2, "comment": "说明"},
        "transfer_target",
    ),
    "missing comment": (lambda hall, ticket: {"queue": hall.queue_b, "comment": "  "}, "comment_required"),
}


@pytest.mark.parametrize("case", list(BAD_TRANSFERS))
def test_bad_transfer_targets_are_refused(hall: Hall, case: str) -> None:
    ticket = called(hall)
    make, code = BAD_TRANSFERS[case]
    arguments = make(hall, ticket)

    with refused(code):
        services.ticket_transfer(ticket=ticket, user=hall.clerk_1, **arguments)

    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CALLED


def test_transfer_into_a_queue_that_issued_the_same_serial(hall: Hall) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    ticket = services.ticket_call_next(user=hall.clerk_1)
    assert ticket is not None and ticket.number == "A001"

    moved = services.ticket_transfer(ticket=ticket, user=hall.clerk_1, queue=hall.queue_b, comment="企业登记")

    assert moved.number == "A001" and moved.queue == hall.queue_b


def test_transfer_of_someone_already_waiting_in_the_target_queue_is_refused(hall: Hall) -> None:
    person = "110101199001011237"
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, id_number=person)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk, id_number=person)
    first = services.ticket_call_next(user=hall.clerk_1)
    assert first is not None
    services.ticket_finish(ticket=first, user=hall.clerk_1)
    ticket = services.ticket_call_next(user=hall.clerk_1)
    assert ticket is not None and ticket.number == "A002"

    with refused("duplicate_person"):
        services.ticket_transfer(ticket=ticket, user=hall.clerk_1, queue=hall.queue_b, comment="企业登记")


# --- windows -----------------------------------------------------------------------------------


def test_one_clerk_per_window_and_one_window_per_clerk(hall: Hall) -> None:
    department = hall.window_1.department
    newcomer = StaffFactory(centre=hall.centre, department=department, roles=[Role.WINDOW_CLERK]).user
    with refused("state", StateRefused):
        services.window_sign_in(window=hall.window_1, user=newcomer)
    spare = WindowFactory(centre=hall.centre, department=department, number="8")
    with refused("already_signed_in"):
        services.window_sign_in(window=spare, user=hall.clerk_1)

    session = services.window_sign_in(window=spare, user=newcomer)

    assert session.window == spare
    assert WindowEvent.objects.filter(window=spare, action="signed_in").count() == 1


def test_sign_in_only_to_own_department_or_a_comprehensive_window(hall: Hall) -> None:
    clerk = StaffFactory(
        centre=hall.centre, department=hall.window_1.department, roles=[Role.WINDOW_CLERK]
    ).user
    cashier_window = WindowFactory(centre=hall.centre, department=None, kind=WindowKind.CASHIER, number="30")
    other_department = WindowFactory(centre=hall.centre, department=DepartmentFactory(centre=hall.centre))
    other_centre = WindowFactory()
    inactive = WindowFactory(centre=hall.centre, department=hall.window_1.department, is_active=False)
    for window in (other_department, other_centre, cashier_window):
        with refused("works_for_the_window", ActorRefused):
            services.window_sign_in(window=window, user=clerk)
    with refused("window_in_service", StateRefused):
        services.window_sign_in(window=inactive, user=clerk)
    not_staff = UserFactory()
    not_staff.user_permissions.add(Permission.objects.get(codename="call_ticket"))
    with refused("works_for_the_window", ActorRefused):
        services.window_sign_in(window=WindowFactory(centre=hall.centre, number="31"), user=not_staff)
    with refused("calls_numbers", ActorRefused):
        services.window_sign_in(window=comprehensive_free(hall), user=UserFactory())

    comprehensive = WindowFactory(
        centre=hall.centre, department=None, kind=WindowKind.COMPREHENSIVE, number="20"
    )
    assert services.window_sign_in(window=comprehensive, user=clerk).window == comprehensive


def test_sign_out_needs_the_current_ticket_handled(hall: Hall) -> None:
    ticket = called(hall)
    with refused("window_free", StateRefused):
        services.window_sign_out(user=hall.clerk_1)
    services.ticket_finish(ticket=ticket, user=hall.clerk_1)

    session = services.window_sign_out(user=hall.clerk_1)

    assert session.signed_out_at is not None
    with refused("not_signed_in", ActorRefused):
        services.window_sign_out(user=hall.clerk_1)


def test_pause_and_resume(hall: Hall) -> None:
    with refused("reason_required"):
        services.window_pause(user=hall.clerk_1, reason="  ")
    with refused("state", StateRefused):
        services.window_resume(user=hall.clerk_1)

    session = services.window_pause(user=hall.clerk_1, reason="系统故障：读卡器无响应")

    assert session.is_paused and session.pause_reason == "系统故障：读卡器无响应"
    with refused("state", StateRefused):
        services.window_pause(user=hall.clerk_1, reason="临时离开")
    assert not services.window_resume(user=hall.clerk_1).is_paused
    reasons = list(WindowEvent.objects.filter(window=hall.window_1).values_list("action", "reason"))
    assert reasons[-2:] == [("paused", "系统故障：读卡器无响应"), ("resumed", "")]
