"""The window workstation page: sign in, act through htmx or plain forms, see refusals in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from govhall.core.personal_data import mask_id_number
from govhall.org.models import WindowKind
from govhall.org.roles import Role
from govhall.queueing import services
from govhall.queueing.models import Ticket, TicketStatus, WindowSession
from tests.catalog.test_guide import make_item
from tests.factories import DepartmentFactory, StaffFactory, UserFactory, WindowFactory

from .conftest import Hall

HTMX = {"HTTP_HX_REQUEST": "true"}
PERSON = "110101199001011237"


@pytest.fixture
def desk(hall: Hall) -> Client:
    client = Client()
    client.force_login(hall.clerk_1)
    return client


def act(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, **HTMX)


def test_anonymous_people_are_sent_to_log_in(db: None) -> None:
    response = Client().get("/window/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_without_the_calling_permission_are_forbidden(hall: Hall) -> None:
    client = Client()
    client.force_login(StaffFactory(centre=hall.centre, roles=[Role.SUPERVISION_OFFICE]).user)
    assert client.get("/window/").status_code == 403
    assert client.post("/window/call-next/").status_code == 403


def test_a_user_without_a_staff_profile_is_told_so(db: None) -> None:
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="call_ticket"))
    client = Client()
    client.force_login(user)

    assertContains(client.get("/window/"), "只有工作人员可以登录窗口")


def test_the_sign_in_list_shows_own_department_and_comprehensive_windows(hall: Hall) -> None:
    staff = StaffFactory(centre=hall.centre, department=hall.window_1.department, roles=[Role.WINDOW_CLERK])
    WindowFactory(centre=hall.centre, department=hall.window_1.department, number="4", name="企业开办4")
    WindowFactory(
        centre=hall.centre, department=None, kind=WindowKind.COMPREHENSIVE, number="5", name="综合5"
    )
    WindowFactory(
        centre=hall.centre, department=DepartmentFactory(centre=hall.centre), number="6", name="他部门6"
    )
    WindowFactory(centre=hall.centre, department=None, kind=WindowKind.CASHIER, number="8", name="收费8")
    client = Client()
    client.force_login(staff.user)

    response = client.get("/window/")

    numbers = [choice.window.number for choice in response.context["choices"]]
    assert numbers == ["1", "2", "3", "4", "5"]
    assertContains(response, "已由")
    assertNotContains(response, "他部门6")
    assertNotContains(response, "收费8")
    taken = {choice.window.number: choice.taken_by for choice in response.context["choices"]}
    assert taken["1"] == hall.clerk_1.staff.name and taken["4"] == ""


def test_sign_in_without_htmx_redirects_with_a_message(hall: Hall) -> None:
    staff = StaffFactory(centre=hall.centre, department=hall.window_1.department, roles=[Role.WINDOW_CLERK])
    spare = WindowFactory(centre=hall.centre, department=hall.window_1.department, number="4")
    client = Client()
    client.force_login(staff.user)

    response = client.post("/window/sign-in/", {"window": spare.pk}, follow=True)

    assert response.redirect_chain == [("/window/", 302)]
    assertContains(response, "已签到4号窗口")
    assertContains(response, "叫下一位")
    assert WindowSession.objects.get(clerk=staff, signed_out_at__isnull=True).window == spare


def test_sign_in_refusals_show_in_the_panel(hall: Hall) -> None:
    staff = StaffFactory(centre=hall.centre, department=hall.window_1.department, roles=[Role.WINDOW_CLERK])
    client = Client()
    client.force_login(staff.user)

    taken = act(client, "/window/sign-in/", {"window": hall.window_1.pk})
    missing = act(client, "/window/sign-in/", {"window": "x"})

    assertContains(
        taken,
        '<p class="notice error" role="alert">当前状态为“服务中”，不能签到。</p>',
        html=True,
        status_code=409,
    )
    assertContains(missing, "请选择要签到的窗口。", status_code=400)
    assert not WindowSession.objects.filter(clerk=staff).exists()


def test_the_desk_shows_the_called_ticket_and_its_actions(hall: Hall, desk: Client) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, green_reason="elderly", id_number=PERSON)

    response = act(desk, "/window/call-next/")

    assert response.status_code == 200
    assert response.templates[0].name == "queueing/window_panel.html"
    assertContains(response, "已呼叫 A001")
    assertContains(response, '<p class="ticket-number" id="current-number">A001</p>', html=True)
    assertContains(response, "绿色通道（70岁以上老年人）")
    assertContains(response, mask_id_number(PERSON))
    assertNotContains(response, PERSON)
    assertContains(response, "绿色通道优先")
    assertContains(response, "重呼（剩2次）")
    for label in ("开始办理", "办结", "过号", "挂起", "转移"):
        assertContains(response, label)


def test_the_desk_and_the_window_api_show_the_item_chosen_at_the_kiosk(hall: Hall, desk: Client) -> None:
    licence = make_item(department=hall.queue_a.departments.get(), code="370700-SC-0001", name="营业执照办理")
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk, item=licence.item)

    response = act(desk, "/window/call-next/")
    api = desk.get(f"/api/v1/windows/{hall.window_1.pk}").json()

    assertContains(response, '<dt>事项</dt><dd id="current-item">营业执照办理</dd>', html=True)
    assert api["current_ticket"]["item_name"] == "营业执照办理"


def test_recall_start_finish_from_the_desk(hall: Hall, desk: Client) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    act(desk, "/window/call-next/")

    assertContains(act(desk, f"/window/tickets/{ticket.pk}/recall/"), "还可重呼1次")
    assertContains(act(desk, f"/window/tickets/{ticket.pk}/recall/"), "重呼（剩0次）")
    assertContains(act(desk, f"/window/tickets/{ticket.pk}/recall/"), "已重呼2次，达到上限", status_code=409)
    assertContains(act(desk, f"/window/tickets/{ticket.pk}/start/"), "A001 开始办理")
    finished = act(desk, f"/window/tickets/{ticket.pk}/finish/")

    assertContains(finished, "A001 已办结")
    assertContains(finished, '<dd id="served-count">1</dd>', html=True)
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.DONE


def test_call_next_refusals_change_nothing(hall: Hall, desk: Client) -> None:
    assertContains(act(desk, "/window/call-next/"), "当前没有等候的号码。")
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    act(desk, "/window/call-next/")

    busy = act(desk, "/window/call-next/")

    assertContains(busy, "请先办结、过号、挂起或转移当前号码。", status_code=409)
    assert Ticket.objects.filter(status=TicketStatus.WAITING).count() == 1


def test_skip_and_return_from_the_no_show_list(hall: Hall, desk: Client) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    act(desk, "/window/call-next/")

    skipped = act(desk, f"/window/tickets/{ticket.pk}/skip/")

    assertContains(skipped, "A001 已过号")
    assert [row.ticket.number for row in skipped.context["actions"].no_shows] == ["A001"]
    returned = act(desk, f"/window/tickets/{ticket.pk}/return/")
    assertContains(returned, "A001 已重新排队")
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.WAITING


def test_hold_and_call_back(hall: Hall, desk: Client) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    act(desk, "/window/call-next/")

    held = act(desk, f"/window/tickets/{ticket.pk}/hold/", {"comment": "取材料"})

    assertContains(held, "A001 已挂起")
    assert [row.number for row in held.context["state"].held] == ["A001"]
    assertContains(act(desk, f"/window/tickets/{ticket.pk}/resume/"), "已叫回 A001")


def test_transfer_from_the_desk(hall: Hall, desk: Client) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    called = act(desk, "/window/call-next/")
    targets = called.context["targets"]
    assert hall.queue_b in targets.queues and hall.queue_a not in targets.queues
    assert hall.window_1 not in targets.windows and hall.window_3 in targets.windows

    no_comment = act(desk, f"/window/tickets/{ticket.pk}/transfer/", {"target": f"queue:{hall.queue_b.pk}"})
    no_target = act(desk, f"/window/tickets/{ticket.pk}/transfer/", {"target": "", "comment": "说明"})
    own = act(
        desk,
        f"/window/tickets/{ticket.pk}/transfer/",
        {"target": f"window:{hall.window_1.pk}", "comment": "说明"},
    )
    assertContains(no_comment, "转移时请填写说明", status_code=400)
    assertContains(no_target, "请选择要转往的队列或窗口", status_code=400)
    assertContains(own, "不能转移到本窗口", status_code=400)
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CALLED

    moved = act(
        desk,
        f"/window/tickets/{ticket.pk}/transfer/",
        {"target": f"window:{hall.window_3.pk}", "comment": "税务登记"},
    )

    assertContains(moved, "A001 已转往3号窗口")
    ticket.refresh_from_db()
    assert ticket.target_window == hall.window_3 and ticket.status == TicketStatus.WAITING


def test_pause_needs_a_reason_and_resume(hall: Hall, desk: Client) -> None:
    other_without_text = act(desk, "/window/pause/", {"reason": "other", "detail": " "})
    unknown = act(desk, "/window/pause/", {"reason": "lunch"})
    assertContains(other_without_text, "选择“其他”时请填写暂停原因。", status_code=400)
    assertContains(unknown, "请选择暂停原因。", status_code=400)
    assert not WindowSession.objects.get(window=hall.window_1, signed_out_at__isnull=True).is_paused

    paused = act(desk, "/window/pause/", {"reason": "away", "detail": "去复印"})

    assertContains(paused, '<span id="window-status" class="status paused">暂停服务</span>', html=True)
    session = WindowSession.objects.get(window=hall.window_1, signed_out_at__isnull=True)
    assert session.pause_reason == "临时离开：去复印"
    assertContains(act(desk, "/window/call-next/"), "当前状态为“暂停服务”，不能叫下一位。", status_code=409)
    resumed = act(desk, "/window/resume/")
    assertContains(resumed, '<span id="window-status" class="status open">服务中</span>', html=True)


def test_sign_out(hall: Hall, desk: Client) -> None:
    response = act(desk, "/window/sign-out/")

    assertContains(response, "已从1号窗口签退")
    assertContains(response, "签到窗口")
    assert not WindowSession.objects.filter(window=hall.window_1, signed_out_at__isnull=True).exists()


def test_waiting_counts_are_polled(hall: Hall, desk: Client) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    services.ticket_issue(queue=hall.queue_b, device=hall.kiosk, green_reason="pregnant")

    response = desk.get("/window/waiting/", **HTMX)

    assertContains(response, 'hx-trigger="every 10s"')
    loads = {
        load.queue.prefix: (load.weight, load.waiting, load.priority_waiting)
        for load in response.context["loads"]
    }
    assert loads == {"A": (2, 1, 0), "B": (1, 1, 1)}


def test_unknown_tickets_and_actions_are_not_found(hall: Hall, desk: Client) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    assert act(desk, f"/window/tickets/{ticket.pk}/delete/").status_code == 404
    assert act(desk, "/window/tickets/999999/finish/").status_code == 404
    assert desk.get("/window/call-next/").status_code == 405


def test_the_desk_page_keeps_its_queries_bounded(
    hall: Hall, desk: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    first = services.ticket_call_next(user=hall.clerk_1)
    assert first is not None
    services.ticket_skip(ticket=first, user=hall.clerk_1)
    second = services.ticket_call_next(user=hall.clerk_1)
    assert second is not None
    services.ticket_hold(ticket=second, user=hall.clerk_1)
    services.ticket_call_next(user=hall.clerk_1)

    with django_assert_max_num_queries(30):
        response = desk.get("/window/")

    assert response.status_code == 200
    assertContains(response, "A003")


def test_buttons_come_from_the_machines_and_say_why_they_are_disabled(hall: Hall, desk: Client) -> None:
    first = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    second = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    act(desk, "/window/call-next/")
    act(desk, f"/window/tickets/{first.pk}/hold/")
    act(desk, "/window/call-next/")
    act(desk, f"/window/tickets/{second.pk}/recall/")

    page = act(desk, f"/window/tickets/{second.pk}/recall/")

    busy = 'disabled title="请先办结、过号、挂起或转移当前号码。"'
    assertContains(page, f'data-key="F1" {busy} data-refused="window_free"')
    assertContains(page, f'aria-label="叫回A001" {busy} data-refused="actors_window_free"')
    assertContains(page, 'disabled title="已重呼2次，达到上限；请过号或挂起。" data-refused="recalls_left"')
    assertContains(
        page,
        '<p class="hint refused" data-action="recall">已重呼2次，达到上限；请过号或挂起。</p>',
        html=True,
    )
    for move in ("start", "finish", "skip", "hold", "transfer"):
        assertNotContains(page, f'data-action="{move}"')


def test_a_refused_plain_post_shows_the_page_with_its_status(hall: Hall, desk: Client) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = services.ticket_call_next(user=hall.clerk_2)
    assert ticket is not None

    refused = desk.post(f"/window/tickets/{ticket.pk}/finish/")

    assertContains(refused, "该号码不在您的窗口。", status_code=403)
    assert refused.templates[0].name == "queueing/window.html"
    other_window = desk.post("/window/pause/", {"window": hall.window_2.pk, "reason": "away"})
    assertContains(other_window, "您未签到该窗口，不能进行此操作。", status_code=403)
    assert not WindowSession.objects.get(window=hall.window_2, signed_out_at__isnull=True).is_paused
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CALLED


def test_the_desk_forms_name_their_window(hall: Hall, desk: Client) -> None:
    page = desk.get("/window/")
    for url in ("pause", "sign-out", "call-next"):
        form = page.content.decode().split(f'action="/window/{url}/"')[1].split("</form>")[0]
        assert f'name="window" value="{hall.window_1.pk}"' in form, url
