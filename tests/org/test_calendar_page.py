from __future__ import annotations

import pytest
from django.test import Client

from govhall.org.models import CalendarAdjustment
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def test_calendar_page_marks_holidays_adjusted_weekends_and_closures(client: Client) -> None:
    centre = CentreFactory(code="CITY", name="示范市政务服务中心")
    CalendarAdjustment.objects.create(centre=centre, date="2026-10-12", kind="closed", reason="台风停止办公")
    response = client.get("/calendar/", {"centre": "CITY", "year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="day holiday" data-date="2026-10-01" title="国庆节"' in html
    assert 'class="day weekend-working" data-date="2026-10-10"' in html
    assert 'class="day adjusted-closed" data-date="2026-10-12" title="台风停止办公"' in html
    assert "示范市政务服务中心 2026年工作日历" in html


def test_unknown_centre_is_404(client: Client) -> None:
    CentreFactory(code="CITY")
    assert client.get("/calendar/", {"centre": "NOPE"}).status_code == 404
