"""排队统计 on a hand-built day whose figures are worked out by hand below; scope, validation and Excel."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from govhall.feedback.models import Rating, RatingChannel, RatingLevel
from govhall.org.models import Window
from govhall.org.roles import Role
from govhall.org.selectors import access_scope_for
from govhall.queueing.models import Priority, Ticket, TicketStatus, WindowQueue
from govhall.queueing.statistics import (
    Figures,
    Grouping,
    HourCount,
    StatisticsReport,
    percentile,
    queue_statistics,
)
from govhall.queueing.statistics_charts import hourly_chart, nice_ceiling
from tests.factories import DepartmentFactory, StaffFactory, WindowFactory

from .conftest import Hall
from .test_monitor import at, waiting_ticket

DAY = date(2026, 11, 20)


def served(
    hall: Hall, queue_prefix: str, serial: int, window: Window, times: tuple[str, ...], **fields: object
) -> Ticket:
    """A ticket issued, called, started and finished at the given clock times of DAY."""
    issued, called, started, finished = (at(DAY, clock) for clock in times)
    queue = hall.queue_a if queue_prefix == "A" else hall.queue_b
    return waiting_ticket(
        queue,
        serial,
        issued,
        status=TicketStatus.DONE,
        window=window,
        first_called_at=called,
        called_at=called,
        service_started_at=started,
        finished_at=finished,
        **fields,
    )


@pytest.fixture
def day(hall: Hall) -> Hall:
    """Queue A: waits 5, 12, 25, 45 min (A004 a no-show), A005 never called; services 10, 8, 14 min.
    Queue B: one ticket waited 2 min, served 4 min, transferred once. Estimates vs waits: errors
    A 5, 2, 10, 25 and B 3 minutes."""
    served(hall, "A", 1, hall.window_1, ("09:00", "09:05", "09:06", "09:16"), estimated_wait_minutes=0)
    served(hall, "A", 2, hall.window_1, ("09:10", "09:22", "09:22", "09:30"), estimated_wait_minutes=10)
    served(hall, "A", 3, hall.window_2, ("09:20", "09:45", "09:46", "10:00"), estimated_wait_minutes=15)
    waiting_ticket(
        hall.queue_a,
        4,
        at(DAY, "09:30"),
        status=TicketStatus.NO_SHOW,
        window=hall.window_2,
        first_called_at=at(DAY, "10:15"),
        called_at=at(DAY, "10:15"),
        no_show_count=1,
        estimated_wait_minutes=20,
    )
    waiting_ticket(hall.queue_a, 5, at(DAY, "10:05"), estimated_wait_minutes=30)
    served(
        hall,
        "B",
        1,
        hall.window_3,
        ("09:00", "09:02", "09:03", "09:07"),
        estimated_wait_minutes=5,
        transfer_count=1,
        priority=Priority.TRANSFER,
    )
    return hall


def manager(hall: Hall) -> User:
    return StaffFactory(centre=hall.centre, department=None, roles=[Role.CENTRE_MANAGER]).user


def report_for(
    user: User, hall: Hall, grouping: Grouping = Grouping.QUEUE, **dates: date
) -> StatisticsReport:
    return queue_statistics(
        scope=access_scope_for(user),
        centre=hall.centre,
        date_from=dates.get("date_from", DAY),
        date_to=dates.get("date_to", DAY),
        grouping=grouping,
    )


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([5.0, 12.0, 25.0, 45.0], 0.5) == 18.5
    assert percentile([45.0, 5.0, 25.0, 12.0], 0.9) == pytest.approx(39.0)


def test_queue_figures_match_the_hand_computed_day(day: Hall) -> None:
    report = report_for(manager(day), day)

    queue_a, queue_b = report.rows
    assert queue_a.label == "A 综合受理"
    assert (queue_a.issued, queue_a.served, queue_a.no_shows, queue_a.transfers, queue_a.called) == (
        5,
        3,
        1,
        0,
        4,
    )
    assert queue_a.wait_average == pytest.approx(21.75)
    assert queue_a.wait_median == pytest.approx(18.5)
    assert queue_a.wait_p90 == pytest.approx(39.0)
    assert queue_a.service_average == pytest.approx(32 / 3)
    assert queue_a.service_median == pytest.approx(10.0)
    assert queue_a.service_p90 == pytest.approx(13.2)
    assert [(over.minutes, over.count, over.share) for over in queue_a.waits_over] == [
        (10, 3, 0.75),
        (20, 2, 0.5),
        (40, 1, 0.25),
    ]
    assert queue_a.estimate_mae == pytest.approx(10.5)
    assert queue_a.estimate_within_share == pytest.approx(0.5)
    assert (queue_b.issued, queue_b.served, queue_b.transfers) == (1, 1, 1)
    assert queue_b.estimate_mae == pytest.approx(3.0)
    assert queue_b.estimate_within_share == 1.0
    total = report.total
    assert (total.issued, total.served, total.no_shows, total.transfers, total.called) == (6, 4, 1, 1, 5)
    assert total.wait_average == pytest.approx(17.8)
    assert total.wait_median == pytest.approx(12.0)
    assert total.wait_p90 == pytest.approx(37.0)


def test_grouping_by_window_clerkless_and_hour(day: Hall) -> None:
    user = manager(day)

    by_window = {row.label: row for row in report_for(user, day, Grouping.WINDOW).rows}
    by_hour = report_for(user, day, Grouping.HOUR)
    by_day = report_for(user, day, Grouping.DAY, date_from=DAY - timedelta(days=1))

    assert {label: row.issued for label, row in by_window.items()} == {
        f"1号窗口 {day.window_1.name}": 2,
        f"2号窗口 {day.window_2.name}": 2,
        f"3号窗口 {day.window_3.name}": 1,
        "（未叫号）": 1,
    }
    assert by_window[f"2号窗口 {day.window_2.name}"].no_shows == 1
    assert [(row.label, row.issued) for row in by_hour.rows] == [("09:00–10:00", 5), ("10:00–11:00", 1)]
    assert [(hour.hour, hour.issued, hour.served) for hour in by_hour.hours] == [(9, 5, 3), (10, 1, 1)]
    assert [bucket.count for bucket in by_hour.wait_buckets] == [1, 1, 1, 1, 1]  # 2, 5, 12, 25, 45
    assert [(row.label, row.issued) for row in by_day.rows] == [("2026-11-20", 6)]


def test_hourly_chart_draws_one_bar_per_hour_and_series() -> None:
    chart = hourly_chart([HourCount(9, 8, 2), HourCount(10, 0, 4)])

    assert [bar.value for bar in chart.bars] == [8, 2, 0, 4]
    assert chart.bars[0].height == pytest.approx(208.0)
    assert chart.bars[2].height == 0
    assert [label.text for label in chart.categories] == ["09", "10"]
    assert [tick.text for tick in chart.ticks] == ["0", "2", "4", "6", "8"]
    assert (nice_ceiling(0), nice_ceiling(7), nice_ceiling(130), nice_ceiling(41)) == (4, 8, 200, 80)


def test_statistics_page_shows_figures_and_svg_charts(client: Client, day: Hall) -> None:
    client.force_login(manager(day))

    response = client.get(
        reverse("queueing:statistics"), {"date_from": "2026-11-20", "date_to": "2026-11-20"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="issued">6<' in page
    assert 'data-figure="served">4<' in page
    assert "<svg" in page and 'class="bar issued"' in page and 'class="bar waited"' in page
    assert 'data-group="A 综合受理"' in page
    assert "21.8" in page and "18.5" in page and "39.0" in page


def test_default_is_today_and_empty(client: Client, day: Hall) -> None:
    client.force_login(manager(day))

    response = client.get(reverse("queueing:statistics"))

    assert response.status_code == 200
    assert "所选期间没有排队记录。" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-11-21", "date_to": "2026-11-20"}, "开始日期不能晚于结束日期。"),
        ({"date_from": "2025-11-19", "date_to": "2026-11-20"}, "统计区间最长 366 天，请缩小日期范围。"),
        ({"date_from": "2026-13-01", "date_to": "2026-11-20"}, "请输入有效的日期，例如 2026-11-21。"),
        ({"grouping": "floor"}, "请选择统计维度：按队列、窗口、人员、日或小时。"),
        ({"centre": "NOPE"}, "没有这个中心，或您无权查看该中心。"),
    ],
)
def test_bad_filters_are_refused_with_a_chinese_message(
    client: Client, day: Hall, query: dict[str, str], message: str
) -> None:
    client.force_login(manager(day))

    page = client.get(reverse("queueing:statistics"), query)
    export = client.get(reverse("queueing:statistics_export"), query)

    assert page.status_code == 400
    assert message in page.content.decode()
    assert 'id="figures"' not in page.content.decode()
    assert export.status_code == 400
    assert export["Content-Type"].startswith("text/html")


def test_a_366_day_range_is_accepted(day: Hall) -> None:
    report = report_for(manager(day), day, date_from=DAY - timedelta(days=365))

    assert report.total.issued == 6


def test_excel_export_has_every_grouping_and_the_figures(client: Client, day: Hall) -> None:
    client.force_login(manager(day))

    response = client.get(
        reverse("queueing:statistics_export"),
        {"date_from": "2026-11-20", "date_to": "2026-11-20", "grouping": "window"},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["说明", "按队列", "按窗口", "按人员", "按日", "按小时", "每小时取号与办结"]
    sheet = workbook["按队列"]
    headers = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    queue_a = rows["A 综合受理"]
    assert queue_a["取号数"] == 5
    assert queue_a["办结数"] == 3
    assert queue_a["过号数"] == 1
    assert queue_a["等候中位数（分钟）"] == 18.5
    assert queue_a["等候P90（分钟）"] == 39.0
    assert queue_a["等候超20分钟占比"] == 0.5
    assert queue_a["预计等候平均误差（分钟）"] == 10.5
    assert queue_a["预计误差在±5分钟内占比"] == 0.5
    assert rows["合计"]["取号数"] == 6
    about = [row for row in workbook["说明"].iter_rows(values_only=True) if row and row[0]]
    assert ("中心", day.centre.name) in about
    assert any(term == "等候时间" for term, *_rest in about)
    hours = list(workbook["每小时取号与办结"].iter_rows(min_row=2, values_only=True))
    assert hours == [("09:00–10:00", 5, 3), ("10:00–11:00", 1, 1)]


def test_the_export_writes_a_name_as_text_never_as_a_formula(client: Client, day: Hall) -> None:
    profile = day.clerk_1.staff
    profile.name = '=HYPERLINK("http://example.com","点我")'
    profile.save()
    Ticket.objects.filter(window=day.window_1).update(clerk=profile)
    client.force_login(manager(day))

    response = client.get(
        reverse("queueing:statistics_export"), {"date_from": "2026-11-20", "date_to": "2026-11-20"}
    )

    sheet = load_workbook(BytesIO(response.content))["按人员"]
    label = next(row[0] for row in sheet.iter_rows(min_row=2) if str(row[0].value).startswith("="))
    assert label.data_type == "s" and label.value == f"{profile.name}（{profile.staff_number}）"
    header = sheet["A1"]
    assert header.font.bold and header.fill.fgColor.rgb.endswith("F5F7FA")
    assert sheet.freeze_panes == "B2"


def test_a_window_clerk_may_not_see_statistics(client: Client, day: Hall) -> None:
    client.force_login(day.clerk_1)

    assert client.get(reverse("queueing:statistics")).status_code == 403
    assert client.get(reverse("queueing:statistics_export")).status_code == 403


def test_a_chief_representative_sees_only_their_department(client: Client, day: Hall) -> None:
    other_department = DepartmentFactory(centre=day.centre, name="税务局")
    window_9 = WindowFactory(centre=day.centre, department=other_department, number="9", name="税务窗口")
    WindowQueue.objects.create(window=window_9, queue=day.queue_b)
    served(day, "B", 2, window_9, ("09:30", "09:31", "09:31", "09:40"))
    own_department = day.window_1.department
    chief = StaffFactory(
        centre=day.centre,
        department=own_department,
        roles=[Role.CHIEF_REPRESENTATIVE],
        is_chief_representative=True,
    ).user
    other_chief = StaffFactory(
        centre=day.centre,
        department=other_department,
        roles=[Role.CHIEF_REPRESENTATIVE],
        is_chief_representative=True,
    ).user

    own = {row.label: row.issued for row in report_for(chief, day, Grouping.WINDOW).rows}
    other = {row.label: row.issued for row in report_for(other_chief, day, Grouping.WINDOW).rows}
    client.force_login(other_chief)
    page = client.get(
        reverse("queueing:statistics"),
        {"date_from": "2026-11-20", "date_to": "2026-11-20", "grouping": "window"},
    ).content.decode()

    assert "9号窗口 税务窗口" not in own
    assert own[f"1号窗口 {day.window_1.name}"] == 2
    assert "（未叫号）" in own  # A005 waits in queue A, which serves the chief's department
    assert other == {"9号窗口 税务窗口": 1}
    assert "1号窗口" not in page
    assert "（仅本部门的窗口和队列）" in page


def _rate(ticket_number: str, level: RatingLevel, clerk: User) -> None:
    """A pad rating of one of the day's services, the service's clerk set as the pad records it."""
    ticket = Ticket.objects.get(service_date=DAY, number=ticket_number)
    ticket.clerk = clerk.staff
    ticket.save(update_fields=["clerk"])
    assert ticket.window_id is not None
    Rating.objects.create(
        ticket=ticket,
        window_id=ticket.window_id,
        clerk=clerk.staff,
        level=level,
        channel=RatingChannel.HALL_TABLET,
    )


@pytest.fixture
def rated_day(day: Hall) -> Hall:
    """Window 1 (clerk 1): 非常满意 and 满意; window 2 (clerk 2): 不满意; window 3 (clerk 3): 基本满意."""
    _rate("A001", RatingLevel.VERY_SATISFIED, day.clerk_1)
    _rate("A002", RatingLevel.SATISFIED, day.clerk_1)
    _rate("A003", RatingLevel.DISSATISFIED, day.clerk_2)
    _rate("B001", RatingLevel.BASIC, day.clerk_3)
    return day


def _satisfaction(figures: Figures) -> tuple[object, ...]:
    count, share, mean = figures.shown
    return count.value, share.value, mean.value, mean.text


def test_satisfaction_by_queue_window_and_clerk(rated_day: Hall) -> None:
    user = manager(rated_day)

    by_queue = {row.label: row for row in report_for(user, rated_day).rows}
    by_window = {row.label: row for row in report_for(user, rated_day, Grouping.WINDOW).rows}
    by_clerk = report_for(user, rated_day, Grouping.CLERK)

    assert [column.header for column in by_clerk.shown_columns] == ["评价数", "满意率", "满意度均值"]
    assert _satisfaction(by_queue["A 综合受理"]) == (3, pytest.approx(2 / 3), 2.33, "2.33（满意）")
    assert _satisfaction(by_queue["B 企业开办"]) == (1, 0.0, 3.0, "3.00（基本满意）")
    window_1 = by_window[f"1号窗口 {rated_day.window_1.name}"]
    assert _satisfaction(window_1) == (2, 1.0, 1.5, "1.50（满意）")
    assert _satisfaction(by_window["（未叫号）"]) == (0, None, None, "—")
    clerk_2 = rated_day.clerk_2.staff
    assert _satisfaction(next(row for row in by_clerk.rows if row.key == clerk_2.pk)) == (
        1,
        0.0,
        4.0,
        "4.00（不满意）",
    )
    assert _satisfaction(by_clerk.total) == (4, 0.5, 2.5, "2.50（基本满意）")


def test_the_statistics_page_and_export_show_satisfaction(client: Client, rated_day: Hall) -> None:
    client.force_login(manager(rated_day))
    query = {"date_from": "2026-11-20", "date_to": "2026-11-20", "grouping": "window"}

    page = client.get(reverse("queueing:statistics"), query).content.decode()
    response = client.get(reverse("queueing:statistics_export"), query)

    assert ">满意度均值</th>" in page and ">1.50（满意）</td>" in page and ">100%</td>" in page
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["按窗口"]
    headers = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    window_1 = rows[f"1号窗口 {rated_day.window_1.name}"]
    assert (window_1["评价数"], window_1["满意率"], window_1["满意度均值"]) == (2, 1.0, 1.5)
    assert (window_1["1 非常满意（条）"], window_1["2 满意（条）"], window_1["4 不满意（条）"]) == (1, 1, 0)
    assert (rows["合计"]["评价数"], rows["合计"]["满意率"], rows["合计"]["5 非常不满意（条）"]) == (4, 0.5, 0)
    share_column = headers.index("满意率") + 1
    assert sheet.cell(row=2, column=share_column).number_format == "0.0%"
    about = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row and row[0]}
    assert "1 非常满意、2 满意、3 基本满意、4 不满意、5 非常不满意" in about["满意度均值"]
