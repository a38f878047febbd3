"""SMS when three or fewer are ahead: sent once per ticket, after the call has committed."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import LazySettings

from govhall.notify.models import OutboxMessage, OutboxStatus
from govhall.queueing import reminders, services
from govhall.queueing.models import Ticket

from .conftest import Hall

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: LazySettings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def issue(hall: Hall, phone: str = "") -> Ticket:
    return services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, phone=phone)


def texts() -> list[tuple[str, str]]:
    return list(OutboxMessage.objects.order_by("id").values_list("phone", "text"))


def test_a_call_reminds_those_now_near_the_front_once(
    hall: Hall, django_capture_on_commit_callbacks: Capture
) -> None:
    issue(hall)
    issue(hall, "13800000002")
    issue(hall, "13800000003")
    issue(hall)
    issue(hall, "13800000005")
    sixth = issue(hall, "13800000006")
    centre = hall.centre.name

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_call_next(user=hall.clerk_1)

    assert texts() == [
        ("13800000002", f"【{centre}】您的排队号A002即将叫号，请到大厅等候叫号。"),
        ("13800000003", f"【{centre}】您的排队号A003前面还有1人，请到大厅等候叫号。"),
        ("13800000005", f"【{centre}】您的排队号A005前面还有3人，请到大厅等候叫号。"),
    ]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert Ticket.objects.filter(near_front_notified_at__isnull=False).count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_call_next(user=hall.clerk_2)

    assert len(texts()) == 4
    assert texts()[-1] == (
        "13800000006",
        f"【{centre}】您的排队号{sixth.number}前面还有3人，请到大厅等候叫号。",
    )


def test_nothing_is_sent_before_the_call_commits(
    hall: Hall, django_capture_on_commit_callbacks: Capture
) -> None:
    issue(hall)
    issue(hall, "13800000002")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.ticket_call_next(user=hall.clerk_1)
    assert callbacks and not OutboxMessage.objects.exists()


def test_reminding_twice_sends_once_and_landlines_get_nothing(hall: Hall) -> None:
    first = issue(hall, "13800000001")
    landline = issue(hall, "05368888888")
    day = first.service_date

    assert reminders.remind_near_front(queue_id=hall.queue_a.pk, service_date=day) == 1
    assert reminders.remind_near_front(queue_id=hall.queue_a.pk, service_date=day) == 0

    assert [phone for phone, _ in texts()] == ["13800000001"]
    landline.refresh_from_db()
    assert landline.near_front_notified_at is None


def test_a_transfer_reminds_in_the_target_queue(
    hall: Hall, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket = issue(hall, "13800000009")
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_call_next(user=hall.clerk_1)
    assert not OutboxMessage.objects.exists()  # being called is not "near the front"

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_transfer(
            ticket=ticket, user=hall.clerk_1, queue=hall.queue_b, comment="补充材料后办理"
        )

    assert [phone for phone, _ in texts()] == ["13800000009"]
    assert "A001即将叫号" in texts()[0][1]
