"""The one spreadsheet helper: columns, the header row, widths, number formats, reading rows back."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from operator import itemgetter

from openpyxl import load_workbook

from govhall.core.spreadsheet import (
    Column,
    append_rows,
    new_workbook,
    read_table,
    workbook_bytes,
    write_table,
)


@dataclass(frozen=True)
class Queue:
    name: str
    waiting: int
    share: float


COLUMNS: list[Column[Queue]] = [
    Column("队列", lambda queue: queue.name, width=30, required=True),
    Column("等候人数", lambda queue: queue.waiting),
    Column("超时占比", lambda queue: queue.share, number_format="0.0%"),
]


def written(*queues: Queue) -> bytes:
    workbook, sheet = new_workbook("队列")
    write_table(sheet, COLUMNS, queues, frozen_columns=1)
    append_rows(sheet, COLUMNS, [Queue("合计", sum(queue.waiting for queue in queues), 0.5)], bold=True)
    return workbook_bytes(workbook)


def test_a_table_has_a_styled_header_widths_formats_and_its_rows() -> None:
    sheet = load_workbook(BytesIO(written(Queue("综合受理", 12, 0.25), Queue("企业开办", 3, 0.0))))["队列"]

    assert [cell.value for cell in sheet[1]] == ["队列", "等候人数", "超时占比"]
    assert sheet["A1"].font.color.rgb.endswith("B3261E") and sheet["B1"].font.bold
    assert sheet["B1"].font.color is None or not sheet["B1"].font.color.rgb.endswith("B3261E")
    assert sheet["A1"].fill.fgColor.rgb.endswith("F5F7FA")
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == 10  # from the header, at least ten
    assert sheet.column_dimensions["C"].width == 10
    assert sheet.freeze_panes == "B2"
    assert [row for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("综合受理", 12, 0.25),
        ("企业开办", 3, 0),
        ("合计", 15, 0.5),
    ]
    assert sheet["C2"].number_format == "0.0%" and sheet["B2"].number_format == "General"
    assert sheet["A4"].font.bold and not sheet["A2"].font.bold


def test_text_that_looks_like_a_formula_stays_text() -> None:
    sheet = load_workbook(BytesIO(written(Queue("=1+2", 1, 0.0))))["队列"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=1+2"


def test_rows_of_cells_and_reading_them_back_by_their_excel_numbers() -> None:
    columns: list[Column[list[object]]] = [Column("编码", itemgetter(0)), Column("名称", itemgetter(1))]
    workbook, sheet = new_workbook("事项")
    write_table(sheet, columns, [["A-1", "开办"], [None, "  "], ["A-3", None]])
    read = load_workbook(BytesIO(workbook_bytes(workbook)), read_only=True)["事项"]

    header, rows = read_table(read, max_columns=1)

    assert header == ("编码",)
    assert list(rows) == [(2, ("A-1",)), (4, ("A-3",))]
