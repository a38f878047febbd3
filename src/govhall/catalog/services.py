"""Every write to the catalogue: creating items, revising, submitting, returning, publishing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.models import (
    ItemFee,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    ProcessTemplate,
    ServiceItem,
    VersionState,
)
from govhall.catalog.rules import completeness_problems
from govhall.catalog.search_text import build_search_text
from govhall.catalog.selectors import version_staffing_gaps
from govhall.core.audit import audit_record, snapshot
from govhall.org.models import Centre, Department

M2M_FIELDS = ("joint_departments", "life_events", "windows")
NOT_COPIED = {
    "id",
    "item",
    "version",
    "state",
    "search_text",
    "created_at",
    "created_by",
    "submitted_at",
    "published_at",
    "published_by",
    "superseded_at",
}


def _version_snapshot(version: ItemVersion) -> dict[str, Any]:
    data = snapshot(version)
    data["state"] = version.state
    data["version"] = version.version
    return data


Line = TypeVar("Line", ItemMaterial, ItemFee, ItemStep)

LINE_FIELDS: dict[type[ItemMaterial | ItemFee | ItemStep], tuple[str, ...]] = {
    ItemMaterial: (
        "material_id",
        "order",
        "originals",
        "copies",
        "requirement",
        "condition",
        "medium",
        "notes",
    ),
    ItemFee: ("order", "name", "amount", "standard", "legal_basis"),
    ItemStep: ("order", "name", "kind", "role", "budget_days"),
}


def version_add_lines(*, version: ItemVersion, model: type[Line], rows: Iterable[object]) -> None:
    """Add lines (materials, fees or steps) to a version from rows with the same attributes:
    another version's lines, a template's steps, or lines read from a spreadsheet."""
    fields = LINE_FIELDS[model]
    model._default_manager.bulk_create(
        [model(version=version, **{field: getattr(row, field) for field in fields}) for row in rows]
    )


def version_refresh_search_text(*, version: ItemVersion) -> None:
    version.search_text = build_search_text(
        name=version.name,
        keywords=version.keywords,
        codes=[version.item.implementation_code, version.basic_code],
        department=version.item.department.name,
    )
    ItemVersion.objects.filter(pk=version.pk).update(search_text=version.search_text)


def item_create(
    *,
    actor: User | None,
    centre: Centre,
    department: Department,
    implementation_code: str,
    fields: dict[str, Any],
) -> ItemVersion:
    """A new item with its first draft version; ``fields`` are ItemVersion's own fields."""
    if department.centre_id != centre.pk:
        raise ValidationError({"department": _("实施主体必须是进驻本中心的部门。")})
    with transaction.atomic():
        item = ServiceItem(centre=centre, department=department, implementation_code=implementation_code)
        item.full_clean()
        item.save()
        version = ItemVersion(item=item, version=1, state=VersionState.DRAFT, created_by=actor, **fields)
        version.full_clean()
        version.save()
        version_refresh_search_text(version=version)
        audit_record(
            actor=actor, action="catalog.item.create", target=version, after=_version_snapshot(version)
        )
    return version


def version_apply_template(
    *, actor: User | None, version: ItemVersion, template: ProcessTemplate
) -> ItemVersion:
    """Replace a draft's steps with the template's (the item may adjust them afterwards)."""
    _require_state(version, VersionState.DRAFT)
    with transaction.atomic():
        version.steps.all().delete()
        version_add_lines(version=version, model=ItemStep, rows=template.steps.all())
        version.process_template = template
        version.save(update_fields=["process_template"])
        audit_record(
            actor=actor,
            action="catalog.version.apply_template",
            target=version,
            after={"template": template.code},
        )
    return version


def version_revise(*, actor: User | None, item: ServiceItem) -> ItemVersion:
    """A new draft copied from the published version; editing a published version goes through here."""
    with transaction.atomic():
        ServiceItem.objects.select_for_update().get(pk=item.pk)
        if item.versions.filter(state__in=[VersionState.DRAFT, VersionState.SUBMITTED]).exists():
            raise ValidationError(_("该事项已有未发布的版本，请在该版本上修改。"))
        source = item.versions.filter(state=VersionState.PUBLISHED).first()
        if source is None:
            raise ValidationError(_("该事项还没有已发布的版本。"))
        latest = item.versions.order_by("-version").values_list("version", flat=True).first() or 0
        fields = {
            field.name: getattr(source, field.name)
            for field in ItemVersion._meta.concrete_fields
            if field.name not in NOT_COPIED
        }
        draft = ItemVersion.objects.create(
            item=item,
            version=latest + 1,
            state=VersionState.DRAFT,
            created_by=actor,
            search_text=source.search_text,
            **fields,
        )
        for name in M2M_FIELDS:
            getattr(draft, name).set(getattr(source, name).all())
        version_add_lines(version=draft, model=ItemMaterial, rows=source.materials.all())
        version_add_lines(version=draft, model=ItemFee, rows=source.fees.all())
        version_add_lines(version=draft, model=ItemStep, rows=source.steps.all())
        audit_record(
            actor=actor, action="catalog.version.revise", target=draft, after={"from_version": source.version}
        )
    return draft


def _require_state(version: ItemVersion, state: VersionState) -> None:
    if version.state != state:
        raise ValidationError(
            _("该版本当前为“%(current)s”，不能进行此操作。") % {"current": version.get_state_display()}
        )


def _check_ready(version: ItemVersion) -> None:
    version.full_clean()
    problems = completeness_problems(version)
    if problems:
        raise ValidationError(problems)


def version_submit(*, actor: User | None, version: ItemVersion) -> ItemVersion:
    """A department hands a draft to the centre for approval."""
    with transaction.atomic():
        version = ItemVersion.objects.select_for_update().get(pk=version.pk)
        _require_state(version, VersionState.DRAFT)
        _check_ready(version)
        version.state = VersionState.SUBMITTED
        version.submitted_at = timezone.now()
        version.save(update_fields=["state", "submitted_at"])
        audit_record(
            actor=actor, action="catalog.version.submit", target=version, after={"state": version.state}
        )
    return version


def version_return(*, actor: User | None, version: ItemVersion, reason: str) -> ItemVersion:
    """The centre sends a submitted version back to the department with a reason."""
    if not reason.strip():
        raise ValidationError(_("退回修改须说明原因。"))
    with transaction.atomic():
        version = ItemVersion.objects.select_for_update().get(pk=version.pk)
        _require_state(version, VersionState.SUBMITTED)
        version.state = VersionState.DRAFT
        version.save(update_fields=["state"])
        audit_record(
            actor=actor,
            action="catalog.version.return",
            target=version,
            after={"state": version.state, "reason": reason.strip()},
        )
    return version


def version_publish(*, actor: User | None, version: ItemVersion) -> ItemVersion:
    """The centre approves: this version goes live and the previous published one is superseded.

    A step nobody in the department can take yet does not block publishing (the department may be
    staffing up), but it is written into the audit record; the pages that publish warn about it
    (``selectors.version_staffing_gaps``)."""
    with transaction.atomic():
        ServiceItem.objects.select_for_update().get(pk=version.item_id)
        version = ItemVersion.objects.get(pk=version.pk)
        _require_state(version, VersionState.SUBMITTED)
        _check_ready(version)
        now = timezone.now()
        previous = ItemVersion.objects.filter(item_id=version.item_id, state=VersionState.PUBLISHED).first()
        if previous is not None:
            previous.state = VersionState.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["state", "superseded_at"])
            audit_record(
                actor=actor,
                action="catalog.version.supersede",
                target=previous,
                after={"state": previous.state, "by_version": version.version},
            )
        version.state = VersionState.PUBLISHED
        version.published_at = now
        version.published_by = actor
        version.save(update_fields=["state", "published_at", "published_by"])
        gaps = version_staffing_gaps(version=version)
        audit_record(
            actor=actor,
            action="catalog.version.publish",
            target=version,
            after={**_version_snapshot(version), "unstaffed_steps": [gap.message for gap in gaps]},
        )
    return version
