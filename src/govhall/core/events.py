"""The domain event stream (事件流): apps declare kinds, services emit, readers follow a cursor.

Declaring: an app's ``events.py`` creates its :class:`EventKind` objects (a code
``"<app>.<what>"``, a Chinese label, the payload's ``TypedDict`` and the permission a person needs
to read them). Core's AppConfig imports every installed app's ``events`` module at start-up, so
every process knows every kind.

Emitting: :func:`emit` inserts one row in the caller's transaction, so the event commits or rolls
back with the change it records. The stream is also the audit log (:mod:`govhall.core.audit`).

Reading: :func:`events_after` returns the events after a :class:`Cursor`, in (transaction id, id)
order, and never returns an event while an older transaction that could still add one before it is
open. A reader that stores the last event's cursor therefore never skips an event that commits late
(docs/adr/0005-event-stream-and-scheduler.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from govhall.core.models import Event, OldestOpenTransactionId
from govhall.core.request_origin import current_origin

P = TypeVar("P", bound=Mapping[str, Any])

_KINDS: dict[str, EventKind[Any]] = {}


@dataclass(frozen=True, eq=False)
class EventKind(Generic[P]):
    """A kind of event: ``code`` is ``"<app label>.<what happened>"``; ``payload`` the TypedDict of
    its payload; ``reader_permission`` what a person needs, besides ``core.view_event``, to read
    events of this kind (None: every audit reader). Creating one declares it; codes are unique."""

    code: str
    label: str | Promise
    payload: type[P]
    reader_permission: str | None = None
    _required: frozenset[str] = field(init=False, repr=False)
    _allowed: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if "." not in self.code:
            raise ImproperlyConfigured(f"event kind {self.code!r} must be '<app label>.<what>'")
        if self.code in _KINDS:
            raise ImproperlyConfigured(f"event kind {self.code!r} is declared twice")
        required = frozenset(getattr(self.payload, "__required_keys__", frozenset()))
        object.__setattr__(self, "_required", required)
        object.__setattr__(
            self, "_allowed", required | frozenset(getattr(self.payload, "__optional_keys__", frozenset()))
        )
        _KINDS[self.code] = self

    @property
    def app_label(self) -> str:
        return self.code.split(".", 1)[0]

    def check(self, payload: Mapping[str, Any]) -> None:
        """Refuse a payload with keys its TypedDict does not declare, or without a required one."""
        keys = payload.keys()
        if not (self._required <= keys and keys <= self._allowed):
            raise TypeError(
                f"payload of {self.code} has keys {sorted(keys)}; "
                f"{self.payload.__name__} needs {sorted(self._required)} of {sorted(self._allowed)}"
            )


class UnknownEventKind(LookupError):
    """An event kind no app declared."""


def event_kind(code: str) -> EventKind[Any]:
    try:
        return _KINDS[code]
    except KeyError:
        raise UnknownEventKind(f"no app declares the event kind {code!r}") from None


def declared_kinds() -> list[EventKind[Any]]:
    return sorted(_KINDS.values(), key=lambda kind: kind.code)


def kind_label(code: str) -> str:
    """The kind's label in the active language (the code itself for a kind no longer declared)."""
    kind = _KINDS.get(code)
    return str(kind.label) if kind is not None else code


def person_name(user: User) -> str:
    """The name a person acts under: 姓 then 名 as written in Chinese, else the account name."""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


@dataclass(frozen=True)
class Emission(Generic[P]):
    """One event to write: what :func:`emit` takes, for writing many in one statement."""

    kind: EventKind[P]
    payload: P
    subject: models.Model | None = None
    actor: AbstractBaseUser | AnonymousUser | None = None
    actor_name: str | None = None
    centre_id: int | None = None
    department_id: int | None = None
    at: datetime | None = None


def _row(emission: Emission[Any]) -> Event:
    emission.kind.check(emission.payload)
    origin = current_origin()
    user = emission.actor if isinstance(emission.actor, User) else None
    subject = emission.subject
    if emission.actor_name is not None:
        name = emission.actor_name
    else:
        name = person_name(user) if user is not None else ""
    return Event(
        kind=emission.kind.code,
        occurred_at=emission.at or timezone.now(),
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        subject_repr=str(subject)[:200] if subject is not None else "",
        actor=user,
        actor_name=name[:150],
        payload=emission.payload,
        centre_id=emission.centre_id,
        department_id=emission.department_id,
        origin_ip=origin.ip,
        origin=origin.origin[:300],
        user_agent=origin.user_agent[:300],
    )


def emit(
    kind: EventKind[P],
    *,
    payload: P,
    subject: models.Model | None = None,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_name: str | None = None,
    centre_id: int | None = None,
    department_id: int | None = None,
    at: datetime | None = None,
) -> Event:
    """Append one event (one INSERT, no other query). Call inside the transaction that makes the change.

    ``actor`` None is the system (a scheduled job, a device); ``actor_name`` defaults to the
    person's name (:func:`person_name`) and is kept as it was at the time.
    """
    row = _row(
        Emission(
            kind,
            payload,
            subject=subject,
            actor=actor,
            actor_name=actor_name,
            centre_id=centre_id,
            department_id=department_id,
            at=at,
        )
    )
    _insert(row)
    return row


COLUMNS = (
    "kind",
    "occurred_at",
    "subject_type",
    "subject_id",
    "subject_repr",
    "actor_id",
    "actor_name",
    "payload",
    "centre_id",
    "department_id",
    "origin_ip",
    "origin",
    "user_agent",
)
"""The columns :func:`emit` writes: all but the id and the transaction id, which the database fills in."""


@cache
def _insert_sql(vendor: str) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    return (
        f"INSERT INTO {quote(Event._meta.db_table)} ({', '.join(quote(column) for column in COLUMNS)}) "
        f"VALUES ({', '.join('%s' for _column in COLUMNS)}) RETURNING {quote('id')}, {quote('txid')}"
    )


def _insert(row: Event) -> None:
    """Insert ``row`` with a statement built once per database: on the hot paths (a ticket call, a
    case step) the ORM's compilation of an insert costs several times the database's own work."""
    database = connections[DEFAULT_DB_ALIAS]
    fields = Event._meta
    values = (
        row.kind,
        fields.get_field("occurred_at").get_db_prep_save(row.occurred_at, database),
        row.subject_type,
        row.subject_id,
        row.subject_repr,
        row.actor_id,
        row.actor_name,
        fields.get_field("payload").get_db_prep_save(row.payload, database),
        row.centre_id,
        row.department_id,
        row.origin_ip,
        row.origin,
        row.user_agent,
    )
    with database.cursor() as cursor:
        cursor.execute(_insert_sql(database.vendor), values)
        row.id, row.txid = cursor.fetchone()
    row._state.adding = False
    row._state.db = database.alias


def emit_all(emissions: Iterable[Emission[Any]]) -> list[Event]:
    """Append many events with one bulk insert (a nightly job's bulk change), in the caller's transaction."""
    return Event.objects.bulk_create([_row(emission) for emission in emissions])


@dataclass(frozen=True, order=True)
class Cursor:
    """A reader's place in the stream: the transaction id and id of the last event it has read."""

    txid: int
    id: int

    @classmethod
    def of(cls, event: Event) -> Cursor:
        return cls(txid=event.txid, id=event.id)


START = Cursor(txid=0, id=0)
"""Before the first event."""


def kinds_filter(kinds: Sequence[str]) -> Q:
    """Events of the given kinds: exact codes, or ``"<prefix>.*"`` for every kind under a prefix."""
    condition = Q()
    for pattern in kinds:
        if pattern.endswith(".*"):
            condition |= Q(kind__startswith=pattern[:-1])
        else:
            condition |= Q(kind=pattern)
    return condition


def events_after(cursor: Cursor, *, kinds: Sequence[str] = (), limit: int = 100) -> list[Event]:
    """Up to ``limit`` events after ``cursor``, oldest first, optionally of ``kinds`` only.

    Only events of transactions older than every transaction still open are returned: an event
    that an open transaction may yet commit would sort after them (its transaction id is at least
    the oldest open one), so the next call, from the last returned event's cursor, gets it. On
    SQLite one writer commits at a time and every committed event is final.
    """
    rows = Event.objects.filter(
        Q(txid__gt=cursor.txid) | Q(txid=cursor.txid, id__gt=cursor.id),
        txid__lt=OldestOpenTransactionId(),
    )
    if kinds:
        rows = rows.filter(kinds_filter(kinds))
    return list(rows.order_by("txid", "id")[:limit])
