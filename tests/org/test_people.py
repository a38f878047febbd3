"""A person's name prints family name first, one rule for the pages, the admin and the documents."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from govhall.org.people import family_first, person_name
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_member_is_named_by_the_staff_record() -> None:
    staff = StaffFactory(name="吴芳", user__first_name="芳", user__last_name="吴")
    assert person_name(staff.user) == "吴芳"


def test_an_account_without_a_staff_record_prints_the_family_name_first() -> None:
    user = UserFactory(username="wanglei", first_name="磊", last_name="王")
    assert person_name(user) == "王磊"
    assert person_name(UserFactory(username="nobody")) == "nobody"
    assert person_name(AnonymousUser()) == "" and person_name(None) == ""


def test_latin_names_keep_their_own_order() -> None:
    assert family_first("Schmidt", "Anna") == "Anna Schmidt"
    assert family_first("欧阳", "娜娜") == "欧阳娜娜"
    assert family_first("", "") == ""


def test_the_admin_welcomes_the_person_by_the_full_name() -> None:
    admin: User = User.objects.create_superuser(
        "admin", password="pw-for-tests", first_name="磊", last_name="王"
    )
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "<strong>王磊</strong>" in page
    assert "<strong>磊</strong>" not in page


def test_the_page_header_names_the_signed_in_person() -> None:
    staff = StaffFactory(name="吴芳", user__first_name="芳", user__last_name="吴")
    client = Client()
    client.force_login(staff.user)
    page = client.get("/").content.decode()
    assert '<span class="who">吴芳</span>' in page
    assert "您好，吴芳" in page
