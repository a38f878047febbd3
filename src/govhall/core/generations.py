"""Generations of cached answers, shared by every server process.

An answer that is asked for on every request but changes rarely (a centre's working calendar, its
opening hours) is kept in each process's own memory under a key that holds its generation's token.
A change to what the answer is built from writes a new, random token into the database, in the
same transaction as the change; every process reads the token from the database, so the next
request anywhere uses the new answer. The read is one primary-key lookup, done once per request
(:func:`generations_memo`, opened by ``GenerationsMiddleware``) and at each call outside a request
(commands, the worker), which must never use an answer older than the database.

A token is random rather than counted, so one written by a transaction that rolled back is never
written again: an answer cached under it in the meantime can never be taken for a current one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from govhall.core.models import CacheGeneration

_memo: ContextVar[dict[str, str] | None] = ContextVar("govhall_generations", default=None)


def generation_current(name: str) -> str:
    """The token of generation ``name`` ("" until it is first bumped), read once per request."""
    memo = _memo.get()
    if memo is not None and name in memo:
        return memo[name]
    token = CacheGeneration.objects.filter(name=name).values_list("token", flat=True).first() or ""
    if memo is not None:
        memo[name] = token
    return token


def generation_bump(name: str) -> None:
    """Start a new generation of ``name``: every process rebuilds its cached answers once the
    surrounding transaction commits (a single upsert, safe against racing bumps)."""
    token = secrets.token_hex(8)
    CacheGeneration.objects.bulk_create(
        [CacheGeneration(name=name, token=token)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["token"],
    )
    memo = _memo.get()
    if memo is not None:
        memo[name] = token


@contextmanager
def generations_memo() -> Iterator[None]:
    """Read each generation at most once inside the block (one request)."""
    reset = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(reset)
