"""The demo hall: big enough to show the product, valid, idempotent, one account per role."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from govhall.cases.clocks import case_clock
from govhall.cases.models import Case, CaseState, Notice, NoticeKind
from govhall.cases.selectors import my_tasks, unassigned_cases
from govhall.catalog.models import ItemVersion, VersionState
from govhall.catalog.selectors import version_staffing_gaps
from govhall.core.models import Event
from govhall.core.working_days import TimeUnit
from govhall.demo.hall import (
    AUDIT_ACTION,
    CITY_CODE,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DemoSummary,
    build_demo_hall,
    demo_objects,
)
from govhall.org.models import (
    CalendarAdjustment,
    CalendarAdjustmentKind,
    Centre,
    CentreLevel,
    Department,
    OpeningHours,
    Post,
    StaffProfile,
    Window,
    WindowKind,
)
from govhall.org.roles import ADMIN_SITE_ROLES, GROUP_NAMES, Role, roles_of
from govhall.org.selectors import centre_opening_hours

pytestmark = pytest.mark.django_db

SEED_DEPARTMENTS = [
    "发展和改革委员会",
    "住房和城乡建设局",
    "自然资源和规划局",
    "生态环境局",
    "市场监督管理局",
    "公安局",
    "民政局",
    "人力资源和社会保障局",
    "卫生健康委员会",
    "交通运输局",
    "税务局",
    "医疗保障局",
]


@pytest.fixture(scope="module")
def hall(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    """One demo hall for the module, rolled back at its end; each test runs in a savepoint.

    The passwords are hashed with the fast hasher the tests' autouse fixture selects per test.
    """
    fast_hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashers, transaction.atomic():
        yield build_demo_hall()
        transaction.set_rollback(True)


def test_the_hall_meets_the_minima(hall: DemoSummary) -> None:
    city = Centre.objects.get(code=CITY_CODE)
    assert city.level == CentreLevel.CITY and city.parent is None
    districts = list(city.children.all())
    assert len(districts) == 2 and {d.level for d in districts} == {CentreLevel.COUNTY}
    towns = Centre.objects.filter(level=CentreLevel.TOWN, parent__in=districts)
    assert towns.count() == 1
    assert all(c.address and c.consultation_phone and c.complaint_phone for c in Centre.objects.all())

    city_departments = list(Department.objects.filter(centre=city).values_list("name", flat=True))
    assert len(city_departments) >= 12
    for wanted in SEED_DEPARTMENTS:
        assert any(wanted in name for name in city_departments), wanted
    assert all(d.short_name for d in Department.objects.all())
    assert Department.objects.filter(centre__in=districts).exists()

    numbers = sorted(int(n) for n in Window.objects.filter(centre=city).values_list("number", flat=True))
    assert len(numbers) >= 30 and numbers == list(range(1, len(numbers) + 1))
    assert set(Window.objects.filter(centre=city).values_list("kind", flat=True)) == set(WindowKind.values)
    assert Window.objects.exclude(centre=city).count() >= 4

    assert StaffProfile.objects.count() >= 40
    assert all(profile.is_chief_representative for profile in _chiefs())
    assert {d.pk for d in Department.objects.all()} == {p.department_id for p in _chiefs()}

    assert hall.totals["city_windows"] == len(numbers)
    assert hall.totals["staff"] == StaffProfile.objects.count()


def _chiefs() -> list[StaffProfile]:
    return list(StaffProfile.objects.filter(user__groups__name=GROUP_NAMES[Role.CHIEF_REPRESENTATIVE]))


def test_hours_are_the_city_centres_and_inherited_below(hall: DemoSummary) -> None:
    city = Centre.objects.get(code=CITY_CODE)
    rows = {row.name: row for row in OpeningHours.objects.filter(centre=city)}
    assert set(rows) == {"冬季作息", "夏季作息"}
    winter, summer = rows["冬季作息"], rows["夏季作息"]
    assert (winter.from_month, winter.from_day, str(winter.afternoon_start)) == (10, 1, "13:00:00")
    assert (summer.from_month, summer.from_day, str(summer.afternoon_end)) == (5, 1, "17:30:00")
    assert OpeningHours.objects.exclude(centre=city).count() == 0
    town = Centre.objects.get(level=CentreLevel.TOWN)
    assert {row.pk for row in centre_opening_hours(town)} == {winter.pk, summer.pk}
    closure = CalendarAdjustment.objects.get()
    assert closure.kind == CalendarAdjustmentKind.CLOSED and closure.reason == "台风停止办公"
    assert closure.date.year == 2026 and closure.centre.level == CentreLevel.COUNTY


def _state() -> dict[str, list[int]]:
    watched: list[type[models.Model]] = [
        Centre,
        OpeningHours,
        CalendarAdjustment,
        Department,
        Window,
        StaffProfile,
        Post,
        get_user_model(),
        Event,
    ]
    state = {model.__name__: sorted(model._default_manager.values_list("pk", flat=True)) for model in watched}
    state["memberships"] = sorted(get_user_model().groups.through.objects.values_list("pk", flat=True))
    return state


def test_a_second_run_changes_nothing(hall: DemoSummary) -> None:
    assert hall.changed
    before = _state()
    again = build_demo_hall()
    assert not again.changed
    assert again.totals == hall.totals
    assert _state() == before


def test_one_audit_event_summarises_the_build(hall: DemoSummary) -> None:
    event = Event.objects.get(kind=AUDIT_ACTION)
    assert event.actor is None
    assert event.payload["after"]["totals"]["staff"] == StaffProfile.objects.count()
    assert event.payload["after"]["created"]["window"] == Window.objects.count()


def test_each_role_has_its_demo_account(hall: DemoSummary) -> None:
    assert {spec.role for spec in DEMO_ACCOUNTS} == set(Role)
    for spec in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=spec.username)
        assert user.check_password(DEMO_PASSWORD), spec.username
        assert roles_of(user) == {spec.role}, spec.username
        assert StaffProfile.objects.get(user=user).name == spec.name
        assert user.is_staff == (spec.role in ADMIN_SITE_ROLES), spec.username
    clerk = StaffProfile.objects.get(user__username="clerk")
    assert Post.objects.filter(a_staff=clerk).exists()
    assert StaffProfile.objects.get(user__username="chief").is_chief_representative
    assert [username for username, *_rest in hall.accounts] == [spec.username for spec in DEMO_ACCOUNTS]


def test_admin_site_access_follows_the_roles(hall: DemoSummary) -> None:
    users = get_user_model().objects.filter(staff__isnull=False)
    assert not users.filter(is_superuser=True).exists()
    for user in users:
        assert user.is_staff == bool(roles_of(user) & ADMIN_SITE_ROLES), user.username
        assert roles_of(user), user.username


def test_every_window_is_staffed_by_two_different_people(hall: DemoSummary) -> None:
    windows = Window.objects.all()
    assert Post.objects.values("window").distinct().count() == windows.count()
    for post in Post.objects.select_related("window", "a_staff", "b_staff"):
        assert post.a_staff_id != post.b_staff_id, post
        if post.window.department_id is not None:
            assert post.a_staff.department_id == post.window.department_id == post.b_staff.department_id


def test_every_object_passes_full_clean(hall: DemoSummary) -> None:
    checked = 0
    for obj in demo_objects():
        obj.full_clean()
        checked += 1
    assert checked > 200


def test_the_command_on_a_built_hall_changes_nothing_and_lists_the_accounts(hall: DemoSummary) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "nothing changed" in text
    assert CITY_CODE in text and DEMO_PASSWORD in text
    for spec in DEMO_ACCOUNTS:
        assert spec.username in text and spec.name in text


# The demo's cases and the staff their items need ----------------------------------------------


def test_every_demo_item_has_someone_for_each_of_its_steps(hall: DemoSummary) -> None:
    published = ItemVersion.objects.filter(state=VersionState.PUBLISHED).select_related("item__department")
    gaps = {version.name: version_staffing_gaps(version=version) for version in published}
    assert {name: found for name, found in gaps.items() if found} == {}
    assert len(gaps) == hall.totals["published_items"]


def test_no_demo_case_waits_on_a_step_nobody_can_take(hall: DemoSummary) -> None:
    manager = get_user_model().objects.get(username="manager")
    assert Case.objects.filter(state=CaseState.HANDLING).count() >= 5
    assert list(unassigned_cases(user=manager)) == []


def test_the_demo_cases_are_dated_by_their_story(hall: DemoSummary) -> None:
    """A case received on 23 November has its events, notices and steps dated from then on, not on
    the day the demo was loaded; no step is due after its case; nothing happens in the future."""
    now = timezone.now()
    cases = list(Case.objects.all())
    assert min(case.received_on for case in cases) < timezone.localdate()
    for case in cases:
        events = list(case.events.order_by("occurred_at", "id"))
        assert timezone.localdate(events[0].occurred_at) == case.received_on, case.number
        assert all(event.occurred_at <= now for event in events), case.number
        for notice in case.notices.all():
            assert notice.issued_on == timezone.localdate(notice.issued_at), case.number
            assert case.received_on <= notice.issued_on <= timezone.localdate(), case.number
        for step in case.steps.exclude(started_on=None):
            assert step.started_on >= case.received_on, case.number
            assert timezone.localdate(step.started_at) == step.started_on, case.number
            if case.due_on is not None and step.due_on is not None:
                assert step.due_on <= case.due_on, (case.number, step.name)
    acceptance = Notice.objects.filter(kind=NoticeKind.ACCEPTANCE).select_related("case")
    assert all(notice.issued_on == notice.case.accepted_on for notice in acceptance)


def test_a_street_office_case_went_up_to_the_district_and_waits_for_its_reviewer(hall: DemoSummary) -> None:
    origin = Case.objects.get(centre__code="WF-KW-DG", item_name="城镇居民最低生活保障")
    assert origin.state == CaseState.ESCALATED
    linked = origin.forwarding.linked_case
    assert linked is not None and linked.centre.code == "WF-KW" and linked.department.name == "奎文区民政局"
    reviewer = get_user_model().objects.get(username="kw-reviewer")
    assert [step.case_id for step in my_tasks(user=reviewer).steps] == [linked.pk]


def test_an_identity_card_case_reads_in_natural_days(hall: DemoSummary) -> None:
    case = Case.objects.get(item_name="居民身份证换领")
    assert case.limit_unit == TimeUnit.NATURAL_DAY
    assert "自然日" in case_clock(case, today=timezone.localdate()).label
