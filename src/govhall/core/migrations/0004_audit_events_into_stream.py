"""The audit trail's rows become events of the stream, in their order: the action is the kind, the
target the subject, before and after the payload. They sort before every later event (txid 0)."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

BATCH = 2000


def _batches(queryset: Any) -> Any:
    last = 0
    while True:
        batch = list(queryset.filter(id__gt=last).order_by("id")[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].id


def audit_into_stream(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AuditEvent = apps.get_model("core", "AuditEvent")
    Event = apps.get_model("core", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {ct.id: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    for batch in _batches(AuditEvent.objects.all()):
        rows = []
        for old in batch:
            payload = {}
            if old.before is not None:
                payload["before"] = old.before
            if old.after is not None:
                payload["after"] = old.after
            rows.append(
                Event(
                    txid=0,
                    kind=old.action,
                    occurred_at=old.occurred_at,
                    subject_type=labels.get(old.target_type_id, "") if old.target_type_id else "",
                    subject_id=old.target_id,
                    subject_repr=old.target_repr,
                    actor_id=old.actor_id,
                    actor_name=old.actor_name,
                    payload=payload,
                    origin_ip=old.origin_ip,
                    origin=old.origin,
                    user_agent=old.user_agent,
                )
            )
        Event.objects.bulk_create(rows)


def stream_into_audit(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AuditEvent = apps.get_model("core", "AuditEvent")
    Event = apps.get_model("core", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {f"{ct.app_label}.{ct.model}": ct.id for ct in ContentType.objects.all()}
    for batch in _batches(Event.objects.all()):
        AuditEvent.objects.bulk_create(
            AuditEvent(
                occurred_at=event.occurred_at,
                actor_id=event.actor_id,
                actor_name=event.actor_name,
                action=event.kind[:64],
                target_type_id=types.get(event.subject_type),
                target_id=event.subject_id,
                target_repr=event.subject_repr,
                before=event.payload.get("before"),
                after=event.payload.get("after", event.payload if "before" not in event.payload else None),
                origin_ip=event.origin_ip,
                origin=event.origin,
                user_agent=event.user_agent,
            )
            for event in batch
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_event_stream_and_job_runs"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(audit_into_stream, stream_into_audit)]
