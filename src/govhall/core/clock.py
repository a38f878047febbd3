"""The moment a write is recorded at: now, or a past moment a story is told at.

Services and the timestamps of the rows they write read the time here instead of calling
``timezone.now()`` themselves. Normally that is the real time. Code that records what happened
earlier (the demo hall's cases, received weeks before the demo is loaded) runs its writes inside
:func:`recorded_at`, so every event, notice and step is dated by the story, not by the load.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_moment: ContextVar[datetime | None] = ContextVar("govhall_recorded_at", default=None)


def now() -> datetime:
    """The current moment, or the one :func:`recorded_at` set."""
    return _moment.get() or timezone.now()


def today() -> date:
    """The local date of :func:`now`."""
    return timezone.localdate(now())


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Record every write inside the block as made at ``moment`` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("recorded_at needs an aware datetime")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
