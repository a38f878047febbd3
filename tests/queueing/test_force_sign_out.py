"""强制签退: the duty chief or the centre manager frees a window its clerk left signed in."""

from __future__ import annotations

from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains
from rest_framework.test import APIClient

from govhall.org.roles import Role
from govhall.queueing import services
from govhall.queueing.models import Ticket, TicketStatus, WindowAction, WindowEvent, WindowSession
from tests.factories import StaffFactory, WindowFactory

from .conftest import Hall


def _logged_in(hall: Hall, role: Role) -> Client:
    client = Client()
    client.force_login(StaffFactory(centre=hall.centre, roles=[role]).user)
    return client


def _url(hall: Hall) -> str:
    return f"/hall/monitor/windows/{hall.window_1.pk}/force-sign-out/"


def test_the_monitor_offers_it_to_the_duty_chief_only(hall: Hall) -> None:
    chief = _logged_in(hall, Role.DUTY_CHIEF).get("/hall/monitor/")
    office = _logged_in(hall, Role.SUPERVISION_OFFICE).get("/hall/monitor/")

    assertContains(chief, f'href="{_url(hall)}"')
    assertNotContains(office, "强制签退")


def test_the_duty_chief_signs_a_window_out_so_the_b_post_can_sign_in(hall: Hall) -> None:
    chief = _logged_in(hall, Role.DUTY_CHIEF)
    assertContains(chief.get(_url(hall)), "工作人员离岗未签退时")

    response = chief.post(_url(hall), {"reason": "人员离岗未签退"})

    assert response.status_code == 302 and response["Location"].startswith("/hall/monitor/")
    assert not WindowSession.objects.filter(window=hall.window_1, signed_out_at__isnull=True).exists()
    event = WindowEvent.objects.filter(window=hall.window_1).latest("id")
    assert event.action == WindowAction.FORCED_OUT and event.reason == "人员离岗未签退"
    assert event.clerk.user == hall.clerk_1 and event.actor != hall.clerk_1
    b_post = StaffFactory(centre=hall.centre, department=hall.window_1.department, roles=[Role.WINDOW_CLERK])
    assert services.window_sign_in(window=hall.window_1, user=b_post.user).window == hall.window_1


def test_refusals_say_why_and_change_nothing(hall: Hall) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = services.ticket_call_next(user=hall.clerk_1)
    assert ticket is not None
    chief = _logged_in(hall, Role.DUTY_CHIEF)

    missing = chief.post(_url(hall), {"reason": " "})
    busy = chief.post(_url(hall), {"reason": "人员离岗未签退"})
    office = _logged_in(hall, Role.SUPERVISION_OFFICE)
    page = office.get(_url(hall))
    forbidden = office.post(_url(hall), {"reason": "人员离岗未签退"})

    assertContains(missing, "请填写强制签退的原因。", status_code=400)
    assertContains(busy, "请先办结、过号、挂起或转移当前号码。", status_code=409)
    assertContains(page, 'data-refused="supervises_the_hall"')
    assertContains(forbidden, "只有本中心的值班长或中心管理员可以强制签退窗口。", status_code=403)
    assert WindowSession.objects.filter(window=hall.window_1, signed_out_at__isnull=True).exists()
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CALLED
    assert not WindowEvent.objects.filter(action=WindowAction.FORCED_OUT).exists()


def test_the_api_answers_the_same(hall: Hall) -> None:
    manager = APIClient()
    manager.force_authenticate(StaffFactory(centre=hall.centre, roles=[Role.CENTRE_MANAGER]).user)
    clerk = APIClient()
    clerk.force_authenticate(hall.clerk_2)
    url = f"/api/v1/windows/{hall.window_1.pk}/force-sign-out"
    elsewhere = f"/api/v1/windows/{WindowFactory().pk}/force-sign-out"

    refused = clerk.post(url, {"reason": "离岗"}, format="json")
    hidden = manager.post(elsewhere, {"reason": "离岗"}, format="json")
    done = manager.post(url, {"reason": "离岗"}, format="json")

    assert refused.status_code == 403 and refused.json()["code"] == "supervises_the_hall"
    assert hidden.status_code == 404
    assert done.status_code == 200 and done.json()["status"] == "closed"
