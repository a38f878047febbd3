"""Cases walked through the case page in the demo hall, each person signed in as themselves.

A 承诺件 that charges a fee: reviewed, approved, billed, paid at the cashier, completed, delivered
against a signature and archived. A 联办件 (企业设立登记, led by 市场监管): each participating
department answers its own task, the lead sees every answer, reviews, approves and hands it out.
The cases are accepted through the services (the intake pages have their own walk).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from govhall.cases.applicants import ApplicantInput
from govhall.cases.models import BillState, Case, CaseState, JointTaskState, Notice, NoticeKind
from govhall.cases.services import IntakeOutcome, case_intake
from govhall.catalog.models import CaseKind, ItemVersion, VersionState
from govhall.demo.hall import CITY_CODE
from govhall.org.models import Department, StaffProfile
from govhall.org.roles import GROUP_NAMES, Role
from tests.browser.test_staff_home import log_in
from tests.cases.conftest import COMPANY, PERSON, all_received, publish_item

pytestmark = pytest.mark.browser

FULL_ID = PERSON.id_number
JOINT_GROUPS = [GROUP_NAMES[role] for role in (Role.REVIEWER, Role.APPROVER, Role.CHIEF_REPRESENTATIVE)]
"""The roles that may answer a participating department's joint-review task."""


def sign_in_as(page: Page, username: str) -> None:
    """Sign out whoever is signed in, then sign in as ``username``."""
    signed_in = page.locator(".account").get_by_role("button", name="退出")
    if signed_in.count():
        signed_in.click()
    log_in(page, username)
    expect(page.locator(".account .who")).to_be_visible()


def open_case(page: Page, case: Case) -> None:
    page.goto(f"/cases/{case.number}/")
    expect(page.locator("#case-head")).to_contain_text(case.number)


def expect_state(page: Page, label: str) -> None:
    expect(page.locator("#case-state")).to_have_text(label)


def accepted(version: ItemVersion, applicant: ApplicantInput = PERSON) -> Case:
    clerk = StaffProfile.objects.get(user__username="clerk").user
    return case_intake(
        version=version,
        applicant=applicant,
        materials=all_received(version),
        user=clerk,
        outcome=IntakeOutcome.ACCEPT,
    )


def print_delivery_receipt(popup: Page, case: Case) -> Notice:
    """The 送达回证 the print button issued, once the new tab has reached its PDF."""
    popup.wait_for_url(re.compile(rf"/cases/{case.number}/notices/\d+\.pdf$"))
    receipt = Notice.objects.get(case=case, kind=NoticeKind.DELIVERY_RECEIPT)
    assert popup.url.endswith(f"/notices/{receipt.pk}.pdf")
    popup.close()
    return receipt


def test_a_paid_promised_case_from_review_to_archive(page: Page) -> None:
    market = Department.objects.get(centre__code=CITY_CODE, code="SCJG")
    version = publish_item(market, code="370700-SCJG-T001", fee=Decimal("10.00"), name="食品生产许可")
    case = accepted(version)

    sign_in_as(page, "reviewer")
    open_case(page, case)
    expect_state(page, "办理中")
    expect(page.locator("#case-clock")).to_contain_text("剩余")
    expect(page.locator("#ids-applicant")).to_contain_text("1101**********1239")
    expect(page.locator("#ids-applicant")).not_to_contain_text(FULL_ID)
    expect(page.get_by_role("button", name="查看完整号码")).to_have_count(0)
    expect(page.locator("#act-step_decide")).to_have_count(0)
    review = page.locator("#act-step_pass")
    review.get_by_label("办理意见").fill("材料齐全，符合法定条件")
    review.get_by_role("button", name="通过").click()
    expect(page.get_by_role("status")).to_contain_text("“审查”环节已通过，转入“核准”")
    expect(page.locator("#case-step")).to_contain_text("核准")

    sign_in_as(page, "approver")
    open_case(page, case)
    decide = page.locator("#act-step_decide")
    decide.get_by_label("准予").check()
    decide.get_by_label("证照编号").fill("SC13707050001")
    decide.get_by_label("核准意见").fill("同意许可")
    decide.get_by_role("button", name="提交决定").click()
    expect(page.get_by_role("status")).to_contain_text("已作出准予决定")
    expect_state(page, "已决定")
    expect(page.locator("#case-decision")).to_contain_text("SC13707050001")
    expect(page.locator("#notices")).to_contain_text("准予行政许可决定书")

    sign_in_as(page, "clerk")
    open_case(page, case)
    expect(page.locator("#act-case_complete")).to_have_count(0)
    waiting = page.locator("#waiting-case_complete")
    expect(waiting.get_by_role("button", name="办结")).to_be_disabled()
    expect(waiting).to_contain_text("该事项收费，请先开具缴费单。")
    expect_state(page, "已决定")
    bill_form = page.locator("#act-bill_issue")
    expect(bill_form.get_by_label("工本费：10.00元（每证10元）")).to_be_checked()
    bill_form.get_by_role("button", name="开具").click()
    expect(page.get_by_role("status")).to_contain_text("应缴 10.00 元")
    expect(page.locator("#bill-state")).to_have_text("待缴费")
    expect(page.locator("#act-bill_pay")).to_have_count(0)

    sign_in_as(page, "cashier")
    open_case(page, case)
    pay = page.locator("#act-bill_pay")
    pay.get_by_label("票据号码").fill("PJ370700000123")
    pay.get_by_role("button", name="登记收费").click()
    expect(page.get_by_role("status")).to_contain_text("PJ370700000123")
    expect(page.locator("#bill-state")).to_have_text("已缴费")
    assert Case.objects.get(pk=case.pk).bill.state == BillState.PAID

    sign_in_as(page, "clerk")
    open_case(page, case)
    page.locator("#act-case_complete").get_by_role("button", name="办结并通知申请人").click()
    expect(page.get_by_role("status")).to_contain_text("已办结")
    expect_state(page, "已办结")
    deliver = page.locator("#act-case_deliver")
    deliver.get_by_label("窗口领取").check()
    deliver.get_by_label("签收人", exact=True).fill("张三")
    deliver.get_by_role("button", name="登记送达").click()
    expect(page.get_by_role("alert")).to_have_text("窗口领取须登记签收人并由其在送达回证上签名。")
    expect_state(page, "已办结")
    deliver = page.locator("#act-case_deliver")
    expect(deliver.get_by_label("签收人", exact=True)).to_have_value("张三")
    deliver.get_by_label("签收人已在送达回证上签名").check()
    deliver.get_by_role("button", name="登记送达").click()
    expect(page.get_by_role("alert")).to_have_text("请先打印送达回证，由签收人签名后再登记送达。")
    with page.expect_popup() as popup:
        page.locator("#delivery-receipt").get_by_role("button", name="打印送达回证").click()
    receipt = print_delivery_receipt(popup.value, case)
    open_case(page, case)
    deliver = page.locator("#act-case_deliver")
    expect(deliver.locator("#delivery-receipt")).to_contain_text(f"打印送达回证 {receipt.number}")
    deliver.get_by_label("窗口领取").check()
    deliver.get_by_label("签收人", exact=True).fill("张三")
    deliver.get_by_label("签收人已在送达回证上签名").check()
    deliver.get_by_role("button", name="登记送达").click()
    expect_state(page, "已送达")
    expect(page.locator("#delivery")).to_contain_text("张三")
    page.locator("#act-case_archive").get_by_role("button", name="归档").click()
    expect_state(page, "已归档")
    expect(page.locator("#case-clock")).to_have_text("按时办结")
    expect(page.locator("#no-actions")).to_be_visible()
    timeline = page.locator("#timeline")
    for label in ("受理", "审查：通过", "作出决定", "开具缴费单", "缴费完成", "办结", "送达", "归档"):
        expect(timeline).to_contain_text(label)

    sign_in_as(page, "chief")
    open_case(page, case)
    page.get_by_role("button", name="查看完整号码").first.click()
    expect(page.locator("#ids-applicant")).to_contain_text(FULL_ID)
    expect(page.locator("#ids-applicant")).to_contain_text("已记入审计日志")
    page.reload()
    expect(page.locator("#ids-applicant")).not_to_contain_text(FULL_ID)


def test_a_joint_case_through_the_participating_departments(page: Page) -> None:
    version = ItemVersion.objects.get(
        item__centre__code=CITY_CODE,
        item__department__code="SCJG",
        case_kind=CaseKind.JOINT,
        state=VersionState.PUBLISHED,
    )
    participants = list(version.joint_departments.order_by("code"))
    assert len(participants) >= 2
    case = accepted(version, COMPANY)
    step = Case.objects.get(pk=case.pk).current_step
    assert step is not None and step.name == "并联审查"

    sign_in_as(page, "reviewer")
    open_case(page, case)
    expect(page.locator("#joint-tasks tbody tr")).to_have_count(len(participants))
    expect(page.locator("#act-step_pass")).to_have_count(0)
    waiting = page.locator("#waiting-step_pass")
    expect(waiting.get_by_role("button", name="通过本环节")).to_be_disabled()
    expect(waiting).to_contain_text("以下联办部门尚未反馈审查意见")

    for department in participants:
        # The demo staffs these departments with a chief representative, who answers joint reviews.
        answerer = (
            StaffProfile.objects.filter(department=department, user__groups__name__in=JOINT_GROUPS)
            .order_by("staff_number")
            .first()
        )
        assert answerer is not None, f"no one in {department.name} may answer a joint review"
        sign_in_as(page, answerer.user.username)
        open_case(page, case)
        rows = page.locator("#joint-tasks tbody tr")
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text(department.name)
        answer = page.locator("#act-joint_task_answer")
        answer.get_by_label("审查意见").fill(f"{department.short_name or department.name}审查同意")
        answer.get_by_role("button", name="同意", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text(f"已反馈{department.name}的审查意见：同意")
        expect(page.locator("#act-joint_task_answer")).to_have_count(0)

    assert set(case.joint_tasks.values_list("state", flat=True)) == {JointTaskState.AGREED}
    sign_in_as(page, "reviewer")
    open_case(page, case)
    for department in participants:
        row = page.locator(f"#joint-tasks tr[data-department='{department.code}']")
        expect(row.locator(".task-state")).to_have_text("同意")
        expect(row).to_contain_text("审查同意")
    review = page.locator("#act-step_pass")
    review.get_by_label("办理意见").fill("各部门均同意")
    review.get_by_role("button", name="通过").click()
    expect(page.locator("#case-step")).to_contain_text("核准")

    sign_in_as(page, "approver")
    open_case(page, case)
    decide = page.locator("#act-step_decide")
    decide.get_by_label("准予").check()
    decide.get_by_label("证照编号").fill("91370700MA00000001")
    decide.get_by_role("button", name="提交决定").click()
    expect_state(page, "已决定")

    sign_in_as(page, "clerk")
    open_case(page, case)
    expect(page.locator("#act-bill_issue")).to_have_count(0)
    page.locator("#act-case_complete").get_by_role("button", name="办结并通知申请人").click()
    expect_state(page, "已办结")
    deliver = page.locator("#act-case_deliver")
    deliver.get_by_label("邮寄送达").check()
    deliver.get_by_label("快递公司").fill("中国邮政EMS")
    deliver.get_by_label("快递单号").fill("1190000000001")
    deliver.get_by_role("button", name="登记送达").click()
    expect_state(page, "已送达")
    page.locator("#act-case_archive").get_by_role("button", name="归档").click()
    expect_state(page, "已归档")
    assert Case.objects.get(pk=case.pk).state == CaseState.ARCHIVED
    expect(page.locator("#timeline")).to_contain_text("并联审查：同意")


def test_a_minimum_living_allowance_goes_up_from_the_street_office_and_comes_back(page: Page) -> None:
    """The demo's 低保 上报件: 东关街道 took it in, reviewed it and forwarded it to 奎文区民政局. The
    district's reviewer and approver decide; the result comes back to the street office's window,
    which records it, hands it over and files it. Every step is someone's."""
    origin = Case.objects.get(centre__code="WF-KW-DG", item_name="城镇居民最低生活保障")
    linked = origin.forwarding.linked_case
    assert linked is not None

    sign_in_as(page, "kw-reviewer")
    page.goto("/cases/tasks/")
    expect(page.locator("main")).to_contain_text(linked.number)
    open_case(page, linked)
    review = page.locator("#act-step_pass")
    review.get_by_label("办理意见").fill("经复核，家庭收入低于本区低保标准")
    review.get_by_role("button", name="通过").click()
    expect(page.get_by_role("status")).to_contain_text("“初审”环节已通过，转入“核准”")

    sign_in_as(page, "kw-approver")
    open_case(page, linked)
    decide = page.locator("#act-step_decide")
    decide.get_by_label("准予").check()
    decide.get_by_label("核准意见").fill("同意纳入城镇居民最低生活保障")
    decide.get_by_role("button", name="提交决定").click()
    expect(page.get_by_role("status")).to_contain_text("已作出准予决定")
    assert Case.objects.get(pk=origin.pk).state == CaseState.HANDLING

    sign_in_as(page, "dg-clerk")
    open_case(page, origin)
    expect(page.locator("#case-step")).to_contain_text("结果反馈")
    feedback = page.locator("#act-step_decide")
    feedback.get_by_label("准予").check()
    feedback.get_by_label("核准意见").fill("奎文区民政局准予，按月发放低保金")
    feedback.get_by_role("button", name="提交决定").click()
    expect_state(page, "已决定")
    page.locator("#act-case_complete").get_by_role("button", name="办结并通知申请人").click()
    expect_state(page, "已办结")
    with page.expect_popup() as popup:
        page.locator("#delivery-receipt").get_by_role("button", name="打印送达回证").click()
    print_delivery_receipt(popup.value, origin)
    open_case(page, origin)
    deliver = page.locator("#act-case_deliver")
    deliver.get_by_label("窗口领取").check()
    deliver.get_by_label("签收人", exact=True).fill("黄文博")
    deliver.get_by_label("签收人已在送达回证上签名").check()
    deliver.get_by_role("button", name="登记送达").click()
    expect_state(page, "已送达")
    page.locator("#act-case_archive").get_by_role("button", name="归档").click()
    expect_state(page, "已归档")
    expect(page.locator("#timeline")).to_contain_text("上报结果返回")


def test_an_identity_card_renewal_counts_natural_days_and_has_its_reviewer_and_approver(page: Page) -> None:
    """居民身份证换领 (公安, 20 natural days): the demo's case reads in 自然日 and the department's own
    reviewer and approver take it to its decision; nobody has it on the 无人可办 list."""
    case = Case.objects.get(item_name="居民身份证换领")
    police = case.department

    sign_in_as(page, "manager")
    page.locator(".mainnav").get_by_role("link", name="无人可办").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("无人可办")
    expect(page.locator("#unassigned-count")).to_have_text("0")

    for role, act in ((Role.REVIEWER, "#act-step_pass"), (Role.APPROVER, "#act-step_decide")):
        worker = (
            StaffProfile.objects.filter(department=police, user__groups__name=GROUP_NAMES[role])
            .order_by("staff_number")
            .first()
        )
        assert worker is not None, f"no {role.label} in {police.name}"
        sign_in_as(page, worker.user.username)
        open_case(page, case)
        expect(page.locator("#case-clock")).to_contain_text("自然日")
        form = page.locator(act)
        if role == Role.REVIEWER:
            form.get_by_label("办理意见").fill("户籍信息核验一致")
            form.get_by_role("button", name="通过").click()
            expect(page.locator("#case-step")).to_contain_text("核准")
        else:
            form.get_by_label("准予").check()
            form.get_by_role("button", name="提交决定").click()
            expect_state(page, "已决定")
