"""The printable notice (文书) of a case: an A4 PDF drawn only from the stored :class:`Notice`.

Everything printed comes from the notice row (kind, number, issue date) and its ``content`` (keys
in :mod:`govhall.cases.notices`), never from the live case, so a reprint years later is the same
document. The wording follows the item's type: only a 行政许可 item's notices cite the
Administrative Licensing Law and speak of 许可; a 行政确认 decides 予以确认, any other item
准予办理. The layout follows the usual administrative-licensing forms: the centre as the heading,
the notice's title and document number (文号) under it, the addressee, the text in official
phrasing with the facts in a table, the issuing department, date and seal at the bottom right,
and a QR code that opens the public tracking page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table, TableStyle

from govhall.cases.models import Decision, DeliveryMethod, Notice, NoticeKind
from govhall.catalog.models import ItemType
from govhall.core.pdf import (
    ACCENT,
    CELL_STYLE,
    CONTENT_WIDTH,
    DASH,
    INK,
    RULE,
    SEPARATOR,
    SHADE,
    Title,
    chinese_date,
    facts,
    grid,
    para,
    para_lines,
    paragraph_styles,
    qr_and_seal,
    render,
)

QR_CODE_SIZE = 26 * mm
Content = Mapping[str, Any]


# --- reading the stored content -----------------------------------------------------------------


def _text(content: Content, key: str) -> str:
    value = content.get(key)
    return "" if value is None else str(value).strip()


def _day(content: Content, key: str) -> str:
    """An ISO date of the content as 2026年10月13日 (a dash when the notice did not record it)."""
    value = _text(content, key)
    return chinese_date(date.fromisoformat(value)) if value else DASH


def _items(content: Content, key: str) -> list[str]:
    """A list of texts, stored as a list or as one text with a line per item."""
    value = content.get(key)
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _rows(content: Content, key: str) -> list[Mapping[str, Any]]:
    value = content.get(key)
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def _numbered(items: Sequence[str]) -> list[str]:
    return (
        [f"{number}. {item}" for number, item in enumerate(items, start=1)] if len(items) > 1 else list(items)
    )


def _or_dash(text: str) -> str:
    return text or DASH


def _item_type(content: Content) -> str:
    """The item's 事项类型; a notice issued before it was recorded reads as a 行政许可."""
    return _text(content, "item_type") or ItemType.LICENSING


def _licensing(content: Content) -> bool:
    return _item_type(content) == ItemType.LICENSING


# --- styles -------------------------------------------------------------------------------------


def _style(name: str) -> ParagraphStyle:
    return _notice_styles()[name]


@functools.cache
def _notice_styles() -> dict[str, ParagraphStyle]:
    base = paragraph_styles()["body"]
    text = ParagraphStyle(
        "notice_text", parent=base, fontSize=11.5, leading=20, firstLineIndent=23, spaceAfter=4
    )
    return {
        "text": text,
        "list": ParagraphStyle("notice_list", parent=text, firstLineIndent=0, leftIndent=23),
        "addressee": ParagraphStyle("notice_addressee", parent=text, firstLineIndent=0, spaceBefore=8),
        "number": ParagraphStyle("notice_number", parent=base, fontSize=11, leading=16, alignment=TA_CENTER),
        "copy": ParagraphStyle("notice_copy", parent=base, fontSize=9.5, leading=13, alignment=TA_RIGHT),
        "subheading": ParagraphStyle(
            "notice_subheading", parent=text, firstLineIndent=0, spaceBefore=4, spaceAfter=3
        ),
    }


def _p(text: str, style: str = "text") -> Flowable:
    return para(text, _style(style))


# --- what each kind of notice says --------------------------------------------------------------


@dataclass
class _Parts:
    """One notice's own text, the facts it adds to the case table, and whether it has an addressee."""

    body: list[Flowable]
    facts: list[tuple[str, str | list[str]]] = field(default_factory=list)
    addressed: bool = True


def _applied(content: Content) -> str:
    """你（单位）于2026年9月30日提出的《…》申请，"""
    return _("你（单位）于%(received)s提出的《%(item)s》申请，") % {
        "received": _day(content, "received_on"),
        "item": _text(content, "item_name"),
    }


def _applied_case(content: Content) -> str:
    """你（单位）申请的《…》（办件编号：…），"""
    return _("你（单位）申请的《%(item)s》（办件编号：%(number)s），") % {
        "item": _text(content, "item_name"),
        "number": _text(content, "case_number"),
    }


def _table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    centred: Sequence[int] = (0,),
) -> Table:
    """A ruled table with a header row; the columns in ``centred`` (numbers) are centred."""
    data: list[list[Any]] = [[para(text, "cell_center") for text in head]]
    data.extend(
        [para(cell, "cell_center" if column in centred else "cell") for column, cell in enumerate(row)]
        for row in rows
    )
    return grid(data, [*widths, CONTENT_WIDTH - sum(widths)])


def _acceptance(content: Content) -> _Parts:
    due = _text(content, "due_on")
    promise = (
        _("本机关将于%(due)s前（%(limit)s）作出决定。")
        % {"due": _day(content, "due_on"), "limit": _text(content, "limit")}
        if due
        else _("本机关将依法及时作出决定。")
    )
    materials = _rows(content, "materials")
    accepted = (
        _(
            "经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。"
        )
        if _licensing(content)
        else _("经审查，申请材料齐全、符合法定形式，决定予以受理。")
    )
    body: list[Flowable] = [
        _p(_applied(content) + accepted + promise),
        _p(_("本通知书是受理凭证，请妥善保管，并凭本通知书查询办理进度、领取办理结果。")),
    ]
    if materials:
        body += [
            _p(_("已收取的申请材料（共%(count)s项）：") % {"count": len(materials)}, "subheading"),
            _table(
                [_("序号"), _("材料名称"), _("原件（份）"), _("复印件（份）")],
                [
                    [
                        str(number),
                        str(row.get("name", "")),
                        str(row.get("originals", 0)),
                        str(row.get("copies", 0)),
                    ]
                    for number, row in enumerate(materials, start=1)
                ],
                [12 * mm, CONTENT_WIDTH - 12 * mm - 2 * 28 * mm, 28 * mm],
                centred=(0, 2, 3),
            ),
        ]
    return _Parts(
        body=body,
        facts=[
            (_("受理日期"), _day(content, "accepted_on")),
            (_("承诺办结时限"), _or_dash(_text(content, "limit"))),
            (_("承诺办结日期"), _day(content, "due_on")),
        ],
    )


def _problem(row: Mapping[str, Any]) -> str:
    """缺少, or 不符合要求：未加盖公章."""
    outcome = str(row.get("outcome", "")).strip()
    problem = str(row.get("problem", "")).strip()
    return _("%(outcome)s：%(problem)s") % {"outcome": outcome, "problem": problem} if problem else outcome


def _correction(content: Content) -> _Parts:
    problems = _rows(content, "problems")
    received = _items(content, "received")
    where = _text(content, "window") or _text(content, "department")
    found = (
        _(
            "经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，"
            "现将需要补正的全部内容一次性告知如下（共%(count)s项）："
        )
        if _licensing(content)
        else _(
            "经审查，申请材料不齐全或者不符合法定形式，现将需要补正的全部内容一次性告知如下（共%(count)s项）："
        )
    )
    body: list[Flowable] = [
        _p(_applied(content) + found % {"count": len(problems)}),
        _table(
            [_("序号"), _("材料名称"), _("问题"), _("补正要求")],
            [
                [str(number), str(row.get("name", "")), _problem(row), _or_dash(_text(row, "requirement"))]
                for number, row in enumerate(problems, start=1)
            ],
            [12 * mm, 45 * mm, 50 * mm],
        ),
        Spacer(1, 3 * mm),
    ]
    if received:
        body.append(_p(_("已收取的材料：%(names)s。") % {"names": "、".join(received)}))
    body += [
        _p(
            _("请按上述要求一次性补齐、补正全部材料后，到%(where)s提交。") % {"where": where or _("受理窗口")}
        ),
        _p(
            _(
                "补正期间，本申请处于待补正状态，暂不受理，办理时限不计算；"
                "申请材料补齐之日起予以受理，并从当日开始计算办理时限。"
            )
        ),
    ]
    return _Parts(body=body)


def _remedies(content: Content) -> list[Flowable]:
    remedies = _text(content, "remedies")
    return [_p(remedies)] if remedies else []


def _not_accepted(content: Content) -> _Parts:
    refused = (
        _("经审查，根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。理由如下：")
        if _licensing(content)
        else _("经审查，决定不予受理。理由如下：")
    )
    body: list[Flowable] = [
        _p(_applied(content) + refused),
        para_lines(_numbered(_items(content, "reasons")) or [DASH], _style("list")),
    ]
    detail = _text(content, "detail")
    if detail:
        body.append(_p(_("具体说明：%(detail)s") % {"detail": detail}))
    return _Parts(body=body + _remedies(content))


def _referral(content: Content) -> _Parts:
    referred = (
        _(
            "经审查，申请事项依法不属于本机关职权范围。根据《中华人民共和国行政许可法》"
            "第三十二条第一款第（二）项的规定，本机关不予受理，申请材料予以退回。"
        )
        if _licensing(content)
        else _("经审查，申请事项依法不属于本机关职权范围，本机关不予受理，申请材料予以退回。")
    )
    return _Parts(
        body=[
            _p(_applied(content) + referred),
            _p(_("退回原因：%(reason)s") % {"reason": _or_dash(_text(content, "reason"))}),
            _p(_("请你（单位）向%(body)s提出申请。") % {"body": _or_dash(_text(content, "go_to"))}),
        ],
        facts=[(_("应向以下机关申请"), _or_dash(_text(content, "go_to")))],
    )


def _special_procedure(content: Content) -> _Parts:
    procedure = _or_dash(_text(content, "procedure"))
    return _Parts(
        body=[
            _p(
                _applied_case(content)
                + _("在办理过程中需要进行%(procedure)s。本机关自%(start)s起启动%(procedure)s程序，理由如下：")
                % {"procedure": procedure, "start": _day(content, "started_on")}
            ),
            _p(_or_dash(_text(content, "reason"))),
            _p(
                (
                    _(
                        "根据《中华人民共和国行政许可法》第四十五条的规定，%(procedure)s所需时间不计算在办理期限内，"
                        "承诺办结日期相应顺延。%(procedure)s结束后，本机关将继续办理，并及时告知你（单位）。"
                    )
                    if _licensing(content)
                    else _(
                        "%(procedure)s所需时间不计算在办理期限内，承诺办结日期相应顺延。"
                        "%(procedure)s结束后，本机关将继续办理，并及时告知你（单位）。"
                    )
                )
                % {"procedure": procedure}
            ),
        ],
        facts=[
            (_("特别程序"), procedure),
            (_("开始日期"), _day(content, "started_on")),
        ],
    )


def _extension(content: Content) -> _Parts:
    period = _text(content, "period") or _("%(days)s日") % {"days": _text(content, "days")}
    return _Parts(
        body=[
            _p(
                _applied_case(content)
                + (
                    _(
                        "本机关不能在原承诺办结日期%(previous)s前作出决定。根据《中华人民共和国行政许可法》"
                        "第四十二条的规定，经%(approver)s批准，办理期限延长%(period)s，承诺办结日期延至%(due)s。"
                    )
                    if _licensing(content)
                    else _(
                        "本机关不能在原承诺办结日期%(previous)s前作出决定，经%(approver)s批准，"
                        "办理期限延长%(period)s，承诺办结日期延至%(due)s。"
                    )
                )
                % {
                    "previous": _day(content, "previous_due_on"),
                    "approver": _or_dash(_text(content, "approved_by")),
                    "period": period,
                    "due": _day(content, "due_on"),
                }
            ),
            _p(_("延期理由：%(reason)s") % {"reason": _or_dash(_text(content, "reason"))}),
            _p(_("特此告知。")),
        ],
        facts=[
            (_("延长期限"), period),
            (_("原承诺办结日期"), _day(content, "previous_due_on")),
            (_("延期后承诺办结日期"), _day(content, "due_on")),
            (_("批准人"), _or_dash(_text(content, "approved_by"))),
        ],
    )


def _validity(content: Content) -> str:
    if not _text(content, "valid_from"):
        return DASH
    if not _text(content, "valid_until"):
        return _("自%(start)s起长期有效") % {"start": _day(content, "valid_from")}
    return _("%(start)s至%(end)s") % {
        "start": _day(content, "valid_from"),
        "end": _day(content, "valid_until"),
    }


def _granted(content: Content) -> list[Flowable]:
    """The decision and how the result reaches the applicant, in the words of the item's type."""
    if _licensing(content):
        return [
            _p(
                _applied(content)
                + _(
                    "经审查，符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，"
                    "决定准予行政许可。"
                )
            ),
            _p(_("本机关将依法向你（单位）颁发、送达行政许可证件，领取方式以办结通知书为准。")),
        ]
    decided = (
        _("经审查，符合法定条件、标准，决定予以确认。")
        if _item_type(content) == ItemType.CONFIRMATION
        else _("经审查，符合办理条件，决定准予办理。")
    )
    return [
        _p(_applied(content) + decided),
        _p(_("本机关将依法向你（单位）送达办理结果，领取方式以办结通知书为准。")),
    ]


def _grant(content: Content) -> _Parts:
    rows: list[tuple[str, str | list[str]]] = [
        (
            _("许可证件名称") if _licensing(content) else _("办理结果名称"),
            _or_dash(_text(content, "result_name")),
        ),
        (_("证件编号"), _or_dash(_text(content, "result_number"))),
        (_("有效期限"), _validity(content)),
    ]
    opinion = _text(content, "opinion")
    if opinion:
        rows.append((_("核准意见"), opinion))
    return _Parts(body=_granted(content), facts=rows)


def _refused(content: Content) -> str:
    if _licensing(content):
        return _(
            "经审查，不符合法定条件、标准。根据《中华人民共和国行政许可法》第三十八条第二款的规定，"
            "决定不予行政许可。理由如下："
        )
    if _item_type(content) == ItemType.CONFIRMATION:
        return _("经审查，不符合法定条件、标准，决定不予确认。理由如下：")
    return _("经审查，不符合办理条件，决定不予办理。理由如下：")


def _refusal(content: Content) -> _Parts:
    return _Parts(
        body=[
            _p(_applied(content) + _refused(content)),
            para_lines(_numbered(_items(content, "reasons")) or [DASH], _style("list")),
            *_remedies(content),
        ]
    )


def _outcome(content: Content) -> str:
    """The result in the words of the item's type: 准予许可, 予以确认, 准予办理 (or the refusals)."""
    decision = _text(content, "decision_code")
    if not decision:
        label = _text(content, "decision")
        return _("%(decision)s许可") % {"decision": label} if label else DASH
    granted = decision == Decision.GRANTED
    if _licensing(content):
        return _("准予许可") if granted else _("不予许可")
    if _item_type(content) == ItemType.CONFIRMATION:
        return _("予以确认") if granted else _("不予确认")
    return _("准予办理") if granted else _("不予办理")


def _completion(content: Content) -> _Parts:
    result = _text(content, "result_name")
    outcome = _outcome(content)
    body: list[Flowable] = [
        _p(_applied(content) + _("已办理完毕，办理结果为：%(outcome)s。") % {"outcome": outcome}),
    ]
    if result:
        body.append(_p(_("请领取%(result)s。") % {"result": result}))
    body += [
        _p(_("领取方式：%(pickup)s") % {"pickup": _or_dash(_text(content, "pickup"))}),
        _p(
            _(
                "领取时请携带本通知书和本人身份证件原件；委托他人领取的，"
                "须同时提交授权委托书和受托人身份证件原件。"
            )
        ),
    ]
    return _Parts(
        body=body,
        facts=[(_("办理结果"), outcome), (_("结果名称"), _or_dash(result))],
    )


def _blank_date() -> Flowable:
    """年　月　日 at the right with room before each to write the date by hand (a table: the CID
    font has no no-break space, and a paragraph collapses other spaces)."""
    room = 12 * mm
    cells = ["", "", _("年"), "", _("月"), "", _("日")]
    table = Table(
        [[para(text, _style("copy")) if text else "" for text in cells]],
        colWidths=[None, room * 1.4, 5 * mm, room, 5 * mm, room, 5 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _signature_cell() -> list[Flowable]:
    return [Spacer(1, 12 * mm), _blank_date()]


def _by_hand(text: str, blank: Flowable) -> Flowable:
    """A value printed, or left blank to be written by hand on a 送达回证 printed before delivery."""
    return para(text, "value") if text else blank


def _delivery_receipt(content: Content) -> _Parts:
    """Printed after delivery (by post) with its facts, or before it (at the window): then the
    method, the date and the recipient are left for the recipient to fill in and sign."""
    method = " ".join(part for part in (_text(content, "method"), _text(content, "carrier")) if part)
    delivered_on = _text(content, "delivered_on")
    choose = "\u3000".join(_("□%(method)s") % {"method": label} for label in DeliveryMethod.labels)
    rows: list[list[Any]] = [
        [para(label, "label"), value]
        for label, value in [
            (_("送达机关"), para(_or_dash(_text(content, "department")), "value")),
            (_("送达文书"), para_lines(_items(content, "documents") or [DASH], "value")),
            (_("办件编号"), para(_text(content, "case_number"), "value")),
            (_("事项名称"), para(_text(content, "item_name"), "value")),
            (_("受送达人"), para(_text(content, "applicant"), "value")),
            (_("送达方式"), para(method or choose, "value")),
            (
                _("送达时间"),
                para(_day(content, "delivered_on"), "value") if delivered_on else _blank_date(),
            ),
            (_("快递单号"), _by_hand(_text(content, "tracking_number"), Spacer(1, 6 * mm))),
            (_("签收人"), _by_hand(_text(content, "recipient"), Spacer(1, 6 * mm))),
            (_("受送达人签名"), _signature_cell()),
            (_("送达人签名"), _signature_cell()),
            (_("备注"), Spacer(1, 10 * mm)),
        ]
    ]
    widths = [32 * mm, CONTENT_WIDTH - 32 * mm]
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                *CELL_STYLE,
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return _Parts(
        body=[
            table,
            Spacer(1, 3 * mm),
            para(
                _("受送达人收到文书后，请在本回证上签名并注明收到日期；代收的，注明代收人与受送达人的关系。"),
                "note",
            ),
        ],
        addressed=False,
    )


_KINDS: dict[str, Callable[[Content], _Parts]] = {
    NoticeKind.ACCEPTANCE: _acceptance,
    NoticeKind.CORRECTION: _correction,
    NoticeKind.NOT_ACCEPTED: _not_accepted,
    NoticeKind.REFERRAL: _referral,
    NoticeKind.SPECIAL_PROCEDURE: _special_procedure,
    NoticeKind.EXTENSION: _extension,
    NoticeKind.GRANT: _grant,
    NoticeKind.REFUSAL: _refusal,
    NoticeKind.COMPLETION: _completion,
    NoticeKind.DELIVERY_RECEIPT: _delivery_receipt,
}


# --- the parts every notice shares --------------------------------------------------------------


def _header(notice: Notice, content: Content) -> list[Flowable]:
    parts: list[Flowable] = [
        Title(_text(content, "centre"), 15, ACCENT, centred=True),
        Spacer(1, 2 * mm),
        Title(notice.title, 22, INK, centred=True),
        Spacer(1, 1 * mm),
        para(notice.number, _style("number")),
    ]
    if notice.kind == NoticeKind.ACCEPTANCE:
        parts.append(para(_("（申请人联）"), _style("copy")))
    parts += [
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.4, color=ACCENT, spaceBefore=0, spaceAfter=2 * mm),
    ]
    return parts


def _case_facts(content: Content, extra: Sequence[tuple[str, str | list[str]]]) -> Table:
    applicant = _text(content, "applicant")
    masked = _text(content, "applicant_id")
    rows: list[tuple[str, str | list[str]]] = [
        (_("办件编号"), _text(content, "case_number")),
        (_("事项名称"), _text(content, "item_name")),
        (_("申请人"), f"{applicant}（{masked}）" if masked else applicant),
    ]
    if _text(content, "agent"):
        rows.append((_("代办人"), _text(content, "agent")))
    rows += [
        (_("承办部门"), _text(content, "department")),
        (_("接件日期"), _day(content, "received_on")),
    ]
    if _text(content, "window"):
        rows.append((_("受理窗口"), _text(content, "window")))
    rows += list(extra)
    rows.append((_("经办人"), _or_dash(_text(content, "clerk"))))
    return facts(rows, label_width=34 * mm)


def _contacts(content: Content, tracking_url: str) -> list[Flowable]:
    phones = [
        _("咨询电话：%(phone)s") % {"phone": _text(content, "consultation_phone")}
        if _text(content, "consultation_phone")
        else "",
        _("监督投诉电话：%(phone)s") % {"phone": _text(content, "complaint_phone")}
        if _text(content, "complaint_phone")
        else "",
    ]
    lines = [
        "　".join(phone for phone in phones if phone),
        _("办理进度查询：%(url)s") % {"url": tracking_url},
    ]
    return [Spacer(1, 3 * mm), para_lines([line for line in lines if line], "note")]


def _closing(notice: Notice, content: Content, tracking_url: str) -> Flowable:
    """The QR code to the tracking page on the left; department, date and seal on the right."""
    signature = [_text(content, "department"), chinese_date(notice.issued_on), _("（印章）")]
    return qr_and_seal(tracking_url, _("扫码查询办理进度"), signature, qr_size=QR_CODE_SIZE)


def notice_pdf(notice: Notice, *, tracking_url: str) -> bytes:
    """The A4 PDF of ``notice``, from its number, kind, issue date and stored content only;
    the QR code opens ``tracking_url``."""
    content: Content = notice.content if isinstance(notice.content, Mapping) else {}
    label = notice.title
    parts = _KINDS[notice.kind](content)
    story: list[Flowable] = _header(notice, content)
    if parts.addressed:
        story.append(_p(_("%(name)s：") % {"name": _text(content, "applicant")}, "addressee"))
    story += parts.body
    if parts.addressed:
        story += [
            Spacer(1, 2 * mm),
            KeepTogether([_p(_("办件信息"), "subheading"), _case_facts(content, parts.facts)]),
        ]
    story += _contacts(content, tracking_url)
    story.append(_closing(notice, content, tracking_url))
    return render(
        story,
        title=f"{label} {notice.number}",
        subject=_text(content, "item_name"),
        author=_text(content, "department"),
        running_title=f"{label}{SEPARATOR}{notice.number}",
        footer=SEPARATOR.join(
            part
            for part in (
                _text(content, "centre"),
                _text(content, "department"),
                _text(content, "case_number"),
            )
            if part
        ),
    )
