"""System checks of the deployment settings (``govhall check --deploy``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def proxy_is_trusted(
    *, app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Behind a TLS proxy every request comes from the proxy's address unless the proxy is trusted."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.TRUSTED_PROXIES:
        return [
            CheckWarning(
                "BEHIND_TLS_PROXY is on but TRUSTED_PROXIES is empty: every client has the proxy's "
                "address, so they all share one public-tracking limit and the audit log records the proxy.",
                hint="Set TRUSTED_PROXIES to the proxy's address, e.g. TRUSTED_PROXIES=127.0.0.1.",
                id="govhall.W001",
            )
        ]
    return []
