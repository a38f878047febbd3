"""The public guide (办事指南): browse and search the published catalogue, one page per item.

No login. Every read goes through :mod:`govhall.catalog.search` and the catalogue selectors,
which only ever return published versions at active centres.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import segno
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from govhall.catalog.models import Audience, HandlingForm, ServiceObject
from govhall.catalog.search import GuideFilters, ResultPage, guide_page, page_number, parse_guide_filters
from govhall.catalog.selectors import (
    catalogue_stamp,
    guide_centres,
    guide_department_counts,
    guide_material,
    guide_theme_counts,
    guide_version,
    guide_windows,
)
from govhall.org.selectors import centre_opening_hours

PAGE_SIZE = 20
BROWSE_TTL_SECONDS = 300
RESULTS_TARGET = "guide-results"
FILE_KINDS = {"form": "blank_form", "sample": "sample"}


@dataclass(frozen=True)
class Choice:
    """One browsing link: a department, theme, audience or "all"."""

    label: str
    url: str
    active: bool
    count: int | None = None


def _url(filters: GuideFilters, base: str = "", **params: str) -> str:
    base = base or reverse("catalog:guide")
    query = {**filters.as_params(), **params}
    query = {name: value for name, value in query.items() if value}
    return f"{base}?{urlencode(query)}" if query else base


def _audience_tabs(filters: GuideFilters, base: str) -> list[Choice]:
    """全部 / 个人办事 / 法人办事: keep the search words and the centre, drop theme and department."""
    kept = filters.without("department", "theme")
    return [Choice(gettext("全部"), _url(kept.without("audience"), base), filters.audience is None)] + [
        Choice(str(label), _url(kept, base, audience=value), filters.audience == value)
        for value, label in Audience.choices
    ]


def _browse_html(request: HttpRequest, filters: GuideFilters, base: str, stamp: str) -> SafeString:
    """The centre choice and the theme and department links, rendered once per catalogue state.

    Theme and department links browse (they drop the search words, so the counts beside them are
    what the visitor gets) and keep the centre and audience. The cache key holds everything the
    fragment shows, so it is bounded (centres × audiences × themes and departments × languages) and
    a publication shows at once; a renamed department or theme shows within the TTL.
    """
    key = ":".join(
        [
            "catalog:guide-browse",
            get_language() or "",
            stamp,
            filters.centre.code if filters.centre is not None else "",
            filters.audience or "",
            filters.theme.code if filters.theme is not None else "",
            filters.department,
        ]
    )
    html = cache.get(key)
    if not isinstance(html, str):
        browse = filters.without("q", "department", "theme")
        themes = [
            Choice(
                row.theme.name,
                _url(browse, base, theme=row.theme.code),
                filters.theme is not None and filters.theme.pk == row.theme.pk,
                row.count,
            )
            for row in guide_theme_counts(centre=filters.centre)
            if filters.audience is None or row.theme.audience == filters.audience
        ]
        departments = [
            Choice(
                row.name, _url(browse, base, department=row.code), filters.department == row.code, row.count
            )
            for row in guide_department_counts(centre=filters.centre)
        ]
        context = {
            "filters": filters,
            "centres": list(guide_centres()),
            "themes": themes,
            "departments": departments,
        }
        html = render_to_string("catalog/guide/_browse.html", context, request=request)
        cache.set(key, html, BROWSE_TTL_SECONDS)
    return mark_safe(html)


def _page_links(page: ResultPage, filters: GuideFilters) -> dict[str, str]:
    links: dict[str, str] = {}
    if page.has_previous:
        links["previous"] = _url(filters, page=str(page.number - 1))
    if page.has_next:
        links["next"] = _url(filters, page=str(page.number + 1))
    return links


def _results_html(request: HttpRequest, filters: GuideFilters, number: int, stamp: str) -> SafeString:
    """The result list for these filters and page, rendered once per catalogue state.

    What the public sees changes only when something is published (the stamp changes, so the key
    does); a deactivated centre or renamed department shows within the TTL, as in the sidebar.
    """
    key = ":".join(
        [
            "catalog:guide-results",
            get_language() or "",
            stamp,
            urlencode(filters.as_params()),
            str(number),
        ]
    )
    html = cache.get(key)
    if not isinstance(html, str):
        page = guide_page(filters, number=number, per_page=PAGE_SIZE)
        context = {
            "filters": filters,
            "page": page,
            "page_links": _page_links(page, filters),
            "show_centre": filters.centre is None,
            "results_target": RESULTS_TARGET,
            "guide_url": reverse("catalog:guide"),
        }
        html = render_to_string("catalog/guide/_results.html", context, request=request)
        cache.set(key, html, BROWSE_TTL_SECONDS)
    return mark_safe(html)


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    """``/guide/``: browse by centre, audience, theme and department; search with ``?q=``."""
    base = reverse("catalog:guide")
    stamp = catalogue_stamp()
    try:
        filters = parse_guide_filters(request.GET)
    except ValidationError as exc:
        filters, status = GuideFilters(), 400
        empty = ResultPage(rows=[], total=0, number=1, per_page=PAGE_SIZE)
        results = render_to_string(
            "catalog/guide/_results.html",
            {
                "filters": filters,
                "error": " ".join(exc.messages),
                "page": empty,
                "results_target": RESULTS_TARGET,
            },
            request=request,
        )
    else:
        status = 200
        results = _results_html(request, filters, page_number(request.GET.get("page")), stamp)
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == RESULTS_TARGET and not htmx.boosted:
        response = HttpResponse(results, status=status)
    else:
        context: dict[str, object] = {
            "filters": filters,
            "results": mark_safe(results),
            "results_target": RESULTS_TARGET,
            "guide_url": base,
            "audiences": _audience_tabs(filters, base),
            "browse": _browse_html(request, filters, base, stamp),
        }
        response = render(request, "catalog/guide/index.html", context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _labels(choices: Iterable[tuple[str, object]], codes: list[str]) -> str:
    names = dict(choices)
    return "、".join(str(names.get(code, code)) for code in codes)


def qr_code_svg(url: str) -> SafeString:
    """An inline SVG QR code for ``url`` (only module paths: nothing from the URL is echoed as text)."""
    code = segno.make(url, error="m")
    return mark_safe(code.svg_inline(scale=4, border=2, omitsize=True, svgclass="qr", lineclass="qr-line"))


@require_safe
def guide_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """``/guide/<item_id>/``: the 八公开 of the item's published version, with where and when to go."""
    version = guide_version(item_id=item_id)
    if version is None:
        raise Http404
    centre = version.item.centre
    page_url = request.build_absolute_uri(reverse("catalog:guide-item", kwargs={"item_id": item_id}))
    context = {
        "version": version,
        "item": version.item,
        "centre": centre,
        "department": version.item.department,
        "materials": list(version.materials.all()),
        "fees": list(version.fees.all()),
        "steps": list(version.steps.all()),
        "windows": guide_windows(version=version),
        "opening_hours": [] if version.hours.strip() else centre_opening_hours(centre),
        "consultation_phone": version.consultation_phone or centre.consultation_phone,
        "complaint_phone": version.complaint_phone or centre.complaint_phone,
        "service_objects": _labels(ServiceObject.choices, version.service_objects),
        "handling_forms": _labels(HandlingForm.choices, version.handling_forms),
        "at_most_one_visit": version.visits <= 1,
        "page_url": page_url,
        "qr_svg": qr_code_svg(page_url),
        "notice_pdf_url": reverse("catalog:notice-pdf", kwargs={"item_id": item_id}),
        "guide_pdf_url": reverse("catalog:guide-pdf", kwargs={"item_id": item_id}),
    }
    return render(request, "catalog/guide/item.html", context)


@require_safe
def material_file(request: HttpRequest, item_id: int, material_id: int, kind: str) -> FileResponse:
    """The blank form (``form``) or filled sample (``sample``) of a material a published version asks for."""
    field_name = FILE_KINDS.get(kind)
    material = guide_material(item_id=item_id, material_id=material_id) if field_name else None
    if material is None or field_name is None:
        raise Http404
    field = getattr(material, field_name)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=Path(field.name).name)
