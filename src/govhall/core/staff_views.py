"""What every staff page and staff API shares: the signed-in user, and the page decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request

View = Callable[..., HttpResponse]


def signed_in_user(request: HttpRequest | Request) -> User:
    """The user of a view that requires login (a page decorator or DRF's IsAuthenticated)."""
    user = request.user
    assert isinstance(user, User)
    return user


def staff_view(permission: str) -> Callable[[View], View]:
    """Signed-in staff holding ``permission`` only: others get the login page or 403."""

    def decorate(view: View) -> View:
        @login_required
        @permission_required(permission, raise_exception=True)
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
