"""factory_boy factories for the organisation, with traits for the usual roles."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from stdnum.cn import ric

from govhall.org.models import Centre, CentreLevel, Department, Post, StaffProfile, Window, WindowKind
from govhall.org.roles import Role, group_for


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试市政务服务中心{n}")
    code = factory.Sequence(lambda n: f"C{n:03d}")
    level = CentreLevel.CITY


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"测试局{n}")
    code = factory.Sequence(lambda n: f"D{n:03d}")


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    centre = factory.SubFactory(CentreFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"窗口{n}")
    kind = WindowKind.SPECIALISED
    department = factory.SubFactory(DepartmentFactory, centre=factory.SelfAttribute("..centre"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member; ``StaffFactory(roles=[Role.CENTRE_MANAGER])`` puts them in role groups."""

    class Meta:
        model = StaffProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"员工{n}")
    staff_number = factory.Sequence(lambda n: f"S{n:04d}")
    centre = factory.SubFactory(CentreFactory)
    department = factory.SubFactory(DepartmentFactory, centre=factory.SelfAttribute("..centre"))

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: Any) -> None:
        if not create:
            return
        for role in extracted or [Role.WINDOW_CLERK]:
            self.user.groups.add(group_for(role))


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    window = factory.SubFactory(WindowFactory)
    name = factory.Sequence(lambda n: f"受理岗{n}")
    a_staff = factory.SubFactory(
        StaffFactory,
        centre=factory.SelfAttribute("..window.centre"),
        department=factory.SelfAttribute("..window.department"),
    )
    b_staff = factory.SubFactory(
        StaffFactory,
        centre=factory.SelfAttribute("..window.centre"),
        department=factory.SelfAttribute("..window.department"),
    )


def resident_id_number(*, region: str = "110105", born: str = "19800101", sequence: str = "001") -> str:
    """A well-formed 18-character 居民身份证号码 with its GB 11643 check digit computed."""
    body = f"{region}{born}{sequence}"
    return body + ric.calc_check_digit(body + "0")  # the function ignores the last character
