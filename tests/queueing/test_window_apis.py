"""The window API: every operation, its refusals in the one error shape (403 who may not, 409 not
now, 400 bad input), and who may call it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from govhall.org.roles import Role
from govhall.queueing import services
from govhall.queueing.models import Queue, Ticket, TicketEvent, TicketStatus, WindowSession
from tests.factories import CentreFactory, StaffFactory, WindowFactory

from .conftest import Hall


def client_for(user: User) -> APIClient:
    """A client using the clerk's API token, as a window terminal program would."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def clerk(hall: Hall) -> APIClient:
    return client_for(hall.clerk_1)


def post(client: APIClient, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(f"/api/v1/{url}", data or {}, format="json")


def assert_refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code and body["errors"] == {}
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"])


def call_next(client: APIClient, hall: Hall) -> dict[str, Any]:
    response = post(client, f"windows/{hall.window_1.pk}/call-next")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_call_next_returns_the_ticket_with_why_it_was_chosen(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, green_reason="disabled")

    body = call_next(clerk, hall)

    assert body["number"] == "A001"
    assert body["queue"] == {"prefix": "A", "name": "综合受理"}
    assert body["status"] == "called" and body["status_label"] == "已叫号"
    assert body["priority"] == "green" and body["priority_label"] == "绿色通道（残疾人）"
    assert body["window"] == "1"
    assert body["called_at"] is not None
    assert body["waited_seconds"] >= 0
    assert body["call_explanation"].startswith("绿色通道优先")
    assert body["recall_count"] == 0 and body["max_recalls"] == 2


def test_call_next_when_nobody_waits_is_204(hall: Hall, clerk: APIClient) -> None:
    response = post(clerk, f"windows/{hall.window_1.pk}/call-next")

    assert response.status_code == 204
    assert response.content == b""


def test_window_state(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk, green_reason="elderly")
    call_next(clerk, hall)

    body = clerk.get(f"/api/v1/windows/{hall.window_1.pk}").json()

    assert body["number"] == "1" and body["status"] == "open" and body["status_label"] == "服务中"
    assert body["clerk"]["staff_number"] == hall.clerk_1.staff.staff_number
    assert body["current_ticket"]["number"] == "B001"
    assert body["held_tickets"] == []
    assert body["queues"] == [
        {"prefix": "A", "name": "综合受理", "weight": 2, "waiting": 1, "priority_waiting": 0},
        {"prefix": "B", "name": "企业开办", "weight": 1, "waiting": 0, "priority_waiting": 0},
    ]


def test_a_clerk_works_only_the_window_they_are_signed_in_to(hall: Hall) -> None:
    other = client_for(hall.clerk_2)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    for url in ("call-next", "pause", "sign-out"):
        assert_refused(
            post(other, f"windows/{hall.window_1.pk}/{url}", {"reason": "临时离开"}), 403, "signed_in_here"
        )
    assert_refused(post(other, f"windows/{hall.window_1.pk}/resume"), 409, "state")
    assert_refused(other.get(f"/api/v1/windows/{hall.window_1.pk}"), 403, "signed_in_here")
    assert_refused(post(other, "windows/999999/call-next"), 404, "not_found")
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_staff_without_the_calling_permission_are_refused(hall: Hall) -> None:
    statistician = StaffFactory(centre=hall.centre, roles=[Role.SUPERVISION_OFFICE]).user
    free = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="5")
    response = post(client_for(statistician), f"windows/{free.pk}/sign-in")
    assert_refused(response, 403, "calls_numbers")
    assert response.json()["detail"] == "您没有窗口叫号权限。"
    assert APIClient().post(f"/api/v1/windows/{hall.window_1.pk}/call-next").status_code in (401, 403)


def test_refusals_not_in_this_state_are_409_with_a_code_and_change_nothing(
    hall: Hall, clerk: APIClient
) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    assert post(clerk, f"windows/{hall.window_1.pk}/pause", {"reason": "临时离开"}).status_code == 200
    paused = post(clerk, f"windows/{hall.window_1.pk}/call-next")
    assert_refused(paused, 409, "state")
    assert paused.json()["detail"] == "当前状态为“暂停服务”，不能叫下一位。"
    assert_refused(post(clerk, f"windows/{hall.window_1.pk}/pause", {"reason": "其他"}), 409, "state")
    assert post(clerk, f"windows/{hall.window_1.pk}/resume").json()["status"] == "open"
    assert_refused(post(clerk, f"windows/{hall.window_1.pk}/resume"), 409, "state")

    first = call_next(clerk, hall)
    events = TicketEvent.objects.count()
    assert_refused(post(clerk, f"windows/{hall.window_1.pk}/call-next"), 409, "window_free")
    assert_refused(post(clerk, f"windows/{hall.window_1.pk}/sign-out"), 409, "window_free")
    assert TicketEvent.objects.count() == events
    assert Ticket.objects.filter(status=TicketStatus.CALLED).get().pk == first["id"]


def test_recall_start_finish(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = call_next(clerk, hall)["id"]

    assert post(clerk, f"tickets/{ticket}/recall").json()["recall_count"] == 1
    assert post(clerk, f"tickets/{ticket}/recall").json()["recall_count"] == 2
    assert_refused(post(clerk, f"tickets/{ticket}/recall"), 409, "recalls_left")
    assert post(clerk, f"tickets/{ticket}/start").json()["status"] == "serving"
    assert_refused(post(clerk, f"tickets/{ticket}/start"), 409, "state")
    assert post(clerk, f"tickets/{ticket}/finish").json()["status"] == "done"
    assert_refused(post(clerk, f"tickets/{ticket}/finish"), 409, "state")


def test_skip_and_return(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = call_next(clerk, hall)["id"]

    assert post(clerk, f"tickets/{ticket}/skip").json()["status"] == "no_show"
    third = client_for(hall.clerk_3)
    assert_refused(post(third, f"tickets/{ticket}/return"), 403, "serves_the_tickets_queue")
    assert post(clerk, f"tickets/{ticket}/return").json()["status"] == "waiting"
    assert_refused(post(clerk, f"tickets/{ticket}/return"), 409, "state")


def test_hold_and_resume(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = call_next(clerk, hall)["id"]

    assert post(clerk, f"tickets/{ticket}/hold", {"comment": "取材料"}).json()["status"] == "held"
    state = clerk.get(f"/api/v1/windows/{hall.window_1.pk}").json()
    assert state["current_ticket"] is None
    call_back = {"name": "resume", "label": "叫回", "allowed": True, "reason": "", "code": ""}
    assert state["held_tickets"] == [
        {"id": ticket, "number": "A001", "queue": {"prefix": "A", "name": "综合受理"}, "actions": [call_back]}
    ]
    assert post(clerk, f"tickets/{ticket}/resume").json()["status"] == "called"
    assert_refused(post(clerk, f"tickets/{ticket}/resume"), 409, "state")


def test_operations_on_another_windows_or_centres_ticket(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = call_next(clerk, hall)["id"]
    other = client_for(hall.clerk_2)
    for action in ("recall", "start", "finish", "skip", "hold"):
        assert_refused(post(other, f"tickets/{ticket}/{action}"), 403, "at_the_tickets_window")

    stranger_centre = CentreFactory()
    stranger = StaffFactory(centre=stranger_centre, roles=[Role.WINDOW_CLERK]).user
    assert_refused(post(client_for(stranger), f"tickets/{ticket}/finish"), 404, "not_found")
    assert_refused(post(clerk, "tickets/999999/finish"), 404, "not_found")
    assert Ticket.objects.get(pk=ticket).status == TicketStatus.CALLED


def test_transfer_to_a_queue_and_to_a_window(hall: Hall, clerk: APIClient) -> None:
    for _ in range(2):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    first = call_next(clerk, hall)["id"]

    moved = post(clerk, f"tickets/{first}/transfer", {"queue": hall.queue_b.pk, "comment": "企业登记"}).json()

    assert (
        moved["queue"]["prefix"] == "B" and moved["priority"] == "transfer" and moved["status"] == "waiting"
    )
    second = call_next(clerk, hall)["id"]
    response = post(
        clerk, f"tickets/{second}/transfer", {"window": hall.window_2.pk, "comment": "补充材料后办理"}
    )
    assert response.status_code == 200
    taken = post(client_for(hall.clerk_2), f"windows/{hall.window_2.pk}/call-next").json()
    assert taken["id"] == second
    assert taken["transfer_comment"] == "补充材料后办理"
    assert taken["call_explanation"].startswith("转移件优先")


def _bad_targets(hall: Hall) -> dict[str, tuple[dict[str, Any], str]]:
    inactive = Queue.objects.create(centre=hall.centre, name="停用", prefix="Z", is_active=False)
    foreign = Queue.objects.create(centre=CentreFactory(), name="他中心", prefix="B")
    bare_window = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="9")
    return {
        "same queue": ({"queue": hall.queue_a.pk, "comment": "说明"}, "transfer_target"),
        "inactive queue": ({"queue": inactive.pk, "comment": "说明"}, "transfer_target"),
        "other centre's queue": ({"queue": foreign.pk, "comment": "说明"}, "transfer_target"),
        "unknown queue": ({"queue": 999999, "comment": "说明"}, "transfer_target"),
        "window without queues": ({"window": bare_window.pk, "comment": "说明"}, "transfer_target"),
        "own window": ({"window": hall.window_1.pk, "comment": "说明"}, "transfer_target"),
        "unknown window": ({"window": 999999, "comment": "说明"}, "transfer_target"),
        "no target": ({"comment": "说明"}, "transfer_target"),
        "missing comment": ({"queue": hall.queue_b.pk}, "comment_required"),
    }


def test_bad_transfer_targets(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = call_next(clerk, hall)["id"]
    events = TicketEvent.objects.count()

    for case, (data, code) in _bad_targets(hall).items():
        response = post(clerk, f"tickets/{ticket}/transfer", data)
        assert response.status_code == 400, case
        assert response.json()["code"] == code, case

    assert TicketEvent.objects.count() == events
    assert Ticket.objects.get(pk=ticket).status == TicketStatus.CALLED
    malformed = post(clerk, f"tickets/{ticket}/transfer", {"queue": "B", "comment": "说明"})
    assert malformed.status_code == 400 and malformed.json()["detail"]


def test_sign_in_pause_resume_sign_out(hall: Hall) -> None:
    newcomer = StaffFactory(
        centre=hall.centre, department=hall.window_1.department, roles=[Role.WINDOW_CLERK]
    )
    spare = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="7")
    api = client_for(newcomer.user)
    assert_refused(post(api, f"windows/{hall.window_1.pk}/sign-in"), 409, "state")
    assert_refused(post(api, "windows/999999/sign-in"), 404, "not_found")

    signed = post(api, f"windows/{spare.pk}/sign-in").json()
    assert signed["status"] == "open" and signed["clerk"]["name"] == newcomer.name
    other_spare = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="8")
    assert_refused(post(api, f"windows/{other_spare.pk}/sign-in"), 400, "already_signed_in")
    assert_refused(post(api, f"windows/{spare.pk}/sign-in"), 409, "state")
    assert_refused(post(api, f"windows/{spare.pk}/pause", {"reason": " "}), 400, "reason_required")

    paused = post(api, f"windows/{spare.pk}/pause", {"reason": "业务咨询"}).json()
    assert paused["status"] == "paused" and paused["pause_reason"] == "业务咨询"
    assert post(api, f"windows/{spare.pk}/resume").json()["status"] == "open"
    closed = post(api, f"windows/{spare.pk}/sign-out").json()
    assert closed["status"] == "closed" and closed["clerk"] is None
    assert not WindowSession.objects.filter(clerk=newcomer, signed_out_at__isnull=True).exists()


def test_sign_in_to_another_departments_window_is_refused(hall: Hall) -> None:
    outsider = StaffFactory(centre=hall.centre, roles=[Role.WINDOW_CLERK])
    free = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="6")

    assert_refused(post(client_for(outsider.user), f"windows/{free.pk}/sign-in"), 403, "works_for_the_window")
    elsewhere = WindowFactory()
    assert_refused(post(client_for(outsider.user), f"windows/{elsewhere.pk}/sign-in"), 404, "not_found")


def test_session_login_works_too(hall: Hall) -> None:
    api = APIClient()
    api.force_login(hall.clerk_1)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)

    assert call_next(api, hall)["number"] == "A001"


def test_the_schema_documents_the_window_api(hall: Hall, clerk: APIClient) -> None:
    response = clerk.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]

    call = paths["/api/v1/windows/{id}/call-next"]["post"]
    assert call["operationId"] == "window_call_next"
    assert set(call["responses"]) >= {"200", "204", "400", "403", "404"}
    assert call["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/WindowTicket")
    transfer = paths["/api/v1/tickets/{id}/transfer"]["post"]
    assert transfer["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/TicketTransferInput"
    )
    for action in ("recall", "start", "finish", "skip", "return", "hold", "resume"):
        assert f"/api/v1/tickets/{{id}}/{action}" in paths
    for action in ("sign-in", "sign-out", "pause", "resume"):
        assert f"/api/v1/windows/{{id}}/{action}" in paths
    assert "get" in paths["/api/v1/windows/{id}"]


def test_the_window_state_lists_the_callers_actions_with_why_not(hall: Hall, clerk: APIClient) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    call_next(clerk, hall)

    body = clerk.get(f"/api/v1/windows/{hall.window_1.pk}").json()

    window = {action["name"]: action for action in body["actions"]}
    assert set(window) == {"pause", "call_next", "sign_out", "force_sign_out"}
    assert window["pause"]["allowed"] is True and window["pause"]["reason"] == ""
    assert window["call_next"] == {
        "name": "call_next",
        "label": "叫下一位",
        "allowed": False,
        "reason": "请先办结、过号、挂起或转移当前号码。",
        "code": "window_free",
    }
    assert window["force_sign_out"]["code"] == "supervises_the_hall"
    ticket = {action["name"]: action["allowed"] for action in body["current_ticket"]["actions"]}
    assert ticket == {
        "recall": True,
        "start": True,
        "finish": True,
        "skip": True,
        "hold": True,
        "transfer": True,
    }
