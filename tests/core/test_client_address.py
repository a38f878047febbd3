"""The client address: X-Forwarded-For only from a trusted proxy, read from the right; the same
address in the audit log and in the login lockout."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import LazySettings
from django.core.checks import run_checks
from django.test import Client, RequestFactory
from django.urls import reverse

from govhall.core.models import Event
from govhall.core.request_origin import client_address

PROXIES = ["10.0.0.0/24", "192.0.2.1"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("198.51.100.9", "", "198.51.100.9"),
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),  # not a proxy of ours: its header is ignored
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # what the client wrote itself stays left
        ("10.0.0.2", "203.0.113.5, 192.0.2.1, 10.0.0.7", "203.0.113.5"),  # through three of our proxies
        ("10.0.0.2", "10.0.0.8, 10.0.0.7", "10.0.0.8"),  # a client inside the proxies' network
        ("10.0.0.2", "", "10.0.0.2"),  # the proxy itself
        ("10.0.0.2", "203.0.113.5, unknown", "10.0.0.2"),  # garbage from a proxy: trust no further
        ("10.0.0.2", " 2001:db8::5 ", "2001:db8::5"),
        ("::ffff:10.0.0.2", "203.0.113.5", "203.0.113.5"),
        ("", "203.0.113.5", None),
    ],
)
def test_the_client_behind_the_trusted_proxies(
    settings: LazySettings, peer: str, forwarded: str, client: str | None
) -> None:
    settings.TRUSTED_PROXIES = PROXIES
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_without_trusted_proxies_the_header_is_never_read(settings: LazySettings) -> None:
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(request) == "127.0.0.1"


@pytest.mark.django_db
def test_the_audit_log_and_the_lockout_record_the_client_not_the_proxy(
    client: Client, settings: LazySettings
) -> None:
    settings.TRUSTED_PROXIES = PROXIES
    client.post(
        reverse("login"),
        {"username": "nobody", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )

    event = Event.objects.get(kind="auth.login_failed")
    assert event.origin_ip == "203.0.113.5"
    assert AccessAttempt.objects.get(username="nobody").ip_address == "203.0.113.5"


def test_a_tls_proxy_without_trusted_proxies_is_a_deploy_warning(settings: LazySettings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = []
    assert "govhall.W001" in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert "govhall.W001" not in {message.id for message in run_checks(include_deployment_checks=True)}
