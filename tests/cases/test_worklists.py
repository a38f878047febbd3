"""Staff work lists through HTTP: my tasks, the department's cases, case search and the cashier's desk."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.cases.conftest import COMPANY, PERSON, Hall, accepted_case, all_received
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory

from govhall.cases.fees import bill_issue
from govhall.cases.models import Bill, BillState, Case, CaseEvent, CaseState, Decision
from govhall.cases.services import (
    DecisionInput,
    IntakeOutcome,
    case_intake,
    extension_request,
    step_decide,
    step_pass,
)
from govhall.org.models import Department, StaffProfile
from govhall.org.roles import Role

pytestmark = pytest.mark.django_db

MaxQueries = Callable[[int], AbstractContextManager[object]]

FULL_ID = "110105199003071239"
MASKED_ID = "1101**********1239"
FULL_PHONE = "13812345678"
MASKED_PHONE = "138****5678"
GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="JY13707050000001")


def _html(client: Client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _due_in(case: Case, days: int) -> None:
    Case.objects.filter(pk=case.pk).update(due_on=timezone.localdate() + timedelta(days=days))


def _decided(hall: Hall, version: object = None) -> Case:
    case = accepted_case(hall, version=hall.paid if version is None else version)
    assert case.current_step is not None
    approve = step_pass(step=case.current_step, user=hall.reviewer, opinion="材料齐全")
    assert approve is not None
    return step_decide(step=approve, user=hall.approver, data=GRANT)


def _bill(hall: Hall) -> Bill:
    return bill_issue(case=_decided(hall), user=hall.clerk)


# --- the department's cases ----------------------------------------------------------------------


def test_the_overdue_case_is_listed_above_one_due_later(hall: Hall, client: Client) -> None:
    later = accepted_case(hall)
    overdue = accepted_case(hall, applicant=COMPANY)
    today_case = accepted_case(hall)
    _due_in(later, 30)
    _due_in(overdue, -14)
    _due_in(today_case, 0)
    client.force_login(hall.clerk)

    html = _html(client, reverse("cases:department_list"))

    assert html.index(overdue.number) < html.index(today_case.number) < html.index(later.number)
    assert "已超期" in html and "clock-overdue" in html
    assert "今日到期" in html and "clock-due_today" in html
    assert "剩余" in html


def test_the_state_tabs_count_and_filter(hall: Hall, client: Client) -> None:
    handling = accepted_case(hall)
    waiting = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised, missing=(2,)),
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    client.force_login(hall.clerk)

    response = client.get(reverse("cases:department_list"), {"state": CaseState.CORRECTION})

    assert response.status_code == 200
    html = response.content.decode()
    assert waiting.number in html and handling.number not in html
    counts = {tab.state: tab.count for tab in response.context["tabs"]}
    assert counts[""] == 2
    assert counts[CaseState.CORRECTION] == 1 and counts[CaseState.HANDLING] == 1
    assert counts[CaseState.DECIDED] == 0
    assert client.get(reverse("cases:department_list"), {"state": "nonsense"}).status_code == 400


def test_another_departments_clerk_sees_the_case_nowhere(hall: Hall, client: Client) -> None:
    case = accepted_case(hall)
    client.force_login(hall.other_clerk)

    assert case.number not in _html(client, reverse("cases:department_list"))
    assert case.number not in _html(client, reverse("cases:department_list"), department=str(hall.market.pk))
    by_number = client.post(reverse("cases:search"), {"number": case.number})
    by_id = client.post(reverse("cases:search"), {"id_number": FULL_ID})
    for response in (by_number, by_id):
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0
        assert "没有找到符合条件的办件" in response.content.decode()
    assert by_number.content.decode().count(case.number) == 1, "only in the search input the clerk typed"
    assert case.number not in by_id.content.decode()


def test_a_centre_wide_role_chooses_the_department(hall: Hall, client: Client) -> None:
    case = accepted_case(hall)
    client.force_login(hall.manager)

    market = client.get(reverse("cases:department_list"), {"department": hall.market.pk})
    health = client.get(reverse("cases:department_list"), {"department": hall.health.pk})
    foreign: Department = DepartmentFactory(centre=CentreFactory(code="OTHER"))
    refused = client.get(reverse("cases:department_list"), {"department": foreign.pk})

    assert case.number in market.content.decode()
    assert 'name="department"' in market.content.decode()
    assert case.number not in health.content.decode()
    assert refused.status_code == 400
    assert "无权查看该部门" in refused.content.decode()


def test_lists_show_only_masked_personal_data(hall: Hall, client: Client) -> None:
    accepted_case(hall)
    _decided(hall)
    for user, url in (
        (hall.clerk, reverse("cases:department_list")),
        (hall.reviewer, reverse("cases:my_tasks")),
        (hall.clerk, reverse("cases:my_tasks")),
    ):
        client.force_login(user)
        html = _html(client, url)
        assert MASKED_ID in html and MASKED_PHONE in html, url
        assert FULL_ID not in html and FULL_PHONE not in html, url


def test_the_department_list_runs_a_bounded_number_of_queries(
    hall: Hall, client: Client, django_assert_max_num_queries: MaxQueries
) -> None:
    for _ in range(3):
        accepted_case(hall)
    client.force_login(hall.clerk)
    with django_assert_max_num_queries(16):
        small = client.get(reverse("cases:department_list"))
    for _ in range(12):
        accepted_case(hall)
    with django_assert_max_num_queries(16):
        large = client.get(reverse("cases:department_list"))
    assert len(small.context["rows"]) == 3 and len(large.context["rows"]) == 15

    client.force_login(hall.manager)
    with django_assert_max_num_queries(22):
        chosen = client.get(reverse("cases:department_list"), {"department": hall.market.pk})
    assert len(chosen.context["rows"]) == 15


def test_the_department_list_pages_by_fifty(hall: Hall, client: Client) -> None:
    first = accepted_case(hall)
    _due_in(first, -3)
    for _ in range(50):
        accepted_case(hall)
    client.force_login(hall.clerk)

    page_one = client.get(reverse("cases:department_list"))
    page_two = client.get(reverse("cases:department_list"), {"page": 2})

    assert len(page_one.context["rows"]) == 50 and len(page_two.context["rows"]) == 1
    assert page_one.context["rows"][0].item == first
    assert page_one.context["page"].paginator.num_pages == 2
    assert "page=2" in page_one.content.decode()


# --- search --------------------------------------------------------------------------------------


def test_search_by_exact_id_number_finds_the_case_and_another_id_does_not(hall: Hall, client: Client) -> None:
    case = accepted_case(hall)
    other = accepted_case(hall, applicant=COMPANY)
    client.force_login(hall.clerk)

    found = client.post(reverse("cases:search"), {"id_number": FULL_ID})
    missed = client.post(reverse("cases:search"), {"id_number": "11010519491231002X"})

    assert [row.item for row in found.context["rows"]] == [case]
    html = found.content.decode()
    assert case.number in html and other.number not in html
    assert MASKED_ID in html
    assert html.count(FULL_ID) == 1, "the typed ID number only comes back in its own input"
    assert FULL_PHONE not in html
    assert missed.context["rows"] == []
    assert case.number not in missed.content.decode()


def test_search_by_number_item_dates_and_state(hall: Hall, client: Client) -> None:
    case = accepted_case(hall)
    paid = accepted_case(hall, version=hall.paid)
    today = timezone.localdate().isoformat()
    client.force_login(hall.clerk)

    def found(**criteria: str) -> list[Case]:
        response = client.post(reverse("cases:search"), criteria)
        assert response.status_code == 200
        return [row.item for row in response.context["rows"]]

    assert found(number=case.number.lower()) == [case]
    assert found(item="生产") == [paid]
    assert set(found(received_from=today, received_to=today)) == {case, paid}
    assert found(received_to=(timezone.localdate() - timedelta(days=1)).isoformat()) == []
    assert set(found(state=CaseState.HANDLING)) == {case, paid}
    html = client.post(reverse("cases:search"), {"number": case.number}).content.decode()
    assert FULL_ID not in html and MASKED_ID in html


def test_search_refuses_an_empty_or_backwards_query(hall: Hall, client: Client) -> None:
    client.force_login(hall.clerk)

    empty = client.post(reverse("cases:search"), {})
    backwards = client.post(
        reverse("cases:search"), {"received_from": "2026-05-02", "received_to": "2026-05-01"}
    )

    assert empty.status_code == 400 and "请至少填写一个查询条件" in empty.content.decode()
    assert backwards.status_code == 400 and "结束日期不能早于开始日期" in backwards.content.decode()
    assert client.get(reverse("cases:search")).status_code == 200


def test_search_runs_a_bounded_number_of_queries(
    hall: Hall, client: Client, django_assert_max_num_queries: MaxQueries
) -> None:
    for _ in range(12):
        accepted_case(hall)
    client.force_login(hall.clerk)
    with django_assert_max_num_queries(16):
        response = client.post(reverse("cases:search"), {"id_number": FULL_ID})
    assert len(response.context["rows"]) == 12


# --- my tasks ------------------------------------------------------------------------------------


def test_my_tasks_lists_steps_joint_tasks_approvals_and_decided_cases(hall: Hall, client: Client) -> None:
    review = accepted_case(hall)
    joint = accepted_case(hall, version=hall.joint)
    decided = _decided(hall)
    extension_request(case=review, user=hall.reviewer, days=5, reason="需要补充现场核查")

    client.force_login(hall.reviewer)
    reviewer = client.get(reverse("cases:my_tasks"))
    assert reviewer.status_code == 200
    assert {row.step.case for row in reviewer.context["steps"]} == {review, joint}
    assert review.number in reviewer.content.decode()
    assert "剩余" in reviewer.content.decode()
    assert "待批准的延期" not in reviewer.content.decode(), "a reviewer approves no extensions"
    assert "已决定待办结" not in reviewer.content.decode(), "nor serves the window"

    client.force_login(hall.health_reviewer)
    health = client.get(reverse("cases:my_tasks"))
    assert [row.task.case for row in health.context["joint_tasks"]] == [joint]
    task_clock = health.context["joint_tasks"][0].task_clock
    assert task_clock.label == "剩余3个工作日"  # the joint template gives 并联审查 3 working days
    assert joint.number in health.content.decode()
    assert review.number not in health.content.decode()

    client.force_login(hall.chief)
    chief = client.get(reverse("cases:my_tasks"))
    assert [row.item.case for row in chief.context["extensions"]] == [review]
    assert "需要补充现场核查" in chief.content.decode()

    client.force_login(hall.clerk)
    clerk = client.get(reverse("cases:my_tasks"))
    html = clerk.content.decode()
    assert [row.case for row in clerk.context["decided"]] == [decided]
    assert "待办结" in html
    assert "暂无待办理的环节" in html


def test_my_tasks_needs_the_handling_permission(hall: Hall, client: Client) -> None:
    client.force_login(hall.cashier)
    assert client.get(reverse("cases:my_tasks")).status_code == 403
    client.logout()
    assert client.get(reverse("cases:my_tasks")).status_code == 302


def test_my_tasks_runs_a_bounded_number_of_queries(
    hall: Hall, client: Client, django_assert_max_num_queries: MaxQueries
) -> None:
    for _ in range(8):
        accepted_case(hall)
    client.force_login(hall.reviewer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("cases:my_tasks"))
    assert len(response.context["steps"]) == 8


# --- the cashier ---------------------------------------------------------------------------------


def test_the_cashier_records_a_payment(hall: Hall, client: Client) -> None:
    bill = _bill(hall)
    client.force_login(hall.cashier)

    page = _html(client, reverse("cases:cashier"))
    assert bill.number in page and bill.case.number in page and "10.00" in page
    assert MASKED_ID in page and FULL_ID not in page and FULL_PHONE not in page

    response = client.post(
        reverse("cases:bill_pay", args=[bill.pk]), {"receipt_number": " PJ0001 "}, follow=True
    )

    assert response.status_code == 200
    bill.refresh_from_db()
    assert bill.state == BillState.PAID and bill.receipt_number == "PJ0001" and bill.cashier == hall.cashier
    html = response.content.decode()
    assert "已登记缴费单" in html
    assert response.context["payments"].count == 1
    assert response.context["payments"].total == Decimal("10.00")
    assert response.context["rows"] == []
    assert "暂无待缴费的缴费单" in html


def test_the_cashier_is_named_family_name_first(hall: Hall, client: Client) -> None:
    bill = _bill(hall)
    StaffProfile.objects.filter(user=hall.cashier).update(name="吴芳")
    hall.cashier.first_name, hall.cashier.last_name = "芳", "吴"
    hall.cashier.save(update_fields=["first_name", "last_name"])
    client.force_login(hall.cashier)
    client.post(reverse("cases:bill_pay", args=[bill.pk]), {"receipt_number": "PJ0002"})

    payments = _html(client, reverse("cases:cashier"))
    assert "<td>吴芳</td>" in payments and "芳 吴" not in payments
    client.force_login(hall.clerk)
    assert "吴芳" in _html(client, reverse("cases:case_detail", args=[bill.case.number]))


def test_a_reused_receipt_number_is_refused_and_nothing_changes(hall: Hall, client: Client) -> None:
    first, second = _bill(hall), _bill(hall)
    client.force_login(hall.cashier)
    client.post(reverse("cases:bill_pay", args=[first.pk]), {"receipt_number": "PJ0001"})
    events = CaseEvent.objects.count()

    response = client.post(reverse("cases:bill_pay", args=[second.pk]), {"receipt_number": "PJ0001"})

    assert response.status_code == 400
    assert "票据号码PJ0001已登记过" in response.content.decode()
    second.refresh_from_db()
    assert second.state == BillState.ISSUED and second.receipt_number == "" and second.cashier is None
    assert CaseEvent.objects.count() == events


def test_an_already_paid_bill_is_refused_and_keeps_its_receipt(hall: Hall, client: Client) -> None:
    bill = _bill(hall)
    client.force_login(hall.cashier)
    client.post(reverse("cases:bill_pay", args=[bill.pk]), {"receipt_number": "PJ0001"})

    again = client.post(reverse("cases:bill_pay", args=[bill.pk]), {"receipt_number": "PJ0002"})
    empty = client.post(reverse("cases:bill_pay", args=[_bill(hall).pk]), {"receipt_number": "  "})

    assert again.status_code == 400 and "不能登记收费" in again.content.decode()
    bill.refresh_from_db()
    assert bill.receipt_number == "PJ0001"
    assert empty.status_code == 400 and "请填写票据号码" in empty.content.decode()
    assert Bill.objects.filter(state=BillState.PAID).count() == 1


def test_only_the_cashier_may_record_payments(hall: Hall, client: Client) -> None:
    bill = _bill(hall)
    client.force_login(hall.clerk)

    assert client.get(reverse("cases:cashier")).status_code == 403
    assert (
        client.post(reverse("cases:bill_pay", args=[bill.pk]), {"receipt_number": "PJ0001"}).status_code
        == 403
    )
    bill.refresh_from_db()
    assert bill.state == BillState.ISSUED and bill.receipt_number == ""


def test_a_cashier_of_another_centre_cannot_see_or_pay_the_bill(hall: Hall, client: Client) -> None:
    bill = _bill(hall)
    stranger: StaffProfile = StaffFactory(
        centre=CentreFactory(code="OTHER"), department=None, roles=[Role.CASHIER], user__username="stranger"
    )
    client.force_login(stranger.user)

    assert bill.number not in _html(client, reverse("cases:cashier"))
    looked_up = client.get(reverse("cases:cashier"), {"q": bill.number})
    assert looked_up.context["rows"] == []
    assert "未找到该缴费单或办件" in looked_up.content.decode()
    assert (
        client.post(reverse("cases:bill_pay", args=[bill.pk]), {"receipt_number": "PJ0001"}).status_code
        == 404
    )
    bill.refresh_from_db()
    assert bill.state == BillState.ISSUED


def test_the_cashier_looks_up_a_bill_by_its_number_or_the_case_number(hall: Hall, client: Client) -> None:
    wanted, other = _bill(hall), _bill(hall)
    client.force_login(hall.cashier)

    by_bill = client.get(reverse("cases:cashier"), {"q": wanted.number.lower()})
    by_case = client.get(reverse("cases:cashier"), {"q": wanted.case.number})
    missing = client.get(reverse("cases:cashier"), {"q": "JF-NOPE"})

    for response in (by_bill, by_case):
        assert [row.bill for row in response.context["rows"]] == [wanted]
        assert other.number not in response.content.decode()
    assert "未找到该缴费单或办件" in missing.content.decode()


def test_the_cashier_page_runs_a_bounded_number_of_queries(
    hall: Hall, client: Client, django_assert_max_num_queries: MaxQueries
) -> None:
    for _ in range(4):
        _bill(hall)
    client.force_login(hall.cashier)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("cases:cashier"))
    assert len(response.context["rows"]) == 4
