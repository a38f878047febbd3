"""The queue statistics as an Excel workbook: a sheet of filters and definitions, then one sheet per
grouping (队列、窗口、人员、日、小时) and the hourly counts. Durations are in minutes, shares are
fractions shown as percentages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govhall.queueing.statistics import (
    ESTIMATE_TOLERANCE_MINUTES,
    WAIT_THRESHOLDS,
    Figures,
    Grouping,
    StatisticsReport,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINUTES = "0.0"
SHARE = "0.0%"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B3261E")
TOTAL_FONT = Font(bold=True)

Value = int | float | str | None


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Figures], Value]
    number_format: str | None = None


def _minutes(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _over_count(index: int) -> Callable[[Figures], Value]:
    return lambda figures: figures.waits_over[index].count


def _over_share(index: int) -> Callable[[Figures], Value]:
    return lambda figures: figures.waits_over[index].share


def figure_columns() -> list[Column]:
    """The columns of every grouping sheet, headers in the current language (Chinese by default)."""
    columns = [
        Column(_("分组"), lambda figures: figures.label),
        Column(_("取号数"), lambda figures: figures.issued),
        Column(_("办结数"), lambda figures: figures.served),
        Column(_("过号数"), lambda figures: figures.no_shows),
        Column(_("转移次数"), lambda figures: figures.transfers),
        Column(_("已叫号数"), lambda figures: figures.called),
        Column(_("平均等候（分钟）"), lambda figures: _minutes(figures.wait_average), MINUTES),
        Column(_("等候中位数（分钟）"), lambda figures: _minutes(figures.wait_median), MINUTES),
        Column(_("等候P90（分钟）"), lambda figures: _minutes(figures.wait_p90), MINUTES),
        Column(_("平均办理（分钟）"), lambda figures: _minutes(figures.service_average), MINUTES),
        Column(_("办理中位数（分钟）"), lambda figures: _minutes(figures.service_median), MINUTES),
        Column(_("办理P90（分钟）"), lambda figures: _minutes(figures.service_p90), MINUTES),
    ]
    for index, limit in enumerate(WAIT_THRESHOLDS):
        columns.append(
            Column(
                _("等候超%(minutes)d分钟（人）") % {"minutes": limit},
                _over_count(index),
            )
        )
        columns.append(
            Column(
                _("等候超%(minutes)d分钟占比") % {"minutes": limit},
                _over_share(index),
                SHARE,
            )
        )
    columns.append(
        Column(_("预计等候平均误差（分钟）"), lambda figures: _minutes(figures.estimate_mae), MINUTES)
    )
    columns.append(
        Column(
            _("预计误差在±%(minutes)d分钟内占比") % {"minutes": ESTIMATE_TOLERANCE_MINUTES},
            lambda figures: figures.estimate_within_share,
            SHARE,
        )
    )
    return columns


def definitions() -> list[tuple[str, str]]:
    return [
        (
            _("取号数"),
            _("统计区间内取号的号码数（按号码最终所在的队列、窗口、人员归组；按日、按小时以取号时间归组）。"),
        ),
        (_("办结数"), _("状态为已办结的号码数。")),
        (_("过号数"), _("最终状态为过号（未再重新排队办理）的号码数。")),
        (_("转移次数"), _("号码被转移到其他队列或窗口的次数之和。")),
        (_("已叫号数"), _("至少被叫过一次的号码数，是等候时间、超时占比和预计误差的基数。")),
        (_("等候时间"), _("首次叫号时间减取号时间，单位分钟。")),
        (_("办理时间"), _("办结时间减开始办理时间，仅计已办结的号码，单位分钟。")),
        (_("中位数、P90"), _("将数值排序后按相邻名次线性插值：P90 位于第 (n−1)×0.9 位（从0起算）。")),
        (_("等候超N分钟"), _("等候时间长于N分钟的已叫号号码数及其占已叫号数的比例。")),
        (
            _("预计等候误差"),
            _(
                "取号时告知的预计等候分钟数与实际等候时间之差的绝对值的平均；占比为误差不超过%(minutes)d分钟的比例。"
            )
            % {"minutes": ESTIMATE_TOLERANCE_MINUTES},
        ),
    ]


def _header(sheet: Worksheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "B2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(28, len(header) * 2 + 2))


def _figures_sheet(sheet: Worksheet, rows: list[Figures], total: Figures) -> None:
    columns = figure_columns()
    _header(sheet, [column.header for column in columns])
    for figures in [*rows, total]:
        sheet.append([column.value(figures) for column in columns])
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            if column.number_format is not None:
                cell.number_format = column.number_format
            if figures is total:
                cell.font = TOTAL_FONT
    sheet.column_dimensions["A"].width = 30


def _about_sheet(sheet: Worksheet, report: StatisticsReport) -> None:
    sheet.title = _("说明")
    scope = _("本部门窗口和队列") if report.department_only else _("全部部门")
    sheet.append([_("中心"), report.centre.name])
    sheet.append([_("统计区间"), f"{report.date_from.isoformat()} — {report.date_to.isoformat()}"])
    sheet.append([_("统计范围"), scope])
    sheet.append([_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    sheet.append([])
    sheet.append([_("指标"), _("说明")])
    for cell in sheet[sheet.max_row]:
        cell.font = TOTAL_FONT
    for term, text in definitions():
        sheet.append([term, text])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100


def statistics_workbook(report: StatisticsReport) -> bytes:
    """The report (computed with ``all_groupings=True``) as .xlsx bytes."""
    workbook = Workbook()
    active = workbook.active
    assert active is not None
    _about_sheet(active, report)
    for grouping in Grouping:
        _figures_sheet(
            workbook.create_sheet(str(grouping.label)), report.groupings[grouping.value], report.total
        )
    hours = workbook.create_sheet(_("每小时取号与办结"))
    _header(hours, [_("时段"), _("取号数（按取号时间）"), _("办结数（按办结时间）")])
    for hour in report.hours:
        hours.append([f"{hour.hour:02d}:00–{(hour.hour + 1) % 24:02d}:00", hour.issued, hour.served])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
