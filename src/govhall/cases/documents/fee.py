"""The cashier's paperwork as A4 PDFs: the 缴费通知单 handed to the applicant with the bill, and the
收费收据 printed once the cashier has recorded the payment.

Both are drawn from the bill (一单清: its number, lines and total) and its case; the bill notice adds
where to pay (the centre's payee account and 收费窗口), the receipt who took the payment, when, and
the 票据号码 of the fiscal receipt. Amounts are printed in figures and in capitals, and a QR code
opens the public tracking page of the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer

from govhall.cases.models import Bill, BillLine, BillState
from govhall.core.money import rmb_capitals
from govhall.core.pdf import (
    ACCENT,
    CONTENT_WIDTH,
    DASH,
    INK,
    SEPARATOR,
    Title,
    chinese_date,
    facts,
    grid,
    para,
    qr_and_seal,
    render,
)
from govhall.org.people import person_name
from govhall.org.selectors import cashier_windows

Rows = list[tuple[str, str | list[str]]]


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _heading(bill: Bill, title: str, numbers: Sequence[str]) -> list[Flowable]:
    return [
        Title(bill.case.centre.name, 15, ACCENT, centred=True),
        Spacer(1, 2 * mm),
        Title(title, 22, INK, centred=True),
        Spacer(1, 1 * mm),
        *(para(number, "cell_center") for number in numbers),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.4, color=ACCENT, spaceBefore=0, spaceAfter=3 * mm),
    ]


def _payer(bill: Bill) -> str:
    applicant = bill.case.applicant
    masked = applicant.id_number_masked
    return _("%(name)s（%(id)s）") % {"name": applicant.name, "id": masked} if masked else applicant.name


def _lines_table(bill: Bill, lines: Sequence[BillLine]) -> Flowable:
    """序号, 收费项目, 收费标准, 收费依据, 金额; then the total in figures and in capitals."""
    widths = [10 * mm, 38 * mm, 45 * mm, 55 * mm]
    data: list[list[object]] = [
        [
            para(text, "cell_center")
            for text in (_("序号"), _("收费项目"), _("收费标准"), _("收费依据"), _("金额（元）"))
        ]
    ]
    data += [
        [
            para(str(number), "cell_center"),
            para(line.name, "cell"),
            para(line.standard or DASH, "cell"),
            para(line.legal_basis or DASH, "cell"),
            para(_money(line.amount), "cell_center"),
        ]
        for number, line in enumerate(lines, start=1)
    ]
    data.append(
        [
            para(_("合计"), "cell_center"),
            para(_("人民币（大写）%(capitals)s") % {"capitals": rmb_capitals(bill.total)}, "cell"),
            "",
            "",
            para(_money(bill.total), "cell_center"),
        ]
    )
    table = grid(data, [*widths, CONTENT_WIDTH - sum(widths)])
    table.setStyle([("SPAN", (1, len(data) - 1), (3, len(data) - 1))])
    return table


def _where_to_pay(bill: Bill) -> str:
    windows = cashier_windows(bill.case.centre)
    if not windows:
        return _("本中心收费窗口")
    return "、".join(str(window) for window in windows)


def _case_rows(bill: Bill) -> Rows:
    case = bill.case
    return [
        (_("缴款人"), _payer(bill)),
        (_("办件编号"), case.number),
        (_("事项名称"), case.item_name),
        (_("执收单位"), case.department.name),
    ]


def _document(bill: Bill, story: list[Flowable], *, title: str) -> bytes:
    case = bill.case
    return render(
        story,
        title=f"{title} {bill.number}",
        subject=case.item_name,
        author=case.department.name,
        running_title=f"{title}{SEPARATOR}{bill.number}",
        footer=SEPARATOR.join((case.centre.name, case.department.name, case.number)),
    )


def bill_notice_pdf(bill: Bill, *, tracking_url: str) -> bytes:
    """缴费通知单: what the applicant owes for the case, under which standards, and where to pay it."""
    case = bill.case
    centre = case.centre
    title = _("缴费通知单")
    lines = list(bill.lines.order_by("order"))
    payee: Rows = [
        (_("收款单位"), centre.fee_payee or DASH),
        (_("收款账号"), centre.fee_account or DASH),
        (_("开户银行"), centre.fee_bank or DASH),
        (_("缴费地点"), _where_to_pay(bill)),
        (_("开单"), f"{person_name(bill.issued_by)} {chinese_date(timezone.localdate(bill.issued_at))}"),
        (_("状态"), str(bill.get_state_display())),
    ]
    story: list[Flowable] = [
        *_heading(bill, title, [_("缴费单号：%(number)s") % {"number": bill.number}]),
        para(_("%(name)s：") % {"name": case.applicant.name}, "body"),
        para(
            _(
                "你（单位）申请的《%(item)s》（办件编号：%(number)s）已作出准予决定。按公布的收费标准，"
                "应缴纳下列费用（一单清），合计人民币%(total)s元。请持本通知单到收费窗口缴纳，"
                "或按下列账户转账并注明缴费单号；缴费后凭票据领取办理结果。"
            )
            % {"item": case.item_name, "number": case.number, "total": _money(bill.total)},
            "body",
        ),
        Spacer(1, 2 * mm),
        _lines_table(bill, lines),
        Spacer(1, 3 * mm),
        facts(_case_rows(bill) + payee, label_width=26 * mm),
        Spacer(1, 2 * mm),
        para(
            _(
                "收费项目和标准依法公开；政务服务窗口工作人员不直接收取现金（收缴分离）。对收费有异议的，可拨打监督投诉电话%(phone)s。"
            )
            % {"phone": centre.complaint_phone or DASH},
            "note",
        ),
        qr_and_seal(
            tracking_url,
            _("扫码查询办理进度"),
            [case.department.name, chinese_date(timezone.localdate(bill.issued_at)), _("（印章）")],
        ),
    ]
    return _document(bill, story, title=title)


def receipt_pdf(bill: Bill, *, tracking_url: str) -> bytes:
    """收费收据: the payment the cashier recorded, with the fiscal receipt's number (票据号码)."""
    assert bill.paid_at is not None, "a receipt is printed only for a paid bill"
    case = bill.case
    title = _("收费收据")
    paid_on = timezone.localtime(bill.paid_at)
    state = _("已退费") if bill.state == BillState.REFUNDED else _("已缴费")
    rows: Rows = [
        *_case_rows(bill),
        (_("收款单位"), case.centre.fee_payee or DASH),
        (_("缴费时间"), f"{chinese_date(paid_on.date())} {paid_on:%H:%M}"),
        (_("收费员"), person_name(bill.cashier)),
        (_("状态"), str(state)),
    ]
    numbers = [
        _("票据号码：%(receipt)s") % {"receipt": bill.receipt_number},
        _("缴费单号：%(number)s") % {"number": bill.number},
    ]
    story: list[Flowable] = [
        *_heading(bill, title, numbers),
        para(
            _(
                "今收到%(payer)s缴纳的《%(item)s》（办件编号：%(number)s）费用，合计人民币%(total)s元（%(capitals)s）。"
            )
            % {
                "payer": case.applicant.name,
                "item": case.item_name,
                "number": case.number,
                "total": _money(bill.total),
                "capitals": rmb_capitals(bill.total),
            },
            "body",
        ),
        Spacer(1, 2 * mm),
        _lines_table(bill, list(bill.lines.order_by("order"))),
        Spacer(1, 3 * mm),
        facts(rows, label_width=26 * mm),
        Spacer(1, 2 * mm),
        para(
            _("本收据记载收费窗口已登记的缴费，财政票据以票据号码为准；请妥善保管，凭此领取办理结果。"),
            "note",
        ),
        qr_and_seal(
            tracking_url,
            _("扫码查询办理进度"),
            [case.centre.name, chinese_date(paid_on.date()), _("（收费专用章）")],
        ),
    ]
    return _document(bill, story, title=title)
