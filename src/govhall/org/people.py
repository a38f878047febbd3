"""How a person's name prints: the one rule every page, notice, history row and export uses."""

from __future__ import annotations

import unicodedata

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from govhall.org.selectors import staff_profile_of


def _is_cjk(text: str) -> bool:
    return any(unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH") for char in text)


def family_first(family_name: str, given_name: str) -> str:
    """吴 + 芳 → 吴芳: Chinese names are written family name first with no space; a Latin name keeps
    its own order (Anna Schmidt)."""
    family, given = family_name.strip(), given_name.strip()
    if _is_cjk(family + given):
        return f"{family}{given}"
    return " ".join(part for part in (given, family) if part)


def person_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """A person as every page and document names them: the staff member's name (吴芳), else the
    account's family and given names in that order, else the login name ("" for nobody)."""
    if user is None or not isinstance(user, User):
        return ""
    profile = staff_profile_of(user)
    if profile is not None and profile.name.strip():
        return profile.name.strip()
    return family_first(user.last_name, user.first_name) or user.get_username()
