"""The audit trail: who changed what, before and after, from where. Audit events are events of
the one stream (:mod:`govhall.core.events`), so the audit log shows every app's work as well."""

from __future__ import annotations

from typing import Any, TypedDict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.core.events import EventKind, UnknownEventKind, declared_kinds, emit, event_kind
from govhall.core.models import Event

_encoder = DjangoJSONEncoder()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _encoder.default(value)


SECRET_FIELDS = frozenset({"password"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The editable fields of ``instance`` as JSON-ready values, for before/after (secrets left out)."""
    return {
        key: _jsonable(value) for key, value in model_to_dict(instance).items() if key not in SECRET_FIELDS
    }


class AuditPayload(TypedDict, total=False):
    """An audited change: the object's fields before and after (secrets left out)."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None


def audit_kind(
    code: str, label: str | Promise, *, reader_permission: str | None = None
) -> EventKind[AuditPayload]:
    """The audit event kind ``code``, declared on first use: the admin declares one per model and
    verb, which an app's own services may record as well (a spreadsheet import updating materials)."""
    try:
        kind = event_kind(code)
    except UnknownEventKind:
        return EventKind(code, label, AuditPayload, reader_permission=reader_permission)
    if kind.payload is not AuditPayload:
        raise ImproperlyConfigured(f"event kind {code!r} is declared with another payload")
    return kind


LOGIN = audit_kind("auth.login", _("登录"))
LOGOUT = audit_kind("auth.logout", _("退出登录"))
LOGIN_FAILED = audit_kind("auth.login_failed", _("登录失败"))
LOCKED_OUT = audit_kind("auth.locked_out", _("账号锁定"))


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Append one audit event to the stream: ``action`` is a declared kind. Call inside the
    transaction that makes the change."""
    payload = AuditPayload()
    if before is not None:
        payload["before"] = _jsonable(before)
    if after is not None:
        payload["after"] = _jsonable(after)
    return emit(event_kind(action), payload=payload, subject=target, actor=actor)


def kinds_hidden_from(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The kinds whose events ``user`` may not read on the audit log (e.g. case work, for an
    account administrator who reads no case)."""
    return [
        kind.code
        for kind in declared_kinds()
        if kind.reader_permission is not None
        and not (isinstance(user, User) and user.has_perm(kind.reader_permission))
    ]


def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=LOGIN.code, target=user)


def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=LOGOUT.code, target=user)


def record_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(
        actor=None, action=LOGIN_FAILED.code, after={"username": str(credentials.get("username", ""))[:150]}
    )


def record_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    audit_record(actor=None, action=LOCKED_OUT.code, after={"username": str(username)[:150]})
