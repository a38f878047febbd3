"""The system administrator checks the periodic jobs from their navigation."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from govhall.demo.hall import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_system_administrator_sees_each_jobs_last_run_outcome_and_next_run(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("sysadmin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.locator(".mainnav").get_by_role("link", name="定时任务").click()

    expect(page).to_have_url(re.compile(r"/system/jobs/$"))
    close_day = page.locator('tr[data-job="queueing.close_day"]')
    expect(close_day).to_contain_text("日终处理")
    expect(close_day).to_contain_text("每天 00:30")
    expect(close_day).to_contain_text("尚未运行")
    expect(close_day).to_contain_text("已到计划时间")

    call_command("scheduler", "--once", stdout=StringIO())
    page.reload()

    expect(close_day.locator(".job-outcome")).to_have_text("成功")
    expect(close_day).to_contain_text("作废以前各日未办结的排队号")
    expect(close_day).not_to_contain_text("已到计划时间")
    expect(page.locator('tr[data-job="notify.deliver_pending"]')).to_contain_text("每 5 分钟")
    expect(page.locator("#runs tbody tr")).to_have_count(3)
