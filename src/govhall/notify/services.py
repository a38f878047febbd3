"""Sending messages: record the SMS in the outbox, deliver it in the background worker."""

from __future__ import annotations

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
    """Queue an SMS: the outbox row is written now, the gateway is called by the worker after commit."""
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
