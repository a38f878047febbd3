"""The queue statistics as an Excel workbook: a sheet of filters and definitions, then one sheet per
grouping (队列、窗口、人员、日、小时) and the hourly counts. Durations are in minutes, shares are
fractions shown as percentages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from govhall.core.spreadsheet import (
    Cell,
    Column,
    append_rows,
    bold_line,
    new_workbook,
    set_widths,
    workbook_bytes,
    write_lines,
    write_table,
)
from govhall.queueing.statistics import (
    ESTIMATE_TOLERANCE_MINUTES,
    WAIT_THRESHOLDS,
    AddedColumn,
    Figures,
    Grouping,
    HourCount,
    StatisticsReport,
)

MINUTES = "0.0"
SHARE = "0.0%"
LABEL_WIDTH = 30


def _minutes(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _over_count(index: int) -> Callable[[Figures], Cell]:
    return lambda figures: figures.waits_over[index].count


def _over_share(index: int) -> Callable[[Figures], Cell]:
    return lambda figures: figures.waits_over[index].share


def _added(index: int) -> Callable[[Figures], Cell]:
    return lambda figures: figures.added[index].value


def figure_columns(added: Sequence[AddedColumn]) -> list[Column[Figures]]:
    """The columns of every grouping sheet, headers in the current language (Chinese by default), the
    other apps' figures last."""
    columns: list[Column[Figures]] = [
        Column(_("分组"), lambda figures: figures.label, width=LABEL_WIDTH),
        Column(_("取号数"), lambda figures: figures.issued),
        Column(_("办结数"), lambda figures: figures.served),
        Column(_("过号数"), lambda figures: figures.no_shows),
        Column(_("转移次数"), lambda figures: figures.transfers),
        Column(_("已叫号数"), lambda figures: figures.called),
        Column(_("平均等候（分钟）"), lambda f: _minutes(f.wait_average), number_format=MINUTES),
        Column(_("等候中位数（分钟）"), lambda f: _minutes(f.wait_median), number_format=MINUTES),
        Column(_("等候P90（分钟）"), lambda f: _minutes(f.wait_p90), number_format=MINUTES),
        Column(_("平均办理（分钟）"), lambda f: _minutes(f.service_average), number_format=MINUTES),
        Column(_("办理中位数（分钟）"), lambda f: _minutes(f.service_median), number_format=MINUTES),
        Column(_("办理P90（分钟）"), lambda f: _minutes(f.service_p90), number_format=MINUTES),
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
                number_format=SHARE,
            )
        )
    columns.append(
        Column(_("预计等候平均误差（分钟）"), lambda f: _minutes(f.estimate_mae), number_format=MINUTES)
    )
    columns.append(
        Column(
            _("预计误差在±%(minutes)d分钟内占比") % {"minutes": ESTIMATE_TOLERANCE_MINUTES},
            lambda figures: figures.estimate_within_share,
            number_format=SHARE,
        )
    )
    columns.extend(
        Column(column.header, _added(index), number_format=column.number_format)
        for index, column in enumerate(added)
    )
    return columns


def definitions(added: Sequence[AddedColumn]) -> list[tuple[str, str]]:
    return [
        (
            _("取号数"),
            _(
                "统计区间内取号的号码数（按号码最终所在的队列、窗口、人员归组；按日、按小时以取号时间归组）。"
                "取号、叫号、办结、过号与窗口“本人今日”和大厅监控按同一口径计数。"
            ),
        ),
        (_("办结数"), _("状态为已办结的号码数。")),
        (_("过号数"), _("最终状态为过号（未再重新排队办理）的号码数。")),
        (_("转移次数"), _("号码被转移到其他队列或窗口的次数之和。")),
        (
            _("已叫号数"),
            _(
                "至少被叫过一次的号码数（记在最后叫号的窗口和人员名下），是等候时间、超时占比和预计误差的基数。"
            ),
        ),
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
        *((column.header, column.definition) for column in added),
    ]


def _figures_sheet(
    sheet: Worksheet, rows: list[Figures], total: Figures, added: Sequence[AddedColumn]
) -> None:
    columns = figure_columns(added)
    write_table(sheet, columns, rows, frozen_columns=1)
    append_rows(sheet, columns, [total], bold=True)


def _about_sheet(sheet: Worksheet, report: StatisticsReport) -> None:
    scope = _("本部门窗口和队列") if report.department_only else _("全部部门")
    lines: list[list[Cell]] = [
        [_("中心"), report.centre.name],
        [_("统计区间"), f"{report.date_from.isoformat()} — {report.date_to.isoformat()}"],
        [_("统计范围"), scope],
        [_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        [],
        [_("指标"), _("说明")],
    ]
    terms_header = len(lines)
    lines.extend([term, text] for term, text in definitions(report.added_columns))
    write_lines(sheet, lines)
    bold_line(sheet, terms_header)
    set_widths(sheet, [18, 100])


def _hour_columns() -> list[Column[HourCount]]:
    return [
        Column(_("时段"), lambda hour: f"{hour.hour:02d}:00–{(hour.hour + 1) % 24:02d}:00"),
        Column(_("取号数（按取号时间）"), lambda hour: hour.issued),
        Column(_("办结数（按办结时间）"), lambda hour: hour.served),
    ]


def statistics_workbook(report: StatisticsReport) -> bytes:
    """The report (computed with ``all_groupings=True``) as .xlsx bytes."""
    workbook, about = new_workbook(_("说明"))
    _about_sheet(about, report)
    for grouping in Grouping:
        _figures_sheet(
            workbook.create_sheet(str(grouping.label)),
            report.groupings[grouping.value],
            report.total,
            report.added_columns,
        )
    write_table(workbook.create_sheet(_("每小时取号与办结")), _hour_columns(), report.hours, frozen_columns=1)
    return workbook_bytes(workbook)
