"""One count of each kind: the window's 本人今日, the hall monitor and the statistics agree on a day
with a skipped number that came back, a transfer to another queue and a number never called."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govhall.org.roles import Role
from govhall.org.selectors import access_scope_for
from govhall.queueing import services
from govhall.queueing.models import Ticket
from govhall.queueing.statistics import Figures, Grouping, queue_statistics
from tests.factories import StaffFactory

from .conftest import Hall


def _called(user: User) -> Ticket:
    ticket = services.ticket_call_next(user=user)
    assert ticket is not None
    return ticket


def _a_day(hall: Hall) -> None:
    """Window 1 serves A001, skips A002 and A004 and transfers A003 to window 3 (queue B), which
    serves it; window 2 returns A002 and serves it; A005 waits all day."""
    for _ in range(4):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_finish(ticket=_called(hall.clerk_1), user=hall.clerk_1)
    skipped = services.ticket_skip(ticket=_called(hall.clerk_1), user=hall.clerk_1)
    services.ticket_transfer(
        ticket=_called(hall.clerk_1), user=hall.clerk_1, window=hall.window_3, comment="请到3号窗口"
    )
    services.ticket_skip(ticket=_called(hall.clerk_1), user=hall.clerk_1)
    services.ticket_finish(ticket=_called(hall.clerk_3), user=hall.clerk_3)
    services.ticket_return(ticket=skipped, user=hall.clerk_2)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_finish(ticket=_called(hall.clerk_2), user=hall.clerk_2)


def _my_day(client: Client, clerk: User) -> dict[str, int]:
    client.force_login(clerk)
    page = client.get(reverse("queueing:window")).content.decode()
    section = page[page.index('id="my-day"') :]
    return {
        label: int(re.search(rf"<dt>{label}</dt><dd[^>]*>(\d+)</dd>", section).group(1))  # type: ignore[union-attr]
        for label in ("叫号", "已办结", "过号")
    }


def _monitor_row(page: str, attribute: str) -> list[str]:
    row = re.search(rf"<tr {attribute}[^>]*>(.*?)</tr>", page, re.S)
    assert row is not None
    return re.findall(r'<td class="num">(\d+)</td>', row.group(1))


def _statistics(user: User, hall: Hall, grouping: Grouping) -> dict[object, Figures]:
    today = timezone.localdate()
    report = queue_statistics(
        scope=access_scope_for(user), centre=hall.centre, date_from=today, date_to=today, grouping=grouping
    )
    return {row.key: row for row in report.rows}


def test_the_window_the_monitor_and_the_statistics_count_alike(client: Client, hall: Hall) -> None:
    _a_day(hall)
    duty = StaffFactory(centre=hall.centre, department=None, roles=[Role.DUTY_CHIEF]).user
    by_clerk = _statistics(duty, hall, Grouping.CLERK)
    by_queue = _statistics(duty, hall, Grouping.QUEUE)
    by_window = _statistics(duty, hall, Grouping.WINDOW)

    for clerk, expected in ((hall.clerk_1, (2, 1, 1)), (hall.clerk_2, (1, 1, 0)), (hall.clerk_3, (1, 1, 0))):
        figures = by_clerk[clerk.staff.pk]
        assert (figures.called, figures.served, figures.no_shows) == expected
        assert _my_day(client, clerk) == {"叫号": expected[0], "已办结": expected[1], "过号": expected[2]}

    client.force_login(duty)
    monitor = client.get(reverse("queueing:monitor_live")).content.decode()
    for queue, expected in ((hall.queue_a, (4, 2)), (hall.queue_b, (1, 1))):
        figures = by_queue[queue.pk]
        assert (figures.issued, figures.served) == expected
        _waiting, issued, served = _monitor_row(monitor, f'data-queue="{queue.prefix}"')
        assert (int(issued), int(served)) == expected
    for window, served_there in ((hall.window_1, 1), (hall.window_2, 1), (hall.window_3, 1)):
        assert by_window[window.pk].served == served_there
        assert _monitor_row(monitor, f'data-window="{window.number}"') == [str(served_there)]
