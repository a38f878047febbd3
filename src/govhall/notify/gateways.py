"""SMS gateways: the interface a provider's adapter implements, and the default console gateway.

``settings.SMS_BACKEND`` names the gateway class by dotted path. A provider adapter (阿里云短信,
腾讯云短信, an operator's 政务短信平台 …) is a class with ``send(phone, text)`` that raises
:class:`SmsDeliveryError` when the provider refuses the message.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from govhall.core.personal_data import mask_phone

logger = logging.getLogger(__name__)


class SmsDeliveryError(Exception):
    """The gateway could not deliver the message; the text says why (kept on the outbox row)."""


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Deliver ``text`` to the mainland mobile number ``phone`` (11 digits) or raise SmsDeliveryError."""


class ConsoleSmsGateway:
    """Writes each message to the log (phone masked) instead of sending it: for demos and development."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def sms_backend_path() -> str:
    return str(settings.SMS_BACKEND)


def sms_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(sms_backend_path())()
    return gateway
