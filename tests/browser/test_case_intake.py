"""A window clerk takes in an application for 食品经营许可 through the intake pages and accepts it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from govhall.cases.models import Case, CaseState, MaterialCheck, NoticeKind
from tests.browser.test_staff_home import log_in

pytestmark = pytest.mark.browser

COMPANY_NAME = "潍坊市好味道餐饮有限公司"
CREDIT_CODE = "91350100M000100Y43"


def test_clerk_takes_in_and_accepts_an_application(page: Page) -> None:
    existing = set(Case.objects.values_list("pk", flat=True))
    log_in(page, "clerk")
    page.locator(".mainnav").get_by_role("link", name="窗口收件").click()
    expect(page).to_have_url(re.compile(r"/cases/intake/$"))
    expect(page.get_by_role("heading", name="窗口收件")).to_be_visible()

    page.get_by_label("搜索事项").fill("食品经营")
    results = page.locator("#item-results")
    results.get_by_role("link", name=re.compile("食品经营许可")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("收件：食品经营许可")

    organisation = page.locator("#organisation-fields")
    person = page.locator("#person-fields")
    expect(person).to_be_visible()
    expect(organisation).to_be_hidden()
    page.get_by_label("法人或其他组织").check()
    expect(organisation).to_be_visible()
    expect(person).to_be_hidden()
    organisation.get_by_label("单位名称").fill(COMPANY_NAME)
    organisation.get_by_label("统一社会信用代码").fill(CREDIT_CODE)
    organisation.get_by_label("法定代表人").fill("李四")
    organisation.get_by_label("单位联系电话").fill("13912345678")

    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("请逐项核验材料，尚未核验：")
    assert set(Case.objects.values_list("pk", flat=True)) == existing

    rows = page.locator("#materials tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        outcome = row.locator("select[data-material-outcome]")
        expect(outcome).to_have_value("")
        if row.locator(".req").count():
            outcome.select_option(label="已收")
            expected = row.locator("input[data-expected]").first.get_attribute("data-expected")
            expect(row.locator("input[data-expected]").first).to_have_value(expected or "")
        else:
            outcome.select_option(label="不适用")
    layout = page.get_by_label(re.compile(r"设备设施布局.*核验结果"))
    layout.select_option(label="缺少")
    expect(page.locator("#materials tr", has=layout)).to_have_attribute("data-outcome", MaterialCheck.MISSING)
    page.get_by_role("button", name="受理", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("不能受理，请出具一次性告知书")
    assert set(Case.objects.values_list("pk", flat=True)) == existing
    expect(page.locator("#organisation-fields").get_by_label("单位名称")).to_have_value(COMPANY_NAME)
    expect(page.locator("#person-fields")).to_be_hidden()

    layout.select_option(label="已收")
    page.get_by_role("button", name="受理", exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/[^/]+/$"))
    case = Case.objects.exclude(pk__in=existing).get()
    assert page.url.endswith(f"/cases/{case.number}/")
    assert case.state == CaseState.HANDLING
    assert case.applicant.name == COMPANY_NAME and case.received_by is not None
    assert case.received_by.username == "clerk"
    notice = case.notices.get(kind=NoticeKind.ACCEPTANCE)
    flash = page.locator(".messages")
    expect(flash).to_contain_text(f"已受理，办件编号 {case.number}，受理通知书 {notice.number}")
    expect(flash.get_by_role("link", name=f"受理通知书 {notice.number}")).to_have_attribute(
        "href", f"/cases/{case.number}/notices/{notice.pk}.pdf"
    )
