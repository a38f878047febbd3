"""The notification service: the outbox, the pluggable gateway, delivery once, the read-only admin."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import LazySettings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client

from govhall.notify.gateways import SmsDeliveryError
from govhall.notify.models import OutboxMessage, OutboxStatus
from govhall.notify.services import outbox_deliver, sms_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
SENT: list[tuple[str, str]] = []


class RecordingGateway:
    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


class RefusingGateway:
    def send(self, phone: str, text: str) -> None:
        raise SmsDeliveryError("签名未报备")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: LazySettings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    SENT.clear()


def test_default_gateway_logs_with_a_masked_phone(
    django_capture_on_commit_callbacks: Capture, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.INFO, logger="govhall.notify.gateways"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = sms_send(phone="+86 138 1234 5678", text="【政务服务中心】测试")

    message.refresh_from_db()
    assert message.phone == "13812345678" and message.status == OutboxStatus.SENT and message.sent_at
    assert message.backend == "govhall.notify.gateways.ConsoleSmsGateway"
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text


def test_the_configured_gateway_is_used_and_delivers_once(
    settings: LazySettings, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.SMS_BACKEND = "tests.notify.test_outbox.RecordingGateway"
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(phone="13812345678", text="您好")
    outbox_deliver(message_id=message.pk)

    assert SENT == [("13812345678", "您好")]


def test_a_refused_message_is_marked_failed(
    settings: LazySettings, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.SMS_BACKEND = "tests.notify.test_outbox.RefusingGateway"
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(phone="13812345678", text="您好")
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.error == "签名未报备" and message.sent_at is None


def test_only_mobile_numbers_get_messages() -> None:
    for phone in ("05368888888", "123", ""):
        with pytest.raises(ValidationError) as raised:
            sms_send(phone=phone, text="您好")
        assert raised.value.messages == ["短信只能发送到有效的手机号码。"]
    assert not OutboxMessage.objects.exists()


def test_admin_lists_masked_phones_and_is_read_only(client: Client) -> None:
    OutboxMessage.objects.create(phone="13812345678", text="【政务服务中心】您的排队号A012前面还有3人")
    user = UserFactory(username="sysadmin", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    client.force_login(user)

    listing = client.get("/admin/notify/outboxmessage/").content.decode()

    assert "138****5678" in listing and "13812345678" not in listing
    assert client.get("/admin/notify/outboxmessage/add/").status_code == 403
    message = OutboxMessage.objects.get()
    assert (
        client.post(f"/admin/notify/outboxmessage/{message.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert OutboxMessage.objects.exists()
