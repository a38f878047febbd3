from django.http import HttpRequest

from govhall.core.navigation import NavEntry, nav_entries_for


def navigation(request: HttpRequest) -> dict[str, list[NavEntry]]:
    return {"nav_entries": nav_entries_for(request.user)}
