"""A small hall for queue tests: one centre open all day today, two queues, three windows, clerks
signed in, and a kiosk, a board and a pad with known tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind, Centre, OpeningHours, Window
from govhall.org.roles import Role
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue, WindowQueue
from govhall.queueing.services import window_sign_in
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, WindowFactory


def open_all_day(centre: Centre) -> None:
    """Make ``centre`` open now: a working day today and hours covering the whole day."""
    OpeningHours.objects.filter(centre=centre).delete()
    OpeningHours.objects.create(
        centre=centre,
        name="全天",
        from_month=1,
        from_day=1,
        morning_start=time(0, 0),
        morning_end=time(12, 0),
        afternoon_start=time(12, 0),
        afternoon_end=time(23, 59, 59),
    )
    CalendarAdjustment.objects.update_or_create(
        centre=centre,
        date=timezone.localdate(),
        defaults={"kind": CalendarAdjustmentKind.WORKING, "reason": "测试：今日上班"},
    )


@dataclass
class Hall:
    centre: Centre
    queue_a: Queue
    queue_b: Queue
    window_1: Window
    window_2: Window
    window_3: Window
    clerk_1: User
    clerk_2: User
    clerk_3: User
    kiosk: Device
    board: Device
    pad_1: Device
    kiosk_token: str = "kiosk-token"
    board_token: str = "board-token"
    pad_token: str = "pad-1-token"


@pytest.fixture
def hall(db: None) -> Hall:
    centre = CentreFactory()
    open_all_day(centre)
    department = DepartmentFactory(centre=centre)
    queue_a = Queue.objects.create(centre=centre, name="综合受理", prefix="A")
    queue_b = Queue.objects.create(centre=centre, name="企业开办", prefix="B")
    queue_a.departments.add(department)
    windows = [WindowFactory(centre=centre, department=department, number=str(n)) for n in (1, 2, 3)]
    WindowQueue.objects.create(window=windows[0], queue=queue_a, weight=2)
    WindowQueue.objects.create(window=windows[0], queue=queue_b, weight=1)
    WindowQueue.objects.create(window=windows[1], queue=queue_a, weight=1)
    WindowQueue.objects.create(window=windows[1], queue=queue_b, weight=2)
    WindowQueue.objects.create(window=windows[2], queue=queue_b, weight=1)
    clerks = []
    for window in windows:
        staff = StaffFactory(centre=centre, department=department, roles=[Role.WINDOW_CLERK])
        window_sign_in(window=window, user=staff.user)
        clerks.append(staff.user)
    kiosk = Device.objects.create(
        centre=centre,
        kind=DeviceKind.KIOSK,
        code="kiosk-1",
        name="取号机",
        token_hash=token_hash("kiosk-token"),
    )
    board = Device.objects.create(
        centre=centre,
        kind=DeviceKind.HALL_BOARD,
        code="board-1",
        name="综合屏",
        token_hash=token_hash("board-token"),
    )
    pad = Device.objects.create(
        centre=centre,
        kind=DeviceKind.EVALUATOR_PAD,
        code="pad-1",
        name="1号窗口评价器",
        window=windows[0],
        token_hash=token_hash("pad-1-token"),
    )
    return Hall(centre, queue_a, queue_b, *windows, *clerks, kiosk=kiosk, board=board, pad_1=pad)
