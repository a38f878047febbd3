"""The organisation's rules, each with its rejection message."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from govhall.org.models import CentreLevel, OpeningHours, Post, WindowKind
from govhall.org.selectors import centre_hours_on, centre_is_open
from tests.factories import CentreFactory, DepartmentFactory, PostFactory, StaffFactory, WindowFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_parent_must_be_a_higher_level() -> None:
    town = CentreFactory(level=CentreLevel.TOWN)
    city = CentreFactory.build(level=CentreLevel.CITY, parent=town)
    with pytest.raises(ValidationError) as raised:
        city.full_clean()
    assert "上级中心的层级必须高于本中心" in messages(raised.value)


def test_centre_phone_is_validated() -> None:
    centre = CentreFactory.build(consultation_phone="12345")
    with pytest.raises(ValidationError) as raised:
        centre.full_clean()
    assert "电话号码无效" in messages(raised.value)


def test_specialised_window_needs_a_department_of_its_centre() -> None:
    window = WindowFactory.build(centre=CentreFactory(), department=None, kind=WindowKind.SPECIALISED)
    with pytest.raises(ValidationError) as raised:
        window.full_clean()
    assert "专业窗口必须指定所属部门" in messages(raised.value)
    window.department = DepartmentFactory(centre=CentreFactory())
    with pytest.raises(ValidationError) as raised:
        window.full_clean()
    assert "所属部门必须进驻在本窗口所在的中心" in messages(raised.value)


def test_window_numbers_are_unique_in_a_centre() -> None:
    first = WindowFactory(number="5")
    duplicate = WindowFactory.build(centre=first.centre, department=first.department, number="5")
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert "窗口" in messages(raised.value)


def test_a_and_b_must_be_two_people_of_the_window_department() -> None:
    post = PostFactory()
    post.b_staff = post.a_staff
    with pytest.raises(ValidationError) as raised:
        post.full_clean()
    assert "A岗和B岗不能是同一人" in messages(raised.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(b_staff=post.a_staff)
    outsider = StaffFactory(
        centre=post.window.centre, department=DepartmentFactory(centre=post.window.centre)
    )
    post.refresh_from_db()
    post.b_staff = outsider
    with pytest.raises(ValidationError) as raised:
        post.full_clean()
    assert "岗位人员必须属于本窗口的所属部门" in messages(raised.value)


def test_chief_representative_needs_a_department() -> None:
    staff = StaffFactory.build(centre=CentreFactory(), department=None, is_chief_representative=True)
    with pytest.raises(ValidationError) as raised:
        staff.full_clean(exclude=["user"])
    assert "首席代表必须属于一个进驻部门" in messages(raised.value)


def test_opening_hours_order_and_date() -> None:
    centre = CentreFactory()
    hours = OpeningHours(
        centre=centre,
        name="冬季作息",
        from_month=2,
        from_day=29,
        morning_start=time(9),
        morning_end=time(12),
        afternoon_start=time(13),
        afternoon_end=time(17),
    )
    with pytest.raises(ValidationError) as raised:
        hours.full_clean()
    assert "起始日期无效" in messages(raised.value)
    hours.from_day = 1
    hours.afternoon_start = time(11)
    with pytest.raises(ValidationError) as raised:
        hours.full_clean()
    assert "作息时间应依次为" in messages(raised.value)


def test_summer_hours_and_inheritance_and_closed_days() -> None:
    city = CentreFactory(level=CentreLevel.CITY)
    district = CentreFactory(level=CentreLevel.COUNTY, parent=city)
    OpeningHours.objects.create(
        centre=city,
        name="冬季作息",
        from_month=10,
        from_day=1,
        morning_start=time(9),
        morning_end=time(12),
        afternoon_start=time(13),
        afternoon_end=time(17),
    )
    OpeningHours.objects.create(
        centre=city,
        name="夏季作息",
        from_month=5,
        from_day=1,
        morning_start=time(9),
        morning_end=time(12),
        afternoon_start=time(13, 30),
        afternoon_end=time(17, 30),
    )
    assert centre_hours_on(district, datetime(2026, 3, 2).date()).name == "冬季作息"
    assert centre_hours_on(district, datetime(2026, 7, 1).date()).name == "夏季作息"
    assert centre_hours_on(district, datetime(2026, 10, 1).date()) is None
    assert centre_is_open(district, datetime(2026, 7, 1, 17, 15, tzinfo=SHANGHAI))
    assert not centre_is_open(district, datetime(2026, 3, 2, 17, 15, tzinfo=SHANGHAI))
    assert not centre_is_open(district, datetime(2026, 3, 2, 12, 30, tzinfo=SHANGHAI))
    assert not centre_is_open(district, datetime(2026, 10, 10, 8, 59, tzinfo=SHANGHAI))
    assert centre_is_open(district, datetime(2026, 10, 10, 9, 0, tzinfo=SHANGHAI))
