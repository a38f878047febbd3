"""Reads of the organisation, and the one place that decides what a user may see.

Every later app scopes its querysets with :func:`access_scope_for` (``scope.filter(qs, …)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core.generations import generation_bump, generation_current
from govhall.core.roles import CENTRE_WIDE_ROLES, role_codes_of, role_definitions
from govhall.core.working_days import WorkingCalendar, national_holiday_name
from govhall.org.models import (
    CalendarAdjustment,
    CalendarAdjustmentKind,
    Centre,
    Department,
    OpeningHours,
    Post,
    StaffProfile,
    Window,
    WindowKind,
    opening_hours_for,
)

M = TypeVar("M", bound=models.Model)


def _parent_map() -> dict[int, int | None]:
    return dict(Centre.objects.values_list("id", "parent_id"))


def centre_subtree_ids(centre_id: int) -> frozenset[int]:
    """The centre and every centre below it."""
    children: dict[int | None, list[int]] = {}
    for child, parent in _parent_map().items():
        children.setdefault(parent, []).append(child)
    found, pending = {centre_id}, [centre_id]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return frozenset(found)


def centre_lineage_ids(centre_id: int) -> list[int]:
    """The centre, its parent, … up to the root: nearest first."""
    parents = _parent_map()
    lineage: list[int] = []
    current: int | None = centre_id
    while current is not None and current not in lineage:
        lineage.append(current)
        current = parents.get(current)
    return lineage


def _adjustments_in_force(centre_id: int, **filters: object) -> dict[date, CalendarAdjustment]:
    """The centre's and its ancestors' adjustments by date; the nearest centre's wins."""
    lineage = centre_lineage_ids(centre_id)
    rank = {centre_id: position for position, centre_id in enumerate(lineage)}
    chosen: dict[date, CalendarAdjustment] = {}
    for adjustment in CalendarAdjustment.objects.filter(centre_id__in=lineage, **filters).select_related(
        "centre"
    ):
        current = chosen.get(adjustment.date)
        if current is None or rank[adjustment.centre_id] < rank[current.centre_id]:
            chosen[adjustment.date] = adjustment
    return chosen


def centre_calendar(centre_id: int) -> WorkingCalendar:
    """The national calendar with this centre's adjustments and those it inherits (by the centre's
    id, so reading the clocks of a list of cases needs no centre rows).

    Every deadline and clock asks for it, so each process keeps it, like the opening hours, until
    a centre, its hours or its calendar change anywhere (``calendar_changed``).
    """
    key = f"govhall:org:calendar:{generation_current(CALENDAR_GENERATION)}:{centre_id}"
    cached = cache.get(key)
    if isinstance(cached, WorkingCalendar):
        return cached
    calendar = _build_calendar(centre_id)
    cache.set(key, calendar, timeout=CALENDAR_CACHE_SECONDS)
    return calendar


def _build_calendar(centre_id: int) -> WorkingCalendar:
    in_force = _adjustments_in_force(centre_id)
    return WorkingCalendar(
        overrides={
            day: adjustment.kind == CalendarAdjustmentKind.WORKING for day, adjustment in in_force.items()
        }
    )


def centre_adjustments(centre: Centre, *, year: int) -> list[CalendarAdjustment]:
    """Adjustments in force for the centre in a year (inherited ones included), by date."""
    in_force = _adjustments_in_force(centre.pk, date__year=year)
    return [in_force[day] for day in sorted(in_force)]


def centre_opening_hours(centre: Centre) -> list[OpeningHours]:
    """The centre's own 作息时间, or the nearest ancestor's when it has none."""
    lineage = centre_lineage_ids(centre.pk)
    rows = list(OpeningHours.objects.filter(centre_id__in=lineage))
    for centre_id in lineage:
        own = [row for row in rows if row.centre_id == centre_id]
        if own:
            return own
    return []


CALENDAR_GENERATION = "org.calendar"
"""The generation (core.generations) of every centre's calendar and opening hours."""
CALENDAR_CACHE_SECONDS = 3600
"""How long a process keeps an answer nobody asked for again (memory only: a change is seen at once)."""


def calendar_changed(**kwargs: object) -> None:
    """Signal receiver: a centre, its hours or its calendar adjustments changed; every process's
    cached calendars and hours are stale from the commit on."""
    generation_bump(CALENDAR_GENERATION)


def centre_hours_on(centre: Centre, day: date) -> OpeningHours | None:
    """The hours in force that day, or None when the centre does not open (a non-working day).

    Asked on every ticket issued, so each process keeps the answer until a centre, its hours or its
    calendar change anywhere (``calendar_changed``).
    """
    key = f"govhall:org:hours:{generation_current(CALENDAR_GENERATION)}:{centre.pk}:{day.isoformat()}"
    cached: tuple[OpeningHours | None] | None = cache.get(key)
    if cached is not None:
        return cached[0]
    hours = (
        opening_hours_for(centre_opening_hours(centre), day)
        if centre_calendar(centre.pk).is_working_day(day)
        else None
    )
    cache.set(key, (hours,), timeout=CALENDAR_CACHE_SECONDS)
    return hours


def centre_day_off_reason(centre: Centre, day: date) -> str:
    """Why the centre does not work on ``day`` (a day :func:`centre_hours_on` has no hours for): the
    reason of the 停止办公 adjustment in force, the public holiday's name, or 休息日."""
    adjustment = _adjustments_in_force(centre.pk, date=day).get(day)
    if adjustment is not None and adjustment.kind == CalendarAdjustmentKind.CLOSED:
        return adjustment.reason
    return national_holiday_name(day) or _("休息日")


def centre_is_open(centre: Centre, moment: datetime | None = None) -> bool:
    local = timezone.localtime(moment) if moment is not None else timezone.localtime()
    hours = centre_hours_on(centre, local.date())
    return hours is not None and hours.is_open_at(local.time())


@dataclass(frozen=True)
class AccessScope:
    """What a user may see: all of some centres, or only some departments in them.

    ``department_ids`` None means every department of ``centre_ids``.
    """

    centre_ids: frozenset[int]
    department_ids: frozenset[int] | None

    @property
    def is_empty(self) -> bool:
        return not self.centre_ids

    def filter(
        self, queryset: models.QuerySet[M], *, centre: str = "centre", department: str | None = "department"
    ) -> models.QuerySet[M]:
        """Narrow ``queryset`` whose rows point to a centre and (optionally) a department."""
        if self.is_empty:
            return queryset.none()
        condition = Q(**{f"{centre}__in": self.centre_ids})
        if self.department_ids is not None:
            if department is None:
                return queryset.none()
            condition &= Q(**{f"{department}__in": self.department_ids})
        return queryset.filter(condition)

    def allows(self, *, centre_id: int, department_id: int | None) -> bool:
        if centre_id not in self.centre_ids:
            return False
        return self.department_ids is None or department_id in self.department_ids


NO_ACCESS = AccessScope(centre_ids=frozenset(), department_ids=frozenset())


def staff_profile_of(user: AbstractBaseUser | AnonymousUser) -> StaffProfile | None:
    if not isinstance(user, User):
        return None
    try:
        return user.staff
    except StaffProfile.DoesNotExist:
        return None


def access_scope_for(user: AbstractBaseUser | AnonymousUser) -> AccessScope:
    """Superusers see everything; centre-wide roles their centre's subtree; others their department."""
    if not isinstance(user, User) or not user.is_active:
        return NO_ACCESS
    if user.is_superuser:
        return AccessScope(
            centre_ids=frozenset(Centre.objects.values_list("id", flat=True)), department_ids=None
        )
    profile = staff_profile_of(user)
    if profile is None:
        return NO_ACCESS
    if role_codes_of(user) & CENTRE_WIDE_ROLES:
        return AccessScope(centre_ids=centre_subtree_ids(profile.centre_id), department_ids=None)
    if profile.department_id is None:
        return NO_ACCESS
    return AccessScope(
        centre_ids=frozenset({profile.centre_id}), department_ids=frozenset({profile.department_id})
    )


def staffed_roles(*, department_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(department id, role code) for every role that some active member of the department's staff
    holds.

    A case's step is taken by an active staff member of the step's department holding the step's
    role (the cases app's step rule, ``step_refusal``); a (department, role) missing here is a step
    nobody can take.
    """
    code_by_group = {definition.group_name: code for code, definition in role_definitions().items()}
    rows = (
        StaffProfile.objects.filter(
            department_id__in=list(department_ids),
            user__is_active=True,
            user__groups__name__in=list(code_by_group),
        )
        .values_list("department_id", "user__groups__name")
        .distinct()
    )
    return {(department_id, code_by_group[name]) for department_id, name in rows if department_id is not None}


def department_list_for(*, user: AbstractBaseUser | AnonymousUser) -> models.QuerySet[Department]:
    scope = access_scope_for(user)
    return scope.filter(Department.objects.select_related("centre"), department="id")


def window_list_for(*, user: AbstractBaseUser | AnonymousUser) -> models.QuerySet[Window]:
    scope = access_scope_for(user)
    return scope.filter(Window.objects.select_related("centre", "department"))


def staff_list_for(*, user: AbstractBaseUser | AnonymousUser) -> models.QuerySet[StaffProfile]:
    scope = access_scope_for(user)
    return scope.filter(StaffProfile.objects.select_related("centre", "department", "user"))


@dataclass(frozen=True)
class HeldPost:
    post: Post
    side: str
    partner: StaffProfile


def posts_held_by(profile: StaffProfile) -> list[HeldPost]:
    """The window posts a person holds, as A or B, with the other person of the pair."""
    posts = Post.objects.filter(Q(a_staff=profile) | Q(b_staff=profile)).select_related(
        "window", "a_staff", "b_staff"
    )
    return [
        HeldPost(post=post, side="A", partner=post.b_staff)
        if post.a_staff_id == profile.pk
        else HeldPost(post=post, side="B", partner=post.a_staff)
        for post in posts
    ]


def cashier_windows(centre: Centre) -> list[Window]:
    """Where the centre's fees are paid: its active 收费窗口, in number order."""
    return list(Window.objects.filter(centre=centre, kind=WindowKind.CASHIER, is_active=True))
