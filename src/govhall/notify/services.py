"""Sending messages: record the SMS in the outbox, deliver it in the background worker."""

from __future__ import annotations

from datetime import datetime, timedelta

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.notify.gateways import SmsDeliveryError, sms_backend_path, sms_gateway
from govhall.notify.models import OutboxMessage, OutboxStatus

MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def can_receive_sms(phone: str) -> bool:
    """A valid mainland China mobile number (landlines cannot receive SMS)."""
    try:
        parsed = phonenumbers.parse(phone or "", "CN")
    except phonenumbers.NumberParseException:
        return False
    return (
        parsed.country_code == 86
        and phonenumbers.is_valid_number(parsed)
        and phonenumbers.number_type(parsed) in MOBILE_TYPES
    )


def sms_send(*, phone: str, text: str) -> OutboxMessage:
    """Queue an SMS: the outbox row is written now, in the caller's transaction; the gateway is called
    by the worker after commit (and by :func:`outbox_deliver_pending` if that task was lost)."""
    from govhall.notify.tasks import sms_deliver

    if not can_receive_sms(phone):
        raise ValidationError(_("短信只能发送到有效的手机号码。"), code="phone_not_mobile")
    national = str(phonenumbers.parse(phone, "CN").national_number)
    message = OutboxMessage.objects.create(phone=national, text=text[:500])
    transaction.on_commit(lambda: sms_deliver.enqueue(message.pk))
    return message


def outbox_deliver(*, message_id: int) -> OutboxMessage:
    """Hand a pending message to the configured gateway exactly once.

    The message is claimed by a conditional update (recording the gateway) before the gateway is
    called, so no transaction or row lock is held while a provider answers over the network.
    """
    backend = sms_backend_path()[:200]
    claimed = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING, backend="").update(
        backend=backend
    )
    message = OutboxMessage.objects.get(pk=message_id)
    if not claimed:
        return message
    try:
        sms_gateway().send(message.phone, message.text)
    except SmsDeliveryError as exc:
        message.status = OutboxStatus.FAILED
        message.error = str(exc)[:300]
    else:
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
    message.save(update_fields=["status", "error", "sent_at"])
    return message


UNSENT_AFTER = timedelta(minutes=2)
"""A pending message this old whose delivery never started lost its task (a crash between commit
and enqueue): :func:`outbox_deliver_pending` sends it."""


def outbox_deliver_pending(*, now: datetime | None = None, limit: int = 500) -> int:
    """Deliver the pending messages no worker has claimed for :data:`UNSENT_AFTER`; returns how many
    were handed to the gateway. Each is claimed as in :func:`outbox_deliver`, so none goes twice."""
    cutoff = (now or timezone.now()) - UNSENT_AFTER
    waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, backend="", created_at__lt=cutoff)
    delivered = 0
    for message_id in waiting.order_by("created_at").values_list("pk", flat=True)[:limit]:
        if outbox_deliver(message_id=message_id).status != OutboxStatus.PENDING:
            delivered += 1
    return delivered
