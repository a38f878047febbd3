"""Fixed-window limits on public case tracking (办件查询), so six characters cannot be guessed.

An address may look up ``TRACK_LIMIT_PER_MINUTE`` cases a minute and ``TRACK_LIMIT_PER_HOUR`` an
hour; a case number may be asked with a wrong code ``TRACK_FAILURES_PER_NUMBER`` times an hour,
whoever asks, so spreading guesses over many addresses does not help either. The counts live in the
``shared`` cache (a database table every server process sees); each window's number is part of its
key, so a count never outlives its window.

The database cache's ``incr`` is a read and a write, not one atomic step: two requests at the same
instant may count once. A limiter does not need more; the limits stay small either way.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.utils.translation import gettext_lazy

REFUSED_MESSAGE = gettext_lazy("查询过于频繁，请稍后再试。")


@dataclass(frozen=True)
class Window:
    name: str
    seconds: int
    limit: int


def _address_windows() -> tuple[Window, ...]:
    return (
        Window("minute", 60, settings.TRACK_LIMIT_PER_MINUTE),
        Window("hour", 3600, settings.TRACK_LIMIT_PER_HOUR),
    )


def _number_window() -> Window:
    return Window("failures", 3600, settings.TRACK_FAILURES_PER_NUMBER)


@dataclass(frozen=True)
class Counter:
    key: str
    window: Window
    seconds_left: int


def _counter(subject: str, window: Window, now: float) -> Counter:
    index = int(now // window.seconds)
    seconds_left = max(1, (index + 1) * window.seconds - int(now))
    return Counter(f"govhall:cases:track:{window.name}:{subject}:{index}", window, seconds_left)


def _address_counters(ip: str | None, now: float) -> list[Counter]:
    subject = f"ip:{ip or 'unknown'}"
    return [_counter(subject, window, now) for window in _address_windows()]


def _number_counter(number: str, now: float) -> Counter:
    digest = hashlib.sha256(number.encode()).hexdigest()[:32]
    return _counter(f"number:{digest}", _number_window(), now)


def _hit(shared: BaseCache, counter: Counter, counted: bool) -> None:
    """Count one more in ``counter``'s window; ``counted`` says the key held a count a moment ago."""
    if not counted and shared.add(counter.key, 1, timeout=counter.seconds_left):
        return
    try:
        shared.incr(counter.key)
    except ValueError:
        # The key expired between the read (or the add) and the increment: this is the first.
        shared.add(counter.key, 1, timeout=counter.seconds_left)
        return
    # incr writes the value back with the cache's default timeout; keep the key to its window.
    shared.touch(counter.key, counter.seconds_left)


def track_attempt(*, ip: str | None, number: str) -> bool:
    """Count a tracking attempt from ``ip`` for case ``number``, or refuse it (False, not counted)
    when the address has used up its minute or hour, or the number its wrong codes for the hour."""
    shared = caches["shared"]
    now = time.time()
    address = _address_counters(ip, now)
    failures = _number_counter(number, now)
    counts = shared.get_many([counter.key for counter in [*address, failures]])
    for counter in [*address, failures]:
        if counts.get(counter.key, 0) >= counter.window.limit:
            return False
    for counter in address:
        _hit(shared, counter, counter.key in counts)
    return True


def track_failure_record(*, number: str) -> None:
    """A wrong number or code for ``number``: it counts against that number for the hour."""
    shared = caches["shared"]
    failures = _number_counter(number, time.time())
    _hit(shared, failures, shared.get(failures.key) is not None)
