"""Background work of the notification service (run by ``govhall db_worker``)."""

from __future__ import annotations

from django_tasks import task

from govhall.notify import services


@task()
def sms_deliver(message_id: int) -> None:
    services.outbox_deliver(message_id=message_id)
