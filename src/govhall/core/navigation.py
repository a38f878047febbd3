"""What a signed-in person can open, collected from every app.

Each app lists its entries as ``nav_entries`` on its AppConfig; an entry shows when the user
holds its permission. The home page shows the same entries with their descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    description: str | Promise
    permission: str | None = None
    """None: every signed-in staff member."""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def nav_entries_for(user: User | AnonymousUser) -> list[NavEntry]:
    if not user.is_authenticated:
        return []
    entries: list[NavEntry] = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav_entries", ()):
            if entry.permission is None or user.has_perm(entry.permission):
                entries.append(entry)
    return entries
