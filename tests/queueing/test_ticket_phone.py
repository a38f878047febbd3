"""The phone a ticket keeps for the SMS reminder is encrypted at rest like an applicant's: stored
sealed and masked, never in plain text; the migration seals the phones stored before; a new key
re-encrypts them."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import LazySettings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from govhall.core.personal_data import unseal
from govhall.queueing import services
from govhall.queueing.models import Ticket

from .conftest import Hall

PHONE = "13812345678"
BEFORE = ("queueing", "0001_initial")


def _stored_values(ticket: Ticket) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM queueing_ticket WHERE id = %s", [ticket.pk])
        row = cursor.fetchone()
    assert row is not None
    return [str(value) for value in row]


@pytest.mark.django_db
def test_a_ticket_keeps_its_phone_sealed_and_masked(hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, phone="138 1234 5678")
    assert ticket.phone_masked == "138****5678"
    assert unseal(ticket.phone_sealed) == PHONE
    assert not any(PHONE in value for value in _stored_values(ticket))


@pytest.mark.django_db
def test_a_new_key_re_encrypts_the_tickets_phones(hall: Hall, settings: LazySettings) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, phone=PHONE)
    settings.PERSONAL_DATA_KEYS = [Fernet.generate_key().decode(), *settings.PERSONAL_DATA_KEYS]
    out = StringIO()
    call_command("queueing_reencrypt", stdout=out)
    assert "Re-encrypted the phones of 1 ticket(s)." in out.getvalue()
    settings.PERSONAL_DATA_KEYS = settings.PERSONAL_DATA_KEYS[:1]
    ticket.refresh_from_db()
    assert unseal(ticket.phone_sealed) == PHONE


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_phones_stored_in_plain_text(hall: Hall) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_ticket = executor.loader.project_state([BEFORE]).apps.get_model("queueing", "Ticket")
    for serial, phone in enumerate((PHONE, ""), start=1):
        old_ticket.objects.create(
            centre_id=hall.centre.pk,
            queue_id=hall.queue_a.pk,
            service_date=date(2026, 11, 20),
            serial=serial,
            number=f"A{serial:03d}",
            phone=phone,
            public_code=f"code-{serial}",
            queued_seconds=32400 + serial,
        )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    with_phone, without = Ticket.objects.order_by("serial")
    assert (unseal(with_phone.phone_sealed), with_phone.phone_masked) == (PHONE, "138****5678")
    assert (without.phone_sealed, without.phone_masked) == ("", "")
    assert not any(PHONE in value for value in _stored_values(with_phone))
