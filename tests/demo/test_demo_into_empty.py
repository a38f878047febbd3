"""``govhall serve`` loads the demo hall only into an empty database (``govhall demo --into-empty``)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from govhall.org.models import Centre
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def test_a_configured_hall_is_left_alone() -> None:
    CentreFactory(code="REAL")
    out = StringIO()

    call_command("demo", "--into-empty", stdout=out)

    assert list(Centre.objects.values_list("code", flat=True)) == ["REAL"]
    assert not get_user_model().objects.exists() and out.getvalue() == ""
