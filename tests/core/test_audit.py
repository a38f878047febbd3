from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from govhall.core.audit import audit_record, snapshot
from govhall.core.events import UnknownEventKind
from govhall.core.models import AppendOnlyError, Event
from govhall.core.request_origin import RequestOrigin, origin_as
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def test_records_who_what_object_before_after_and_origin() -> None:
    user = get_user_model().objects.create_user("auditor", password="x-secret-1")
    centre = CentreFactory(name="示范市政务服务中心")
    before = snapshot(centre)
    centre.address = "示范市人民路1号"
    centre.save()
    with origin_as(
        RequestOrigin(origin="POST /admin/org/centre/1/change/", ip="10.1.2.3", user_agent="pytest")
    ):
        event = audit_record(
            actor=user, action="org.centre.update", target=centre, before=before, after=snapshot(centre)
        )
    event.refresh_from_db()
    assert event.actor == user and event.actor_name == "auditor"
    assert (event.subject_type, event.subject_id) == ("org.centre", str(centre.pk))
    assert event.subject_repr == "示范市政务服务中心"
    assert event.payload["before"]["address"] == "" and event.payload["after"]["address"] == "示范市人民路1号"
    assert (event.origin_ip, event.origin, event.user_agent) == (
        "10.1.2.3",
        "POST /admin/org/centre/1/change/",
        "pytest",
    )


def test_the_actor_is_named_as_a_person_surname_first() -> None:
    user = get_user_model().objects.create_user("clerk9", first_name="静", last_name="李")
    assert audit_record(actor=user, action="auth.login", target=user).actor_name == "李静"


def test_an_undeclared_action_is_refused_and_writes_nothing() -> None:
    with pytest.raises(UnknownEventKind):
        audit_record(actor=None, action="org.centre.renamed")
    assert not Event.objects.exists()


def test_events_written_in_a_rolled_back_transaction_disappear_with_it() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="auth.login_failed", after={"username": "nobody"})
        raise RuntimeError("the change failed")
    assert not Event.objects.filter(kind="auth.login_failed").exists()


def test_the_app_cannot_update_or_delete_an_event() -> None:
    event = audit_record(actor=None, action="auth.login_failed")
    event.kind = "auth.login"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(kind="auth.login")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).kind == "auth.login_failed"


def test_postgresql_refuses_update_and_delete_even_in_raw_sql(postgres_only: None) -> None:
    event = audit_record(actor=None, action="auth.login_failed")
    for statement in (
        "UPDATE core_event SET kind = 'forged' WHERE id = %s",
        "DELETE FROM core_event WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert Event.objects.get(pk=event.pk).kind == "auth.login_failed"
