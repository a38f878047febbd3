"""Fees of a case (一单清): one bill from the item's fee standards after a favourable decision,
payment recorded only by the cashier with a receipt number, waivers and refunds with a reason and
another person's approval."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from govhall.cases.apps import BILL_SERIES
from govhall.cases.models import (
    Bill,
    BillLine,
    BillState,
    Case,
    FeeAdjustment,
    FeeAdjustmentKind,
)
from govhall.cases.workflow import CASE, CaseAtHand, case_event_record, locked_case, refuse
from govhall.catalog.models import ItemFee
from govhall.core import clock
from govhall.core.approvals import approval_decide
from govhall.core.numbering import number_issue

MAX_AMOUNT = Decimal("9999999999.99")


def _amount(fee: ItemFee, amounts: Mapping[int, Decimal | None]) -> Decimal:
    if fee.amount is not None:
        return fee.amount
    amount = amounts.get(fee.pk)
    if amount is None or not (Decimal("0.01") <= amount <= MAX_AMOUNT):
        raise refuse(
            _("请按收费标准计算并填写“%(name)s”的金额（大于0元）。") % {"name": fee.name}, "amount_required"
        )
    return amount.quantize(Decimal("0.01"))


def bill_issue(*, case: Case, user: User, amounts: Mapping[int, Decimal | None] | None = None) -> Bill:
    """Issue the case's one bill. ``amounts`` names the item fees that apply (fee id → amount for a
    fee computed by its standard, None for a fixed one); None bills every fee of the item."""
    with transaction.atomic():
        case = locked_case(case)
        CASE.check("bill_issue", CaseAtHand(case), user)
        fees = list(ItemFee.objects.filter(version=case.item_version).order_by("order"))
        if amounts is not None:
            fees = [fee for fee in fees if fee.pk in amounts]
            if not fees:
                raise refuse(_("请选择适用的收费项目。"), "no_fees")
        lines = [(fee, _amount(fee, amounts or {})) for fee in fees]
        bill = Bill.objects.create(
            case=case,
            number=number_issue(series=BILL_SERIES, scope=case.centre.code).text,
            total=sum((amount for _fee, amount in lines), Decimal("0")),
            issued_by=user,
        )
        BillLine.objects.bulk_create(
            BillLine(
                bill=bill,
                order=fee.order,
                name=fee.name,
                standard=fee.standard,
                legal_basis=fee.legal_basis,
                amount=amount,
            )
            for fee, amount in lines
        )
        case_event_record(
            case=case, action="bill_issued", user=user, detail={"bill": bill.number, "total": str(bill.total)}
        )
    return bill


def _locked_bill(bill: Bill) -> tuple[Case, Bill]:
    case = locked_case(bill.case)
    return case, Bill.objects.select_for_update().get(pk=bill.pk)


def bill_pay(*, bill: Bill, user: User, receipt_number: str) -> Bill:
    """The cashier records the payment with the receipt (票据) number."""
    receipt = receipt_number.strip()
    if not receipt or len(receipt) > 50:
        raise refuse(_("请填写票据号码（不超过50个字符）。"), "receipt_required")
    with transaction.atomic():
        case, bill = _locked_bill(bill)
        CASE.check("bill_pay", CaseAtHand(case, bill=bill), user)
        if Bill.objects.filter(receipt_number=receipt).exists():
            raise refuse(_("票据号码%(receipt)s已登记过。") % {"receipt": receipt}, "receipt_used")
        bill.state = BillState.PAID
        bill.paid_at = clock.now()
        bill.receipt_number = receipt
        bill.cashier = user
        bill.save(update_fields=["state", "paid_at", "receipt_number", "cashier"])
        case_event_record(
            case=case,
            action="bill_paid",
            user=user,
            detail={"bill": bill.number, "receipt": receipt, "total": str(bill.total)},
        )
    return bill


def fee_adjustment_request(*, bill: Bill, user: User, kind: str, reason: str) -> FeeAdjustment:
    """Ask for a waiver (减免, before payment) or a refund (退费, after payment)."""
    if not reason.strip():
        raise refuse(_("退费或减免须写明理由。"), "reason_required")
    if kind not in FeeAdjustmentKind.values:
        raise refuse(_("请选择退费或减免。"), "kind")
    with transaction.atomic():
        case, bill = _locked_bill(bill)
        CASE.check("fee_adjustment_request", CaseAtHand(case, bill=bill), user)
        if kind == FeeAdjustmentKind.WAIVER and bill.state != BillState.ISSUED:
            raise refuse(_("只有未缴费的缴费单可以申请减免。"), "state")
        if kind == FeeAdjustmentKind.REFUND and bill.state != BillState.PAID:
            raise refuse(_("只有已缴费的缴费单可以申请退费。"), "state")
        adjustment = FeeAdjustment.objects.create(
            bill=bill, kind=kind, reason=reason.strip(), requested_by=user
        )
        case_event_record(
            case=case,
            action=f"{kind}_requested",
            user=user,
            note=adjustment.reason,
            detail={"bill": bill.number},
            public=False,
        )
    return adjustment


def fee_adjustment_decide(
    *, adjustment: FeeAdjustment, user: User, approve: bool, note: str = ""
) -> FeeAdjustment:
    """Approve or refuse a waiver or refund (another person than the one who asked)."""
    with transaction.atomic():
        case, bill = _locked_bill(adjustment.bill)
        adjustment = FeeAdjustment.objects.select_for_update().get(pk=adjustment.pk)
        CASE.check("fee_adjustment_decide", CaseAtHand(case, bill=bill, adjustment=adjustment), user)
        approval_decide(adjustment, user=user, approve=approve, note=note)
        if approve:
            bill.state = (
                BillState.WAIVED if adjustment.kind == FeeAdjustmentKind.WAIVER else BillState.REFUNDED
            )
            bill.save(update_fields=["state"])
        case_event_record(
            case=case,
            action=f"{adjustment.kind}_{'approved' if approve else 'refused'}",
            user=user,
            note=adjustment.reason,
            detail={"bill": bill.number},
        )
    return adjustment
