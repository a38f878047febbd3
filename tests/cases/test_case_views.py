"""The case page (办件详情) and its handling actions through the Django test client."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from tests.cases.conftest import Hall, accepted_case
from tests.factories import CentreFactory, DepartmentFactory

from govhall.cases.fees import bill_issue
from govhall.cases.models import (
    BillState,
    Case,
    CaseEvent,
    CaseState,
    CaseStep,
    Decision,
    DeliveryMethod,
    JointTaskState,
    Notice,
    NoticeKind,
    StepState,
)
from govhall.cases.services import DecisionInput, step_decide, step_pass
from govhall.cases.views.case import ACTIONS
from govhall.catalog.models import ItemFee
from govhall.core.models import Event
from govhall.org.models import Department

pytestmark = pytest.mark.django_db

FULL_ID = "110105199003071239"
MASKED_ID = "1101**********1239"
FULL_PHONE = "13812345678"
GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="JY13707050000001")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.number])


def act(client: Client, case: Case, action: str, **fields: Any) -> Any:
    """POST one action's form, its fields prefixed with the action's name as the page renders them."""
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(reverse("cases:case_action", args=[case.number, action]), data)


def current(case: Case) -> CaseStep:
    case.refresh_from_db()
    assert case.current_step is not None
    return case.current_step


def all_fees(case: Case) -> dict[str, str]:
    """The bill form with every fee of the item ticked, as the page first offers it."""
    return {f"apply_{fee.pk}": "on" for fee in ItemFee.objects.filter(version=case.item_version)}


def decided_paid_case(hall: Hall) -> Case:
    case = accepted_case(hall, version=hall.paid)
    approve = step_pass(step=current(case), user=hall.reviewer, opinion="材料齐全")
    assert approve is not None
    return step_decide(step=approve, user=hall.approver, data=GRANT)


def test_another_departments_clerk_gets_404_for_the_page_and_every_post(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    client = client_for(hall.other_clerk)
    assert client.get(page_url(case)).status_code == 404
    for action in ACTIONS:
        assert act(client, case, action, step=current(case).pk, reason="x").status_code == 404, action
    unmask = client.post(reverse("cases:case_unmask", args=[case.number]), {"who": "applicant"})
    assert unmask.status_code == 404
    assert current(case).state == StepState.ACTIVE
    assert not Event.objects.filter(kind="cases.unmask_personal_data").exists()


def test_anonymous_visitors_are_sent_to_log_in(hall: Hall) -> None:
    case = accepted_case(hall)
    response = Client().get(page_url(case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_the_case_with_masked_personal_data(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    response = client_for(hall.reviewer).get(page_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.number in html and "食品生产许可" in html and "承诺件" in html and "办理中" in html
    assert "剩余" in html and "clock-running" in html
    assert MASKED_ID in html and "138****5678" in html
    assert FULL_ID not in html and FULL_PHONE not in html
    assert "查看完整号码" not in html
    assert "营业执照" in html and "食品经营许可申请书" in html
    assert "受理通知书" in html
    notice = case.notices.get()
    assert reverse("cases:notice_pdf", args=[case.number, notice.pk]) in html
    assert "接件" in html and "受理" in html and "审查：开始办理" in html
    assert 'id="act-step_pass"' in html and 'id="act-step_decide"' not in html


def test_unmasking_shows_the_full_numbers_once_and_is_audited(hall: Hall) -> None:
    case = accepted_case(hall)
    client = client_for(hall.chief)
    page = client.get(page_url(case)).content.decode()
    assert "查看完整号码" in page and FULL_ID not in page

    response = client.post(
        reverse("cases:case_unmask", args=[case.number]), {"who": "applicant"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert FULL_ID in fragment and FULL_PHONE in fragment and "<html" not in fragment
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    audit = Event.objects.get(kind="cases.unmask_personal_data")
    assert audit.actor == hall.chief and audit.subject_id == str(case.pk)

    full_page = client.post(reverse("cases:case_unmask", args=[case.number]), {"who": "applicant"})
    assert full_page.status_code == 200 and FULL_ID in full_page.content.decode()
    assert Event.objects.filter(kind="cases.unmask_personal_data").count() == 2
    assert FULL_ID not in client.get(page_url(case)).content.decode()


def test_unmasking_without_the_permission_is_forbidden_and_not_audited(hall: Hall) -> None:
    case = accepted_case(hall)
    response = client_for(hall.reviewer).post(
        reverse("cases:case_unmask", args=[case.number]), {"who": "applicant"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "您没有查看完整证件号码和电话的权限" in html and FULL_ID not in html
    assert not Event.objects.filter(kind="cases.unmask_personal_data").exists()


def test_a_paid_case_walks_from_review_to_archive_through_the_page(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    reviewer, approver = client_for(hall.reviewer), client_for(hall.approver)
    clerk, cashier = client_for(hall.clerk), client_for(hall.cashier)

    response = act(reviewer, case, "step_pass", step=current(case).pk, opinion="材料齐全，符合条件")
    assert response.status_code == 302 and response["Location"] == page_url(case)
    page = reviewer.get(page_url(case)).content.decode()
    assert "“审查”环节已通过，转入“核准”" in page

    decide_page = approver.get(page_url(case)).content.decode()
    assert 'id="act-step_decide"' in decide_page and 'id="act-step_pass"' not in decide_page
    response = act(
        approver,
        case,
        "step_decide",
        step=current(case).pk,
        decision=Decision.GRANTED,
        opinion="同意",
        result_name="食品生产许可证",
        result_number="SC13707050001",
        valid_from="2026-01-01",
        valid_until="2030-12-31",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED and case.result_number == "SC13707050001"

    clerk_page = clerk.get(page_url(case)).content.decode()
    assert 'id="act-bill_issue"' in clerk_page and 'id="act-bill_pay"' not in clerk_page
    assert act(clerk, case, "bill_issue", **all_fees(case)).status_code == 302
    bill = Case.objects.get(pk=case.pk).bill
    assert bill.total == Decimal("10.00") and bill.state == BillState.ISSUED

    cashier_page = cashier.get(page_url(case)).content.decode()
    assert 'id="act-bill_pay"' in cashier_page and 'id="act-case_complete"' not in cashier_page
    assert act(cashier, case, "bill_pay", receipt_number="PJ20260001").status_code == 302
    bill.refresh_from_db()
    assert bill.state == BillState.PAID and bill.receipt_number == "PJ20260001"

    assert act(clerk, case, "case_complete").status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.COMPLETED
    completed = clerk.get(page_url(case)).content.decode()
    print_url = reverse("cases:delivery_receipt", args=[case.number])
    assert f'action="{print_url}"' in completed and "打印送达回证" in completed
    unprinted = act(clerk, case, "case_deliver", method=DeliveryMethod.PICKUP, recipient="张三", signed="on")
    assert unprinted.status_code == 400 and "请先打印送达回证" in unprinted.content.decode()
    printed = clerk.post(print_url)
    receipt = Notice.objects.get(case=case, kind=NoticeKind.DELIVERY_RECEIPT)
    assert printed.status_code == 302
    assert printed["Location"] == reverse("cases:notice_pdf", args=[case.number, receipt.pk])
    assert f"打印送达回证 {receipt.number}" in clerk.get(page_url(case)).content.decode()
    response = act(clerk, case, "case_deliver", method=DeliveryMethod.PICKUP, recipient="张三", signed="on")
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.DELIVERED
    assert act(clerk, case, "case_archive").status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.ARCHIVED

    final = clerk.get(page_url(case)).content.decode()
    assert "已归档" in final and "PJ20260001" in final and "按时办结" in final
    for label in ("审查：通过", "作出决定", "开具缴费单", "缴费完成", "办结", "送达", "归档"):
        assert label in final, label
    for notice in ("准予行政许可决定书", "办结通知书", "送达回证"):
        assert notice in final
    assert "当前没有需要您办理的操作" in final


def test_the_same_person_cannot_review_and_approve(hall: Hall) -> None:
    case = accepted_case(hall)
    chief = client_for(hall.chief)
    assert act(chief, case, "step_pass", step=current(case).pk, opinion="同意").status_code == 302
    decide = current(case)
    response = act(chief, case, "step_decide", step=decide.pk, decision=Decision.GRANTED)
    assert response.status_code == 403
    assert "一审一核" in response.content.decode()
    decide.refresh_from_db()
    assert decide.state == StepState.ACTIVE
    assert Case.objects.get(pk=case.pk).state == CaseState.HANDLING


def test_a_reviewer_cannot_decide(hall: Hall) -> None:
    case = accepted_case(hall)
    step_pass(step=current(case), user=hall.reviewer, opinion="同意")
    decide = current(case)
    response = act(client_for(hall.reviewer), case, "step_decide", step=decide.pk, decision=Decision.GRANTED)
    assert response.status_code == 403
    html = response.content.decode()
    assert "“核准”环节须由核准员办理" in html and 'role="alert"' in html
    assert Case.objects.get(pk=case.pk).state == CaseState.HANDLING
    assert not CaseEvent.objects.filter(case=case, action="decide").exists()


def test_a_refusal_needs_reasons(hall: Hall) -> None:
    case = accepted_case(hall)
    step_pass(step=current(case), user=hall.reviewer, opinion="同意")
    response = act(client_for(hall.approver), case, "step_decide", step=current(case).pk, decision="refused")
    assert response.status_code == 400
    assert "不予许可须写明理由" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.HANDLING


def test_a_step_that_moved_on_is_not_handled_again(hall: Hall) -> None:
    case = accepted_case(hall)
    review = current(case)
    step_pass(step=review, user=hall.chief, opinion="同意")
    response = act(client_for(hall.reviewer), case, "step_pass", step=review.pk, opinion="同意")
    assert response.status_code == 400
    assert "请刷新页面" in response.content.decode()
    assert current(case).name == "核准"


def test_completing_before_payment_is_refused(hall: Hall) -> None:
    case = decided_paid_case(hall)
    clerk = client_for(hall.clerk)
    response = act(clerk, case, "case_complete")
    assert response.status_code == 409 and "请先开具缴费单" in response.content.decode()
    bill_issue(case=case, user=hall.clerk)
    response = act(clerk, case, "case_complete")
    assert response.status_code == 409 and "尚未缴费" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.DECIDED


def test_only_the_cashier_records_payment(hall: Hall) -> None:
    case = decided_paid_case(hall)
    bill = bill_issue(case=case, user=hall.clerk)
    response = act(client_for(hall.clerk), case, "bill_pay", receipt_number="PJ1")
    assert response.status_code == 403 and "只有收费员可以登记收费" in response.content.decode()
    bill.refresh_from_db()
    assert bill.state == BillState.ISSUED


def test_a_computed_fee_needs_its_amount_and_only_ticked_fees_are_billed(hall: Hall) -> None:
    ItemFee.objects.create(
        version=hall.paid,
        order=2,
        name="检验费",
        amount=None,
        standard="按检验项目计收",
        legal_basis="价费字1号",
    )
    case = decided_paid_case(hall)
    clerk = client_for(hall.clerk)
    form = clerk.get(page_url(case)).content.decode()
    assert "工本费：10.00元（每证10元）" in form and "检验费金额（元）" in form
    response = act(clerk, case, "bill_issue")
    assert response.status_code == 400 and "请选择适用的收费项目" in response.content.decode()
    response = act(clerk, case, "bill_issue", **all_fees(case))
    assert response.status_code == 400 and "请按收费标准计算并填写“检验费”的金额" in response.content.decode()
    assert not hasattr(Case.objects.get(pk=case.pk), "bill")
    fee = ItemFee.objects.get(version=hall.paid, order=2)
    response = act(clerk, case, "bill_issue", **all_fees(case), **{f"fee_{fee.pk}": "abc"})
    assert response.status_code == 400 and "请输入金额" in response.content.decode()
    assert act(clerk, case, "bill_issue", **all_fees(case), **{f"fee_{fee.pk}": "35.50"}).status_code == 302
    bill = Case.objects.get(pk=case.pk).bill
    assert bill.total == Decimal("45.50") and bill.lines.count() == 2


def test_a_fee_left_unticked_is_not_billed(hall: Hall) -> None:
    ItemFee.objects.create(
        version=hall.paid,
        order=2,
        name="检验费",
        amount=None,
        standard="按检验项目计收",
        legal_basis="价费字1号",
    )
    case = decided_paid_case(hall)
    fixed = ItemFee.objects.get(version=hall.paid, order=1)
    assert act(client_for(hall.clerk), case, "bill_issue", **{f"apply_{fixed.pk}": "on"}).status_code == 302
    bill = Case.objects.get(pk=case.pk).bill
    assert bill.total == Decimal("10.00") and [line.name for line in bill.lines.all()] == ["工本费"]


def test_pickup_needs_a_signature(hall: Hall) -> None:
    case = accepted_case(hall)
    step_pass(step=current(case), user=hall.reviewer, opinion="同意")
    step_decide(step=current(case), user=hall.approver, data=GRANT)
    clerk = client_for(hall.clerk)
    assert act(clerk, case, "case_complete").status_code == 302
    response = act(clerk, case, "case_deliver", method=DeliveryMethod.PICKUP, recipient="张三")
    assert response.status_code == 400
    html = response.content.decode()
    assert "签名" in html and 'name="case_deliver-recipient"' in html and 'value="张三"' in html
    assert Case.objects.get(pk=case.pk).state == CaseState.COMPLETED
    response = act(
        clerk, case, "case_deliver", method=DeliveryMethod.POST, carrier="中国邮政", tracking_number=""
    )
    assert response.status_code == 400 and "快递单号" in response.content.decode()
    response = act(
        clerk,
        case,
        "case_deliver",
        method=DeliveryMethod.POST,
        carrier="中国邮政",
        tracking_number="1190000000001",
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).delivery.tracking_number == "1190000000001"


def test_return_and_claim(hall: Hall) -> None:
    case = accepted_case(hall)
    step_pass(step=current(case), user=hall.reviewer, opinion="同意")
    approver = client_for(hall.approver)
    assert act(approver, case, "step_claim", step=current(case).pk).status_code == 302
    assert current(case).assignee == hall.approver
    response = act(approver, case, "step_return", step=current(case).pk, reason="")
    assert response.status_code == 400 and "退回须写明理由" in response.content.decode()
    assert (
        act(approver, case, "step_return", step=current(case).pk, reason="经营场所证明不清晰").status_code
        == 302
    )
    review = current(case)
    assert review.name == "审查" and review.round == 2
    html = client_for(hall.reviewer).get(page_url(case)).content.decode()
    assert "经营场所证明不清晰" in html and "核准：退回重办" in html and "第2轮" in html


def test_special_procedure_and_extension(hall: Hall) -> None:
    case = accepted_case(hall)
    clerk, chief = client_for(hall.clerk), client_for(hall.chief)
    response = act(clerk, case, "case_suspend", kind="site_check", reason="需实地核查经营场所")
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.SUSPENDED
    assert "暂停中" in clerk.get(page_url(case)).content.decode()
    assert act(clerk, case, "case_resume", result="").status_code == 400
    assert act(clerk, case, "case_resume", result="核查合格").status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.HANDLING

    response = act(clerk, case, "extension_request", days=30, reason="情况复杂")
    assert response.status_code == 400 and "延长期限应为1至10个工作日" in response.content.decode()
    assert act(clerk, case, "extension_request", days=5, reason="情况复杂").status_code == 302
    extension = case.extensions.get()
    assert 'id="act-extension_decide"' not in clerk.get(page_url(case)).content.decode()
    due_before = Case.objects.get(pk=case.pk).due_on
    assert (
        act(chief, case, "extension_decide", extension=extension.pk, answer="yes", note="同意").status_code
        == 302
    )
    after = Case.objects.get(pk=case.pk)
    assert after.extended_days == 5 and after.due_on is not None and due_before is not None
    assert after.due_on > due_before
    html = clerk.get(page_url(case)).content.decode()
    assert "延期告知书" in html and "延长办理时限" in html and "特别程序结束" in html


def test_waiver_requested_and_approved_by_another(hall: Hall) -> None:
    case = decided_paid_case(hall)
    bill = bill_issue(case=case, user=hall.clerk)
    chief = client_for(hall.chief)
    assert act(chief, case, "fee_adjustment_request", kind="waiver", reason="困难群众").status_code == 302
    adjustment = bill.adjustments.get()
    assert 'id="act-fee_adjustment_decide"' not in chief.get(page_url(case)).content.decode()
    response = act(
        client_for(hall.manager), case, "fee_adjustment_decide", adjustment=adjustment.pk, answer="yes"
    )
    assert response.status_code == 302
    bill.refresh_from_db()
    assert bill.state == BillState.WAIVED
    assert act(client_for(hall.clerk), case, "case_complete").status_code == 302


def test_withdrawal_needs_a_reason(hall: Hall) -> None:
    case = accepted_case(hall)
    clerk = client_for(hall.clerk)
    assert act(clerk, case, "case_withdraw", reason=" ").status_code == 400
    assert act(clerk, case, "case_withdraw", reason="申请人书面申请撤回").status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.WITHDRAWN


def test_the_lead_sees_every_joint_task_and_a_participant_only_its_own(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.joint)
    assert current(case).kind == "joint_review"
    health, fire = client_for(hall.health_reviewer), client_for(hall.fire_reviewer)

    health_page = health.get(page_url(case)).content.decode()
    assert 'id="act-joint_task_answer"' in health_page and 'id="act-step_pass"' not in health_page
    assert 'data-department="WJ"' in health_page and 'data-department="XF"' not in health_page

    reviewer = client_for(hall.reviewer)
    response = act(reviewer, case, "step_pass", step=current(case).pk, opinion="同意")
    assert response.status_code == 409 and "尚未反馈审查意见" in response.content.decode()

    health_task = case.joint_tasks.get(department=hall.health)
    fire_task = case.joint_tasks.get(department=hall.fire)
    assert (
        act(
            health, case, "joint_task_answer", task=health_task.pk, answer="yes", opinion="卫生条件合格"
        ).status_code
        == 302
    )
    response = act(fire, case, "joint_task_answer", task=fire_task.pk, answer="no", opinion="")
    assert response.status_code == 400 and "不同意须写明理由" in response.content.decode()
    response = act(health, case, "joint_task_answer", task=fire_task.pk, answer="no", opinion="越权")
    assert response.status_code == 403 and "该审查任务由区消防救援大队办理" in response.content.decode()
    assert (
        act(
            fire, case, "joint_task_answer", task=fire_task.pk, answer="no", opinion="消防通道不达标"
        ).status_code
        == 302
    )
    fire_task.refresh_from_db()
    assert fire_task.state == JointTaskState.REFUSED

    lead_page = reviewer.get(page_url(case)).content.decode()
    assert "卫生条件合格" in lead_page and "消防通道不达标" in lead_page
    assert 'data-department="WJ"' in lead_page and 'data-department="XF"' in lead_page
    assert "不同意" in lead_page
    assert 'id="act-case_complete"' not in health.get(page_url(case)).content.decode()
    assert (
        act(reviewer, case, "step_pass", step=current(case).pk, opinion="综合各部门意见").status_code == 302
    )
    assert current(case).name == "核准"


def test_the_case_page_runs_a_bounded_number_of_queries(
    hall: Hall, django_assert_max_num_queries: Any
) -> None:
    case = decided_paid_case(hall)
    bill_issue(case=case, user=hall.clerk)
    client = client_for(hall.clerk)
    with django_assert_max_num_queries(30):
        response = client.get(page_url(case))
    assert response.status_code == 200


def test_forwarding_to_a_higher_centre_offers_only_its_departments_and_shows_the_linked_case(
    hall: Hall,
) -> None:
    city = CentreFactory(code="WF", name="潍坊市政务服务中心", level="city")
    hall.centre.parent = city
    hall.centre.save()
    city_market: Department = DepartmentFactory(centre=city, name="市市场监督管理局", code="SSCJG")
    case = accepted_case(hall, version=hall.escalated)
    step_pass(step=current(case), user=hall.reviewer, opinion="初审通过")
    chief = client_for(hall.chief)
    html = chief.get(page_url(case)).content.decode()
    assert 'id="act-case_forward"' in html
    assert f'<option value="{city_market.pk}">潍坊市政务服务中心 市市场监督管理局</option>' in html
    assert f'<option value="{hall.health.pk}"' not in html

    response = act(
        chief, case, "case_forward", step=current(case).pk, target="higher_centre", department=hall.health.pk
    )
    assert response.status_code == 400 and "请选择上级政务服务中心的承办部门" in response.content.decode()
    response = act(
        chief, case, "case_forward", step=current(case).pk, target="higher_centre", department=city_market.pk
    )
    assert response.status_code == 302
    case.refresh_from_db()
    linked = case.forwarding.linked_case
    assert case.state == CaseState.ESCALATED and linked is not None
    html = chief.get(page_url(case)).content.decode()
    assert "已上报" in html and linked.number in html and 'id="act-case_forward_result"' not in html


def test_a_result_from_an_outside_body_is_recorded_by_hand(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.escalated)
    step_pass(step=current(case), user=hall.reviewer, opinion="初审通过")
    chief, clerk = client_for(hall.chief), client_for(hall.clerk)
    response = act(chief, case, "case_forward", step=current(case).pk, target="outside_body", body_name="")
    assert response.status_code == 400 and "请填写上报机关名称" in response.content.decode()
    response = act(
        chief,
        case,
        "case_forward",
        step=current(case).pk,
        target="outside_body",
        body_name="山东省药品监督管理局",
        reference="鲁药监收〔2026〕88号",
    )
    assert response.status_code == 302
    html = clerk.get(page_url(case)).content.decode()
    assert (
        "山东省药品监督管理局" in html
        and "鲁药监收〔2026〕88号" in html
        and 'id="act-case_forward_result"' in html
    )
    assert act(clerk, case, "case_forward_result", result="省局准予许可").status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.HANDLING and current(case).name == "结果反馈"
    assert "省局准予许可" in clerk.get(page_url(case)).content.decode()


def test_a_participating_department_only_answers_its_own_joint_task(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.joint)
    health_clerk, health = client_for(hall.other_clerk), client_for(hall.health_reviewer)
    assert health_clerk.get(page_url(case)).status_code == 200
    response = act(health_clerk, case, "case_withdraw", reason="申请人撤回")
    assert response.status_code == 403 and "其他办理由主办部门负责" in response.content.decode()
    response = act(health, case, "case_suspend", kind="site_check", reason="实地核查")
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == CaseState.HANDLING
    assert not case.special_procedures.exists()


def test_a_move_refused_to_the_user_is_a_disabled_button_that_says_why(hall: Hall) -> None:
    case = accepted_case(hall)
    cashier = client_for(hall.cashier)
    html = cashier.get(page_url(case)).content.decode()
    assert 'id="act-extension_request"' not in html and "当前没有需要您办理的操作" in html
    assert 'id="refused-extension_request"' in html and "您没有办理办件的权限" in html
    assert "disabled" in html
    response = act(cashier, case, "extension_request", days=5, reason="情况复杂")
    assert response.status_code == 403 and "您没有办理办件的权限" in response.content.decode()
    assert not case.extensions.exists()
    approver_page = client_for(hall.approver).get(page_url(case)).content.decode()
    assert 'id="refused-step_pass"' in approver_page and "“审查”环节须由审查员办理" in approver_page
