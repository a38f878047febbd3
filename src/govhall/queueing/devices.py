"""Device credentials: each kiosk, board, window screen and pad has its own token.

Only the token's SHA-256 is stored. The API takes ``Authorization: Device <token>``; a device's
page is opened once as ``/kiosk/<code>/?token=<token>`` (or /display/, /pad/), after which the
browser's session remembers the device (for a year), so the token does not stay in the address bar.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from govhall.queueing.models import Device, DeviceKind

SESSION_KEY = "govhall_devices"
HEADER_KEYWORD = "Device"
DEVICE_SESSION_SECONDS = 365 * 24 * 3600
"""A device's browser stays activated for a year (boards are switched off overnight); staff
sessions keep their idle limit."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_generate() -> str:
    return secrets.token_urlsafe(24)


DEVICE_CACHE_SECONDS = 60
DEVICES_VERSION_KEY = "govhall:queueing:devices-version"
TOUCH_SECONDS = 60


def devices_changed(**kwargs: object) -> None:
    """Signal receiver: a device was saved or deleted; cached token lookups are stale."""
    try:
        cache.incr(DEVICES_VERSION_KEY)
    except ValueError:
        cache.set(DEVICES_VERSION_KEY, 1, timeout=None)


def device_by_token(token: str) -> Device | None:
    """The active device holding ``token`` (asked on every device request: cached until a device changes)."""
    if not token:
        return None
    digest = token_hash(token)
    version = cache.get_or_set(DEVICES_VERSION_KEY, 1, timeout=None)
    key = f"govhall:queueing:device:{version}:{digest}"
    cached: tuple[Device | None] | None = cache.get(key)
    if cached is not None:
        return cached[0]
    device = (
        Device.objects.filter(token_hash=digest, is_active=True)
        .select_related("centre", "window")
        .order_by()
        .first()
    )
    cache.set(key, (device,), timeout=DEVICE_CACHE_SECONDS)
    return device


def _touch(device: Device) -> None:
    """Record that the device is online, at most once a minute per device."""
    if cache.add(f"govhall:queueing:device-touched:{device.pk}", True, timeout=TOUCH_SECONDS):
        Device.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "govhall.queueing.devices.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("设备令牌：Authorization: Device <令牌>"),
        }


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    """DRF: ``Authorization: Device <token>``; the device becomes ``request.auth``."""

    def authenticate(self, request: Request) -> tuple[Any, Device] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != HEADER_KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("设备令牌格式错误。"))
        device = device_by_token(header[1])
        if device is None:
            raise exceptions.AuthenticationFailed(_("设备令牌无效或设备已停用。"))
        _touch(device)
        return AnonymousUser(), device

    def authenticate_header(self, request: Request) -> str:
        return HEADER_KEYWORD


def session_device(request: HttpRequest, code: str, kinds: frozenset[DeviceKind]) -> Device | None:
    """The device with ``code`` if this browser was activated for it (and it is still active)."""
    known: dict[str, str] = request.session.get(SESSION_KEY, {})
    digest = known.get(code)
    if digest is None:
        return None
    device = (
        Device.objects.filter(code=code, token_hash=digest, is_active=True, kind__in=kinds)
        .select_related("centre", "window")
        .first()
    )
    if device is not None:
        _touch(device)
    return device


def device_page(
    *kinds: DeviceKind,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator for a device's pages: activates with ?token=, then passes ``device``."""
    allowed = frozenset(kinds)

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            token = request.GET.get("token", "")
            if token:
                device = device_by_token(token)
                if device is None or device.code != code or device.kind not in allowed:
                    return device_refused(request)
                known = dict(request.session.get(SESSION_KEY, {}))
                known[code] = device.token_hash
                request.session[SESSION_KEY] = known
                request.session.set_expiry(DEVICE_SESSION_SECONDS)
                return HttpResponseRedirect(request.path)
            device = session_device(request, code, allowed)
            if device is None:
                return device_refused(request)
            return view(request, device, *args, **kwargs)

        return wrapped

    return decorate


def device_refused(request: HttpRequest) -> HttpResponse:
    """403 page for a browser not activated for this device (or a device that cannot open the page)."""
    return render(request, "queueing/device_refused.html", status=403)


def staff_login_resets_expiry(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """user_logged_in: a person signing in on a device's browser gets the staff idle limit again."""
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(None)
