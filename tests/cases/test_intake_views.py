"""The window intake pages through the test client: pick the item, take the application in with
each answer, answer after 补正, and every refusal shows its message and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.cases.conftest import COMPANY, PERSON, Hall, all_received
from tests.factories import StaffFactory, UserFactory, resident_id_number
from tests.queueing.conftest import open_all_day

from govhall.cases.models import Applicant, Case, CaseEvent, CaseState, MaterialCheck, Notice, NoticeKind
from govhall.cases.services import IntakeOutcome, case_intake, version_open_for_intake
from govhall.catalog import services as catalog
from govhall.catalog.models import ItemMaterial, ItemVersion, Material, MaterialRequirement
from govhall.org.models import Window
from govhall.org.roles import Role
from govhall.queueing.models import Queue, Ticket, WindowQueue
from govhall.queueing.services import ticket_call_next, ticket_issue, window_sign_in

pytestmark = pytest.mark.django_db

INVALID_ID = "110105199003071234"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_url(version: ItemVersion) -> str:
    return reverse("cases:intake_form", args=[version.pk])


def case_url(number: str) -> str:
    return reverse("cases:case_detail", args=[number])


def materials_data(version: ItemVersion, *, missing: tuple[int, ...] = ()) -> dict[str, str]:
    data: dict[str, str] = {}
    for row in version.materials.order_by("order"):
        prefix = f"material-{row.pk}"
        if row.order in missing:
            outcome = MaterialCheck.MISSING
        elif row.requirement == MaterialRequirement.CONDITIONAL:
            outcome = MaterialCheck.NOT_APPLICABLE
        else:
            outcome = MaterialCheck.RECEIVED
        data.update(
            {
                f"{prefix}-outcome": outcome,
                f"{prefix}-originals": "1",
                f"{prefix}-copies": "1",
                f"{prefix}-problem": "",
            }
        )
    return data


def person_data(**overrides: str) -> dict[str, str]:
    data = {
        "applicant-kind": "person",
        "applicant-name": PERSON.name,
        "applicant-id_type": PERSON.id_type,
        "applicant-id_number": PERSON.id_number,
        "applicant-phone": PERSON.phone,
        "applicant-address": PERSON.address,
    }
    data.update({f"applicant-{key}": value for key, value in overrides.items()})
    return data


def intake_data(
    version: ItemVersion, *, outcome: str = IntakeOutcome.ACCEPT, missing: tuple[int, ...] = (), **extra: Any
) -> dict[str, Any]:
    return {**person_data(), **materials_data(version, missing=missing), "outcome": outcome, **extra}


def test_start_page_lists_the_departments_items_and_searches(hall: Hall) -> None:
    client = _client(hall.clerk)
    response = client.get(reverse("cases:intake"))
    assert response.status_code == 200
    page = response.content.decode()
    for version in (hall.promised, hall.paid, hall.immediate, hall.joint, hall.escalated):
        assert form_url(version) in page
    assert "正在办理" not in page

    found = client.get(reverse("cases:intake"), {"q": "补领"}, headers={"HX-Request": "true"})
    assert found.status_code == 200
    assert found.templates[0].name == "cases/intake/item_results.html"
    assert form_url(hall.immediate) in found.content.decode()
    assert form_url(hall.promised) not in found.content.decode()


def test_start_page_query_count_does_not_grow_with_waiting_cases(
    hall: Hall, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        case_intake(
            version=hall.promised,
            applicant=PERSON,
            materials=all_received(hall.promised, missing=(1,)),
            user=hall.clerk,
            outcome=IntakeOutcome.CORRECTION,
        )
    client = _client(hall.clerk)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:intake"))
    assert response.content.decode().count('<span class="state correction">待补正</span>') == 5


def test_a_clerk_accepts_a_complete_application(hall: Hall) -> None:
    client = _client(hall.clerk)
    form = client.get(form_url(hall.promised))
    assert form.status_code == 200
    assert "营业执照" in form.content.decode() and "当场办结" not in form.content.decode()

    response = client.post(form_url(hall.promised), intake_data(hall.promised))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case_url(case.number)
    assert case.state == CaseState.HANDLING
    assert case.item_version == hall.promised and case.received_by == hall.clerk
    assert case.applicant.name == "张三" and case.agent is None and case.ticket is None
    assert case.due_on is not None
    notice = Notice.objects.get(case=case, kind=NoticeKind.ACCEPTANCE)
    flash = [str(message) for message in response.wsgi_request._messages]  # type: ignore[attr-defined]
    pdf = reverse("cases:notice_pdf", args=[case.number, notice.pk])
    assert flash == [f'已受理，办件编号 {case.number}，<a href="{pdf}">受理通知书 {notice.number}</a>。']
    materials = {row.name: row for row in case.materials.all()}
    assert materials["营业执照"].outcome == MaterialCheck.RECEIVED
    assert materials["营业执照"].originals_received == 1
    assert materials["授权委托书"].outcome == MaterialCheck.NOT_APPLICABLE


def test_every_material_starts_unmarked_and_an_unmarked_one_is_refused(hall: Hall) -> None:
    client = _client(hall.clerk)
    form = client.get(form_url(hall.promised))
    rows = form.context["checklist"].rows
    assert [row.current_outcome for row in rows] == ["", "", ""]
    assert [row["originals"].value() for row in rows] == [None, None, None]
    assert "selected>已收</option>" not in form.content.decode()

    data = intake_data(hall.promised)
    first, second = (row.pk for row in hall.promised.materials.order_by("order")[:2])
    data[f"material-{first}-outcome"] = ""
    data[f"material-{second}-outcome"] = ""
    response = client.post(form_url(hall.promised), data)
    assert response.status_code == 200
    assert "请逐项核验材料，尚未核验：营业执照、食品经营许可申请书。" in response.context["errors_on_top"]
    assert "请选择核验结果。" in rows_errors(response, 0, "outcome")
    assert 'value="张三"' in response.content.decode()
    assert not Case.objects.exists() and not Applicant.objects.exists()


def test_a_paper_material_marked_received_needs_the_counts(hall: Hall) -> None:
    data = intake_data(hall.promised)
    first = hall.promised.materials.get(order=1).pk
    data[f"material-{first}-originals"] = ""
    data[f"material-{first}-copies"] = ""
    response = _client(hall.clerk).post(form_url(hall.promised), data)
    assert response.status_code == 200
    assert "请填写收到的原件或复印件份数。" in rows_errors(response, 0, "originals")
    assert not Case.objects.exists()


def rows_errors(response: Any, index: int, field: str) -> list[str]:
    return list(response.context["checklist"].rows[index].errors.get(field, []))


def test_an_organisation_with_an_agent(hall: Hall) -> None:
    data = intake_data(hall.promised)
    data.update(
        {
            "applicant-kind": "organisation",
            "applicant-org_name": COMPANY.name,
            "applicant-credit_code": COMPANY.id_number,
            "applicant-legal_representative": COMPANY.legal_representative,
            "applicant-org_phone": COMPANY.phone,
            "agent-name": "王五",
            "agent-id_type": "resident_id",
            "agent-id_number": "11010519491231002X",
            "agent-phone": "13812345678",
        }
    )
    response = _client(hall.clerk).post(form_url(hall.promised), data)
    assert response.status_code == 302
    case = Case.objects.select_related("applicant", "agent").get()
    assert case.applicant.kind == "organisation" and case.applicant.name == COMPANY.name
    assert case.applicant.legal_representative == "李四"
    assert case.agent is not None and case.agent.name == "王五"


def test_missing_required_material_cannot_be_accepted_and_nothing_is_written(hall: Hall) -> None:
    response = _client(hall.clerk).post(form_url(hall.promised), intake_data(hall.promised, missing=(2,)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "材料不齐全或不符合要求（食品经营许可申请书），不能受理，请出具一次性告知书。" in page
    assert 'value="张三"' in page and 'value="110105199003071239"' in page
    assert not Case.objects.exists() and not Applicant.objects.exists() and not Notice.objects.exists()


def test_a_local_applicant_older_than_their_region_code_is_taken_in(hall: Hall) -> None:
    elder = resident_id_number(region="370705", born="19500315")  # 奎文区 was created in 1994
    data = {**intake_data(hall.promised), **person_data(id_number=elder)}
    response = _client(hall.clerk).post(form_url(hall.promised), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case.number)
    assert case.applicant.id_number_masked == "3707**********" + elder[-4:]


def test_an_invalid_id_number_is_shown_at_its_field_and_nothing_is_written(hall: Hall) -> None:
    data = {**intake_data(hall.promised), **person_data(id_number=INVALID_ID)}
    response = _client(hall.clerk).post(form_url(hall.promised), data)
    assert response.status_code == 200
    form = response.context["applicant_form"]
    assert any("校验码不正确" in message for message in form.errors["id_number"])
    assert "校验码不正确" in response.content.decode()
    assert f'value="{INVALID_ID}"' in response.content.decode()
    assert not Case.objects.exists() and not Applicant.objects.exists()


def test_an_invalid_agent_is_shown_at_the_agent_fields(hall: Hall) -> None:
    data = {**intake_data(hall.promised), "agent-name": "王五", "agent-id_type": "resident_id"}
    data["agent-id_number"] = INVALID_ID
    response = _client(hall.clerk).post(form_url(hall.promised), data)
    assert response.status_code == 200
    agent = response.context["agent_form"]
    assert any("校验码不正确" in message for message in agent.errors["id_number"])
    assert "请填写代办人联系电话。" in agent.errors["phone"]
    assert not Case.objects.exists()


def test_correction_then_answer_accepts_and_starts_the_clock(hall: Hall) -> None:
    client = _client(hall.clerk)
    data = intake_data(hall.promised, outcome=IntakeOutcome.CORRECTION, missing=(2,))
    response = client.post(form_url(hall.promised), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case.number)
    assert case.state == CaseState.CORRECTION and case.due_on is None
    correction = Notice.objects.get(case=case, kind=NoticeKind.CORRECTION)
    assert correction.content["problems"][0]["name"] == "食品经营许可申请书"

    start = client.get(reverse("cases:intake")).content.decode()
    assert case.number in start and "待补正" in start and "1101**********1239" in start
    assert "110105199003071239" not in start

    answer_url = reverse("cases:case_answer", args=[case.number])
    page = client.get(answer_url)
    assert page.status_code == 200
    missing_row = case.materials.get(order=2)
    assert page.context["checklist"].rows[1].current_outcome == MaterialCheck.MISSING
    assert correction.number in page.content.decode()

    still_missing = client.post(
        answer_url, {**materials_data(hall.promised, missing=(2,)), "outcome": "accept"}
    )
    assert still_missing.status_code == 200
    assert "不能受理" in still_missing.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.CORRECTION

    response = client.post(answer_url, {**materials_data(hall.promised), "outcome": "accept"})
    assert response.status_code == 302 and response["Location"] == case_url(case.number)
    case.refresh_from_db()
    missing_row.refresh_from_db()
    assert case.state == CaseState.HANDLING and case.due_on is not None
    assert missing_row.outcome == MaterialCheck.RECEIVED
    assert Notice.objects.filter(case=case, kind=NoticeKind.ACCEPTANCE).exists()

    again = client.get(answer_url)
    assert again.status_code == 302 and again["Location"] == case_url(case.number)


def test_not_accepting_needs_reasons(hall: Hall) -> None:
    client = _client(hall.clerk)
    refused = client.post(
        form_url(hall.promised), intake_data(hall.promised, outcome=IntakeOutcome.NOT_ACCEPT)
    )
    assert refused.status_code == 200
    assert "不予受理须写明理由。" in refused.context["outcome_form"].errors["reasons"]
    assert not Case.objects.exists()

    response = client.post(
        form_url(hall.promised),
        intake_data(
            hall.promised,
            outcome=IntakeOutcome.NOT_ACCEPT,
            reasons=["not_eligible", "not_qualified"],
            not_accept_detail="经营场所与住宅同楼层",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.state == CaseState.NOT_ACCEPTED
    notice = Notice.objects.get(case=case, kind=NoticeKind.NOT_ACCEPTED)
    assert notice.content["reasons"] == ["申请人不具备申请资格", "不符合法定条件"]
    assert notice.content["detail"] == "经营场所与住宅同楼层"
    assert "行政复议" in notice.content["remedies"]


def test_referral_needs_where_to_go(hall: Hall) -> None:
    client = _client(hall.clerk)
    refused = client.post(form_url(hall.promised), intake_data(hall.promised, outcome=IntakeOutcome.REFER))
    assert "退回件须告知申请人应向哪个机关申请。" in refused.context["outcome_form"].errors["go_to"]
    assert not Case.objects.exists()
    response = client.post(
        form_url(hall.promised),
        intake_data(hall.promised, outcome=IntakeOutcome.REFER, go_to="潍坊市卫生健康委员会"),
    )
    assert response.status_code == 302
    notice = Notice.objects.get(kind=NoticeKind.REFERRAL)
    assert notice.content["go_to"] == "潍坊市卫生健康委员会"
    assert notice.case.state == CaseState.REFERRED


def test_a_clerk_of_another_department_cannot_open_the_item(hall: Hall) -> None:
    client = _client(hall.other_clerk)
    assert client.get(form_url(hall.promised)).status_code == 404
    assert client.post(form_url(hall.promised), intake_data(hall.promised)).status_code == 404
    assert form_url(hall.promised) not in client.get(reverse("cases:intake")).content.decode()
    assert not Case.objects.exists()


def test_an_application_of_another_department_cannot_be_answered(hall: Hall) -> None:
    case = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised, missing=(1,)),
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    client = _client(hall.other_clerk)
    answer_url = reverse("cases:case_answer", args=[case.number])
    assert client.get(answer_url).status_code == 404
    assert client.post(answer_url, {**materials_data(hall.promised), "outcome": "accept"}).status_code == 404
    case.refresh_from_db()
    assert case.state == CaseState.CORRECTION


def test_only_staff_with_the_intake_permission(hall: Hall) -> None:
    anonymous = Client().get(reverse("cases:intake"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    reviewer = _client(hall.reviewer)
    assert reviewer.get(reverse("cases:intake")).status_code == 403
    assert reviewer.post(form_url(hall.promised), intake_data(hall.promised)).status_code == 403
    assert _client(UserFactory()).get(reverse("cases:intake")).status_code == 403
    assert not Case.objects.exists()


def test_an_immediate_item_is_completed_on_the_spot(hall: Hall) -> None:
    assert 'value="immediate"' not in _client(hall.clerk).get(form_url(hall.immediate)).content.decode()
    client = _client(hall.chief)
    assert 'value="immediate"' in client.get(form_url(hall.immediate)).content.decode()
    response = client.post(
        form_url(hall.immediate),
        intake_data(hall.immediate, outcome="immediate", result_number="JY13707050000001"),
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case.number)
    assert case.state == CaseState.COMPLETED and case.result_number == "JY13707050000001"
    assert case.completed_on == case.accepted_on
    kinds = set(case.notices.values_list("kind", flat=True))
    assert {NoticeKind.ACCEPTANCE, NoticeKind.GRANT, NoticeKind.COMPLETION} <= kinds
    flash = str(next(iter(response.wsgi_request._messages)))  # type: ignore[attr-defined]
    assert flash.startswith(f"已当场办结，办件编号 {case.number}，")


def test_a_clerk_without_the_immediate_permission_cannot_complete_on_the_spot(hall: Hall) -> None:
    response = _client(hall.clerk).post(
        form_url(hall.immediate), intake_data(hall.immediate, outcome="immediate")
    )
    assert response.status_code == 200
    assert "请选择收件结果。" in response.content.decode()
    assert not Case.objects.exists()


@pytest.fixture
def serving(hall: Hall) -> Ticket:
    """The clerk signed in at window 10, serving ticket A001 taken for the promised item."""
    open_all_day(hall.centre)
    window = Window.objects.get(centre=hall.centre, number="10")
    queue = Queue.objects.create(centre=hall.centre, name="市场监管", prefix="A")
    queue.departments.add(hall.market)
    queue.items.add(hall.paid.item)
    WindowQueue.objects.create(window=window, queue=queue, weight=1)
    window_sign_in(window=window, user=hall.clerk)
    ticket_issue(queue=queue, item=hall.promised.item, issued_by=hall.clerk)
    called = ticket_call_next(user=hall.clerk)
    assert called is not None
    return called


def test_the_case_is_linked_to_the_ticket_being_served(hall: Hall, serving: Ticket) -> None:
    client = _client(hall.clerk)
    start = client.get(reverse("cases:intake"))
    page = start.content.decode()
    assert "正在办理：A001号" in page
    choices = start.context["choices"]
    assert choices[0].version == hall.promised and choices[0].hint == "取号所选事项"
    assert choices[1].version == hall.paid and choices[1].hint == "本队列事项"

    form = client.get(form_url(hall.promised))
    assert form.context["outcome_form"]["ticket"].value() == serving.pk
    response = client.post(form_url(hall.promised), intake_data(hall.promised, ticket=str(serving.pk)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.ticket_id == serving.pk
    assert case.window is not None and case.window.number == "10"
    receive = CaseEvent.objects.get(case=case, action="receive")
    assert receive.detail["ticket"] == serving.pk


def test_a_ticket_no_longer_at_the_window_is_refused(hall: Hall, serving: Ticket) -> None:
    other = StaffFactory(centre=hall.centre, department=hall.market, roles=[Role.WINDOW_CLERK])
    response = _client(other.user).post(
        form_url(hall.promised), intake_data(hall.promised, ticket=str(serving.pk))
    )
    assert response.status_code == 200
    assert "排队号已不在您的窗口办理" in response.content.decode()
    assert not Case.objects.exists()


# --- a new version published while a form is open ------------------------------------------------


def _publish_revision(version: ItemVersion, *, new_material: str = "") -> ItemVersion:
    """The item's next version, with one more required material when ``new_material`` is given."""
    draft = catalog.version_revise(actor=None, item=version.item)
    if new_material:
        material, _created = Material.objects.get_or_create(centre=version.item.centre, name=new_material)
        ItemMaterial.objects.create(
            version=draft,
            material=material,
            order=draft.materials.count() + 1,
            originals=1,
            requirement=MaterialRequirement.REQUIRED,
        )
    catalog.version_submit(actor=None, version=draft)
    return catalog.version_publish(actor=None, version=draft)


def _opened(client: Client, version: ItemVersion) -> str:
    token = client.get(form_url(version)).context["opened"]
    assert token
    return str(token)


def test_a_form_opened_before_a_new_version_is_taken_in_under_its_version(hall: Hall) -> None:
    client = _client(hall.clerk)
    opened = _opened(client, hall.promised)
    newer = _publish_revision(hall.promised, new_material="食品安全管理制度")

    response = client.post(form_url(hall.promised), {**intake_data(hall.promised), "opened": opened})

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case.number)
    assert case.item_version == hall.promised and case.state == CaseState.HANDLING
    flash = [str(message) for message in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("本件按打开收件表时的第1版受理" in message for message in flash)
    assert newer.version == 2


def test_a_form_without_a_valid_note_shows_the_new_version_and_what_changed(hall: Hall) -> None:
    client = _client(hall.clerk)
    opened = _opened(client, hall.promised)
    newer = _publish_revision(hall.promised, new_material="食品安全管理制度")

    for note in ("", opened[:-2] + "xx"):
        response = client.post(form_url(hall.promised), {**intake_data(hall.promised), "opened": note})
        assert response.status_code == 200
        assert response.context["version"] == newer
        top = " ".join(response.context["errors_on_top"])
        assert "发布第2版" in top and "新增材料：食品安全管理制度。" in top
        page = response.content.decode()
        assert 'value="张三"' in page and 'value="110105199003071239"' in page
        assert [row.current_outcome for row in response.context["checklist"].rows] == ["", "", "", ""]
    assert not Case.objects.exists() and not Applicant.objects.exists()

    again = client.post(form_url(newer), {**intake_data(newer), "opened": response.context["opened"]})
    assert again.status_code == 302
    assert Case.objects.get().item_version == newer


def test_a_note_from_before_the_day_or_after_the_change_does_not_keep_the_old_version(hall: Hall) -> None:
    opened_late = timezone.now()
    newer = _publish_revision(hall.promised)
    hall.promised.refresh_from_db()
    assert not version_open_for_intake(hall.promised, form_opened_at=opened_late + timedelta(seconds=1))
    assert version_open_for_intake(hall.promised, form_opened_at=opened_late - timedelta(hours=1))
    assert not version_open_for_intake(hall.promised, form_opened_at=opened_late - timedelta(hours=13))
    assert version_open_for_intake(newer, form_opened_at=None)
    with pytest.raises(ValidationError, match="只能按已发布的事项版本收件"):
        case_intake(
            version=hall.promised,
            applicant=PERSON,
            materials=all_received(hall.promised),
            user=hall.clerk,
            outcome=IntakeOutcome.ACCEPT,
        )


def test_an_old_link_opens_the_current_version(hall: Hall) -> None:
    newer = _publish_revision(hall.promised)
    response = _client(hall.clerk).get(form_url(hall.promised), follow=True)
    assert response.redirect_chain == [(form_url(newer), 302)]
    assert "该事项已发布第2版，已为您打开新版本的收件表。" in response.content.decode()
