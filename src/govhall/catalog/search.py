"""The public guide's search and browsing: parsing what the visitor asked, filtering, ranking.

One query serves both the guide page and the public API. A search matches the lower-cased
``ItemVersion.search_text`` (name, keywords, codes, department, and the pinyin and pinyin initials
of the name and keywords — see :mod:`govhall.catalog.search_text`), so ``yyzz`` finds an item
keyworded 营业执照 and ``dibao``/``db`` finds 低保. Results are ranked:

0. the name is the query; 1. the name starts with it; 2. the name contains it;
3. a keyword contains it; 4. a code contains it; 5. a pinyin word (full or initials) starts with it;
6. any other match (the department's name, the middle of a pinyin word) — ties by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import IntEnum
from math import ceil
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, TextField, Value, When, Window
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext as _

from govhall.catalog.models import Audience, CaseKind, ItemType, ItemVersion, LifeEvent, ServiceObject
from govhall.catalog.selectors import guide_centres, published_versions
from govhall.org.models import Centre, Department

MAX_QUERY_LENGTH = 50
PINYIN_SHAPED = re.compile(r"^[a-z]+$")
LIST_FIELDS = (
    "item_id",
    "version",
    "name",
    "basic_code",
    "item_type",
    "case_kind",
    "service_objects",
    "handling_forms",
    "legal_limit",
    "legal_limit_unit",
    "promised_limit",
    "promised_limit_unit",
    "visits",
    "charges_fees",
    "supports_appointment",
    "supports_online_payment",
    "supports_delivery",
    "online_handling",
    "service_scope",
    "published_at",
    "item__implementation_code",
    "item__department__code",
    "item__department__name",
    "item__centre__code",
    "item__centre__name",
)
"""What a list row shows (guide page and API list): the long texts stay in the database."""


class Rank(IntEnum):
    EXACT_NAME = 0
    NAME_STARTS = 1
    NAME_CONTAINS = 2
    KEYWORD = 3
    CODE = 4
    PINYIN = 5
    OTHER = 6


@dataclass(frozen=True)
class GuideFilters:
    """What a visitor asked the guide for; every field optional (empty: no restriction)."""

    q: str = ""
    centre: Centre | None = None
    department: str = ""
    theme: LifeEvent | None = None
    audience: Audience | None = None
    case_kind: CaseKind | None = None
    item_type: ItemType | None = None

    @property
    def is_empty(self) -> bool:
        return self == GuideFilters()

    def without(self, *names: str) -> GuideFilters:
        """The same filters with ``names`` cleared (for "show all" links)."""
        cleared: dict[str, Any] = {name: "" if name in ("q", "department") else None for name in names}
        return replace(self, **cleared)

    def as_params(self) -> dict[str, str]:
        """The filters as query-string parameters (codes, not objects); empty ones left out."""
        params = {
            "q": self.q,
            "centre": self.centre.code if self.centre is not None else "",
            "department": self.department,
            "theme": self.theme.code if self.theme is not None else "",
            "audience": self.audience.value if self.audience is not None else "",
            "case_kind": self.case_kind.value if self.case_kind is not None else "",
            "item_type": self.item_type.value if self.item_type is not None else "",
        }
        return {name: value for name, value in params.items() if value}


def normalise_query(text: str) -> str:
    """Lower-case, single-spaced, at most :data:`MAX_QUERY_LENGTH` characters."""
    return " ".join(text.lower().split())[:MAX_QUERY_LENGTH].strip()


def parse_guide_filters(params: Mapping[str, str]) -> GuideFilters:
    """Resolve query-string parameters to :class:`GuideFilters`.

    Raises ``ValidationError`` keyed by parameter, with a Chinese message, for a code that names
    nothing (an unknown centre, department, theme …). Empty parameters mean "any".
    """
    errors: dict[str, str] = {}

    def value(name: str) -> str:
        return (params.get(name) or "").strip()

    centre: Centre | None = None
    if code := value("centre"):
        centre = guide_centres().filter(code=code).first()
        if centre is None:
            errors["centre"] = _("未找到编码为“%(code)s”的中心。") % {"code": code}

    department = value("department")
    if department and "centre" not in errors:
        departments = Department.objects.filter(code=department)
        departments = (
            departments.filter(centre=centre)
            if centre is not None
            else departments.filter(centre__in=guide_centres())
        )
        if not departments.exists():
            errors["department"] = _("未找到编码为“%(code)s”的部门。") % {"code": department}

    theme: LifeEvent | None = None
    if code := value("theme"):
        theme = LifeEvent.objects.filter(code=code).first()
        if theme is None:
            errors["theme"] = _("未找到编码为“%(code)s”的办事主题。") % {"code": code}

    audience: Audience | None = None
    if code := value("audience"):
        if code in Audience.values:
            audience = Audience(code)
        else:
            errors["audience"] = _("服务对象 audience 只能是 person（个人办事）或 organisation（法人办事）。")

    case_kind: CaseKind | None = None
    if code := value("case_kind"):
        if code in CaseKind.values:
            case_kind = CaseKind(code)
        else:
            errors["case_kind"] = _("办件类型 case_kind 只能是：%(codes)s。") % {
                "codes": "、".join(CaseKind.values)
            }

    item_type: ItemType | None = None
    if code := value("item_type"):
        if code in ItemType.values:
            item_type = ItemType(code)
        else:
            errors["item_type"] = _("事项类型 item_type 只能是：%(codes)s。") % {
                "codes": "、".join(ItemType.values)
            }

    if errors:
        raise ValidationError(errors)
    return GuideFilters(
        q=normalise_query(value("q")),
        centre=centre,
        department=department,
        theme=theme,
        audience=audience,
        case_kind=case_kind,
        item_type=item_type,
    )


def _has_service_object(code: str) -> Q:
    """``service_objects`` (a JSON list of codes) holds ``code``; portable to SQLite and PostgreSQL."""
    return Q(service_objects__icontains=f'"{code}"')


def audience_condition(audience: Audience) -> Q:
    """个人办事: the item serves 自然人; 法人办事: it serves any organisation (法人 or 其他组织)."""
    if audience == Audience.PERSON:
        return _has_service_object(ServiceObject.NATURAL_PERSON)
    condition = Q()
    for code in ServiceObject.values:
        if code != ServiceObject.NATURAL_PERSON:
            condition |= _has_service_object(code)
    return condition


def query_condition(q: str) -> Q:
    """Every word of ``q`` appears in the search text (or ``q`` without spaces does: "ying ye")."""
    words = q.split()
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    if len(words) > 1:
        condition |= Q(search_text__contains="".join(words))
    return condition


def rank_expression(q: str) -> Case:
    """The :class:`Rank` of each matching row for ``q`` (normalised)."""
    compact = q.replace(" ", "")
    whens = [
        When(name_lower=q, then=Value(Rank.EXACT_NAME)),
        When(name_lower__startswith=q, then=Value(Rank.NAME_STARTS)),
        When(name_lower__contains=q, then=Value(Rank.NAME_CONTAINS)),
        When(keywords__icontains=q, then=Value(Rank.KEYWORD)),
        When(
            Q(item__implementation_code__icontains=compact) | Q(basic_code__icontains=compact),
            then=Value(Rank.CODE),
        ),
    ]
    if PINYIN_SHAPED.match(compact):
        whens.append(When(padded_search_text__contains=f" {compact}", then=Value(Rank.PINYIN)))
    return Case(*whens, default=Value(Rank.OTHER), output_field=IntegerField())


def filter_versions(queryset: QuerySet[ItemVersion], filters: GuideFilters) -> QuerySet[ItemVersion]:
    """Narrow published versions by centre, department, theme, audience, case kind and type."""
    if filters.centre is not None:
        queryset = queryset.filter(item__centre=filters.centre)
    else:
        queryset = queryset.filter(item__centre__is_active=True)
    if filters.department:
        queryset = queryset.filter(item__department__code=filters.department)
    if filters.theme is not None:
        queryset = queryset.filter(life_events=filters.theme)
    if filters.audience is not None:
        queryset = queryset.filter(audience_condition(filters.audience))
    if filters.case_kind is not None:
        queryset = queryset.filter(case_kind=filters.case_kind)
    if filters.item_type is not None:
        queryset = queryset.filter(item_type=filters.item_type)
    return queryset


def search_versions(queryset: QuerySet[ItemVersion], q: str) -> QuerySet[ItemVersion]:
    """Rows matching ``q`` (normalised), best first, with their ``rank`` annotated."""
    if not q:
        return queryset
    return (
        queryset.filter(query_condition(q))
        .alias(
            name_lower=Lower("name"),
            padded_search_text=Concat(Value(" "), "search_text", output_field=TextField()),
        )
        .annotate(rank=rank_expression(q))
        .order_by("rank", "name", "item_id")
    )


def guide_search(filters: GuideFilters) -> QuerySet[ItemVersion]:
    """The published versions the guide lists for ``filters``.

    Ranked when searching, else by centre, department and name. Rows carry :data:`LIST_FIELDS`
    with their item, department and centre (one query for any number of rows).
    """
    queryset = filter_versions(published_versions().select_related(None), filters)
    queryset = queryset.select_related("item__department", "item__centre").only(*LIST_FIELDS)
    if filters.q:
        return search_versions(queryset, filters.q)
    return queryset.order_by("item__centre__code", "item__department__code", "name", "item_id")


@dataclass(frozen=True)
class ResultPage:
    """One page of the guide's results with the total number of matches."""

    rows: list[ItemVersion]
    total: int
    number: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0


def page_number(value: str | int | None) -> int:
    """A page number from the query string; anything that is not a positive integer is page 1."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def guide_page(filters: GuideFilters, *, number: int, per_page: int) -> ResultPage:
    """Page ``number`` of :func:`guide_search`, counting the matches in the same query.

    A page past the end shows the last page (as Django's ``Paginator.get_page`` does).
    """

    def fetch(page: int) -> list[ItemVersion]:
        start = (page - 1) * per_page
        counted = guide_search(filters).annotate(matches=Window(Count("pk")))
        return list(counted[start : start + per_page])

    rows = fetch(number)
    if rows:
        total: int = getattr(rows[0], "matches")  # noqa: B009 — the window annotation
        return ResultPage(rows=rows, total=total, number=number, per_page=per_page)
    total = guide_search(filters).count() if number > 1 else 0  # past the end: how far is the end?
    if not total:
        return ResultPage(rows=[], total=0, number=1, per_page=per_page)
    last = ceil(total / per_page)
    return ResultPage(rows=fetch(last), total=total, number=last, per_page=per_page)
