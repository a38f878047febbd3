"""Staff issue green-channel numbers (绿色通道) at a desk; others cannot."""

from __future__ import annotations

import pytest
from django.test import Client

from govhall.org.roles import Role
from govhall.queueing.models import Priority, Ticket
from tests.factories import StaffFactory, UserFactory

from .conftest import Hall
from .test_kiosk import resident_id

ISSUE = "/queue/issue/"


@pytest.fixture
def desk(client: Client, hall: Hall) -> Client:
    staff = StaffFactory(centre=hall.centre, roles=[Role.DUTY_CHIEF])
    client.force_login(staff.user)
    return client


def test_staff_issue_a_green_channel_number_and_print_it(desk: Client, hall: Hall) -> None:
    page = desk.get(ISSUE).content.decode()
    assert "绿色通道取号" in page and "综合受理" in page and "残疾人" in page

    response = desk.post(
        ISSUE, {"queue": hall.queue_a.pk, "green_reason": "disabled", "id_number": resident_id()}
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/queue/issue/{ticket.public_code}/"
    assert ticket.priority == Priority.GREEN and ticket.green_reason == "disabled"
    assert ticket.issued_by is not None and ticket.issued_by_device is None
    slip = desk.get(response["Location"]).content.decode()
    assert "A001" in slip and "绿色通道" in slip and "<svg" in slip and resident_id() not in slip


def test_staff_must_give_a_reason_and_refusals_are_shown(desk: Client, hall: Hall) -> None:
    page = desk.post(ISSUE, {"queue": hall.queue_a.pk}).content.decode()
    assert "请选择绿色通道原因。" in page

    desk.post(ISSUE, {"queue": hall.queue_a.pk, "green_reason": "military", "id_number": resident_id()})
    page = desk.post(
        ISSUE, {"queue": hall.queue_a.pk, "green_reason": "military", "id_number": resident_id()}
    ).content.decode()
    assert "您在该队列已有一个等候中的号，请勿重复取号。" in page
    assert Ticket.objects.count() == 1


def test_only_staff_with_the_permission_of_the_same_centre(client: Client, hall: Hall) -> None:
    assert client.get(ISSUE).status_code == 302  # to the login page
    client.force_login(StaffFactory(centre=hall.centre, roles=[Role.CASHIER]).user)
    assert client.get(ISSUE).status_code == 403
    client.force_login(UserFactory(username="no-staff"))
    assert client.get(ISSUE).status_code == 403

    other = StaffFactory(roles=[Role.DUTY_CHIEF])
    assert other.centre != hall.centre
    client.force_login(other.user)
    assert "综合受理" not in client.get(ISSUE).content.decode()
    response = client.post(ISSUE, {"queue": hall.queue_a.pk, "green_reason": "disabled"})
    assert "该业务队列不存在或已停用" in response.content.decode()
    assert not Ticket.objects.exists()
