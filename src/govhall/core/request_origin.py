"""Where the current change comes from (an HTTP request, a command, the worker)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    origin: str
    ip: str | None = None
    user_agent: str = ""


SYSTEM_ORIGIN = RequestOrigin(origin="system")
_current: ContextVar[RequestOrigin] = ContextVar("govhall_request_origin", default=SYSTEM_ORIGIN)


def current_origin() -> RequestOrigin:
    return _current.get()


@contextmanager
def origin_as(origin: RequestOrigin) -> Iterator[None]:
    token = _current.set(origin)
    try:
        yield
    finally:
        _current.reset(token)
