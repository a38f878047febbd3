"""The implementation list (事项实施清单) as an Excel workbook: export, and an all-or-nothing import.

The workbook has one sheet per kind of row, keyed by 实施中心编码 + 实施编码:

* 事项 — one row per item: the centre, department and code, then every content field of
  :class:`~govhall.catalog.models.ItemVersion` under its ``verbose_name``;
* 申请材料 / 收费项目 / 办理环节 — the item's materials, fees and process steps;
* 说明 — what each column holds (ignored on import).

The format is data, not UI: sheet names, column headers and choice labels are always the Chinese
ones, whatever language the page is shown in, so a file exported in one language imports in any.

Import first parses and checks every row of every sheet (columns, codes, scope, choices, numbers,
the model rules through ``full_clean``), then, in one transaction, writes each item through
:mod:`govhall.catalog.services` (create or revise → submit → publish, which apply the
completeness rules) in its own savepoint so that every item's problems are collected. Any
problem, or a dry run, rolls the whole transaction back: nothing is written unless the whole
file is valid.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from io import BytesIO
from operator import itemgetter
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from govhall.catalog import services
from govhall.catalog.models import (
    HandlingForm,
    ItemFee,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    LifeEvent,
    Material,
    ProcessTemplate,
    ServiceItem,
    ServiceObject,
    VersionState,
)
from govhall.catalog.rules import completeness_problems
from govhall.catalog.selectors import published_version_list_for, version_staffing_gaps
from govhall.core import spreadsheet as xlsx
from govhall.core.audit import audit_record
from govhall.org.models import Centre, Department, Window
from govhall.org.people import person_name
from govhall.org.selectors import AccessScope, access_scope_for

FORMAT_LANGUAGE = "zh-hans"
"""Headers and choice labels are written and read in this language, whatever the UI shows."""

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_SHEET = 20_000
MAX_COLUMNS = 200

SHEET_ITEMS = "事项"
SHEET_MATERIALS = "申请材料"
SHEET_FEES = "收费项目"
SHEET_STEPS = "办理环节"
SHEET_README = "说明"
SHEET_ORDER = (SHEET_ITEMS, SHEET_MATERIALS, SHEET_FEES, SHEET_STEPS)

LIST_SEPARATOR = "、"
QUALIFIER = "/"
"""A department or window of another centre is written ``中心编码/部门编码``."""

_LIST_SPLIT = re.compile(r"[、,，;；\n]+")
_INTEGER = re.compile(r"[+-]?\d+(\.0+)?")
_TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓"})
_FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗"})
_YES, _NO = "是", "否"

NOT_EXPORTED = frozenset(services.NOT_COPIED)
"""Workflow metadata (version number, state, who and when); the import makes its own versions."""

RELATION_KINDS = {"joint_departments": "departments", "life_events": "life_events", "windows": "windows"}
MULTI_CHOICES: dict[str, type[models.TextChoices]] = {
    "service_objects": ServiceObject,
    "handling_forms": HandlingForm,
}


# --------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its fixed Chinese header and how a cell becomes a value."""

    key: str
    """The model field's name, or a key column: centre, department, department_name, implementation_code."""
    header: str
    kind: str
    """text, int, decimal, bool, choice, multi, departments, windows, life_events, template, info."""
    required: bool = False
    model_field: Any = None
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def attr(self) -> str:
        """Where the value lives on the model (``process_template_id`` for the template)."""
        return str(getattr(self.model_field, "attname", None) or self.key)

    @property
    def is_relation(self) -> bool:
        return self.kind in ("departments", "windows", "life_events")

    @property
    def width(self) -> int:
        if self.kind in ("int", "bool", "decimal"):
            return 14
        if self.kind == "text" and isinstance(self.model_field, models.TextField):
            return 40
        return 22

    def written_at(self, position: int) -> xlsx.Column[Sequence[Any]]:
        """How the export writes this column: the cell at ``position`` of each row of cells."""
        return xlsx.Column(self.header, itemgetter(position), width=self.width, required=self.required)

    def default(self) -> Any:
        if self.kind in ("departments", "windows", "life_events"):
            return ()
        if self.model_field is None:
            return ""
        value = self.model_field.get_default()
        return normalise_text(value) if isinstance(value, str) else value


def _kind_of(model_field: Any) -> str:
    if isinstance(model_field, models.ManyToManyField):
        return RELATION_KINDS.get(model_field.name, "")
    if isinstance(model_field, models.ForeignKey):
        return "template" if model_field.related_model is ProcessTemplate else ""
    if isinstance(model_field, models.FileField):
        return ""
    if isinstance(model_field, models.BooleanField):
        return "bool"
    if model_field.name in MULTI_CHOICES:
        return "multi"
    if model_field.choices:
        return "choice"
    if isinstance(model_field, models.IntegerField):
        return "int"
    if isinstance(model_field, models.DecimalField):
        return "decimal"
    if isinstance(model_field, models.CharField | models.TextField):
        return "text"
    return ""


def _column(
    model: type[models.Model], name: str, *, key: str | None = None, header: str | None = None
) -> Column:
    model_field: Any = model._meta.get_field(name)
    kind = _kind_of(model_field)
    with translation.override(FORMAT_LANGUAGE):
        if kind == "multi":
            choices = tuple((str(value), str(label)) for value, label in MULTI_CHOICES[name].choices)
        else:
            choices = tuple((str(value), str(label)) for value, label in (model_field.choices or ()))
        header = header or str(model_field.verbose_name)
    required = kind == "multi" or (not model_field.blank and not model_field.has_default())
    return Column(
        key=key or name, header=header, kind=kind, required=required, model_field=model_field, choices=choices
    )


CENTRE_HEADER = "实施中心编码"
DEPARTMENT_HEADER = "部门编码"
CODE_HEADER = "实施编码"


@cache
def item_key_columns() -> tuple[Column, ...]:
    with translation.override(FORMAT_LANGUAGE):
        department_name = str(ServiceItem._meta.get_field("department").verbose_name)
    return (
        Column("centre", CENTRE_HEADER, "text", required=True),
        Column("department", DEPARTMENT_HEADER, "text", required=True),
        Column("department_name", department_name, "info"),
        Column("implementation_code", CODE_HEADER, "text", required=True),
    )


@cache
def item_field_columns() -> tuple[Column, ...]:
    """Every content field of ItemVersion in declaration order (files and workflow metadata left out)."""
    meta = ItemVersion._meta
    fields = sorted([*meta.concrete_fields, *meta.many_to_many], key=lambda f: f.creation_counter)
    columns = []
    for model_field in fields:
        if model_field.name in NOT_EXPORTED or not _kind_of(model_field):
            continue
        columns.append(_column(ItemVersion, model_field.name))
    return tuple(columns)


def item_columns() -> tuple[Column, ...]:
    return item_key_columns() + item_field_columns()


def _line_key_columns() -> tuple[Column, ...]:
    return (
        Column("centre", CENTRE_HEADER, "text"),
        Column("implementation_code", CODE_HEADER, "text", required=True),
    )


def _optional(column: Column) -> Column:
    return Column(column.key, column.header, column.kind, False, column.model_field, column.choices)


@cache
def material_columns() -> tuple[Column, ...]:
    return (
        *_line_key_columns(),
        _optional(_column(ItemMaterial, "order")),
        _column(Material, "name", key="material_name"),
        _column(Material, "issuing_body"),
        _column(ItemMaterial, "originals"),
        _column(ItemMaterial, "copies"),
        _column(ItemMaterial, "requirement"),
        _column(ItemMaterial, "condition"),
        _column(ItemMaterial, "medium"),
        _column(Material, "acceptance_standard"),
        _column(ItemMaterial, "notes"),
        _column(Material, "notes", key="library_notes", header="材料库备注"),
    )


@cache
def fee_columns() -> tuple[Column, ...]:
    return (
        *_line_key_columns(),
        _optional(_column(ItemFee, "order")),
        _column(ItemFee, "name"),
        _column(ItemFee, "amount"),
        _column(ItemFee, "standard"),
        _column(ItemFee, "legal_basis"),
    )


@cache
def step_columns() -> tuple[Column, ...]:
    return (
        *_line_key_columns(),
        _optional(_column(ItemStep, "order")),
        _column(ItemStep, "name"),
        _column(ItemStep, "kind"),
        _column(ItemStep, "role"),
        _column(ItemStep, "budget_days"),
    )


def sheet_columns() -> dict[str, tuple[Column, ...]]:
    return {
        SHEET_ITEMS: item_columns(),
        SHEET_MATERIALS: material_columns(),
        SHEET_FEES: fee_columns(),
        SHEET_STEPS: step_columns(),
    }


# --------------------------------------------------------------------------------------------
# Canonical content: what "the same item" means, for the export and for "unchanged" on import


def normalise_text(value: str) -> str:
    """One line ending, no characters a workbook cannot hold, no surrounding blanks."""
    return ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, list):
        return [normalise_text(item) if isinstance(item, str) else item for item in value]
    return value


@dataclass(frozen=True)
class MaterialLine:
    order: int
    name: str
    issuing_body: str
    originals: int
    copies: int
    requirement: str
    condition: str
    medium: str
    notes: str


@dataclass(frozen=True)
class FeeLine:
    order: int
    name: str
    amount: Decimal | None
    standard: str
    legal_basis: str


@dataclass(frozen=True)
class StepLine:
    order: int
    name: str
    kind: str
    role: str
    budget_days: int


@dataclass
class ItemContent:
    """An item version's content as the workbook carries it; equal contents mean "unchanged"."""

    fields: dict[str, Any]
    relations: dict[str, tuple[int, ...]]
    materials: tuple[MaterialLine, ...] = ()
    fees: tuple[FeeLine, ...] = ()
    steps: tuple[StepLine, ...] = ()


def _content_attrs() -> list[str]:
    return [column.attr for column in item_field_columns() if not column.is_relation]


def default_content() -> ItemContent:
    columns = item_field_columns()
    return ItemContent(
        fields={column.attr: column.default() for column in columns if not column.is_relation},
        relations={column.key: () for column in columns if column.is_relation},
    )


def _amount(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def content_of(version: ItemVersion) -> ItemContent:
    """The version's content; reads relations through the prefetch cache when there is one."""
    relations = {
        column.key: tuple(sorted(obj.pk for obj in getattr(version, column.key).all()))
        for column in item_field_columns()
        if column.is_relation
    }
    return ItemContent(
        fields={attr: _normalise(getattr(version, attr)) for attr in _content_attrs()},
        relations=relations,
        materials=tuple(
            sorted(
                (
                    MaterialLine(
                        order=row.order,
                        name=normalise_text(row.material.name),
                        issuing_body=normalise_text(row.material.issuing_body),
                        originals=row.originals,
                        copies=row.copies,
                        requirement=row.requirement,
                        condition=normalise_text(row.condition),
                        medium=row.medium,
                        notes=normalise_text(row.notes),
                    )
                    for row in version.materials.all()
                ),
                key=lambda line: line.order,
            )
        ),
        fees=tuple(
            sorted(
                (
                    FeeLine(
                        order=row.order,
                        name=normalise_text(row.name),
                        amount=_amount(row.amount),
                        standard=normalise_text(row.standard),
                        legal_basis=normalise_text(row.legal_basis),
                    )
                    for row in version.fees.all()
                ),
                key=lambda line: line.order,
            )
        ),
        steps=tuple(
            sorted(
                (
                    StepLine(
                        order=row.order,
                        name=normalise_text(row.name),
                        kind=row.kind,
                        role=row.role,
                        budget_days=row.budget_days,
                    )
                    for row in version.steps.all()
                ),
                key=lambda line: line.order,
            )
        ),
    )


class _Lookups:
    """Centres, departments, windows, themes and templates by code, loaded once per export or import."""

    def __init__(self) -> None:
        self.centres_by_code = {centre.code: centre for centre in Centre.objects.all()}
        self.centres_by_id = {centre.pk: centre for centre in self.centres_by_code.values()}
        departments = list(Department.objects.all())
        self.departments_by_id = {department.pk: department for department in departments}
        self.departments_by_key = {(d.centre_id, d.code): d for d in departments}
        windows = list(Window.objects.all())
        self.windows_by_id = {window.pk: window for window in windows}
        self.windows_by_key = {(w.centre_id, w.number): w for w in windows}
        themes = list(LifeEvent.objects.all())
        self.life_events_by_id = {theme.pk: theme for theme in themes}
        self.life_events_by_alias = {theme.name: theme for theme in themes} | {t.code: t for t in themes}
        templates = list(ProcessTemplate.objects.all())
        self.templates_by_id = {template.pk: template for template in templates}
        self.templates_by_alias = {t.name: t for t in templates} | {t.code: t for t in templates}

    def qualified(self, centre_id: int, own_centre_id: int, code: str) -> str:
        if centre_id == own_centre_id:
            return code
        return f"{self.centres_by_id[centre_id].code}{QUALIFIER}{code}"


# --------------------------------------------------------------------------------------------
# Export


def _cell_value(column: Column, value: Any, lookups: _Lookups, centre_id: int) -> Any:
    kind = column.kind
    if kind == "bool":
        return _YES if value else _NO
    if kind == "choice":
        return dict(column.choices).get(value) or None
    if kind == "multi":
        labels = dict(column.choices)
        return LIST_SEPARATOR.join(labels.get(item, str(item)) for item in value) or None
    if kind == "departments":
        departments = [lookups.departments_by_id[pk] for pk in value]
        return (
            LIST_SEPARATOR.join(
                sorted(lookups.qualified(d.centre_id, centre_id, d.code) for d in departments)
            )
            or None
        )
    if kind == "windows":
        windows = [lookups.windows_by_id[pk] for pk in value]
        return (
            LIST_SEPARATOR.join(
                lookups.qualified(w.centre_id, centre_id, w.number)
                for w in sorted(windows, key=lambda w: (w.centre_id != centre_id, len(w.number), w.number))
            )
            or None
        )
    if kind == "life_events":
        return LIST_SEPARATOR.join(sorted(lookups.life_events_by_id[pk].code for pk in value)) or None
    if kind == "template":
        return lookups.templates_by_id[value].code if value is not None else None
    if isinstance(value, str):
        return normalise_text(value) or None
    return value


def _item_row(version: ItemVersion, content: ItemContent, lookups: _Lookups) -> list[Any]:
    item = version.item
    row: list[Any] = [item.centre.code, item.department.code, item.department.name, item.implementation_code]
    for column in item_field_columns():
        value = content.relations[column.key] if column.is_relation else content.fields[column.attr]
        row.append(_cell_value(column, value, lookups, item.centre_id))
    return row


def _write_sheet(sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    xlsx.write_table(sheet, [column.written_at(position) for position, column in enumerate(columns)], rows)


def _material_rows(version: ItemVersion) -> Iterator[list[Any]]:
    item = version.item
    for row in sorted(version.materials.all(), key=lambda row: row.order):
        material = row.material
        yield [
            item.centre.code,
            item.implementation_code,
            row.order,
            normalise_text(material.name),
            normalise_text(material.issuing_body) or None,
            row.originals,
            row.copies,
            row.get_requirement_display(),
            normalise_text(row.condition) or None,
            row.get_medium_display(),
            normalise_text(material.acceptance_standard) or None,
            normalise_text(row.notes) or None,
            normalise_text(material.notes) or None,
        ]


def _fee_rows(version: ItemVersion) -> Iterator[list[Any]]:
    item = version.item
    for row in sorted(version.fees.all(), key=lambda row: row.order):
        yield [
            item.centre.code,
            item.implementation_code,
            row.order,
            normalise_text(row.name),
            _amount(row.amount),
            normalise_text(row.standard),
            normalise_text(row.legal_basis),
        ]


def _step_rows(version: ItemVersion) -> Iterator[list[Any]]:
    item = version.item
    for row in sorted(version.steps.all(), key=lambda row: row.order):
        yield [
            item.centre.code,
            item.implementation_code,
            row.order,
            normalise_text(row.name),
            row.get_kind_display(),
            row.get_role_display(),
            row.budget_days,
        ]


def _column_note(column: Column) -> str:
    kind = column.kind
    options = LIST_SEPARATOR.join(label for _value, label in column.choices if label)
    if column.key == "centre":
        return _("政务服务中心的编码。申请材料、收费项目、办理环节表中可留空（实施编码在“事项”表中唯一时）。")
    if column.key == "department":
        return _("实施主体（进驻部门）的部门编码，须是实施中心的部门。已有事项不能通过导入更改实施主体。")
    if column.key == "implementation_code":
        return _("同一中心内唯一；中心内没有该编码时新增事项，已有时按内容更新。")
    if kind == "info":
        return _("仅供阅读，导入时忽略。")
    if column.key == "order":
        return _("整数，同一事项内不重复；留空则按行的先后编号。")
    if kind == "bool":
        return _("填写“是”或“否”。")
    if kind == "choice":
        return _("可选：%(options)s。") % {"options": options}
    if kind == "multi":
        return _("可多选，用“、”分隔。可选：%(options)s。") % {"options": options}
    if kind == "departments":
        return _("部门编码，多个用“、”分隔；其他中心的部门写作“中心编码/部门编码”。")
    if kind == "windows":
        return _("实施中心的窗口号，多个用“、”分隔；不填则为本部门的全部窗口。")
    if kind == "life_events":
        return _("办事主题的编码（或名称），多个用“、”分隔。")
    if kind == "template":
        return _("流程模板编码（或名称），仅作记录；办理环节以“办理环节”表为准。")
    if kind == "int":
        return _("整数。")
    if kind == "decimal":
        return _("金额（元），最多两位小数；按标准计算的留空。")
    help_text = str(getattr(column.model_field, "help_text", "") or "")
    return help_text


def _write_readme(sheet: Worksheet, *, user: User, item_count: int) -> None:
    lines: list[list[Any]] = [
        [_("事项实施清单")],
        [_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")],
        [_("导出人"), person_name(user)],
        [_("事项数"), item_count],
        [],
        [_("使用说明")],
        [
            _(
                "1. “事项”表每行一个事项（其已发布版本）；"
                "申请材料、收费项目、办理环节表按“实施中心编码 + 实施编码”对应事项。"
            )
        ],
        [
            _(
                "2. 列名和选项必须使用本表所列的中文名称；红色列名为必填列。"
                "多个值用“、”分隔；是否类填写“是”或“否”。"
            )
        ],
        [_("3. 导入时先检查整个文件，有任何错误则不写入任何数据；可先“试导入（只检查）”。")],
        [
            _(
                "4. 新的实施编码新增事项；已有事项内容有变化时生成新版本并发布（原版本被替代）；"
                "内容相同的不变。"
            )
        ],
        [
            _(
                "5. 文件中出现了申请材料（收费项目、办理环节）表时，"
                "表中某事项的行即为该事项的全部材料（收费、环节），"
                "没有行则表示没有；缺少整张表时保留原有内容。文件中没有的事项不会被删除。"
            )
        ],
        [
            _(
                "6. 申请材料按“材料名称 + 出具单位”复用本中心材料库中的材料，没有则新建；"
                "受理标准和材料库备注写入材料库。"
            )
        ],
        [_("7. 不导出文件（空白表格、填写样本、审批结果样本），导入也不会改动已有文件。")],
        [_("8. 版本号、状态、提交和发布的时间与人员不导出，由系统在导入时生成。")],
        [
            _(
                "9. 主要校验规则：承诺办结时限不超过法定办结时限且单位一致，即办件为0；"
                "到办事现场次数不为0须说明原因，Ⅳ级全程网办须为0；至少一项申请材料；"
                "收费事项须列收费项目，不收费的不得列；联办件须填共同实施部门；"
                "各环节时限之和不超过承诺办结时限。"
            )
        ],
        [],
        [_("工作表"), _("列名"), _("必填"), _("说明")],
    ]
    for sheet_name, columns in sheet_columns().items():
        for column in columns:
            lines.append(
                [sheet_name, column.header, _YES if column.required else "", _column_note(column) or None]
            )
    xlsx.write_lines(sheet, lines)
    sheet["A1"].font = xlsx.TITLE_FONT
    xlsx.bold_line(sheet, len(lines) - sum(len(c) for c in sheet_columns().values()))
    xlsx.set_widths(sheet, [14, 24, 8, 80])


def catalogue_export(*, user: User) -> bytes:
    """The published catalogue in the user's scope as an .xlsx workbook (an audited read)."""
    versions = list(
        published_version_list_for(user=user).prefetch_related(
            "materials__material", "fees", "steps", "joint_departments", "life_events", "windows"
        )
    )
    lookups = _Lookups()
    workbook, items_sheet = xlsx.new_workbook(SHEET_ITEMS)
    _write_sheet(
        items_sheet,
        item_columns(),
        (_item_row(version, content_of(version), lookups) for version in versions),
    )
    _write_sheet(
        workbook.create_sheet(SHEET_MATERIALS),
        material_columns(),
        (row for version in versions for row in _material_rows(version)),
    )
    _write_sheet(
        workbook.create_sheet(SHEET_FEES),
        fee_columns(),
        (row for version in versions for row in _fee_rows(version)),
    )
    _write_sheet(
        workbook.create_sheet(SHEET_STEPS),
        step_columns(),
        (row for version in versions for row in _step_rows(version)),
    )
    _write_readme(workbook.create_sheet(SHEET_README), user=user, item_count=len(versions))
    with transaction.atomic():
        audit_record(actor=user, action="catalog.spreadsheet.export", after={"items": len(versions)})
    return xlsx.workbook_bytes(workbook)


# --------------------------------------------------------------------------------------------
# Import: the report


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, located by sheet, row (as Excel numbers it) and column."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        values = {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}
        if self.sheet and self.row is not None and self.column:
            return _("%(sheet)s 第%(row)s行 “%(column)s”：%(message)s") % values
        if self.sheet and self.row is not None:
            return _("%(sheet)s 第%(row)s行：%(message)s") % values
        if self.sheet and self.column:
            return _("%(sheet)s “%(column)s”：%(message)s") % values
        if self.sheet:
            return _("%(sheet)s：%(message)s") % values
        return self.message

    @property
    def sort_key(self) -> tuple[int, int]:
        sheet = SHEET_ORDER.index(self.sheet) + 1 if self.sheet in SHEET_ORDER else 0
        return (sheet, self.row or 0)


@dataclass(frozen=True)
class ImportedItem:
    centre_code: str
    implementation_code: str
    name: str


@dataclass
class ImportReport:
    """What an import found and (unless it is a dry run or found problems) did."""

    dry_run: bool
    file_name: str = ""
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: list[ImportedItem] = field(default_factory=list)
    updated: list[ImportedItem] = field(default_factory=list)
    unchanged: list[ImportedItem] = field(default_factory=list)
    materials_created: int = 0
    materials_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        """True when the import changed the database (a valid file, not a dry run)."""
        return self.ok and not self.dry_run

    @property
    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "materials_created": self.materials_created,
            "materials_updated": self.materials_updated,
        }


# --------------------------------------------------------------------------------------------
# Import: reading cells


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_BLANK = object()


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return _YES if raw else _NO
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        raw = raw.strftime("%Y-%m-%d %H:%M:%S") if raw.time() != time(0) else raw.date().isoformat()
    elif isinstance(raw, date | time):
        raw = raw.isoformat()
    return normalise_text(str(raw))


def _shown(raw: Any) -> str:
    text = _text(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def _parse_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise _CellError(_("应为整数，而不是“%(value)s”。") % {"value": _shown(raw)})
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        value = raw
    else:
        text = _text(raw)
        if not _INTEGER.fullmatch(text):
            raise _CellError(_("应为整数，而不是“%(value)s”。") % {"value": _shown(raw)})
        value = int(text.split(".")[0])
    if value < 0:
        raise _CellError(_("不能为负数。"))
    return value


def _parse_decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise _CellError(_("应为金额数字，而不是“%(value)s”。") % {"value": _shown(raw)})
    text = str(raw) if isinstance(raw, int | float) else _text(raw).replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _CellError(_("应为金额数字，而不是“%(value)s”。") % {"value": _shown(raw)}) from None
    if not value.is_finite():
        raise _CellError(_("应为金额数字，而不是“%(value)s”。") % {"value": _shown(raw)})
    return value


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise _CellError(_("请填写“是”或“否”，而不是“%(value)s”。") % {"value": _shown(raw)})


def _choice_aliases(column: Column) -> dict[str, str]:
    aliases: dict[str, str] = {}
    short: dict[str, list[str]] = defaultdict(list)
    for value, label in column.choices:
        short[label.split("（")[0]].append(value)
    for prefix, values in short.items():
        if len(values) == 1 and prefix:
            aliases[prefix] = values[0]
    for value, label in column.choices:
        if value.isdigit():
            aliases[str(int(value))] = value
        aliases[value] = value
        if label:
            aliases[label] = value
    return aliases


def _parse_choice(column: Column, token: str) -> str:
    aliases = _choice_aliases(column)
    value = aliases.get(token, aliases.get(token.lower()))
    if value is None:
        options = LIST_SEPARATOR.join(label for _value, label in column.choices if label)
        raise _CellError(
            _("“%(value)s”不是有效的选项，可选：%(options)s。") % {"value": token, "options": options}
        )
    return value


def _tokens(raw: Any) -> list[str]:
    return [token.strip() for token in _LIST_SPLIT.split(_text(raw)) if token.strip()]


# --------------------------------------------------------------------------------------------
# Import: the plan for each item


@dataclass
class _Line:
    """A parsed row of one of the line sheets, before it is attached to its item."""

    row: int
    centre_code: str
    code: str
    order: int | None
    values: dict[str, Any]
    valid: bool


@dataclass
class _ItemPlan:
    row: int
    centre_code: str
    code: str
    centre: Centre | None = None
    department: Department | None = None
    item: ServiceItem | None = None
    published: ItemVersion | None = None
    values: dict[str, Any] = field(default_factory=dict)
    """Parsed cells by column key; a column absent from the file is absent here."""
    bad_columns: set[str] = field(default_factory=set)
    has_errors: bool = False
    lines_have_errors: bool = False
    materials: list[_Line] | None = None
    fees: list[_Line] | None = None
    steps: list[_Line] | None = None
    base: ItemContent | None = None
    """The published version's content (or the defaults for a new item)."""
    content: ItemContent | None = None
    action: str = ""

    @property
    def summary(self) -> ImportedItem:
        name = self.content.fields.get("name", "") if self.content is not None else ""
        return ImportedItem(self.centre_code, self.code, str(name or ""))


@dataclass
class _SheetRows:
    name: str
    columns: dict[str, int]
    """Column key → position in the row."""
    rows: list[tuple[int, tuple[Any, ...]]]


class _ProbeDone(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__()
        self.messages = messages


def _header_text(value: Any) -> str:
    return _text(value).rstrip("*＊").strip()


class _Importer:
    def __init__(self, *, user: User, report: ImportReport) -> None:
        self.user = user
        self.report = report
        self.scope: AccessScope = access_scope_for(user)
        self.lookups = _Lookups()
        self.plans: list[_ItemPlan] = []
        self.plans_by_key: dict[tuple[str, str], _ItemPlan] = {}
        self.structural_error = False
        self.library: dict[tuple[int, str, str], dict[str, tuple[str, int]]] = {}
        """(centre, name, issuing body) → {library field: (value, row)} given by the file."""
        self.materials: dict[tuple[int, str, str], Material] = {}

    # -- problems

    def problem(self, message: str, *, sheet: str = "", row: int | None = None, column: str = "") -> None:
        self.report.problems.append(ImportProblem(message=message, sheet=sheet, row=row, column=column))

    # -- reading the workbook

    def read_sheet(self, sheet: Any, name: str, columns: Sequence[Column]) -> _SheetRows | None:
        by_header = {column.header: column for column in columns}
        header, filled = xlsx.read_table(sheet, max_columns=MAX_COLUMNS)
        positions: dict[str, int] = {}
        for index, raw in enumerate(header):
            text = _header_text(raw)
            if not text:
                continue
            column = by_header.get(text)
            if column is None:
                self.report.warnings.append(
                    _("%(sheet)s：未识别的列“%(column)s”，已忽略。") % {"sheet": name, "column": text}
                )
            elif column.key in positions:
                self.problem(_("列名重复。"), sheet=name, column=text)
                self.structural_error = True
            else:
                positions[column.key] = index
        missing = [column for column in columns if column.required and column.key not in positions]
        for column in missing:
            self.problem(_("缺少必填列“%(column)s”。") % {"column": column.header}, sheet=name)
        if missing:
            self.structural_error = True
            return None
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for number, values in filled:
            if len(rows) >= MAX_ROWS_PER_SHEET:
                self.problem(
                    _("行数超过%(limit)s行，请分批导入。") % {"limit": MAX_ROWS_PER_SHEET}, sheet=name
                )
                self.structural_error = True
                return None
            rows.append((number, values))
        return _SheetRows(name=name, columns=positions, rows=rows)

    def cell(self, rows: _SheetRows, values: tuple[Any, ...], key: str) -> Any:
        """The raw cell, or _BLANK when the sheet has no such column."""
        position = rows.columns.get(key)
        if position is None:
            return _BLANK
        return values[position] if position < len(values) else None

    def text_cell(self, rows: _SheetRows, values: tuple[Any, ...], key: str) -> str:
        raw = self.cell(rows, values, key)
        return "" if raw is _BLANK else _text(raw)

    # -- parsing one cell into a model value

    def parse(self, column: Column, raw: Any, *, centre: Centre | None) -> Any:
        """The cell's value; raises _CellError. A blank cell gives the column's default."""
        kind = column.kind
        if kind in ("departments", "windows", "life_events", "multi"):
            tokens = _tokens(raw)
            if not tokens:
                if column.required:
                    raise _CellError(_("必须填写。"))
                return () if column.is_relation else []
            return self.parse_list(column, tokens, centre=centre)
        blank = raw is None or (isinstance(raw, str) and not normalise_text(raw))
        if blank:
            if column.required:
                raise _CellError(_("必须填写。"))
            if kind in ("int", "bool", "choice") and column.model_field is not None:
                if column.model_field.has_default():
                    return column.model_field.get_default()
                if kind == "choice" and column.model_field.blank:
                    return ""
                return None
            if kind == "choice":
                return ""
            return None if kind in ("template", "decimal") else ""
        if kind == "int":
            return _parse_int(raw)
        if kind == "decimal":
            return _parse_decimal(raw)
        if kind == "bool":
            return _parse_bool(raw)
        if kind == "choice":
            return _parse_choice(column, _text(raw))
        if kind == "template":
            template = self.lookups.templates_by_alias.get(_text(raw))
            if template is None:
                raise _CellError(_("没有编码或名称为“%(value)s”的流程模板。") % {"value": _shown(raw)})
            return template.pk
        return _text(raw)

    def parse_list(self, column: Column, tokens: list[str], *, centre: Centre | None) -> Any:
        kind = column.kind
        if kind == "multi":
            values: list[str] = []
            for token in tokens:
                value = _parse_choice(column, token)
                if value not in values:
                    values.append(value)
            return values
        found: set[int] = set()
        for token in tokens:
            if kind == "life_events":
                theme = self.lookups.life_events_by_alias.get(token)
                if theme is None:
                    raise _CellError(_("没有编码或名称为“%(value)s”的办事主题。") % {"value": token})
                found.add(theme.pk)
                continue
            if centre is None:
                return ()  # the centre's own error is reported; its departments and windows can't be read
            owner = centre
            code = token
            if QUALIFIER in token:
                centre_code, code = (part.strip() for part in token.split(QUALIFIER, 1))
                # Naming another centre's department or window only refers to it (an item of a
                # district may be handled jointly with a city department), so any centre will do.
                other = self.lookups.centres_by_code.get(centre_code)
                if other is None:
                    raise _CellError(_("没有编码为“%(code)s”的中心。") % {"code": centre_code})
                owner = other
            if kind == "departments":
                department = self.lookups.departments_by_key.get((owner.pk, code))
                if department is None:
                    raise _CellError(
                        _("中心“%(centre)s”没有编码为“%(code)s”的进驻部门。")
                        % {"centre": owner.code, "code": code}
                    )
                found.add(department.pk)
            else:
                window = self.lookups.windows_by_key.get((owner.pk, code))
                if window is None:
                    raise _CellError(
                        _("中心“%(centre)s”没有窗口号为“%(number)s”的窗口。")
                        % {"centre": owner.code, "number": code}
                    )
                found.add(window.pk)
        return tuple(sorted(found))

    # -- the 事项 sheet

    def read_items(self, rows: _SheetRows) -> None:
        existing = {
            (item.centre_id, item.implementation_code): item
            for item in ServiceItem.objects.filter(centre_id__in=self.scope.centre_ids)
        }
        for number, values in rows.rows:
            self.read_item(rows, number, values, existing)
        published_ids = [plan.item.pk for plan in self.plans if plan.item is not None]
        published = {
            version.item_id: version
            for version in ItemVersion.objects.filter(item_id__in=published_ids, state=VersionState.PUBLISHED)
            .select_related("item")
            .prefetch_related(
                "materials__material", "fees", "steps", "joint_departments", "life_events", "windows"
            )
        }
        for plan in self.plans:
            if plan.item is not None:
                plan.published = published.get(plan.item.pk)

    def read_item(
        self,
        rows: _SheetRows,
        number: int,
        values: tuple[Any, ...],
        existing: dict[tuple[int, str], ServiceItem],
    ) -> None:
        sheet = rows.name
        keys = {column.key: column for column in item_key_columns()}
        centre_code = self.text_cell(rows, values, "centre")
        department_code = self.text_cell(rows, values, "department")
        code = self.text_cell(rows, values, "implementation_code")
        plan = _ItemPlan(row=number, centre_code=centre_code, code=code)

        def fail(message: str, column: Column | None = None) -> None:
            plan.has_errors = True
            self.problem(message, sheet=sheet, row=number, column=column.header if column else "")

        if not centre_code:
            fail(_("必须填写。"), keys["centre"])
        else:
            plan.centre = self.lookups.centres_by_code.get(centre_code)
            if plan.centre is None:
                fail(_("没有编码为“%(code)s”的中心。") % {"code": centre_code}, keys["centre"])
            elif plan.centre.pk not in self.scope.centre_ids:
                fail(_("中心“%(code)s”不在您的管理范围内。") % {"code": centre_code}, keys["centre"])
                plan.centre = None
        if not department_code:
            fail(_("必须填写。"), keys["department"])
        elif plan.centre is not None:
            plan.department = self.lookups.departments_by_key.get((plan.centre.pk, department_code))
            if plan.department is None:
                fail(
                    _("中心“%(centre)s”没有编码为“%(code)s”的进驻部门。")
                    % {"centre": centre_code, "code": department_code},
                    keys["department"],
                )
            elif not self.scope.allows(centre_id=plan.centre.pk, department_id=plan.department.pk):
                fail(_("部门“%(code)s”不在您的管理范围内。") % {"code": department_code}, keys["department"])
                plan.department = None
        if not code:
            fail(_("必须填写。"), keys["implementation_code"])
        else:
            try:
                ServiceItem._meta.get_field("implementation_code").clean(code, None)
            except ValidationError as error:
                for message in error.messages:
                    fail(message, keys["implementation_code"])
            earlier = self.plans_by_key.get((centre_code, code))
            if earlier is not None:
                fail(
                    _("实施编码“%(code)s”与第%(row)s行重复。") % {"code": code, "row": earlier.row},
                    keys["implementation_code"],
                )
        if plan.centre is not None and code:
            plan.item = existing.get((plan.centre.pk, code))
            if (
                plan.item is not None
                and plan.department is not None
                and plan.item.department_id != plan.department.pk
            ):
                department = self.lookups.departments_by_id[plan.item.department_id]
                fail(
                    _("该事项的实施主体是部门“%(code)s”，导入不能更改实施主体。") % {"code": department.code},
                    keys["department"],
                )
        for column in item_field_columns():
            raw = self.cell(rows, values, column.key)
            if raw is _BLANK:
                continue
            try:
                plan.values[column.key] = self.parse(column, raw, centre=plan.centre)
            except _CellError as error:
                plan.bad_columns.add(column.key)
                plan.values[column.key] = None
                fail(error.message, column)
        if centre_code and code and (centre_code, code) not in self.plans_by_key:
            self.plans_by_key[(centre_code, code)] = plan
            self.plans.append(plan)

    # -- the line sheets

    def read_lines(self, rows: _SheetRows, columns: Sequence[Column], kind: str) -> None:
        """Parse 申请材料 / 收费项目 / 办理环节 rows and attach them to their items."""
        sheet = rows.name
        by_key = {column.key: column for column in columns}
        codes: dict[str, list[str]] = defaultdict(list)
        for centre_code, code in self.plans_by_key:
            codes[code].append(centre_code)
        for each in self.plans:
            setattr(each, kind, [])
        for number, values in rows.rows:
            centre_code = self.text_cell(rows, values, "centre")
            code = self.text_cell(rows, values, "implementation_code")
            valid = True

            def fail(message: str, column: Column | None = None, number: int = number) -> None:
                nonlocal valid
                valid = False
                self.problem(message, sheet=sheet, row=number, column=column.header if column else "")

            plan: _ItemPlan | None = None
            if not code:
                fail(_("必须填写。"), by_key["implementation_code"])
            elif centre_code:
                plan = self.plans_by_key.get((centre_code, code))
                if plan is None:
                    fail(
                        _("实施中心“%(centre)s”的实施编码“%(code)s”不在“事项”表中。")
                        % {"centre": centre_code, "code": code},
                        by_key["implementation_code"],
                    )
            elif len(codes.get(code, [])) == 1:
                plan = self.plans_by_key[(codes[code][0], code)]
            elif codes.get(code):
                fail(
                    _("“事项”表中有多个中心使用实施编码“%(code)s”，请填写实施中心编码。") % {"code": code},
                    by_key["centre"],
                )
            else:
                fail(_("实施编码“%(code)s”不在“事项”表中。") % {"code": code}, by_key["implementation_code"])
            centre = plan.centre if plan is not None else None
            parsed: dict[str, Any] = {}
            bad: set[str] = set()
            for column in columns:
                if column.key in ("centre", "implementation_code"):
                    continue
                raw = self.cell(rows, values, column.key)
                if raw is _BLANK:
                    raw = None
                try:
                    parsed[column.key] = self.parse(column, raw, centre=centre)
                except _CellError as error:
                    bad.add(column.key)
                    parsed[column.key] = None
                    fail(error.message, column)
            order = parsed.pop("order", None)
            for message_column, message in self.check_line(kind, parsed, order, bad):
                fail(message, by_key.get(message_column))
            if plan is None:
                continue
            lines: list[_Line] = getattr(plan, kind)
            line = _Line(
                row=number, centre_code=plan.centre_code, code=code, order=order, values=parsed, valid=valid
            )
            for message_column, message in self.check_duplicates(kind, lines, line):
                fail(message, by_key.get(message_column))
            if not valid:
                plan.lines_have_errors = True
                continue
            if kind == "materials" and centre is not None:
                self.remember_library(sheet, by_key, line, centre)
            lines.append(line)

    def check_line(
        self, kind: str, parsed: dict[str, Any], order: int | None, bad: set[str]
    ) -> Iterator[tuple[str, str]]:
        """The models' own checks (lengths, ranges, ItemMaterial.clean) on an unsaved row."""
        checks: list[tuple[models.Model, dict[str, str]]] = []
        if kind == "materials":
            checks.append(
                (
                    ItemMaterial(
                        order=order or 1,
                        **{
                            key: parsed[key]
                            for key in ("originals", "copies", "requirement", "condition", "medium", "notes")
                        },
                    ),
                    {},
                )
            )
            checks.append(
                (
                    Material(
                        name=parsed["material_name"] or "",
                        issuing_body=parsed["issuing_body"] or "",
                        acceptance_standard=parsed["acceptance_standard"] or "",
                        notes=parsed["library_notes"] or "",
                    ),
                    {"name": "material_name", "notes": "library_notes"},
                )
            )
        elif kind == "fees":
            checks.append((ItemFee(order=order or 1, **parsed), {}))
        else:
            checks.append((ItemStep(order=order or 1, **parsed), {}))
        for instance, renames in checks:
            exclude = ["version", "material", "centre", "blank_form", "sample"]
            own = {name: key for key, name in renames.items()}
            exclude += [own.get(key, key) for key in bad]
            errors: dict[str, list[str]] = {}
            try:
                instance.clean_fields(exclude=exclude)
            except ValidationError as error:
                errors.update(error.message_dict)
            if not bad:
                try:
                    instance.clean()
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        errors.setdefault(name, []).extend(messages)
            for name, messages in errors.items():
                column = "" if name == NON_FIELD_ERRORS else renames.get(name, name)
                for message in messages:
                    yield column, message

    def check_duplicates(self, kind: str, lines: list[_Line], line: _Line) -> Iterator[tuple[str, str]]:
        if line.order is None:
            line.order = max((other.order or 0 for other in lines), default=0) + 1
        for other in lines:
            if other.order == line.order:
                yield "order", _("序号%(order)s与第%(row)s行重复。") % {"order": line.order, "row": other.row}
            if kind == "materials" and (other.values["material_name"], other.values["issuing_body"]) == (
                line.values["material_name"],
                line.values["issuing_body"],
            ):
                yield (
                    "material_name",
                    _("同一事项中材料“%(name)s”与第%(row)s行重复。")
                    % {"name": line.values["material_name"], "row": other.row},
                )

    def remember_library(self, sheet: str, by_key: dict[str, Column], line: _Line, centre: Centre) -> None:
        """The library's own attributes: a blank cell says nothing, two different values conflict."""
        key = (centre.pk, line.values["material_name"], line.values["issuing_body"] or "")
        given = self.library.setdefault(key, {})
        for attr, column_key in (("acceptance_standard", "acceptance_standard"), ("notes", "library_notes")):
            value = line.values.get(column_key) or ""
            if not value:
                continue
            earlier = given.get(attr)
            if earlier is None:
                given[attr] = (value, line.row)
            elif earlier[0] != value:
                self.problem(
                    _("同一材料在第%(row)s行的“%(column)s”不同。")
                    % {"row": earlier[1], "column": by_key[column_key].header},
                    sheet=sheet,
                    row=line.row,
                    column=by_key[column_key].header,
                )

    # -- contents and the in-memory rule check

    def build_content(self, plan: _ItemPlan) -> ItemContent:
        base = content_of(plan.published) if plan.published is not None else default_content()
        plan.base = base
        fields = dict(base.fields)
        relations = dict(base.relations)
        for column in item_field_columns():
            if column.key not in plan.values:
                continue
            if column.is_relation:
                relations[column.key] = plan.values[column.key] or ()
            else:
                fields[column.attr] = plan.values[column.key]
        materials = base.materials
        if plan.materials is not None:
            materials = tuple(
                sorted(
                    (
                        MaterialLine(
                            order=line.order or 0,
                            name=line.values["material_name"],
                            issuing_body=line.values["issuing_body"] or "",
                            originals=line.values["originals"],
                            copies=line.values["copies"],
                            requirement=line.values["requirement"],
                            condition=line.values["condition"] or "",
                            medium=line.values["medium"],
                            notes=line.values["notes"] or "",
                        )
                        for line in plan.materials
                    ),
                    key=lambda line: line.order,
                )
            )
        fees = base.fees
        if plan.fees is not None:
            fees = tuple(
                sorted(
                    (
                        FeeLine(
                            order=line.order or 0,
                            name=line.values["name"],
                            amount=_amount(line.values["amount"]),
                            standard=line.values["standard"],
                            legal_basis=line.values["legal_basis"],
                        )
                        for line in plan.fees
                    ),
                    key=lambda line: line.order,
                )
            )
        steps = base.steps
        if plan.steps is not None:
            steps = tuple(
                sorted(
                    (
                        StepLine(
                            order=line.order or 0,
                            name=line.values["name"],
                            kind=line.values["kind"],
                            role=line.values["role"],
                            budget_days=line.values["budget_days"],
                        )
                        for line in plan.steps
                    ),
                    key=lambda line: line.order,
                )
            )
        return ItemContent(fields=fields, relations=relations, materials=materials, fees=fees, steps=steps)

    def check_fields(self, plan: _ItemPlan) -> None:
        """ItemVersion's field checks and rules (rules.field_problems) on an unsaved version.

        The rules compare fields with each other, so they run only when every cell of the row
        could be read; otherwise they would report what a misread cell implies.
        """
        assert plan.content is not None
        candidate = ItemVersion(version=1, state=VersionState.DRAFT, **plan.content.fields)
        headers = _item_headers()
        exclude = ["item", "version", "state", *_relation_names()]
        exclude += [column.key for column in item_field_columns() if column.key in plan.bad_columns]
        errors: dict[str, list[str]] = {}
        try:
            candidate.clean_fields(exclude=exclude)
        except ValidationError as error:
            errors.update(error.message_dict)
        if not plan.has_errors:
            try:
                candidate.clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    errors.setdefault(name, []).extend(messages)
        for name, messages in errors.items():
            for message in messages:
                plan.has_errors = True
                self.problem(message, sheet=SHEET_ITEMS, row=plan.row, column=headers.get(name, ""))

    def plan_items(self) -> None:
        for plan in self.plans:
            plan.content = self.build_content(plan)
            self.check_fields(plan)
            if plan.item is None:
                plan.action = "created"
            elif plan.published is not None and plan.content == plan.base:
                plan.action = "unchanged"
            else:
                plan.action = "updated"

    # -- writing (inside the caller's transaction)

    def sync_library(self) -> None:
        """Find or create every material the file names; update the library's standard and notes."""
        wanted: dict[tuple[int, str, str], dict[str, tuple[str, int]]] = {}
        for plan in self.plans:
            if plan.centre is None or not plan.materials:
                continue
            for line in plan.materials:
                key = (plan.centre.pk, line.values["material_name"], line.values["issuing_body"] or "")
                wanted[key] = self.library.get(key, {})
        for (centre_id, name, issuing_body), given in wanted.items():
            attrs = {attr: value for attr, (value, _row) in given.items()}
            material, created = Material.objects.get_or_create(
                centre_id=centre_id, name=name, issuing_body=issuing_body, defaults=attrs
            )
            if created:
                self.report.materials_created += 1
                audit_record(actor=self.user, action="catalog.material.create", target=material, after=attrs)
            else:
                before = {attr: getattr(material, attr) for attr in attrs}
                changed = {
                    attr: value for attr, value in attrs.items() if normalise_text(before[attr]) != value
                }
                if changed:
                    for attr, value in changed.items():
                        setattr(material, attr, value)
                    material.save(update_fields=list(changed))
                    self.report.materials_updated += 1
                    audit_record(
                        actor=self.user,
                        action="catalog.material.update",
                        target=material,
                        before={attr: before[attr] for attr in changed},
                        after=changed,
                    )
            self.materials[(centre_id, name, issuing_body)] = material

    def write_relations(
        self, version: ItemVersion, plan: _ItemPlan, *, copy_from: ItemVersion | None = None
    ) -> None:
        """Set the version's relations and lines from the plan.

        Lines of a sheet the file leaves out stay as they are (a revision already copied them),
        or are copied from ``copy_from``.
        """
        assert plan.content is not None and plan.centre is not None
        content = plan.content
        for name, pks in content.relations.items():
            getattr(version, name).set(pks)
        if plan.materials is not None:
            version.materials.all().delete()
            ItemMaterial.objects.bulk_create(
                ItemMaterial(
                    version=version,
                    material=self.materials[(plan.centre.pk, line.name, line.issuing_body)],
                    order=line.order,
                    originals=line.originals,
                    copies=line.copies,
                    requirement=line.requirement,
                    condition=line.condition,
                    medium=line.medium,
                    notes=line.notes,
                )
                for line in content.materials
            )
        elif copy_from is not None:
            services.version_add_lines(version=version, model=ItemMaterial, rows=copy_from.materials.all())
        if plan.fees is not None:
            version.fees.all().delete()
            services.version_add_lines(version=version, model=ItemFee, rows=content.fees)
        elif copy_from is not None:
            services.version_add_lines(version=version, model=ItemFee, rows=copy_from.fees.all())
        if plan.steps is not None:
            version.steps.all().delete()
            services.version_add_lines(version=version, model=ItemStep, rows=content.steps)
        elif copy_from is not None:
            services.version_add_lines(version=version, model=ItemStep, rows=copy_from.steps.all())

    def write(self, plan: _ItemPlan) -> None:
        """Create or revise the item through the services, then submit and publish it."""
        assert plan.content is not None and plan.centre is not None and plan.department is not None
        if plan.item is None:
            version = services.item_create(
                actor=self.user,
                centre=plan.centre,
                department=plan.department,
                implementation_code=plan.code,
                fields=plan.content.fields,
            )
        else:
            version = services.version_revise(actor=self.user, item=plan.item)
            for attr, value in plan.content.fields.items():
                setattr(version, attr, value)
            version.full_clean(validate_constraints=False)
            version.save()
            services.version_refresh_search_text(version=version)
        self.write_relations(version, plan)
        services.version_submit(actor=self.user, version=version)
        services.version_publish(actor=self.user, version=version)
        for gap in version_staffing_gaps(version=version):
            self.report.warnings.append(
                _("事项“%(item)s”无人可办：%(gap)s") % {"item": version.name, "gap": gap.message}
            )

    def probe(self, plan: _ItemPlan) -> list[str]:
        """What submitting and publishing the item would refuse, found with a throw-away version.

        Used by dry runs and for rows that already have problems. The version is saved without
        validation in a savepoint that is always rolled back, so that
        ``rules.completeness_problems`` (which reads materials, fees and steps from the database)
        applies exactly; the fields were checked in memory before. Much cheaper than going
        through the services, so a dry run holds the database's write lock only briefly.
        Skipped when what it checks could not be read.
        """
        content = plan.content
        if content is None or plan.centre is None or plan.department is None or not plan.code:
            return []
        if plan.item is not None:
            versions = set(plan.item.versions.values_list("state", flat=True))
            if versions & {VersionState.DRAFT, VersionState.SUBMITTED}:
                return [_("该事项已有未发布的版本，请在该版本上修改。")]
            if VersionState.PUBLISHED not in versions:
                return [_("该事项还没有已发布的版本。")]
        needed = ("case_kind", "charges_fees", "promised_limit", "promised_limit_unit")
        if any(content.fields.get(attr) is None for attr in needed):
            return []
        fields: dict[str, Any] = {}
        for column in item_field_columns():
            if column.is_relation:
                continue
            value = content.fields[column.attr]
            if value is None and not column.model_field.null:
                value = 0 if column.kind in ("int", "bool") else ([] if column.kind == "multi" else "")
            fields[column.attr] = value
        try:
            with transaction.atomic():
                item = plan.item or ServiceItem.objects.create(
                    centre=plan.centre, department=plan.department, implementation_code=plan.code
                )
                latest = item.versions.aggregate(latest=models.Max("version"))["latest"] or 0
                version = ItemVersion.objects.create(
                    item=item, version=latest + 1, state=VersionState.SUPERSEDED, **fields
                )
                self.write_relations(version, plan, copy_from=plan.published)
                raise _ProbeDone(completeness_problems(version))
        except _ProbeDone as done:
            return done.messages
        except (DatabaseError, ValidationError, ValueError, TypeError, KeyError):
            return []

    def apply(self, *, dry_run: bool) -> None:
        """Check (dry run, or a file with problems) or write every new and changed item.

        Writing goes through the services, one savepoint per item so that one item's refusal
        doesn't hide the next one's; the caller rolls everything back if anything was refused.
        """
        self.sync_library()
        write = not dry_run and not self.report.problems
        for plan in self.plans:
            problems = plan.has_errors or plan.lines_have_errors
            if plan.action == "unchanged" and not problems:
                continue
            if not write:
                for message in self.probe(plan):
                    self.problem(message, sheet=SHEET_ITEMS, row=plan.row)
                continue
            try:
                with transaction.atomic():
                    self.write(plan)
            except ValidationError as error:
                self.validation_problems(plan, error)
            except DatabaseError as error:
                self.problem(
                    _("数据库拒绝保存该事项（%(error)s）。") % {"error": str(error)[:200]},
                    sheet=SHEET_ITEMS,
                    row=plan.row,
                )

    def validation_problems(self, plan: _ItemPlan, error: ValidationError) -> None:
        headers = _item_headers()
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(message, sheet=SHEET_ITEMS, row=plan.row, column=headers.get(name, ""))
        else:
            for message in error.messages:
                self.problem(message, sheet=SHEET_ITEMS, row=plan.row)


@cache
def _relation_names() -> tuple[str, ...]:
    return tuple(column.key for column in item_field_columns() if column.is_relation)


@cache
def _item_headers() -> dict[str, str]:
    """Model field name → column header, for placing ValidationErrors."""
    headers = {column.key: column.header for column in item_field_columns()}
    headers.update(centre=CENTRE_HEADER, department=DEPARTMENT_HEADER, implementation_code=CODE_HEADER)
    headers.update(item=CODE_HEADER)
    return headers


# --------------------------------------------------------------------------------------------
# Import: entry point


def _file_name(file: UploadedFile | IO[bytes]) -> str:
    return str(getattr(file, "name", "") or "")


def upload_problem(*, name: str, size: int | None) -> str | None:
    """Why an uploaded file can't be imported, judged by its name and size alone (or None)."""
    lowered = name.lower()
    if lowered.endswith(".xls"):
        return _("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 后再导入。")
    if name and not lowered.endswith(".xlsx"):
        return _("只能导入 Excel 工作簿（.xlsx）文件。")
    if size is not None and size > MAX_UPLOAD_BYTES:
        return _("文件超过10 MB，请分批导入。")
    return None


def _read_upload(file: UploadedFile | IO[bytes], report: ImportReport) -> bytes | None:
    problem = upload_problem(name=_file_name(file), size=getattr(file, "size", None))
    if problem is not None:
        report.problems.append(ImportProblem(problem))
        return None
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_UPLOAD_BYTES:
        report.problems.append(ImportProblem(_("文件超过10 MB，请分批导入。")))
        return None
    if not data:
        report.problems.append(ImportProblem(_("文件是空的。")))
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        report.problems.append(ImportProblem(_("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 后再导入。")))
        return None
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        report.problems.append(ImportProblem(_("文件不是有效的 Excel 工作簿（.xlsx）。")))
        return None
    if unpacked > MAX_UNPACKED_BYTES:
        report.problems.append(ImportProblem(_("文件解压后过大，请分批导入。")))
        return None
    return data


_WORKBOOK_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    ParseError,
    OSError,
)


def catalogue_import(*, user: User, file: UploadedFile | IO[bytes], dry_run: bool) -> ImportReport:
    """Check the whole workbook and, if it is valid and this is not a dry run, import it.

    Nothing is written unless every row of every sheet is valid. Raises PermissionDenied when
    the user may not publish items (importing publishes).
    """
    if not user.has_perm("catalog.publish_item"):
        raise PermissionDenied
    report = ImportReport(dry_run=dry_run, file_name=_file_name(file))
    data = _read_upload(file, report)
    if data is None:
        return report
    importer = _Importer(user=user, report=report)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except _WORKBOOK_ERRORS:
        report.problems.append(ImportProblem(_("文件不是有效的 Excel 工作簿（.xlsx）。")))
        return report
    try:
        sheets = {normalise_text(name): name for name in workbook.sheetnames}
        for name in sheets:
            if name not in SHEET_ORDER and name != SHEET_README:
                report.warnings.append(_("未识别的工作表“%(sheet)s”，已忽略。") % {"sheet": name})
        read: dict[str, _SheetRows | None] = {}
        if SHEET_ITEMS not in sheets:
            report.problems.append(ImportProblem(_("缺少“%(sheet)s”工作表。") % {"sheet": SHEET_ITEMS}))
            return report
        for name, columns in sheet_columns().items():
            if name in sheets:
                read[name] = importer.read_sheet(workbook[sheets[name]], name, columns)
    except _WORKBOOK_ERRORS:
        report.problems.append(ImportProblem(_("文件不是有效的 Excel 工作簿（.xlsx）。")))
        return report
    finally:
        workbook.close()

    items = read.get(SHEET_ITEMS)
    if items is None:
        return _finish(report)
    if not items.rows:
        report.problems.append(ImportProblem(_("没有数据行。"), sheet=SHEET_ITEMS))
        return _finish(report)
    importer.read_items(items)
    for name, kind in ((SHEET_MATERIALS, "materials"), (SHEET_FEES, "fees"), (SHEET_STEPS, "steps")):
        rows = read.get(name)
        if rows is not None:
            importer.read_lines(rows, sheet_columns()[name], kind)
    importer.plan_items()
    if importer.structural_error:
        return _finish(report)

    for plan in importer.plans:
        if plan.action:
            getattr(report, plan.action).append(plan.summary)
    with transaction.atomic():
        importer.apply(dry_run=dry_run)
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=user,
                action="catalog.spreadsheet.import",
                after={"file": report.file_name, **report.counts()},
            )
    return _finish(report)


def _finish(report: ImportReport) -> ImportReport:
    report.problems.sort(key=lambda problem: problem.sort_key)
    if report.problems:
        report.created.clear()
        report.updated.clear()
        report.unchanged.clear()
        report.materials_created = report.materials_updated = 0
    return report
