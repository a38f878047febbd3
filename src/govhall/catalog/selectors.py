"""Reads of the catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from govhall.catalog.models import ItemVersion, VersionState


def published_versions() -> QuerySet[ItemVersion]:
    """Every item's live version, with what a guide shows alongside it."""
    return ItemVersion.objects.filter(state=VersionState.PUBLISHED).select_related(
        "item", "item__department", "item__centre", "process_template"
    )


def published_version(*, item_id: int) -> ItemVersion | None:
    """The live version of one item with its materials, fees, steps and windows, or None."""
    return (
        published_versions()
        .prefetch_related("materials__material", "fees", "steps", "windows", "joint_departments", "life_events")
        .filter(item_id=item_id)
        .first()
    )
