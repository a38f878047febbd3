"""POST /api/v1/tickets with a kiosk's device token: idempotent, refusals as 400 with Chinese
messages and codes; the ESC/POS print API and the kiosk's queue list."""

from __future__ import annotations

import threading
import uuid
from datetime import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govhall.queueing import services
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue, Ticket
from tests.catalog.test_guide import make_item
from tests.factories import CentreFactory, resident_id_number

from .conftest import Hall
from .test_kiosk import close_today, resident_id, set_hours

TICKETS = "/api/v1/tickets"
KIOSK_AUTH = {"HTTP_AUTHORIZATION": "Device kiosk-token"}


def post(client: Client, data: dict[str, Any], key: str | None = None, **headers: str) -> Any:
    extra = {**KIOSK_AUTH, **headers}
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(TICKETS, data, content_type="application/json", **extra)


def new_key() -> str:
    return str(uuid.uuid4())


def test_issue_returns_the_ticket_and_a_retry_returns_the_same(client: Client, hall: Hall) -> None:
    key = new_key()
    first = post(client, {"queue": hall.queue_a.pk, "phone": "13812345678"}, key)
    assert first.status_code == 201
    body = first.json()
    ticket = Ticket.objects.get()
    assert body["id"] == ticket.pk and body["number"] == "A001"
    assert body["queue"] == {"id": hall.queue_a.pk, "prefix": "A", "name": "综合受理"}
    assert body["people_ahead"] == 0 and body["estimated_wait_minutes"] == 0
    assert body["position_url"] == f"http://testserver/q/{ticket.public_code}/"
    assert body["escpos_url"] == f"http://testserver/api/v1/tickets/{ticket.pk}/escpos"
    assert "phone" not in body and "id_number" not in body

    again = post(client, {"queue": hall.queue_a.pk, "phone": "13812345678"}, key)
    assert again.status_code == 200 and again.json() == body
    assert Ticket.objects.count() == 1

    other = post(client, {"queue": hall.queue_a.pk}, new_key())
    assert other.status_code == 201 and other.json()["number"] == "A002"
    assert other.json()["people_ahead"] == 1


def test_issuing_reads_the_calendar_generation_once_and_the_calendar_from_memory(
    client: Client, hall: Hall
) -> None:
    assert post(client, {"queue": hall.queue_a.pk}, new_key()).status_code == 201  # the calendar is cached
    with CaptureQueriesContext(connection) as queries:
        assert post(client, {"queue": hall.queue_a.pk}, new_key()).status_code == 201
    read = [query["sql"] for query in queries.captured_queries]
    assert sum("core_cachegeneration" in sql for sql in read) == 1
    for table in ("org_calendaradjustment", "org_openinghours", "org_centre"):
        assert not any(f'FROM "{table}"' in sql for sql in read), table


def test_the_key_is_required(client: Client, hall: Hall) -> None:
    for key in (None, "", "x" * 65, "含中文"):
        extra = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
        response = client.post(
            TICKETS, {"queue": hall.queue_a.pk}, content_type="application/json", **KIOSK_AUTH, **extra
        )
        assert response.status_code == 400
        assert "Idempotency-Key" in response.json()["detail"]
    assert not Ticket.objects.exists()


def test_an_item_picks_its_queue(client: Client, hall: Hall) -> None:
    version = make_item(department=hall.queue_a.departments.get(), code="370700-T-1", name="测试事项")
    response = post(client, {"item": version.item_id}, new_key())
    assert response.status_code == 201 and response.json()["queue"]["prefix"] == "A"
    assert Ticket.objects.get().item_id == version.item_id

    unknown = post(client, {"item": 999999}, new_key())
    assert unknown.status_code == 400 and "没有办理该事项的取号队列" in unknown.json()["detail"]
    neither = post(client, {}, new_key())
    assert neither.status_code == 400
    assert neither.json() == {
        "detail": "请选择业务队列或事项。",
        "code": "invalid",
        "errors": {"non_field_errors": ["请选择业务队列或事项。"]},
    }


def test_a_queue_of_another_centre_is_refused(client: Client, hall: Hall) -> None:
    elsewhere = Queue.objects.create(centre=CentreFactory(), name="外地", prefix="Z")
    response = post(client, {"queue": elsewhere.pk}, new_key())
    assert response.status_code == 400 and "本中心没有这个业务队列" in response.json()["detail"]


def refused(client: Client, data: dict[str, Any]) -> tuple[str, str]:
    """A refusal as a whole: 400 in the one error shape, no field named."""
    response = post(client, data, new_key())
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "errors"} and body["errors"] == {}
    return body["detail"], body["code"]


@pytest.mark.parametrize(
    ("arrange", "message", "code"),
    [
        ("quota", "今日号已取完。", "quota"),
        ("before_hours", "未到取号时间，请于23:59后取号。", "before_hours"),
        ("after_hours", "已停止取号：今天的办公时间已结束。", "after_hours"),
        ("closed_day", "今日本中心不办公（测试：停止办公），暂停取号。", "closed_day"),
    ],
)
def test_refusals(client: Client, hall: Hall, arrange: str, message: str, code: str) -> None:
    if arrange == "quota":
        hall.queue_a.daily_quota = 1
        hall.queue_a.save()
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    elif arrange == "before_hours":
        set_hours(hall.centre, time(23, 59, 59), time(23, 59, 59))
    elif arrange == "after_hours":
        set_hours(hall.centre, time(0, 0), time(0, 0))
    else:
        close_today(hall.centre)
    before = Ticket.objects.count()

    assert refused(client, {"queue": hall.queue_a.pk}) == (message, code)
    assert Ticket.objects.count() == before


def test_person_refusals(client: Client, hall: Hall) -> None:
    number = resident_id()
    assert post(client, {"queue": hall.queue_a.pk, "id_number": number}, new_key()).status_code == 201

    assert refused(client, {"queue": hall.queue_a.pk, "id_number": number}) == (
        "您在该队列已有一个等候中的号，请勿重复取号。",
        "duplicate_person",
    )
    assert refused(client, {"queue": hall.queue_a.pk, "id_number": "110105198001010011"}) == (
        "居民身份证号码校验码不正确，请核对。",
        "id_checksum",
    )
    phone = post(client, {"queue": hall.queue_a.pk, "phone": "05368888888"}, new_key())
    assert phone.status_code == 400
    assert phone.json()["errors"] == {"phone": ["请填写正确的11位手机号码，用于短信提醒。"]}
    elderly = post(client, {"queue": hall.queue_a.pk, "green_reason": "elderly"}, new_key())
    assert elderly.status_code == 400 and elderly.json()["code"] == "invalid"
    assert "70岁以上老年人请填写身份证号" in elderly.json()["errors"]["green_reason"][0]
    assert Ticket.objects.count() == 1


def test_green_reason_and_appointment_set_the_priority(client: Client, hall: Hall) -> None:
    post(client, {"queue": hall.queue_a.pk, "green_reason": "military"}, new_key())
    post(client, {"queue": hall.queue_a.pk, "appointment": True}, new_key())
    assert list(Ticket.objects.order_by("serial").values_list("priority", flat=True)) == [
        "green",
        "appointment",
    ]


def test_tokens(client: Client, hall: Hall) -> None:
    data = {"queue": hall.queue_a.pk}
    missing = client.post(TICKETS, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=new_key())
    assert missing.status_code == 401 and missing.json()["detail"] == "身份认证信息未提供。"
    wrong = post(client, data, new_key(), HTTP_AUTHORIZATION="Device not-a-token")
    assert wrong.status_code == 401 and wrong.json()["detail"] == "设备令牌无效或设备已停用。"
    board = post(client, data, new_key(), HTTP_AUTHORIZATION="Device board-token")
    assert board.status_code == 403 and board.json() == {
        "detail": "只有本中心的取号机可以取号。",
        "code": "issues_numbers_here",
        "errors": {},
    }
    hall.kiosk.is_active = False
    hall.kiosk.save()
    assert post(client, data, new_key()).status_code == 401
    assert not Ticket.objects.exists()


def test_escpos_bytes_for_a_ticket_of_the_same_centre(client: Client, hall: Hall) -> None:
    ticket_id = post(client, {"queue": hall.queue_a.pk}, new_key()).json()["id"]

    response = client.get(f"{TICKETS}/{ticket_id}/escpos", **KIOSK_AUTH)

    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    payload = response.content
    assert "综合受理".encode("gb18030") in payload and b"A001" in payload
    assert hall.centre.name.encode("gb18030") in payload
    assert payload.endswith(b"\x1dV\x00")  # GS V 0: full cut

    Device.objects.create(
        centre=CentreFactory(),
        kind=DeviceKind.KIOSK,
        code="far-kiosk",
        name="外地",
        token_hash=token_hash("far"),
    )
    elsewhere = client.get(f"{TICKETS}/{ticket_id}/escpos", HTTP_AUTHORIZATION="Device far")
    assert elsewhere.status_code == 404
    assert elsewhere.json() == {"detail": "未找到该排队号。", "code": "not_found", "errors": {}}
    assert client.get(f"{TICKETS}/{ticket_id}/escpos").status_code == 401
    accepted = client.get(
        f"{TICKETS}/{ticket_id}/escpos", HTTP_ACCEPT="application/octet-stream", **KIOSK_AUTH
    )
    assert accepted.status_code == 200 and accepted.content == payload


def test_kiosk_queue_list(client: Client, hall: Hall) -> None:
    hall.queue_b.daily_quota = 5
    hall.queue_b.save()
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk)
    response = client.get("/api/v1/kiosks/queues", **KIOSK_AUTH)
    assert response.status_code == 200
    assert [(row["prefix"], row["waiting"], row["remaining"]) for row in response.json()] == [
        ("A", 0, None),
        ("B", 1, 4),
    ]


def test_card_reader_posts_a_read(client: Client, hall: Hall) -> None:
    number = resident_id()
    url = "/api/v1/kiosks/card-reads"
    response = client.post(url, {"id_number": number}, content_type="application/json", **KIOSK_AUTH)
    assert response.status_code == 201
    assert response.json() == {"id_number_masked": "1101**********" + number[-4:], "expires_in": 30}
    bad = client.post(url, {"id_number": "123"}, content_type="application/json", **KIOSK_AUTH)
    assert bad.status_code == 400 and bad.json()["detail"] == "居民身份证号码应为18位。"
    assert client.post(url, {"id_number": number}, content_type="application/json").status_code == 401


def test_local_numbers_older_than_their_region_code_pass_the_card_reader_and_the_ticket_api(
    client: Client, hall: Hall
) -> None:
    elder = resident_id_number(region="370705", born="19500315")  # 奎文区 was created in 1994
    read = client.post(
        "/api/v1/kiosks/card-reads", {"id_number": elder}, content_type="application/json", **KIOSK_AUTH
    )
    assert read.status_code == 201 and read.json()["id_number_masked"] == "3707**********" + elder[-4:]

    response = post(client, {"queue": hall.queue_a.pk, "id_number": elder}, new_key())
    assert response.status_code == 201
    city = resident_id_number(region="370700", born="19750101", sequence="002")  # 潍坊市 since 1983
    assert post(client, {"queue": hall.queue_b.pk, "id_number": city}, new_key()).status_code == 201
    assert list(Ticket.objects.order_by("queue__prefix").values_list("priority", "green_reason")) == [
        ("green", "elderly"),
        ("ordinary", ""),
    ]


def test_schema_lists_the_kiosk_api(client: Client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/v1/tickets",
        "/api/v1/tickets/{ticket_id}/escpos",
        "/api/v1/kiosks/queues",
        "/api/v1/kiosks/card-reads",
    ):
        assert path in paths
    parameters = {parameter["name"] for parameter in paths["/api/v1/tickets"]["post"]["parameters"]}
    assert "Idempotency-Key" in parameters
    assert "deviceToken" in schema["components"]["securitySchemes"]


@pytest.mark.django_db(transaction=True)
def test_racing_retries_with_one_key_make_one_ticket(postgres_only: None, hall: Hall) -> None:
    key = new_key()
    barrier = threading.Barrier(8)
    results: list[tuple[int, int]] = []
    lock = threading.Lock()

    def retry() -> None:
        try:
            barrier.wait()
            response = post(Client(), {"queue": hall.queue_a.pk}, key)
            with lock:
                results.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Ticket.objects.count() == 1
    assert {ticket_id for _, ticket_id in results} == {Ticket.objects.get().pk}
    assert sorted(status for status, _ in results).count(201) == 1
