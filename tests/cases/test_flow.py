"""The life of a case through the services: intake outcomes, steps, 一审一核, fees, delivery."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.cases.conftest import PERSON, Hall, accepted_case, all_received

from govhall.cases.fees import bill_issue, bill_pay, fee_adjustment_decide, fee_adjustment_request
from govhall.cases.models import (
    BillState,
    CaseEvent,
    CaseState,
    Decision,
    DeliveryMethod,
    FeeAdjustmentKind,
    Notice,
    NoticeKind,
    StepState,
)
from govhall.cases.services import (
    DecisionInput,
    DeliveryInput,
    IntakeOutcome,
    case_answer,
    case_archive,
    case_complete,
    case_deliver,
    case_handle_immediate,
    case_intake,
    case_withdraw,
    delivery_receipt_issue,
    step_decide,
    step_pass,
)
from govhall.core.personal_data import unseal

pytestmark = pytest.mark.django_db

GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="JY13707050000001")


def test_a_promised_case_goes_from_acceptance_to_archive(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    assert case.state == CaseState.HANDLING
    assert case.number.startswith("WFKW")
    assert case.due_on is not None and case.accepted_on is not None
    assert unseal(case.applicant.id_number_sealed) == "110105199003071239"
    assert "110105199003071239" not in case.applicant.id_number_sealed
    assert case.applicant.id_number_masked == "1101**********1239"
    assert case.applicant.public_name == "张*"
    acceptance = Notice.objects.get(case=case, kind=NoticeKind.ACCEPTANCE)
    assert acceptance.content["due_on"] == case.due_on.isoformat()
    review = case.current_step
    assert review is not None and review.name == "审查" and review.state == StepState.ACTIVE

    approve = step_pass(step=review, user=hall.reviewer, opinion="材料齐全，符合条件")
    assert approve is not None and approve.name == "核准"
    case = step_decide(step=approve, user=hall.approver, data=GRANT)
    assert case.state == CaseState.DECIDED and case.result_name == "食品经营许可证"
    assert Notice.objects.filter(case=case, kind=NoticeKind.GRANT).exists()

    with pytest.raises(ValidationError, match="请先开具缴费单"):
        case_complete(case=case, user=hall.clerk)
    bill = bill_issue(case=case, user=hall.clerk)
    assert bill.total == Decimal("10.00")
    with pytest.raises(ValidationError, match="尚未缴费"):
        case_complete(case=case, user=hall.clerk)
    with pytest.raises(PermissionDenied):
        bill_pay(bill=bill, user=hall.clerk, receipt_number="PJ0001")
    bill = bill_pay(bill=bill, user=hall.cashier, receipt_number="PJ0001")
    assert bill.state == BillState.PAID

    case = case_complete(case=case, user=hall.clerk)
    assert case.state == CaseState.COMPLETED
    pickup = DeliveryInput(method=DeliveryMethod.PICKUP, recipient="张三", signed=True)
    with pytest.raises(ValidationError, match="请先打印送达回证"):
        case_deliver(case=case, user=hall.clerk, data=pickup)
    receipt = delivery_receipt_issue(case=case, user=hall.clerk)
    assert delivery_receipt_issue(case=case, user=hall.clerk) == receipt
    assert receipt.content["recipient"] == "" and receipt.content["delivered_on"] == ""
    delivery = case_deliver(case=case, user=hall.clerk, data=pickup)
    assert delivery.case.state == CaseState.DELIVERED
    assert list(Notice.objects.filter(case=case, kind=NoticeKind.DELIVERY_RECEIPT)) == [receipt]
    with pytest.raises(ValidationError, match="不能打印送达回证"):
        delivery_receipt_issue(case=case, user=hall.clerk)
    case = case_archive(case=case, user=hall.clerk)
    assert case.state == CaseState.ARCHIVED
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    for action in (
        "receive",
        "accept",
        "step_passed",
        "decide",
        "bill_issued",
        "bill_paid",
        "complete",
        "delivery_receipt_issued",
        "deliver",
    ):
        assert action in actions
    assert {kind for kind in Notice.objects.filter(case=case).values_list("kind", flat=True)} == {
        NoticeKind.ACCEPTANCE,
        NoticeKind.GRANT,
        NoticeKind.COMPLETION,
        NoticeKind.DELIVERY_RECEIPT,
    }


def test_the_reviewer_cannot_also_approve(hall: Hall) -> None:
    case = accepted_case(hall)
    assert case.current_step is not None
    approve = step_pass(step=case.current_step, user=hall.chief, opinion="同意")
    assert approve is not None
    with pytest.raises(PermissionDenied, match="一审一核"):
        step_decide(step=approve, user=hall.chief, data=GRANT)
    approve.refresh_from_db()
    assert approve.state == StepState.ACTIVE


def test_missing_material_cannot_be_accepted_and_a_one_time_notice_lists_it(hall: Hall) -> None:
    materials = all_received(hall.promised, missing=(2,))
    with pytest.raises(ValidationError, match="食品经营许可申请书"):
        case_intake(
            version=hall.promised,
            applicant=PERSON,
            materials=materials,
            user=hall.clerk,
            outcome=IntakeOutcome.ACCEPT,
        )
    from govhall.cases.models import Case

    assert not Case.objects.exists()
    case = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=materials,
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    assert case.state == CaseState.CORRECTION and case.due_on is None
    notice = Notice.objects.get(case=case, kind=NoticeKind.CORRECTION)
    assert [row["name"] for row in notice.content["problems"]] == ["食品经营许可申请书"]
    case = case_answer(
        case=case,
        user=hall.clerk,
        outcome=IntakeOutcome.ACCEPT,
        materials=all_received(hall.promised),
        on=date(2026, 9, 30),
    )
    assert case.state == CaseState.HANDLING
    assert case.due_on == date(2026, 10, 13)


def test_an_invalid_id_number_is_refused_and_nothing_is_written(hall: Hall) -> None:
    from dataclasses import replace

    from govhall.cases.models import Applicant, Case

    with pytest.raises(ValidationError) as raised:
        case_intake(
            version=hall.promised,
            applicant=replace(PERSON, id_number="110105199003071234"),
            materials=all_received(hall.promised),
            user=hall.clerk,
            outcome=IntakeOutcome.ACCEPT,
        )
    assert "校验码不正确" in " ".join(raised.value.messages)
    assert not Case.objects.exists() and not Applicant.objects.exists()


def test_an_immediate_case_is_done_in_one_sitting(hall: Hall) -> None:
    case = accepted_case(
        hall,
        version=hall.immediate,
    )
    assert case.due_on == case.accepted_on
    case = case_handle_immediate(case=case, user=hall.chief, data=GRANT)
    assert case.state == CaseState.COMPLETED
    assert case.completed_on == case.accepted_on


def test_withdrawal_before_decision(hall: Hall) -> None:
    case = accepted_case(hall)
    case = case_withdraw(case=case, user=hall.clerk, reason="申请人书面申请撤回")
    assert case.state == CaseState.WITHDRAWN
    assert not case.steps.filter(state=StepState.ACTIVE).exists()


def test_waiver_needs_another_persons_approval(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    assert case.current_step is not None
    approve = step_pass(step=case.current_step, user=hall.reviewer, opinion="同意")
    assert approve is not None
    case = step_decide(step=approve, user=hall.approver, data=GRANT)
    bill = bill_issue(case=case, user=hall.clerk)
    adjustment = fee_adjustment_request(
        bill=bill, user=hall.chief, kind=FeeAdjustmentKind.WAIVER, reason="困难群众减免"
    )
    with pytest.raises(PermissionDenied):
        fee_adjustment_decide(adjustment=adjustment, user=hall.chief, approve=True)
    fee_adjustment_decide(adjustment=adjustment, user=hall.manager, approve=True)
    bill.refresh_from_db()
    assert bill.state == BillState.WAIVED
    assert case_complete(case=case, user=hall.clerk).state == CaseState.COMPLETED
