"""The audit table is gone: its rows are in the event stream (0004), which is the audit log."""

from importlib import import_module

from django.db import migrations

old_trigger = import_module("govhall.core.migrations.0002_audit_append_only_trigger")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_events_into_stream")]

    operations = [
        migrations.RunPython(old_trigger.drop_trigger, old_trigger.create_trigger),
        migrations.DeleteModel(name="AuditEvent"),
    ]
