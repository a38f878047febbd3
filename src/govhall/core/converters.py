"""Path converters: how a URL's text becomes an argument of a view."""

from __future__ import annotations

MAX_DATABASE_ID = 2**63 - 1
"""The largest primary key any table can hold (a signed 64-bit integer, BigAutoField)."""


class DatabaseIdConverter:
    """``<id:pk>``: a row's id, a whole number no larger than :data:`MAX_DATABASE_ID`.

    A longer number cannot name a row; it matches no URL (404) instead of reaching a query that the
    database driver cannot even send (``OverflowError`` on SQLite, out of range on PostgreSQL).
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_DATABASE_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)
