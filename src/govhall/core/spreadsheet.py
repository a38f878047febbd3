"""Excel workbooks (.xlsx, openpyxl) the way every export and import of the platform writes and reads
them: one header row in one style (required columns in red), widths, frozen panes, number formats,
and text that a spreadsheet never runs as a formula.

A :class:`Column` says what a column is called and how a row gives its cell; rows can be any
objects (``value=lambda figures: figures.issued``) or lists of cells (``value=itemgetter(3)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any, Generic, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = TypeVar("Row")
Cell = str | int | float | Decimal | date | datetime | None

BOLD = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="B3261E")
HEADER_FILL = PatternFill("solid", fgColor="F5F7FA")
TITLE_FONT = Font(bold=True, size=14)
MIN_WIDTH, MAX_WIDTH = 10, 28
"""Bounds of a width taken from the header (in characters; a Chinese character counts two)."""


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a sheet."""

    header: str
    value: Callable[[Row], Cell]
    """The row's cell in this column."""
    width: float | None = None
    """In characters; None: wide enough for the header."""
    number_format: str | None = None
    """Excel's format for the column's numbers, e.g. ``0.0`` or ``0.0%``."""
    required: bool = False
    """An import needs this column: its header shows in red."""

    @property
    def shown_width(self) -> float:
        if self.width is not None:
            return self.width
        return max(MIN_WIDTH, min(MAX_WIDTH, len(self.header) * 2 + 2))


def new_workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, titled."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = first_sheet
    return workbook, sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def write_header(sheet: Worksheet, columns: Sequence[Column[Any]], *, frozen_columns: int = 0) -> None:
    """The header row in the platform's style; it (and ``frozen_columns`` on the left) stay in view."""
    for index, column in enumerate(columns, start=1):
        cell = _set(sheet, 1, index, column.header)
        cell.font = REQUIRED_FONT if column.required else BOLD
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.shown_width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"


def append_rows(
    sheet: Worksheet, columns: Sequence[Column[Row]], rows: Iterable[Row], *, bold: bool = False
) -> None:
    """One line per row after the sheet's last, each cell in its column's number format."""
    first = sheet.max_row + 1
    for number, row in enumerate(rows, start=first):
        for index, column in enumerate(columns, start=1):
            cell = _set(sheet, number, index, column.value(row))
            if column.number_format is not None:
                cell.number_format = column.number_format
            if bold:
                cell.font = BOLD


def write_table(
    sheet: Worksheet, columns: Sequence[Column[Row]], rows: Iterable[Row], *, frozen_columns: int = 0
) -> None:
    """A sheet holding one table: the header, then a line per row."""
    write_header(sheet, columns, frozen_columns=frozen_columns)
    append_rows(sheet, columns, rows)


def write_lines(sheet: Worksheet, lines: Sequence[Sequence[Cell]]) -> None:
    """Free text on an empty sheet (an explanation), one list of cells a line from the first."""
    for number, line in enumerate(lines, start=1):
        for index, value in enumerate(line, start=1):
            _set(sheet, number, index, value)


def bold_line(sheet: Worksheet, number: int) -> None:
    for cell in sheet[number]:
        cell.font = BOLD


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Widths of the first columns, in characters."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


Line = tuple[Any, ...]


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(sheet: Any, *, max_columns: int) -> tuple[Line, Iterator[tuple[int, Line]]]:
    """A sheet's header cells, and its rows after the header that hold something, each with its
    number as Excel shows it (the header is row 1). Reads no further than ``max_columns``."""
    lines = sheet.iter_rows(values_only=True, max_col=max_columns)
    header = tuple(next(lines, ()))

    def filled() -> Iterator[tuple[int, Line]]:
        for number, values in enumerate(lines, start=2):
            if not all(is_blank(value) for value in values):
                yield number, tuple(values)

    return header, filled()
