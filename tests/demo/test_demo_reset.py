"""``govhall demo`` on an empty database and with ``--reset`` (which flushes, hence transactional)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from govhall.core.models import Event
from govhall.demo.hall import AUDIT_ACTION, CITY_CODE, DEMO_ACCOUNTS, DEMO_PASSWORD
from govhall.org.models import Post, StaffProfile
from govhall.org.roles import GROUP_NAMES, Role, roles_of


@pytest.mark.django_db(transaction=True)
def test_build_then_reset_wipes_and_rebuilds() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "created" in text and CITY_CODE in text and DEMO_PASSWORD in text
    for spec in DEMO_ACCOUNTS:
        assert spec.username in text and spec.name in text
    staff = StaffProfile.objects.count()
    Post.objects.filter(window__number="10").delete()
    get_user_model().objects.create_user("stranger", password="not-part-of-the-demo")
    out = StringIO()
    call_command("demo", "--reset", stdout=out)
    assert not get_user_model().objects.filter(username="stranger").exists()
    assert Post.objects.filter(window__number="10", window__centre__code=CITY_CODE).exists()
    assert set(GROUP_NAMES.values()) <= set(Group.objects.values_list("name", flat=True))
    assert roles_of(get_user_model().objects.get(username="manager")) == {Role.CENTRE_MANAGER}
    assert Event.objects.filter(kind=AUDIT_ACTION).count() == 1
    assert StaffProfile.objects.count() == staff
