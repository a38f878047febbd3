"""The demo hall's queues (业务队列), which windows serve them, and its devices with demo tokens.

Demo device tokens are ``demo-<device code>`` and are listed in the README; a real hall issues
random tokens from the admin ("生成新令牌").
"""

from __future__ import annotations

from dataclasses import dataclass

from govhall.org.models import Centre, Department, Window
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue, WindowQueue


@dataclass(frozen=True)
class QueueSpec:
    prefix: str
    name: str
    departments: tuple[str, ...]
    windows: tuple[int, ...]
    daily_quota: int | None = None


CITY_QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("A", "综合受理", ("XZSP",), (2, 3, 4, 5)),
    QueueSpec("B", "企业开办", ("SCJG", "SW"), (10, 11, 12, 13, 14, 15), daily_quota=300),
    QueueSpec("C", "户籍出入境", ("GA",), (16, 17), daily_quota=200),
    QueueSpec("D", "社保医保", ("RSJ", "YB"), (18, 19, 20, 21)),
    QueueSpec("E", "民政卫健", ("MZ", "WJW"), (22, 23)),
    QueueSpec("F", "住房公积金", ("GJJ",), (24, 25)),
    QueueSpec("G", "交通运输", ("JT",), (26,)),
    QueueSpec("H", "投资项目与工程建设", ("FGW", "ZJJ", "ZRZY", "SHJ"), (27, 28, 29, 30, 31)),
    QueueSpec("J", "不动产登记", ("BDC",), (32, 33, 34), daily_quota=150),
)
"""Comprehensive windows 2–5 also serve the busiest specialised queues at a lower weight."""

COMPREHENSIVE_EXTRA = {"B": 1, "D": 1}

DISTRICT_QUEUES: dict[str, tuple[QueueSpec, ...]] = {
    "WF-KW": (
        QueueSpec("A", "综合受理", ("XZSP",), (1,)),
        QueueSpec("B", "企业开办", ("SCJG",), (3,)),
        QueueSpec("D", "社会保障", ("RSJ",), (4,)),
    ),
    "WF-GX": (
        QueueSpec("A", "综合受理", ("XZSP",), (1,)),
        QueueSpec("B", "企业开办", ("SCJG",), (2,)),
        QueueSpec("D", "医疗保障", ("YB",), (3,)),
    ),
    "WF-KW-DG": (QueueSpec("A", "便民服务", ("JD",), (1, 2)),),
}

PAD_WINDOWS = (2, 3, 4, 5, 10, 11, 12, 13, 16, 18, 32)
"""City windows with a window screen and an evaluator pad in the demo."""


def demo_token(code: str) -> str:
    return f"demo-{code}"


@dataclass(frozen=True)
class DeviceSpec:
    code: str
    name: str
    kind: DeviceKind
    window: int | None = None


def _city_devices() -> list[DeviceSpec]:
    devices = [
        DeviceSpec("wf-kiosk-1", "一楼大厅取号机1", DeviceKind.KIOSK),
        DeviceSpec("wf-kiosk-2", "一楼大厅取号机2", DeviceKind.KIOSK),
        DeviceSpec("wf-kiosk-3", "二楼取号机", DeviceKind.KIOSK),
        DeviceSpec("wf-board-1f", "一楼大厅综合屏", DeviceKind.HALL_BOARD),
        DeviceSpec("wf-board-2f", "二楼综合屏", DeviceKind.HALL_BOARD),
        DeviceSpec("wf-board-3f", "三楼综合屏", DeviceKind.HALL_BOARD),
    ]
    for number in PAD_WINDOWS:
        devices.append(
            DeviceSpec(f"wf-screen-{number}", f"{number}号窗口屏", DeviceKind.WINDOW_SCREEN, number)
        )
        devices.append(
            DeviceSpec(f"wf-pad-{number}", f"{number}号窗口评价器", DeviceKind.EVALUATOR_PAD, number)
        )
    return devices


DISTRICT_DEVICES: dict[str, tuple[DeviceSpec, ...]] = {
    "WF-KW": (
        DeviceSpec("kw-kiosk-1", "奎文区取号机", DeviceKind.KIOSK),
        DeviceSpec("kw-board-1", "奎文区大厅综合屏", DeviceKind.HALL_BOARD),
    ),
    "WF-GX": (
        DeviceSpec("gx-kiosk-1", "高新区取号机", DeviceKind.KIOSK),
        DeviceSpec("gx-board-1", "高新区大厅综合屏", DeviceKind.HALL_BOARD),
    ),
}


def _count(created: dict[str, int], key: str) -> None:
    created[key] = created.get(key, 0) + 1


def _build_queues(centre: Centre, specs: tuple[QueueSpec, ...], created: dict[str, int]) -> None:
    windows = {window.number: window for window in Window.objects.filter(centre=centre)}
    departments = {department.code: department for department in Department.objects.filter(centre=centre)}
    for order, spec in enumerate(specs):
        queue = Queue.objects.filter(centre=centre, prefix=spec.prefix).first()
        if queue is None:
            queue = Queue(
                centre=centre,
                prefix=spec.prefix,
                name=spec.name,
                daily_quota=spec.daily_quota,
                sort_order=order,
            )
            queue.full_clean()
            queue.save()
            queue.departments.set([departments[code] for code in spec.departments])
            _count(created, "queue")
        links = {number: 2 for number in spec.windows}
        if centre.parent_id is None and spec.prefix in COMPREHENSIVE_EXTRA:
            links.update({number: COMPREHENSIVE_EXTRA[spec.prefix] for number in (2, 3, 4, 5)})
        for number, weight in links.items():
            _link, made = WindowQueue.objects.get_or_create(
                window=windows[str(number)], queue=queue, defaults={"weight": weight}
            )
            if made:
                _count(created, "windowqueue")


def _build_devices(
    centre: Centre, specs: list[DeviceSpec] | tuple[DeviceSpec, ...], created: dict[str, int]
) -> None:
    for spec in specs:
        if Device.objects.filter(code=spec.code).exists():
            continue
        window = Window.objects.get(centre=centre, number=str(spec.window)) if spec.window else None
        device = Device(
            centre=centre,
            kind=spec.kind,
            code=spec.code,
            name=spec.name,
            window=window,
            token_hash=token_hash(demo_token(spec.code)),
        )
        device.full_clean(exclude=["token_hash"])
        device.save()
        _count(created, "device")


def build_demo_queues(centres: dict[str, Centre], city_code: str, created: dict[str, int]) -> None:
    _build_queues(centres[city_code], CITY_QUEUES, created)
    _build_devices(centres[city_code], _city_devices(), created)
    for code, specs in DISTRICT_QUEUES.items():
        _build_queues(centres[code], specs, created)
    for code, device_specs in DISTRICT_DEVICES.items():
        _build_devices(centres[code], device_specs, created)
