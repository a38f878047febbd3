"""``{{ user|person_name }}``: a person's name, family name first (:func:`govhall.org.people.person_name`)."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from govhall.org import people

register = template.Library()


@register.filter
def person_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    return people.person_name(user)
