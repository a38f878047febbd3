from django.http import HttpRequest

from govhall.core.navigation import NavLink, nav_entries_for


def navigation(request: HttpRequest) -> dict[str, list[NavLink]]:
    return {"nav_entries": nav_entries_for(request.user)}
