"""Reads of the catalogue."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from govhall.catalog.models import ItemVersion, LifeEvent, Material, StepKind, VersionState
from govhall.org.models import Centre, Window
from govhall.org.roles import Role
from govhall.org.selectors import access_scope_for, staffed_roles


@dataclass(frozen=True)
class StaffingGap:
    """A step of an item's process that nobody in the item's department can take today."""

    step: str
    role: Role
    department: str

    @property
    def message(self) -> str:
        return _("“%(step)s”环节须由%(role)s办理，但%(department)s目前没有在岗的%(role)s。") % {
            "step": self.step,
            "role": self.role.label,
            "department": self.department,
        }


def version_staffing_gaps(*, version: ItemVersion) -> list[StaffingGap]:
    """The steps of ``version`` whose role no active staff member of the item's department holds, in
    process order: a case would stop there, its clock running, in nobody's work list. The 受理 step
    is not one of them: whoever accepts the case at the window passes it."""
    department = version.item.department
    staffed = staffed_roles(department_ids=[department.pk])
    return [
        StaffingGap(step=step.name, role=Role(step.role), department=department.name)
        for step in version.steps.exclude(kind=StepKind.ACCEPT).order_by("order")
        if (department.pk, step.role) not in staffed
    ]


def published_versions() -> QuerySet[ItemVersion]:
    """Every item's live version, with what a guide shows alongside it."""
    return ItemVersion.objects.filter(state=VersionState.PUBLISHED).select_related(
        "item", "item__department", "item__centre", "process_template"
    )


def published_version(*, item_id: int) -> ItemVersion | None:
    """The live version of one item with its materials, fees, steps and windows, or None."""
    return (
        published_versions()
        .prefetch_related(
            "materials__material", "fees", "steps", "windows", "joint_departments", "life_events"
        )
        .filter(item_id=item_id)
        .first()
    )


def item_names(*, item_ids: Iterable[int]) -> dict[int, str]:
    """The name each item goes by: its published version's, else its latest version's."""
    names: dict[int, str] = {}
    rows = (
        ItemVersion.objects.filter(item_id__in=set(item_ids))
        .order_by("item_id", "-version")
        .values_list("item_id", "name", "state")
    )
    for item_id, name, state in rows:
        if state == VersionState.PUBLISHED or item_id not in names:
            names[item_id] = name
    return names


def item_name(item_id: int | None) -> str:
    """The name of one item (see :func:`item_names`), "" for none."""
    return item_names(item_ids=[item_id]).get(item_id, "") if item_id is not None else ""


def guide_version(*, item_id: int) -> ItemVersion | None:
    """The live version of an item as the public guide shows it: published, at an active centre."""
    version = published_version(item_id=item_id)
    if version is None or not version.item.centre.is_active:
        return None
    return version


def guide_windows(*, version: ItemVersion) -> list[Window]:
    """Where to go: the version's active windows, or else the department's active windows there.

    ``version.windows`` is read through the prefetch cache when :func:`published_version` loaded it.
    """
    chosen = [window for window in version.windows.all() if window.is_active]
    if chosen:
        return sorted(chosen, key=lambda window: (len(window.number), window.number))
    return list(
        Window.objects.filter(
            centre_id=version.item.centre_id, department_id=version.item.department_id, is_active=True
        )
    )


def guide_material(*, item_id: int, material_id: int) -> Material | None:
    """A material the item's published version asks for (its blank form and sample are public)."""
    return Material.objects.filter(
        pk=material_id,
        uses__version__item_id=item_id,
        uses__version__state=VersionState.PUBLISHED,
        uses__version__item__centre__is_active=True,
    ).first()


def guide_centres() -> QuerySet[Centre]:
    """The active centres whose guides the public may browse."""
    return Centre.objects.filter(is_active=True).order_by("code")


@dataclass(frozen=True)
class DepartmentCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class ThemeCount:
    theme: LifeEvent
    count: int


def _centre_condition(centre: Centre | None, prefix: str = "") -> Q:
    if centre is not None:
        return Q(**{f"{prefix}item__centre": centre})
    return Q(**{f"{prefix}item__centre__is_active": True})


def guide_department_counts(*, centre: Centre | None) -> list[DepartmentCount]:
    """Departments with published items at ``centre`` (or every active centre) and how many each.

    Departments are keyed by code: the same code at two centres is one entry when browsing all.
    """
    rows = (
        ItemVersion.objects.filter(_centre_condition(centre), state=VersionState.PUBLISHED)
        .values("item__department__code", "item__department__name")
        .annotate(count=Count("pk"))
        .order_by("item__department__code", "item__department__name")
    )
    return [
        DepartmentCount(
            code=row["item__department__code"], name=row["item__department__name"], count=row["count"]
        )
        for row in rows
    ]


def guide_theme_counts(*, centre: Centre | None) -> list[ThemeCount]:
    """Every theme (办事主题) with the number of published items in it."""
    in_scope = Q(item_versions__state=VersionState.PUBLISHED) & _centre_condition(centre, "item_versions__")
    themes = LifeEvent.objects.annotate(published=Count("item_versions", filter=in_scope)).order_by(
        "order", "code"
    )
    return [ThemeCount(theme=theme, count=theme.published) for theme in themes]


def catalogue_stamp() -> str:
    """Changes whenever what the public sees changes: for cache keys.

    Every such change is a publication (it sets ``published_at`` and supersedes the previous
    version in the same transaction), so the latest ``published_at`` of any version is enough.
    Plain SQL because it runs on every guide page (an index on ``published_at`` makes it O(1)).
    """
    table = connection.ops.quote_name(ItemVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(published_at) FROM {table}")
        row = cursor.fetchone()
    latest = row[0] if row else None
    return hashlib.blake2s(str(latest).encode(), digest_size=8).hexdigest()


def intake_version_for(*, user: User, pk: int) -> ItemVersion | None:
    """A published or superseded version of an item the user may see (a form opened under it may
    still be sent after a newer version went live), or None."""
    scope = access_scope_for(user)
    versions = ItemVersion.objects.filter(
        pk=pk, state__in=[VersionState.PUBLISHED, VersionState.SUPERSEDED]
    ).select_related("item", "item__department", "item__centre")
    return scope.filter(versions, centre="item__centre", department="item__department").first()


def published_version_list_for(*, user: User) -> QuerySet[ItemVersion]:
    """The published version of every item the user may see, in centre and code order."""
    scope = access_scope_for(user)
    return scope.filter(published_versions(), centre="item__centre", department="item__department").order_by(
        "item__centre__code", "item__implementation_code"
    )


@dataclass(frozen=True)
class ScopeCentre:
    """A centre the user's export covers, with how many published items it holds for them."""

    code: str
    name: str
    items: int


def export_scope(*, user: User) -> list[ScopeCentre]:
    """The centres in the user's scope (all of them, even those without items) and their item counts."""
    scope = access_scope_for(user)
    counts = dict(
        published_version_list_for(user=user)
        .order_by()
        .values_list("item__centre_id")
        .annotate(count=Count("pk"))
        .values_list("item__centre_id", "count")
    )
    centres = Centre.objects.filter(pk__in=scope.centre_ids).order_by("code")
    return [ScopeCentre(code=c.code, name=c.name, items=counts.get(c.pk, 0)) for c in centres]
