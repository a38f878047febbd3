"""A person signs in and sees their home page; the public calendar and the language switch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from govhall.demo.hall import CITY_CODE, DEMO_PASSWORD
from govhall.org.models import Post, StaffProfile

pytestmark = pytest.mark.browser


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_clerk_sees_their_identity_posts_and_only_their_capabilities(page: Page) -> None:
    clerk = StaffProfile.objects.select_related("department").get(user__username="clerk")
    post = Post.objects.select_related("window", "b_staff").get(a_staff=clerk)

    log_in(page, "clerk")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text(clerk.name)
    whoami = page.locator("#whoami")
    expect(whoami.locator(".tag")).to_have_text(["窗口工作人员"])
    assert clerk.department is not None
    expect(whoami).to_contain_text(clerk.department.name)
    posts = page.locator("#posts")
    expect(posts.get_by_role("heading")).to_have_text("我的岗位（A/B岗）")
    row = posts.locator("tbody tr", has_text=post.name)
    expect(row.locator("td")).to_have_text([post.window.number, post.name, "A岗", post.b_staff.name])
    expect(page.locator("#capabilities")).to_contain_text("工作日历")
    expect(whoami).to_contain_text("本部门")
    body = page.locator("body")
    for hidden in ("组织机构管理", "审计日志", "账号与角色"):
        expect(body).not_to_contain_text(hidden)


def test_manager_reaches_the_admin_windows_and_the_audit_log(page: Page) -> None:
    log_in(page, "manager")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#whoami")).to_contain_text("本中心及下级共 4 个中心的全部部门")
    capabilities = page.locator("#capabilities")
    expect(capabilities).to_contain_text("组织机构管理")
    expect(capabilities).to_contain_text("审计日志")
    expect(capabilities).not_to_contain_text("账号与角色")

    capabilities.get_by_role("link", name=re.compile("组织机构管理")).click()
    expect(page).to_have_url(re.compile(r"/admin/"))
    page.get_by_role("link", name="窗口", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/admin/org/window/"))
    results = page.locator("#result_list")
    expect(results).to_contain_text("综合受理1")
    expect(results).to_contain_text("企业开办1")

    page.goto("/")
    page.locator("#capabilities").get_by_role("link", name=re.compile("审计日志")).click()
    expect(page).to_have_url(re.compile(r"/admin/core/event/"))
    expect(page.locator("#result_list")).to_contain_text("加载演示数据")
    page.locator("#changelist-filter").get_by_role("link", name="办件", exact=True).click()
    expect(page).to_have_url(re.compile(r"app=cases"))
    expect(page.locator("#result_list")).to_contain_text("受理")


def test_wrong_password_stays_on_the_login_page_with_a_chinese_error(page: Page) -> None:
    log_in(page, "clerk", password="not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_value("clerk")


def test_public_calendar_marks_holidays_and_switches_to_english(page: Page) -> None:
    page.goto(f"/calendar/?centre={CITY_CODE}&year=2026")

    expect(page).to_have_url(re.compile(r"/calendar/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_contain_text("2026")
    expect(page.locator('td[data-date="2026-10-01"]').first).to_have_class(re.compile(r"\bholiday\b"))
    expect(page.locator('td[data-date="2026-10-10"]').first).to_have_class(re.compile(r"\bweekend-working\b"))

    page.locator("select[name=language]").select_option("en")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".topbar").get_by_role("link", name="Staff login")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/calendar/\?centre={CITY_CODE}&year=2026"))
    expect(page.locator('td[data-date="2026-10-01"]').first).to_have_class(re.compile(r"\bholiday\b"))


def test_a_district_closure_shows_on_its_calendar(page: Page) -> None:
    page.goto("/calendar/?centre=WF-GX&year=2026")

    closed = page.locator('td[data-date="2026-08-12"]').first
    expect(closed).to_have_class(re.compile(r"\badjusted-closed\b"))
    expect(closed).to_have_attribute("title", "台风停止办公")
