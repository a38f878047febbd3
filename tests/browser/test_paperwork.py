"""The paperwork around a case in a real browser, as the demo staff: the cashier prints the 缴费通知单,
records the payment and prints the 收费收据; people are named family name first (吴芳, 郑磊);
an unknown address shows the Chinese error page with a way home."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from govhall.cases.fees import bill_issue
from govhall.cases.models import Bill, Decision
from govhall.cases.services import DecisionInput, step_decide, step_pass
from govhall.demo.hall import CITY_CODE
from govhall.org.models import Department, StaffProfile
from tests.browser.test_case_walk import accepted, sign_in_as
from tests.browser.test_staff_home import log_in
from tests.cases.conftest import publish_item

pytestmark = pytest.mark.browser


def _billed() -> Bill:
    market = Department.objects.get(centre__code=CITY_CODE, code="SCJG")
    version = publish_item(market, code="370700-SCJG-T002", fee=Decimal("10.00"), name="食品生产许可")
    case = accepted(version)
    staff = {profile.user.username: profile.user for profile in StaffProfile.objects.select_related("user")}
    assert case.current_step is not None
    approve = step_pass(step=case.current_step, user=staff["reviewer"], opinion="材料齐全")
    assert approve is not None
    decided = step_decide(
        step=approve,
        user=staff["approver"],
        data=DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="SC13707050002"),
    )
    return bill_issue(case=decided, user=staff["clerk"])


def test_the_cashier_prints_the_bill_takes_the_payment_and_prints_the_receipt(page: Page) -> None:
    bill = _billed()
    number = bill.case.number
    sign_in_as(page, "cashier")
    expect(page.locator(".account .who")).to_have_text("吴芳")
    page.goto("/cases/cashier/")
    row = page.locator(f"#bill-{bill.pk}")
    with page.expect_popup() as popup:
        row.get_by_role("link", name="缴费通知单").click()
    popup.value.wait_for_url(re.compile(rf"/cases/{number}/bill\.pdf$"))
    popup.value.close()

    row.get_by_label("票据号码").fill("PJ370700000777")
    row.get_by_role("button", name="登记收费").click()
    payments = page.locator("#payments")
    expect(payments).to_contain_text("PJ370700000777")
    expect(payments).to_contain_text("吴芳")
    expect(payments).not_to_contain_text("芳 吴")
    receipt = payments.get_by_role("link", name="打印收据")
    expect(receipt).to_have_attribute("href", f"/cases/{number}/receipt.pdf")

    page.goto(f"/cases/{number}/")
    papers = page.locator("#fee-papers")
    expect(papers.get_by_role("link", name="打印缴费通知单")).to_have_attribute(
        "href", f"/cases/{number}/bill.pdf"
    )
    expect(papers.get_by_role("link", name="打印收费收据")).to_be_visible()


def test_the_admin_welcomes_the_administrator_by_the_full_name(page: Page) -> None:
    log_in(page, "sysadmin")
    page.goto("/admin/")
    expect(page.locator("#user-tools strong")).to_have_text("郑磊")
    expect(page.locator("#user-tools")).to_contain_text(re.compile(r"欢迎，\s*郑磊"))


def test_an_unknown_address_shows_the_chinese_error_page_with_a_way_home(page: Page) -> None:
    log_in(page, "clerk")
    response = page.goto("/cases/no-such-case/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(page.locator(".account .who")).to_have_text("李静")
    page.get_by_role("link", name="返回首页").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，李静")
