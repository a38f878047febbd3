"""Configuring queues and devices in the admin: scoped to the manager's centre; a new device's
token is shown once and only its hash is kept; reissuing a token is audited."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.test import Client

from govhall.core.models import Event
from govhall.org.roles import Role
from govhall.queueing.devices import device_by_token, token_hash
from govhall.queueing.models import Device, DeviceKind, Queue
from tests.factories import CentreFactory, StaffFactory

from .conftest import Hall


def manager_client(client: Client, hall: Hall) -> Client:
    manager = StaffFactory(centre=hall.centre, department=None, roles=[Role.CENTRE_MANAGER])
    manager.user.is_staff = True
    manager.user.save()
    client.force_login(manager.user)
    return client


def test_manager_sees_only_their_centres_queues_and_edits_window_weights(client: Client, hall: Hall) -> None:
    other = CentreFactory()
    Queue.objects.create(centre=other, name="外中心队列", prefix="Z")
    manager = manager_client(client, hall)

    listing = manager.get("/admin/queueing/queue/").content.decode()
    assert "综合受理" in listing and "外中心队列" not in listing
    page = manager.get(f"/admin/queueing/queue/{hall.queue_a.pk}/change/")
    assert page.status_code == 200
    assert "窗口服务队列" in page.content.decode()


def test_a_new_device_shows_its_token_once_and_keeps_only_the_hash(client: Client, hall: Hall) -> None:
    manager = manager_client(client, hall)
    response = manager.post(
        "/admin/queueing/device/add/",
        {
            "centre": hall.centre.pk,
            "kind": DeviceKind.HALL_BOARD,
            "code": "board-2f",
            "name": "二楼综合屏",
            "voice_enabled": "on",
            "voice_volume": "70",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    token = next(re.search(r"：(\S+)$", text).group(1) for text in texts if "设备令牌" in text)  # type: ignore[union-attr]
    device = Device.objects.get(code="board-2f")
    assert device.token_hash == token_hash(token) and token not in device.token_hash
    assert device_by_token(token) == device


def test_pad_without_window_is_refused(client: Client, hall: Hall) -> None:
    manager = manager_client(client, hall)
    response = manager.post(
        "/admin/queueing/device/add/",
        {
            "centre": hall.centre.pk,
            "kind": DeviceKind.EVALUATOR_PAD,
            "code": "pad-x",
            "name": "评价器",
            "voice_volume": "80",
        },
    )
    assert response.status_code == 200
    assert "窗口屏和评价器必须指定所属窗口。" in response.content.decode()
    assert not Device.objects.filter(code="pad-x").exists()


def test_reissuing_a_token_retires_the_old_one_and_is_audited(client: Client, hall: Hall) -> None:
    manager = manager_client(client, hall)
    response = manager.post(
        "/admin/queueing/device/",
        {"action": "issue_new_token", "_selected_action": [hall.kiosk.pk]},
    )
    assert response.status_code == 302
    assert device_by_token(hall.kiosk_token) is None
    assert Event.objects.filter(kind="queueing.device.token_reissued", subject_id=str(hall.kiosk.pk)).exists()
