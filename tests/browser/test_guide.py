"""The catalogue as people use it: a citizen searches the guide and prints the notice list; a
department's chief representative revises an item and the centre manager publishes it."""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from govhall.catalog.models import ItemVersion, VersionState
from govhall.demo.hall import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def search(page: Page, words: str) -> list[str]:
    page.fill("#guide-q", words)
    page.click("button.guide-button[type=submit]")
    page.wait_for_url(lambda url: f"q={quote(words)}" in url)
    page.wait_for_load_state()
    return page.locator(".guide-list .guide-name").all_inner_texts()


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_citizen_finds_low_income_support_and_downloads_the_notice_list(page: Page) -> None:
    page.goto("/")
    assert page.url.endswith("/guide/")
    assert "城镇居民最低生活保障" in search(page, "低保")
    assert "企业设立登记" in search(page, "yyzz")

    search(page, "低保")
    page.get_by_role("link", name=re.compile("城镇居民最低生活保障")).first.click()
    page.wait_for_url(re.compile(r"/guide/\d+/$"))
    for heading in (
        "工作职责",
        "办事依据",
        "受理条件",
        "申请材料",
        "办理流程",
        "办理时限",
        "收费标准",
        "办结结果",
    ):
        assert page.get_by_role("heading", name=heading).count() == 1
    assert page.locator("figure.guide-qr svg").count() == 1

    href = page.get_by_role("link", name="一次性告知单（PDF）").get_attribute("href")
    assert href is not None
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "一次性告知单" in text and "城镇居民最低生活保障" in text


def test_chief_revises_an_item_and_the_manager_publishes_it(page: Page) -> None:
    live = ItemVersion.objects.get(
        state=VersionState.PUBLISHED, name="食品经营许可", item__centre__code="WF-SZX"
    )
    sign_in(page, "chief")
    page.get_by_role("link", name="事项管理").first.click()
    page.get_by_role("link", name="食品经营许可").first.click()
    page.get_by_role("button", name="修订（生成新版本草稿）").click()
    expect(page.locator("ul.messagelist")).to_contain_text("已生成新的草稿版本")

    page.fill("#id_promised_limit", str(live.promised_limit - 1))
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator("ul.messagelist")).to_contain_text("成功")
    page.get_by_role("button", name="提交中心审核").click()
    expect(page.locator("ul.messagelist")).to_contain_text("超过承诺办结时限")
    draft = ItemVersion.objects.get(item=live.item, state=VersionState.DRAFT)
    longest = max(draft.steps.all(), key=lambda step: step.budget_days)
    row = list(draft.steps.order_by("order")).index(longest)
    page.fill(f"#id_steps-{row}-budget_days", str(longest.budget_days - 1))
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator("ul.messagelist")).to_contain_text("成功")
    page.get_by_role("button", name="提交中心审核").click()
    expect(page.locator("ul.messagelist")).to_contain_text("已提交中心审核")
    page.goto("/")
    page.get_by_role("button", name="退出").click()

    sign_in(page, "manager")
    page.get_by_role("link", name="事项审核发布").first.click()
    page.get_by_role("link", name="待审核").first.click()
    page.get_by_role("link", name="食品经营许可").first.click()
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator("ul.messagelist")).to_contain_text("已审核发布")

    live.refresh_from_db()
    assert live.state == VersionState.SUPERSEDED
    page.goto(f"/guide/{live.item_id}/")
    assert f"承诺办结时限\n{live.promised_limit - 1}个工作日" in page.locator("#limits").inner_text()


def test_manager_exports_the_implementation_list(page: Page) -> None:
    sign_in(page, "manager")
    page.get_by_role("link", name="实施清单导入导出").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出实施清单（.xlsx）").click()
    path = download.value.path()
    with open(path, "rb") as workbook:
        assert workbook.read(2) == b"PK"
