"""What a signed-in person can open, collected from every app.

Each app lists its entries as ``nav_entries`` on its AppConfig; an entry shows when the user
holds its permission. The home page shows the same entries with their descriptions, and with how
many things wait behind the entries that count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    description: str | Promise
    permission: str | None = None
    """None: every signed-in staff member."""
    count: str | None = None
    """Dotted path of a ``function(*, user) -> int``: how many things wait there for ``user``."""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


class NavLink:
    """An entry as one user sees it; its count is read only when a page shows it (the home page)."""

    def __init__(self, entry: NavEntry, user: User | AnonymousUser) -> None:
        self.entry = entry
        self.user = user

    @property
    def label(self) -> str | Promise:
        return self.entry.label

    @property
    def url(self) -> str:
        return self.entry.url

    @property
    def description(self) -> str | Promise:
        return self.entry.description

    @cached_property
    def count(self) -> int | None:
        if self.entry.count is None:
            return None
        counted: int = import_string(self.entry.count)(user=self.user)
        return counted


def nav_entries_for(user: User | AnonymousUser) -> list[NavLink]:
    if not user.is_authenticated:
        return []
    entries: list[NavLink] = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav_entries", ()):
            if entry.permission is None or user.has_perm(entry.permission):
                entries.append(NavLink(entry, user))
    return entries
