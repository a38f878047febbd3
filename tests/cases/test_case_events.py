"""Case work in the event stream: every history row has its event, written in the same transaction;
the applicant's SMS is in the outbox inside that transaction; the audit log shows case work to
those who read cases and hides it from the account administrator."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from tests.cases.conftest import Hall, accepted_case
from tests.factories import StaffFactory

from govhall.cases.models import Case, CaseEvent, Decision
from govhall.cases.services import DecisionInput, case_complete, step_decide, step_pass
from govhall.core.events import kinds_filter
from govhall.core.models import Event
from govhall.notify.models import OutboxMessage
from govhall.org.roles import Role

pytestmark = pytest.mark.django_db


def _stream(kinds: tuple[str, ...]) -> list[Event]:
    """The events of ``kinds`` written so far (the test's own transaction is still open, so the
    stream's readers, which return committed events only, would not see them yet on PostgreSQL)."""
    return list(Event.objects.filter(kinds_filter(kinds)).order_by("id"))


Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="JY13707050000001")


def _decided(hall: Hall) -> Case:
    case = accepted_case(hall)
    step = case.current_step
    assert step is not None
    approve = step_pass(step=step, user=hall.reviewer, opinion="材料齐全")
    assert approve is not None
    return step_decide(step=approve, user=hall.approver, data=GRANT)


def test_every_case_history_row_has_its_event_in_the_stream(hall: Hall) -> None:
    case = case_complete(case=_decided(hall), user=hall.clerk)

    history = list(CaseEvent.objects.filter(case=case).order_by("id"))
    stream = _stream(("cases.*",))
    assert [f"cases.{row.action}" for row in history] == [event.kind for event in stream]
    for row, event in zip(history, stream, strict=True):
        assert (event.subject_type, event.subject_id) == ("cases.case", str(case.pk))
        assert event.actor_id == row.actor_id and event.actor_name == row.actor_name
        assert (event.centre_id, event.department_id) == (hall.centre.pk, hall.market.pk)
        assert event.payload["number"] == case.number and event.payload["to_state"] == row.to_state
    decided = next(event for event in stream if event.kind == "cases.decide")
    assert decided.payload["from_state"] == "handling" and decided.payload["step"] == "核准"


def test_a_rolled_back_change_leaves_neither_history_nor_event(hall: Hall) -> None:
    case = _decided(hall)
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        case_complete(case=case, user=hall.clerk)
        raise RuntimeError("the server failed before commit")
    assert Event.objects.count() == before
    assert not CaseEvent.objects.filter(case=case, action="complete").exists()


def test_the_completion_sms_is_in_the_outbox_before_commit_and_goes_with_a_rollback(
    hall: Hall, django_capture_on_commit_callbacks: Capture
) -> None:
    case = _decided(hall)
    with pytest.raises(RuntimeError), transaction.atomic():
        with django_capture_on_commit_callbacks(execute=False):
            case_complete(case=case, user=hall.clerk)
            message = OutboxMessage.objects.get()
            assert case.number in message.text and message.phone == "13812345678"
        raise RuntimeError("the server failed before commit")
    assert not OutboxMessage.objects.exists()


def test_the_audit_log_shows_case_work_to_the_manager_but_not_to_the_account_administrator(
    hall: Hall, client: Client
) -> None:
    case = accepted_case(hall)
    hall.manager.is_staff = True
    hall.manager.save(update_fields=["is_staff"])
    sysadmin = StaffFactory(
        centre=hall.centre, department=None, roles=[Role.SYSTEM_ADMINISTRATOR], user__is_staff=True
    ).user

    client.force_login(hall.manager)
    page = client.get("/admin/core/event/", {"app": "cases"}).content.decode()
    assert case.number in page and "受理" in page
    client.force_login(sysadmin)
    response = client.get("/admin/core/event/")
    assert response.status_code == 200
    assert case.number not in response.content.decode()
    accept = Event.objects.get(kind="cases.accept")
    assert client.get(f"/admin/core/event/{accept.pk}/change/").status_code == 302
