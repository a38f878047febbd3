from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind, CentreLevel
from govhall.org.selectors import centre_adjustments, centre_calendar
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

ADD = "/api/v1/calendar/add-working-days"
COUNT = "/api/v1/calendar/working-days"


def test_worked_example(client: Client) -> None:
    response = client.get(ADD, {"start": "2026-09-30", "days": 5})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-10-13"}


def test_count(client: Client) -> None:
    response = client.get(COUNT, {"start": "2026-09-30", "end": "2026-10-13"})
    assert response.json() == {"count": 5}


def test_centre_closure_moves_the_date_and_children_inherit_it(client: Client) -> None:
    city = CentreFactory(code="CITY", level=CentreLevel.CITY)
    district = CentreFactory(code="DIST", level=CentreLevel.COUNTY, parent=city)
    CalendarAdjustment.objects.create(
        centre=city, date=date(2026, 10, 12), kind=CalendarAdjustmentKind.CLOSED, reason="台风停止办公"
    )
    for code in ("CITY", "DIST"):
        assert client.get(ADD, {"start": "2026-09-30", "days": 5, "centre": code}).json() == {
            "date": "2026-10-14"
        }
        assert client.get(COUNT, {"start": "2026-09-30", "end": "2026-10-14", "centre": code}).json() == {
            "count": 5
        }
    assert client.get(ADD, {"start": "2026-09-30", "days": 5}).json() == {"date": "2026-10-13"}
    assert [adjustment.reason for adjustment in centre_adjustments(district, year=2026)] == ["台风停止办公"]


def test_nearest_centre_wins() -> None:
    city = CentreFactory(code="CITY", level=CentreLevel.CITY)
    town = CentreFactory(
        code="TOWN",
        level=CentreLevel.TOWN,
        parent=CentreFactory(code="D1", level=CentreLevel.COUNTY, parent=city),
    )
    CalendarAdjustment.objects.create(centre=city, date=date(2026, 10, 12), kind="closed", reason="台风")
    CalendarAdjustment.objects.create(
        centre=town, date=date(2026, 10, 12), kind="working", reason="镇上照常办公"
    )
    assert centre_calendar(city.pk).is_working_day(date(2026, 10, 12)) is False
    assert centre_calendar(town.pk).is_working_day(date(2026, 10, 12)) is True


def test_extra_working_day(client: Client) -> None:
    CentreFactory(code="C9")
    city = CentreFactory(code="C9")
    CalendarAdjustment.objects.create(
        centre=city,
        date=date(2027, 2, 20),
        kind=CalendarAdjustmentKind.WORKING,
        reason="春节调休上班（国办通知）",
    )
    # Fri 2027-02-19 + 1: the Saturday has been made a working day.
    assert client.get(ADD, {"start": "2027-02-19", "days": 1, "centre": "C9"}).json() == {
        "date": "2027-02-20"
    }


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        (ADD, {"start": "2026-13-01", "days": 5}, "日期参数 start 格式不正确"),
        (ADD, {"start": "30/09/2026", "days": 5}, "日期参数 start 格式不正确"),
        (ADD, {"days": 5}, "请提供日期参数 start"),
        (ADD, {"start": "2026-09-30"}, "请提供工作日天数 days"),
        (ADD, {"start": "2026-09-30", "days": -1}, "不能为负数"),
        (ADD, {"start": "2026-09-30", "days": 100000}, "不能超过"),
        (ADD, {"start": "2026-09-30", "days": "five"}, "必须是整数"),
        (ADD, {"start": "1900-01-01", "days": 5}, "超出支持范围"),
        (ADD, {"start": "2026-09-30", "days": 5, "centre": "NOPE"}, "未找到编码为“NOPE”的中心"),
        (COUNT, {"start": "2026-10-13", "end": "2026-09-30"}, "结束日期不能早于开始日期"),
        (COUNT, {"start": "2020-01-01", "end": "2029-01-01"}, "日期区间过长"),
        (COUNT, {"start": "2026-10-13"}, "请提供日期参数 end"),
    ],
)
def test_bad_input_is_400_with_a_chinese_message(
    client: Client, url: str, params: dict[str, object], message: str
) -> None:
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_every_wrong_parameter_is_named_in_the_one_error_shape(client: Client) -> None:
    response = client.get(ADD, {"days": "five"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "请提供日期参数 start（格式 YYYY-MM-DD）。（另有1处输入有误）",
        "code": "invalid",
        "errors": {
            "start": ["请提供日期参数 start（格式 YYYY-MM-DD）。"],
            "days": ["工作日天数 days 必须是整数。"],
        },
    }


def test_english_message_when_asked(client: Client) -> None:
    response = client.get(ADD, {"start": "2026-09-30", "days": -1}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "negative" in response.json()["detail"]


def test_schema_lists_the_calendar_api(client: Client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/calendar/add-working-days" in paths
    parameters = {
        parameter["name"] for parameter in paths["/api/v1/calendar/add-working-days"]["get"]["parameters"]
    }
    assert parameters == {"start", "days", "centre"}


def test_api_docs_page_is_served_without_internet(client: Client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "cdn" not in body.lower() and "/static/drf_spectacular_sidecar/" in body
