"""Printable PDFs of an item's published version: the 一次性告知单 and the 办事指南 (八公开).

Both are A4 in the CID font of :mod:`govhall.core.pdf` (text extractable and searchable). Each
carries a QR code that opens the item's online guide, and "第 1 页 / 共 N 页" when it runs over
more than one page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from govhall.catalog.models import (
    CaseKind,
    HandlingForm,
    ItemMaterial,
    ItemVersion,
    MaterialRequirement,
    ServiceObject,
)
from govhall.catalog.selectors import guide_windows
from govhall.core.pdf import (
    ACCENT,
    CELL_PADDING,
    CELL_STYLE,
    CONTENT_WIDTH,
    DASH,
    INK,
    MAX_ROW_HEIGHT,
    MUTED_HEX,
    QR_SIZE,
    RULE,
    SEPARATOR,
    SHADE,
    QrCode,
    Title,
    chinese_date,
    facts,
    grid,
    heading,
    markup,
    para,
    para_lines,
    paragraph_styles,
    pieces,
    render,
)
from govhall.core.pdf import MARGIN as MARGIN  # re-exported: the tests locate the title by it
from govhall.core.pdf import TOP_MARGIN as TOP_MARGIN
from govhall.core.working_days import TimeUnit
from govhall.org.models import OpeningHours, Window
from govhall.org.selectors import centre_opening_hours


def _render(story: list[Flowable], *, title: str, version: ItemVersion, running_title: str) -> bytes:
    footer = _("%(centre)s｜第%(version)s版｜%(date)s发布") % {
        "centre": version.item.centre.name,
        "version": version.version,
        "date": _date(version),
    }
    return render(
        story,
        title=title,
        subject=version.name,
        author=version.item.centre.name,
        running_title=running_title,
        footer=footer,
    )


# --- what the documents say -------------------------------------------------------------------


def _date(version: ItemVersion) -> str:
    published = version.published_at or version.created_at
    if published is None:
        return DASH
    return chinese_date(timezone.localtime(published).date())


def _days(value: int, unit: str) -> str:
    return _("%(count)s个%(unit)s") % {"count": value, "unit": TimeUnit(unit).label}


def _limit(value: int, unit: str, note: str) -> str:
    text = _days(value, unit)
    return f"{text}（{note.strip()}）" if note.strip() else text


def _legal_limit(version: ItemVersion) -> str:
    if not version.legal_limit:
        return _("即办")
    return _limit(version.legal_limit, version.legal_limit_unit, version.legal_limit_note)


def _promised_limit(version: ItemVersion) -> str:
    if version.case_kind == CaseKind.IMMEDIATE or not version.promised_limit:
        text = _("即办（当场或当日办结）")
        return (
            f"{text}（{version.promised_limit_note.strip()}）"
            if version.promised_limit_note.strip()
            else text
        )
    return _limit(version.promised_limit, version.promised_limit_unit, version.promised_limit_note)


def _money(amount: Decimal) -> str:
    return _("%(amount)s元") % {"amount": f"{amount:,.2f}"}


def _fee_lines(version: ItemVersion) -> list[str]:
    if not version.charges_fees:
        return [_("不收费")]
    lines = []
    for fee in version.fees.all():
        parts = [fee.name]
        if fee.amount is not None:
            parts.append(_money(fee.amount))
        parts.append(_("收费标准：%(standard)s") % {"standard": fee.standard})
        parts.append(_("收费依据：%(basis)s") % {"basis": fee.legal_basis})
        lines.append("；".join(parts))
    return lines


def _visits(version: ItemVersion) -> str:
    if version.visits == 0:
        return _("0次（全程网上办理，无需到办事现场）")
    text = _("最多跑%(count)s次") % {"count": version.visits}
    if version.visits_reason.strip():
        text += _("（须到现场原因：%(reason)s）") % {"reason": version.visits_reason.strip()}
    return text


def _location(version: ItemVersion) -> str:
    return version.location.strip() or version.item.centre.address.strip() or DASH


def _clock(moment: time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _hours_row(row: OpeningHours) -> str:
    return _("%(name)s（%(month)s月%(day)s日起）：上午 %(ms)s-%(me)s，下午 %(as)s-%(ae)s") % {
        "name": row.name,
        "month": row.from_month,
        "day": row.from_day,
        "ms": _clock(row.morning_start),
        "me": _clock(row.morning_end),
        "as": _clock(row.afternoon_start),
        "ae": _clock(row.afternoon_end),
    }


def _hours(version: ItemVersion) -> list[str]:
    if version.hours.strip():
        return [version.hours.strip()]
    rows = centre_opening_hours(version.item.centre)
    if not rows:
        return [_("法定工作日办公时间")]
    return [_hours_row(row) for row in rows] + [_("法定节假日除外")]


def _window_text(window: Window) -> str:
    text = str(window)
    place = " ".join(part for part in (window.floor, window.zone) if part)
    return f"{text} {place}" if place else text


def _windows(version: ItemVersion) -> list[str]:
    return [_window_text(window) for window in guide_windows(version=version)] or [DASH]


def _phone(value: str, fallback: str) -> str:
    return value.strip() or fallback.strip() or DASH


def _consultation_phone(version: ItemVersion) -> str:
    return _phone(version.consultation_phone, version.item.centre.consultation_phone)


def _complaint_phone(version: ItemVersion) -> str:
    return _phone(version.complaint_phone, version.item.centre.complaint_phone)


def _department(version: ItemVersion) -> str:
    department = version.item.department
    return f"{department.name}（{department.get_nature_display()}）"


def _labels(values: Iterable[str], choices: Any) -> str:
    names = dict(choices.choices)
    return "、".join(str(names.get(value, value)) for value in values) or DASH


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


# --- building blocks --------------------------------------------------------------------------


def _header(title: str, rows: list[tuple[str, str]], guide_url: str) -> Table:
    """Title and the item's identity on the left, the QR code to the online guide on the right."""
    styles = paragraph_styles()
    left: list[Flowable] = [Title(title, 22), Spacer(1, 3 * mm)]
    left.extend(
        Paragraph(f'<font color="{MUTED_HEX}">{markup(label)}：</font>{markup(value)}', styles["meta"])
        for label, value in rows
    )
    right: list[Flowable] = [QrCode(guide_url, QR_SIZE), para(_("扫码查看办事指南"), "caption")]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 4 * mm),
                ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def _copies(row: ItemMaterial) -> list[str]:
    parts = []
    if row.originals:
        parts.append(_("原件%(count)s份") % {"count": row.originals})
    if row.copies:
        parts.append(_("复印件%(count)s份") % {"count": row.copies})
    return parts or [DASH]


def _requirement(row: ItemMaterial) -> list[str]:
    if row.requirement == MaterialRequirement.REQUIRED:
        return [str(row.get_requirement_display())]
    return [str(row.get_requirement_display()), _("适用情形：%(condition)s") % {"condition": row.condition}]


def _standard(row: ItemMaterial) -> list[str]:
    material = row.material
    lines = [material.acceptance_standard.strip()] if material.acceptance_standard.strip() else []
    notes = [note.strip() for note in (material.notes, row.notes) if note.strip()]
    if notes:
        lines.append(_("备注：%(notes)s") % {"notes": "；".join(notes)})
    if material.blank_form or material.sample:
        lines.append(_("空白表格和填写样本可在网上办事指南下载。"))
    return lines or [DASH]


def _materials_table(version: ItemVersion) -> Table:
    """Every material; an acceptance standard too long for one row goes on in rows marked （续）.

    reportlab cannot split one table row over two pages cleanly (its in-row split repeats the
    header in the wrong place), so rows are kept whole and no row is allowed to grow too tall.
    """
    head = [_("序号"), _("材料名称"), _("出具单位"), _("份数"), _("是否必要"), _("形式"), _("受理标准")]
    widths = [9 * mm, 37 * mm, 22 * mm, 18 * mm, 28 * mm, 12 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    data: list[list[Any]] = [[para(text, "cell_center") for text in head]]
    new_material_rows = [0]
    for number, row in enumerate(version.materials.all(), start=1):
        standard = pieces(para_lines(_standard(row), "cell"), widths[-1] - 2 * CELL_PADDING, MAX_ROW_HEIGHT)
        new_material_rows.append(len(data))
        data.append(
            [
                para(number, "cell_center"),
                para(row.material.name, "cell"),
                para(row.material.issuing_body or DASH, "cell"),
                para_lines(_copies(row), "cell"),
                para_lines(_requirement(row), "cell"),
                para(row.get_medium_display(), "cell_center"),
                standard[0],
            ]
        )
        continued = _("%(name)s（续）") % {"name": row.material.name}
        data.extend([["", para(continued, "note"), "", "", "", "", piece] for piece in standard[1:]])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *CELL_STYLE,
                ("BOX", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                *[("LINEABOVE", (0, index), (-1, index), 0.4, RULE) for index in new_material_rows[1:]],
                ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
            ]
        )
    )
    return table


def _text_or_dash(text: str) -> str:
    return text.strip() or DASH


# --- the documents ----------------------------------------------------------------------------


def notification_pdf(version: ItemVersion, *, guide_url: str) -> bytes:
    """一次性告知单: everything an applicant must bring, told once, with a line for the window."""
    title = _("一次性告知单")
    materials = list(version.materials.all())
    story: list[Flowable] = [
        _header(
            title,
            [
                (_("事项名称"), version.name),
                (_("实施编码"), version.item.implementation_code),
                (_("实施主体"), _department(version)),
                (_("办件类型"), str(version.get_case_kind_display())),
            ],
            guide_url,
        ),
        Spacer(1, 4 * mm),
        para(
            _(
                "申请人：您好！根据一次性告知制度，现将办理本事项所需的全部材料和要求一次性告知如下。"
                "材料齐全、符合法定形式的，窗口予以受理；窗口工作人员不得要求提交本告知单以外的材料。"
            )
        ),
        *heading(_("一、申请材料（共%(count)s项）") % {"count": len(materials)}),
        _materials_table(version),
        *heading(_("二、受理条件")),
        para(_text_or_dash(version.conditions)),
        *heading(_("三、办理时限、收费和到现场次数")),
        facts(
            [
                (_("法定办结时限"), _legal_limit(version)),
                (_("承诺办结时限"), _promised_limit(version)),
                (_("收费标准"), _fee_lines(version)),
                (_("到办事现场次数"), _visits(version)),
            ]
        ),
        *heading(_("四、办理地点和时间")),
        facts(
            [
                (_("办理地点"), _location(version)),
                (_("办理时间"), _hours(version)),
                (_("办理窗口"), _windows(version)),
                (_("咨询电话"), _consultation_phone(version)),
                (_("监督投诉电话"), _complaint_phone(version)),
            ]
        ),
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                para(
                    _(
                        "本告知单依据%(date)s发布的第%(version)s版办事指南生成，扫描二维码可查看最新办事指南：%(url)s"
                    )
                    % {"date": _date(version), "version": version.version, "url": guide_url},
                    "note",
                ),
                Spacer(1, 2 * mm),
                *_signature_block(),
            ]
        ),
    ]
    return _render(
        story,
        title=f"{title} {version.name}",
        version=version,
        running_title=f"{title}{SEPARATOR}{version.name}",
    )


def _signature_block() -> list[Flowable]:
    """One line for the window: 经办人签字 and 日期, and 申请人签收 for the applicant."""
    styles = paragraph_styles()

    def label(text: str) -> Paragraph:
        return Paragraph(markup(text), styles["value"])

    cells = [
        [
            label(_("经办人签字：")),
            "",
            label(_("日期：")),
            "",
            label(_("年")),
            "",
            label(_("月")),
            "",
            label(_("日")),
            label(_("申请人签收：")),
            "",
        ]
    ]
    widths = [22 * mm, 30 * mm, 16 * mm, 14 * mm, 6 * mm, 9 * mm, 6 * mm, 9 * mm, 8 * mm, 26 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    table = Table(cells, colWidths=widths, rowHeights=[10 * mm])
    underlined = [1, 3, 5, 7, 10]
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (2, 0), (2, 0), 5 * mm),
                ("LEFTPADDING", (9, 0), (9, 0), 5 * mm),
            ]
            + [("LINEBELOW", (column, 0), (column, 0), 0.6, INK) for column in underlined]
        )
    )
    return [para(_("以下由窗口填写"), "note"), table]


def _steps_table(version: ItemVersion) -> Table:
    unit = version.promised_limit_unit
    data: list[list[Any]] = [
        [para(text, "cell_center") for text in (_("序号"), _("环节名称"), _("办理角色"), _("环节时限"))]
    ]
    steps = list(version.steps.all())
    for step in steps:
        data.append(
            [
                para(step.order, "cell_center"),
                para(step.name, "cell"),
                para(step.get_role_display(), "cell"),
                para(_days(step.budget_days, unit) if step.budget_days else _("当日"), "cell"),
            ]
        )
    total = sum(step.budget_days for step in steps)
    data.append(
        [
            "",
            para(_("合计"), "cell"),
            "",
            para(_days(total, unit), "cell"),
        ]
    )
    widths = [12 * mm, 60 * mm, 50 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    table = grid(data, widths)
    table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), SHADE)]))
    return table


def _fees_table(version: ItemVersion) -> Flowable:
    if not version.charges_fees:
        return para(_("不收费"))
    data: list[list[Any]] = [
        [para(text, "cell_center") for text in (_("收费项目"), _("金额"), _("收费标准"), _("收费依据"))]
    ]
    for fee in version.fees.all():
        data.append(
            [
                para(fee.name, "cell"),
                para(_money(fee.amount) if fee.amount is not None else _("按标准计收"), "cell"),
                para(fee.standard, "cell"),
                para(fee.legal_basis, "cell"),
            ]
        )
    widths = [38 * mm, 24 * mm, 56 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return grid(data, widths)


def _commitments(version: ItemVersion) -> list[str]:
    lines = [
        _("承诺办结时限：%(limit)s") % {"limit": _promised_limit(version)},
        _("到办事现场次数：%(visits)s") % {"visits": _visits(version)},
        _("一次性告知：申请材料不齐全或不符合法定形式的，窗口一次性告知需要补正的全部内容。"),
    ]
    compression = version.compression
    if version.case_kind != CaseKind.IMMEDIATE and compression is not None and compression > 0:
        lines.append(_("承诺时限较法定时限压缩%(percent)s%%。") % {"percent": int(compression * 100)})
    if version.supports_appointment:
        lines.append(_("支持预约办理。"))
    if version.supports_online_payment:
        lines.append(_("支持网上支付。"))
    if version.supports_delivery:
        lines.append(_("支持物流快递送达办理结果。"))
    if version.service_scope:
        lines.append(_("通办范围：%(scope)s") % {"scope": version.get_service_scope_display()})
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]


def guide_pdf(version: ItemVersion, *, guide_url: str) -> bytes:
    """办事指南 with the 八公开: duties, basis, conditions, procedure, time, promise, fees, result."""
    title = _("办事指南")
    identity: list[tuple[str, str | list[str]]] = [
        (_("基本编码"), version.basic_code or DASH),
        (_("事项类型"), str(version.get_item_type_display())),
        (_("实施主体"), _department(version)),
    ]
    joint = [department.name for department in version.joint_departments.all()]
    if joint:
        identity.append((_("共同实施部门"), "、".join(joint)))
    if version.case_kind == CaseKind.ESCALATED:
        escalation = " ".join(
            part for part in (str(version.get_escalation_level_display()), version.escalation_body) if part
        )
        identity.append((_("上报机关"), escalation or DASH))
    identity += [
        (_("服务对象"), _labels(version.service_objects, ServiceObject)),
        (_("办理形式"), _labels(version.handling_forms, HandlingForm)),
        (_("办件类型"), str(version.get_case_kind_display())),
        (_("网办深度"), str(version.get_online_depth_display())),
    ]
    if version.online_handling and version.online_url:
        identity.append((_("网办地址"), version.online_url))
    identity.append((_("是否进驻大厅"), _yes_no(version.in_hall)))

    materials = list(version.materials.all())
    process: list[Flowable] = []
    if version.process_description.strip():
        process.append(para(version.process_description.strip()))
    process.append(KeepTogether([_steps_table(version)]))
    if version.special_procedures.strip():
        process += [Spacer(1, 3 * mm), para(_("特别程序：%(text)s") % {"text": version.special_procedures})]
    if version.intermediary_services.strip():
        process.append(para(_("中介服务：%(text)s") % {"text": version.intermediary_services}))

    conditions: list[Flowable] = [para(_text_or_dash(version.conditions))]
    if version.quantity_limit.strip():
        conditions.append(para(_("数量限制：%(text)s") % {"text": version.quantity_limit}))

    result = [_text_or_dash(version.result_name)]
    if version.supports_delivery:
        result.append(_("可选择物流快递送达。"))

    story: list[Flowable] = [
        _header(
            title,
            [
                (_("事项名称"), version.name),
                (_("实施编码"), version.item.implementation_code),
                (_("实施主体"), version.item.department.name),
                (
                    _("发布日期"),
                    _("%(date)s（第%(version)s版）") % {"date": _date(version), "version": version.version},
                ),
            ],
            guide_url,
        ),
        *heading(_("一、事项类型和实施主体（工作职责）")),
        facts(identity),
        *heading(_("二、设定依据（办事依据）")),
        para(_text_or_dash(version.legal_basis)),
        *heading(_("三、受理条件（前置条件）")),
        *conditions,
        *heading(_("四、申请材料（共%(count)s项）") % {"count": len(materials)}),
        _materials_table(version),
        *heading(_("五、办理流程（办事程序）")),
        *process,
        *heading(_("六、办理时限（时限要求）")),
        facts(
            [
                (_("法定办结时限"), _legal_limit(version)),
                (_("承诺办结时限"), _promised_limit(version)),
            ]
        ),
        *heading(_("七、服务承诺")),
        para_lines(_commitments(version)),
        *heading(_("八、收费标准")),
        _fees_table(version),
        *heading(_("九、审批结果（办结结果）")),
        para_lines(result),
        *heading(_("十、办理地点、时间和窗口")),
        facts(
            [
                (_("办理地点"), _location(version)),
                (_("办理时间"), _hours(version)),
                (_("办理窗口"), _windows(version)),
            ]
        ),
        *heading(_("十一、咨询与投诉电话")),
        facts(
            [
                (_("咨询电话"), _consultation_phone(version)),
                (_("监督投诉电话"), _complaint_phone(version)),
            ]
        ),
        *heading(_("十二、常见问题")),
        para(_text_or_dash(version.faq) if version.faq.strip() else _("暂无")),
        Spacer(1, 4 * mm),
        para(_("网上办事指南：%(url)s") % {"url": guide_url}, "note"),
    ]
    return _render(
        story,
        title=f"{title} {version.name}",
        version=version,
        running_title=f"{title}{SEPARATOR}{version.name}",
    )
