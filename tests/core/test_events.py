"""The event stream: declared kinds, one row per emit in the caller's transaction, and readers that
follow a cursor without ever skipping an event that commits late."""

from __future__ import annotations

import threading
from io import StringIO
from typing import Any, TypedDict

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from govhall.core.events import COLUMNS, START, Cursor, EventKind, emit, events_after
from govhall.core.models import Event
from govhall.core.request_origin import RequestOrigin, origin_as
from tests.factories import CentreFactory


class PingPayload(TypedDict):
    number: int


PING = EventKind("probe.ping", "测试：发出", PingPayload)
PONG = EventKind("probe.pong", "测试：回应", PingPayload)
ECHO = EventKind("echo.ping", "测试：回声", PingPayload)


def test_emit_writes_one_row_with_subject_actor_payload_and_origin(db: None) -> None:
    user = get_user_model().objects.create_user("clerk9", first_name="静", last_name="李")
    centre = CentreFactory(name="示范市政务服务中心")
    with (
        origin_as(RequestOrigin(origin="POST /window/call/", ip="10.1.2.3", user_agent="pytest")),
        CaptureQueriesContext(connection) as queries,
    ):
        event = emit(PING, payload=PingPayload(number=7), subject=centre, actor=user, centre_id=centre.pk)

    assert len(queries) == 1 and queries[0]["sql"].startswith("INSERT")
    event.refresh_from_db()
    assert (event.kind, event.payload, event.centre_id, event.department_id) == (
        "probe.ping",
        {"number": 7},
        centre.pk,
        None,
    )
    assert (event.subject_type, event.subject_id, event.subject_repr) == (
        "org.centre",
        str(centre.pk),
        "示范市政务服务中心",
    )
    assert (event.actor, event.actor_name) == (user, "李静")
    assert (event.origin, event.origin_ip, event.user_agent) == ("POST /window/call/", "10.1.2.3", "pytest")


def test_emit_writes_every_column_but_the_ids_the_database_fills_in() -> None:
    columns = {field.column for field in Event._meta.concrete_fields}
    assert set(COLUMNS) == columns - {"id", "txid"} and len(COLUMNS) == len(set(COLUMNS))


def test_a_payload_that_does_not_match_its_kind_is_refused(db: None) -> None:
    wrong: Any = {"number": 7, "name": "多余"}
    with pytest.raises(TypeError, match=r"probe\.ping"):
        emit(PING, payload=wrong)
    with pytest.raises(TypeError, match=r"probe\.ping"):
        emit(PING, payload={})  # type: ignore[typeddict-item]
    assert not Event.objects.exists()


def test_a_kind_is_declared_once_and_named_after_its_app() -> None:
    with pytest.raises(ImproperlyConfigured, match="twice"):
        EventKind("probe.ping", "重复", PingPayload)
    with pytest.raises(ImproperlyConfigured, match="app label"):
        EventKind("ping", "无前缀", PingPayload)


def test_a_reader_follows_its_cursor_through_the_kinds_it_asks_for(transactional_db: None) -> None:
    """Committed events: on PostgreSQL a reader sees no event of a transaction still open, its own
    included (hence ``transactional_db``)."""
    for number in range(5):
        emit(PING if number % 2 == 0 else PONG, payload=PingPayload(number=number))
    emit(ECHO, payload=PingPayload(number=99))

    cursor, seen = START, []
    while batch := events_after(cursor, kinds=("probe.*",), limit=2):
        seen += [event.payload["number"] for event in batch]
        cursor = Cursor.of(batch[-1])
    assert seen == [0, 1, 2, 3, 4]
    assert [event.payload["number"] for event in events_after(START, kinds=("probe.pong", "echo.*"))] == [
        1,
        3,
        99,
    ]
    assert events_after(cursor, kinds=("probe.*",)) == []


@pytest.mark.postgres
def test_a_reader_never_skips_an_event_whose_transaction_commits_late(
    postgres_only: None, transactional_db: None
) -> None:
    """The first transaction takes the lower id but commits after the second: a reader that read the
    second's event first and moved its cursor past it would never see the first's."""
    first_written, second_committed, first_may_commit = (
        threading.Event(),
        threading.Event(),
        threading.Event(),
    )
    failures: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                emit(PING, payload=PingPayload(number=1))
                first_written.set()
                assert first_may_commit.wait(30)
        except BaseException as exc:  # noqa: BLE001 - reported to the test's thread below
            failures.append(exc)
            first_written.set()
        finally:
            connection.close()

    def second() -> None:
        try:
            assert first_written.wait(30)
            with transaction.atomic():
                emit(PING, payload=PingPayload(number=2))
        except BaseException as exc:  # noqa: BLE001 - reported to the test's thread below
            failures.append(exc)
        finally:
            second_committed.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert second_committed.wait(30)
    committed = list(Event.objects.filter(kind="probe.ping").values_list("id", "payload"))
    assert [payload["number"] for _id, payload in committed] == [2]  # the later id is already visible

    held_back = events_after(START, kinds=("probe.*",))
    first_may_commit.set()
    for thread in threads:
        thread.join(30)
    assert not failures, failures
    assert held_back == []
    read = events_after(START, kinds=("probe.*",))
    assert [event.payload["number"] for event in read] == [1, 2]
    assert read[0].id < read[1].id and read[0].txid < read[1].txid


def test_the_stream_passes_the_system_checks_on_this_database(db: None) -> None:
    """The transaction id's database default is an expression PostgreSQL accepts (fields.E012)."""
    call_command("check", "--database", "default", "--fail-level", "ERROR", stdout=StringIO())
