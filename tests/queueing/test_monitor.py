"""大厅监控: windows and queues as they are now, the alerts, permissions and a bounded query count."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govhall.org.roles import Role
from govhall.org.selectors import access_scope_for
from govhall.queueing import services
from govhall.queueing.calling import seconds_of_day
from govhall.queueing.models import Priority, Queue, Ticket, TicketStatus, WindowQueue
from govhall.queueing.monitoring import LONG_QUEUE_WAITING, WindowState, hall_snapshot
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, WindowFactory

from .conftest import Hall, open_all_day


def at(day: date, clock: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def waiting_ticket(queue: Queue, serial: int, issued_at: datetime, **fields: object) -> Ticket:
    """A ticket row written directly, so the test controls every time."""
    values: dict[str, object] = {
        "centre_id": queue.centre_id,
        "queue": queue,
        "service_date": timezone.localtime(issued_at).date(),
        "serial": serial,
        "number": f"{queue.prefix}{serial:03d}",
        "public_code": secrets.token_urlsafe(12),
        "issued_at": issued_at,
        "queued_seconds": seconds_of_day(issued_at),
        "status": TicketStatus.WAITING,
        "priority": Priority.ORDINARY,
    }
    values.update(fields)
    return Ticket.objects.create(**values)


def duty_user(hall: Hall) -> User:
    staff = StaffFactory(centre=hall.centre, department=None, roles=[Role.DUTY_CHIEF])
    return staff.user


def test_snapshot_shows_each_window_state_and_each_queue(hall: Hall) -> None:
    today = timezone.localdate()
    now = at(today, "10:00")
    services.window_pause(user=hall.clerk_2, reason="午间调休")
    services.window_sign_out(user=hall.clerk_3)
    serving = waiting_ticket(
        hall.queue_a,
        1,
        at(today, "09:30"),
        status=TicketStatus.SERVING,
        window=hall.window_1,
        called_at=at(today, "09:50"),
        first_called_at=at(today, "09:50"),
        service_started_at=at(today, "09:52"),
    )
    waiting_ticket(
        hall.queue_a,
        2,
        at(today, "09:20"),
        status=TicketStatus.DONE,
        window=hall.window_1,
        finished_at=at(today, "09:40"),
    )
    waiting_ticket(hall.queue_a, 3, at(today, "09:45"))
    waiting_ticket(hall.queue_b, 1, at(today, "09:58"))

    snapshot = hall_snapshot(scope=access_scope_for(duty_user(hall)), centre=hall.centre, now=now)

    windows = {row.window.number: row for row in snapshot.windows}
    assert windows["1"].state == WindowState.SERVING
    assert windows["1"].ticket_number == serving.number
    assert windows["1"].ticket_seconds == 8 * 60
    assert windows["1"].ticket_time == "8分00秒"
    assert windows["1"].served_today == 1
    assert windows["2"].state == WindowState.PAUSED
    assert windows["2"].pause_reason == "午间调休"
    assert windows["2"].paused_since is not None
    assert windows["3"].state == WindowState.ABSENT
    assert windows["3"].clerk_name == ""
    queues = {row.queue.prefix: row for row in snapshot.queues}
    assert queues["A"].waiting == 1
    assert queues["A"].longest_wait_seconds == 15 * 60
    assert queues["A"].served_today == 1
    assert (queues["A"].open_windows, queues["A"].paused_windows, queues["A"].absent_windows) == (1, 1, 0)
    assert queues["B"].waiting == 1
    assert (queues["B"].open_windows, queues["B"].paused_windows, queues["B"].absent_windows) == (1, 1, 1)
    assert snapshot.alerts == []


def test_long_wait_alert_names_the_queue_and_the_longest_wait(hall: Hall) -> None:
    today = timezone.localdate()
    hall.queue_a.long_wait_minutes = 20
    hall.queue_a.save()
    waiting_ticket(hall.queue_a, 1, at(today, "09:30"))
    waiting_ticket(hall.queue_a, 2, at(today, "09:45"))

    snapshot = hall_snapshot(
        scope=access_scope_for(duty_user(hall)), centre=hall.centre, now=at(today, "10:05")
    )

    assert [alert.kind for alert in snapshot.alerts] == ["long_wait"]
    assert snapshot.alerts[0].message == "A 综合受理：1 人等候超过 20 分钟，最长已等 35分00秒。"
    assert snapshot.queues[0].is_long_wait


def test_long_queue_with_paused_windows_raises_an_alert_only_when_windows_are_idle(hall: Hall) -> None:
    today = timezone.localdate()
    for serial in range(1, LONG_QUEUE_WAITING + 1):
        waiting_ticket(hall.queue_b, serial, at(today, "09:55"))
    scope = access_scope_for(duty_user(hall))

    all_open = hall_snapshot(scope=scope, centre=hall.centre, now=at(today, "10:00"))
    services.window_pause(user=hall.clerk_3, reason="系统故障")
    one_paused = hall_snapshot(scope=scope, centre=hall.centre, now=at(today, "10:00"))

    assert all_open.alerts == []
    assert [alert.kind for alert in one_paused.alerts] == ["windows_idle"]
    assert "10 人等候，只有 2 个窗口在服务（1 个暂停服务，0 个未签到）" in one_paused.alerts[0].message


def test_queue_with_people_and_no_window_serving_alerts(hall: Hall) -> None:
    today = timezone.localdate()
    services.window_sign_out(user=hall.clerk_1)
    services.window_pause(user=hall.clerk_2, reason="会议")
    waiting_ticket(hall.queue_a, 1, at(today, "09:58"))

    snapshot = hall_snapshot(
        scope=access_scope_for(duty_user(hall)), centre=hall.centre, now=at(today, "10:00")
    )

    assert [(alert.kind, alert.queue.prefix) for alert in snapshot.alerts] == [("no_window", "A")]


def test_monitor_page_lists_windows_queues_and_refreshes_by_htmx(client: Client, hall: Hall) -> None:
    services.window_pause(user=hall.clerk_2, reason="午间调休")
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    client.force_login(duty_user(hall))

    response = client.get(reverse("queueing:monitor"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "大厅监控" in page
    assert 'hx-trigger="every 5s"' in page
    assert reverse("queueing:monitor_live") in page
    assert ticket.number in page
    assert "暂停服务" in page and "午间调休" in page
    assert 'data-queue="B"' in page
    live = client.get(reverse("queueing:monitor_live"), {"centre": hall.centre.code}, HTTP_HX_REQUEST="true")
    assert live.status_code == 200
    assert "<html" not in live.content.decode()
    assert 'id="monitor-live"' in live.content.decode()


def test_centre_wide_user_chooses_a_sub_centre_but_not_another_city(client: Client, hall: Hall) -> None:
    town = CentreFactory(parent=hall.centre, level="county", name="下级便民服务中心")
    open_all_day(town)
    WindowFactory(centre=town, number="7", name="便民窗口")
    other = CentreFactory(name="别的市中心")
    client.force_login(duty_user(hall))

    own = client.get(reverse("queueing:monitor"), {"centre": town.code})
    refused = client.get(reverse("queueing:monitor"), {"centre": other.code})

    assert own.status_code == 200
    assert "便民窗口" in own.content.decode()
    assert refused.status_code == 404


@pytest.mark.parametrize("url_name", ["queueing:monitor", "queueing:monitor_live"])
def test_a_window_clerk_may_not_monitor_the_hall(client: Client, hall: Hall, url_name: str) -> None:
    client.force_login(hall.clerk_1)

    assert client.get(reverse(url_name)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, hall: Hall) -> None:
    response = client.get(reverse("queueing:monitor"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_query_count_does_not_grow_with_windows_and_tickets(
    client: Client, hall: Hall, django_assert_max_num_queries: object
) -> None:
    department = DepartmentFactory(centre=hall.centre)
    for number in range(10, 30):
        window = WindowFactory(centre=hall.centre, department=department, number=str(number))
        WindowQueue.objects.create(window=window, queue=hall.queue_b)
        clerk = StaffFactory(centre=hall.centre, department=department, roles=[Role.WINDOW_CLERK])
        services.window_sign_in(window=window, user=clerk.user)
    for _index in range(30):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
        services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    services.ticket_call_next(user=hall.clerk_1)
    client.force_login(duty_user(hall))

    # Session, user, permissions, roles, scope and the calendar's generation, then one query per kind
    # of row: none per window or ticket.
    with django_assert_max_num_queries(23):  # type: ignore[operator]
        response = client.get(reverse("queueing:monitor"))

    assert response.status_code == 200
    assert response.content.decode().count("data-window=") == 23
