"""The error pages speak Chinese inside the site's frame and offer a way back; the 500 page renders
without a database or a request context."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from govhall.org.roles import Role
from tests.factories import StaffFactory


def _assert_framed(page: str, heading: str) -> None:
    assert 'class="topbar"' in page and "政务服务中心" in page
    assert f"<h1>{heading}</h1>" in page
    assert f'href="{reverse("home")}"' in page and "返回首页" in page and "返回上一页" in page
    assert "Not Found" not in page and "Forbidden" not in page and "Server Error" not in page


@pytest.mark.django_db
def test_a_missing_page_is_a_chinese_404_with_the_frame() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    _assert_framed(response.content.decode(), "页面不存在")


@pytest.mark.django_db
def test_a_forbidden_page_is_a_chinese_403_with_the_frame() -> None:
    reviewer = StaffFactory(roles=[Role.REVIEWER])
    client = Client()
    client.force_login(reviewer.user)
    response = client.get(reverse("cases:intake"))
    assert response.status_code == 403
    page = response.content.decode()
    _assert_framed(page, "没有权限")
    assert '<span class="who">' in page


@pytest.mark.django_db
def test_an_expired_form_is_a_chinese_csrf_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    _assert_framed(response.content.decode(), "页面已过期")


def test_the_500_page_needs_no_database_and_no_request_context() -> None:
    """No django_db mark: any query would fail the test."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    _assert_framed(response.content.decode(), "系统出错")
