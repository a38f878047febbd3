"""Public tracking (/track/) and the results list (/results/): no login, no personal data, limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from tests.cases.conftest import COMPANY, PERSON, Hall, accepted_case, all_received, publish_item

from govhall.cases.applicants import ApplicantInput, applicant_create
from govhall.cases.models import (
    Applicant,
    ApplicantKind,
    Case,
    CaseEvent,
    CaseState,
    Channel,
    Decision,
    DeliveryMethod,
    IdType,
)
from govhall.cases.selectors.public import case_track, public_results, public_results_page
from govhall.cases.services import (
    DecisionInput,
    DeliveryInput,
    IntakeOutcome,
    case_deliver,
    case_handle_immediate,
    case_intake,
    extension_decide,
    extension_request,
    step_pass,
)
from govhall.catalog.models import ItemVersion
from govhall.org.models import Department

pytestmark = pytest.mark.django_db

NOT_FOUND = "未查询到办件，请核对办件编号和证件号码或手机号码后6位。"
REFUSED = "查询过于频繁，请稍后再试。"
GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="JY13707050000001")
PERSONAL = ["张三", "110105199003071239", "13812345678", "1101**********1239", "138****5678", "clerk"]


@pytest.fixture(autouse=True)
def _empty_shared_cache() -> Iterator[None]:
    """Tracking counts live in the shared (database) cache: every test starts with none."""
    caches["shared"].clear()
    yield
    caches["shared"].clear()


def track(client: Client, number: str, secret: str, ip: str = "203.0.113.7") -> Any:
    return client.post(reverse("cases:track"), {"number": number, "secret": secret}, REMOTE_ADDR=ip)


def text(response: Any) -> str:
    return str(response.content.decode())


# Tracking -------------------------------------------------------------------------------------


def test_tracking_with_the_id_tail_shows_state_clock_and_timeline(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    response = track(client, case.number, "071239")
    assert response.status_code == 200
    page = text(response)
    assert "办件查询结果" in page and case.number in page and "食品经营许可" in page
    assert "办理中" in page and "区市场监督管理局" in page
    assert "剩余5个工作日" in page
    assert case.due_on is not None and case.due_on.isoformat() in page
    assert "接件" in page and "受理" in page and "审查：开始办理" in page
    for personal in PERSONAL:
        assert personal not in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_tracking_with_the_phone_tail_works_too(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    response = track(client, case.number, "345678")
    assert response.status_code == 200
    assert "办件查询结果" in text(response)


def test_a_lower_case_x_and_spaces_are_accepted(client: Client, hall: Hall) -> None:
    person = ApplicantInput(
        kind=ApplicantKind.PERSON,
        name="王五",
        id_type=IdType.RESIDENT_ID,
        id_number="11010519491231002X",
        phone="13812345678",
    )
    case = accepted_case(hall, applicant=person)
    response = track(client, f"  {case.number} ", " 31002x ")
    assert "办件查询结果" in text(response)
    assert "王五" not in text(response) and "王*" not in text(response)


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    wrong_code = track(client, case.number, "123456")
    wrong_number = track(client, case.number[:-1] + "9", "071239")
    for response in (wrong_code, wrong_number):
        page = text(response)
        assert response.status_code == 200
        assert NOT_FOUND in page
        assert "办件查询结果" not in page and "食品经营许可" not in page and "办理中" not in page
        for personal in PERSONAL:
            assert personal not in page
    assert text(wrong_code).count("error") == text(wrong_number).count("error")


def test_a_malformed_code_is_a_form_error_and_not_counted(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    for secret in ("12345", "12345-", "一二三四五六", "１２３４５６", ""):
        response = track(client, case.number, secret)
        assert response.status_code == 200
        assert NOT_FOUND not in text(response) and "办件查询结果" not in text(response)
    assert "请输入6位数字或字母" in text(track(client, case.number, "12345"))
    assert "请输入证件号码或手机号码后6位" in text(track(client, case.number, ""))
    assert track(client, case.number, "071239").status_code == 200


def test_a_company_tracks_with_the_tail_of_its_credit_code_in_any_case(client: Client, hall: Hall) -> None:
    case = accepted_case(hall, applicant=COMPANY)  # 统一社会信用代码 91350100M000100Y43
    for secret in ("100Y43", "100y43", " 100 y43 "):
        response = track(client, case.number, secret)
        assert response.status_code == 200
        assert "办件查询结果" in text(response) and "潍坊市好味道餐饮有限公司" not in text(response)
    assert NOT_FOUND in text(track(client, case.number, "100Y44"))


def test_the_form_takes_the_number_from_a_qr_code_and_keeps_codes_out_of_urls(
    client: Client, hall: Hall
) -> None:
    case = accepted_case(hall)
    response = client.get(reverse("cases:track"), {"number": case.number})
    page = text(response)
    assert response.status_code == 200
    assert f'value="{case.number}"' in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert "办件查询结果" not in page


def test_tracking_needs_the_csrf_token(hall: Hall) -> None:
    case = accepted_case(hall)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("cases:track"), {"number": case.number, "secret": "071239"})
    assert response.status_code == 403


def test_opinions_notes_and_internal_events_stay_private(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    review = case.current_step
    assert review is not None
    step_pass(step=review, user=hall.reviewer, opinion="申请人张三材料齐全，电话13812345678")
    CaseEvent.objects.create(
        case=case, action="extension_requested", note="内部说明：申请人张三要求加急", public=True
    )
    CaseEvent.objects.create(case=case, action="step_claimed", note="内部认领", public=False)
    page = text(track(client, case.number, "071239"))
    assert "审查：通过" in page and "核准：开始办理" in page
    assert "材料齐全" not in page and "内部说明" not in page and "内部认领" not in page
    assert "reviewer" not in page
    for personal in PERSONAL:
        assert personal not in page


def test_a_completed_case_shows_its_decision_and_completion(client: Client, hall: Hall) -> None:
    case = accepted_case(hall, version=hall.immediate)
    case = case_handle_immediate(case=case, user=hall.chief, data=GRANT)
    page = text(track(client, case.number, "345678"))
    assert "已办结" in page and "准予" in page and "按时办结" in page
    assert "办结日期" in page and "作出决定" in page


def test_a_case_waiting_for_correction_has_no_clock_yet(client: Client, hall: Hall) -> None:
    case = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised, missing=(2,)),
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    page = text(track(client, case.number, "071239"))
    assert "待补正" in page and "一次性告知补正" in page
    assert "承诺办结日期" not in page


def test_tracking_reads_little(
    client: Client, hall: Hall, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = accepted_case(hall)
    case_track(number=case.number, secret="071239")  # the centre's calendar is now cached
    with django_assert_max_num_queries(3):  # the case, its events and the calendar's generation
        tracked = case_track(number=case.number, secret="071239")
    assert tracked is not None and tracked.number == case.number
    with django_assert_max_num_queries(2):
        assert case_track(number=case.number, secret="000000") is None
    with django_assert_max_num_queries(1):
        assert case_track(number="NO-SUCH-NUMBER", secret="071239") is None


def test_tracked_case_carries_no_personal_data(hall: Hall) -> None:
    case = accepted_case(hall, applicant=COMPANY)
    tracked = case_track(number=case.number, secret="345678")
    assert tracked is not None
    values = " ".join(str(value) for value in vars(tracked).values())
    for secret in ("潍坊市好味道餐饮有限公司", "91350100M000100Y43", "李四", "13912345678", "clerk"):
        assert secret not in values
    assert case_track(number=case.number, secret="100Y43") is not None


# Rate limits ----------------------------------------------------------------------------------


def test_an_address_may_try_ten_times_a_minute(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    for _ in range(10):
        assert track(client, case.number, "071239").status_code == 200
    refused = track(client, case.number, "071239")
    assert refused.status_code == 429
    assert REFUSED in text(refused) and "办件查询结果" not in text(refused)
    assert track(client, case.number, "071239", ip="198.51.100.1").status_code == 200


def test_an_address_may_try_thirty_times_an_hour(client: Client, hall: Hall, settings: LazySettings) -> None:
    settings.TRACK_LIMIT_PER_MINUTE = 100
    case = accepted_case(hall)
    for _ in range(30):
        assert track(client, case.number, "071239").status_code == 200
    assert track(client, case.number, "071239").status_code == 429


def test_five_wrong_codes_lock_the_number_for_every_address(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    other = accepted_case(hall)
    for attempt in range(5):
        response = track(client, case.number, f"00000{attempt}", ip=f"192.0.2.{attempt}")
        assert NOT_FOUND in text(response)
    refused = track(client, case.number, "071239", ip="192.0.2.200")
    assert refused.status_code == 429 and REFUSED in text(refused)
    assert "食品经营许可" not in text(refused)
    assert track(client, other.number, "071239", ip="192.0.2.201").status_code == 200


def test_counts_expire_with_their_window_not_the_cache_default(client: Client, hall: Hall) -> None:
    """incr writes back with the cache's default timeout (5 minutes); the hour's count must last the hour."""
    case = accepted_case(hall)
    for _ in range(3):
        track(client, case.number, "000000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM govhall_cache")
        rows = cursor.fetchall()
    expiries = {}
    for key, expires in rows:
        name, index = key.split(":")[5], int(key.rsplit(":", 1)[1])
        seconds = {"minute": 60, "hour": 3600, "failures": 3600}[name]
        window_end = datetime.fromtimestamp((index + 1) * seconds, tz=UTC)
        expiries[name] = (expires.replace(tzinfo=UTC) if expires.tzinfo is None else expires, window_end)
    assert set(expiries) == {"minute", "hour", "failures"}
    for name in ("hour", "failures"):
        expires, window_end = expiries[name]
        assert expires == window_end, name
    minute_expires, minute_end = expiries["minute"]
    assert minute_expires >= minute_end


def test_citizens_behind_the_trusted_proxy_each_have_their_own_limit(
    client: Client, hall: Hall, settings: LazySettings
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.TRACK_LIMIT_PER_MINUTE = 2
    case = accepted_case(hall)

    def via_proxy(citizen: str) -> int:
        return int(
            client.post(
                reverse("cases:track"),
                {"number": case.number, "secret": "071239"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"{citizen}, 10.0.0.3",
            ).status_code
        )

    assert [via_proxy("203.0.113.10") for _ in range(3)] == [200, 200, 429]
    assert [via_proxy("203.0.113.11") for _ in range(2)] == [200, 200]


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(
    client: Client, hall: Hall, settings: LazySettings
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.TRACK_LIMIT_PER_MINUTE = 2
    case = accepted_case(hall)

    def spoofed(claimed: str) -> int:
        return int(
            client.post(
                reverse("cases:track"),
                {"number": case.number, "secret": "071239"},
                REMOTE_ADDR="198.51.100.9",
                HTTP_X_FORWARDED_FOR=claimed,
            ).status_code
        )

    assert [spoofed(f"203.0.113.{n}") for n in range(3)] == [200, 200, 429]


def test_showing_the_form_is_not_counted(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    for _ in range(12):
        assert client.get(reverse("cases:track")).status_code == 200
    assert track(client, case.number, "071239").status_code == 200


# Results list (办件结果公示) --------------------------------------------------------------------


def _finished(
    version: ItemVersion,
    applicant: Applicant,
    *,
    number: str,
    completed_on: date,
    state: str = CaseState.ARCHIVED,
    decision: str = Decision.GRANTED,
    department: Department | None = None,
) -> Case:
    """A finished case written straight to the table (the services' paths are tested elsewhere)."""
    return Case(
        number=number,
        centre=version.item.centre,
        department=department or version.item.department,
        item=version.item,
        item_version=version,
        item_name=version.name,
        kind=version.case_kind,
        state=state,
        channel=Channel.WINDOW,
        applicant=applicant,
        received_on=completed_on - timedelta(days=7),
        accepted_on=completed_on - timedelta(days=7) if state != CaseState.NOT_ACCEPTED else None,
        due_on=completed_on if state != CaseState.NOT_ACCEPTED else None,
        limit_days=5,
        limit_unit=version.promised_limit_unit,
        legal_limit_days=20,
        decision=decision if state != CaseState.NOT_ACCEPTED else "",
        decision_reasons="不符合条件" if decision == Decision.REFUSED else "",
        decided_on=completed_on if state != CaseState.NOT_ACCEPTED else None,
        completed_on=completed_on,
    )


@pytest.fixture
def person() -> Applicant:
    return applicant_create(PERSON, role="申请人")


@pytest.fixture
def company() -> Applicant:
    return applicant_create(COMPANY, role="申请人")


def test_results_show_finished_cases_with_masked_applicants(
    client: Client, hall: Hall, person: Applicant, company: Applicant
) -> None:
    Case.objects.bulk_create(
        [
            _finished(hall.promised, person, number="R-1", completed_on=date(2026, 3, 2)),
            _finished(
                hall.paid, company, number="R-2", completed_on=date(2026, 3, 3), decision=Decision.REFUSED
            ),
            _finished(
                hall.promised,
                person,
                number="R-3",
                completed_on=date(2026, 3, 4),
                state=CaseState.NOT_ACCEPTED,
            ),
        ]
    )
    open_case = accepted_case(hall)
    response = client.get(reverse("cases:results"))
    page = text(response)
    assert response.status_code == 200
    assert "办件结果公示" in page
    assert "R-1" in page and "R-2" in page and "R-3" in page and open_case.number not in page
    assert "张*" in page and "某某有限公司" in page
    assert "不予" in page and "不予受理" in page and "准予" in page and "2026-03-04" in page
    for personal in [*PERSONAL, "潍坊市好味道餐饮有限公司", "91350100M000100Y43", "李四"]:
        assert personal not in page
    assert page.index("R-3") < page.index("R-2") < page.index("R-1")  # newest first


def test_results_filter_by_department_dates_and_item(client: Client, hall: Hall, person: Applicant) -> None:
    Case.objects.bulk_create(
        [
            _finished(hall.promised, person, number="F-1", completed_on=date(2026, 3, 2)),
            _finished(hall.paid, person, number="F-2", completed_on=date(2026, 4, 2)),
            _finished(
                hall.promised, person, number="F-3", completed_on=date(2026, 5, 2), department=hall.health
            ),
        ]
    )

    def shown(**params: str) -> set[str]:
        response = client.get(reverse("cases:results"), params)
        assert response.status_code == 200
        return {number for number in ("F-1", "F-2", "F-3") if number in text(response)}

    assert shown() == {"F-1", "F-2", "F-3"}
    assert shown(department="WJ") == {"F-3"}
    assert shown(department="SCJG") == {"F-1", "F-2"}
    assert shown(day_from="2026-04-01") == {"F-2", "F-3"}
    assert shown(day_from="2026-03-01", day_to="2026-04-30") == {"F-1", "F-2"}
    assert shown(q="生产") == {"F-2"}
    assert shown(q="F-3") == {"F-3"}
    assert shown(centre=hall.centre.code, department="WJ", q="食品") == {"F-3"}


def test_results_refuse_bad_filters_with_a_message(client: Client, hall: Hall) -> None:
    response = client.get(reverse("cases:results"), {"day_from": "2026-05-01", "day_to": "2026-04-01"})
    assert response.status_code == 400
    assert "开始日期不能晚于结束日期" in text(response)
    assert client.get(reverse("cases:results"), {"day_from": "yesterday"}).status_code == 400
    assert client.get(reverse("cases:results"), {"department": "NOPE"}).status_code == 400


def test_results_come_fifty_a_page(
    client: Client,
    hall: Hall,
    person: Applicant,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    first = date(2026, 1, 1)
    Case.objects.bulk_create(
        [
            _finished(hall.promised, person, number=f"P-{n:03d}", completed_on=first + timedelta(days=n))
            for n in range(120)
        ]
    )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cases:results"))
    page = text(response)
    assert page.count("<tr>") == 51  # the header and fifty rows
    assert "P-119" in page and "P-070" in page and "P-069" not in page
    assert "page=2" in page and 'rel="prev"' not in page
    last = text(client.get(reverse("cases:results"), {"page": "3"}))
    assert last.count("<tr>") == 21 and "P-019" in last and "P-000" in last
    assert 'rel="next"' not in last and "page=2" in last
    filtered = text(client.get(reverse("cases:results"), {"q": "食品", "page": "2"}))
    assert "q=%E9%A3%9F%E5%93%81&amp;page=3" in filtered or "q=%E9%A3%9F%E5%93%81&page=3" in filtered


def test_results_selector_returns_finished_states_only(hall: Hall, person: Applicant) -> None:
    Case.objects.bulk_create(
        [
            _finished(hall.promised, person, number=f"S-{state}", completed_on=date(2026, 3, 2), state=state)
            for state in (
                CaseState.COMPLETED,
                CaseState.DELIVERED,
                CaseState.ARCHIVED,
                CaseState.NOT_ACCEPTED,
            )
        ]
    )
    accepted_case(hall)
    page = public_results_page(public_results(), number=1)
    assert {row.number for row in page.rows} == {
        "S-completed",
        "S-delivered",
        "S-archived",
        "S-not_accepted",
    }
    assert {row.applicant for row in page.rows} == {"张*"}
    assert not page.has_next and not page.has_previous


def test_a_case_waiting_for_correction_lists_what_to_bring_and_no_notice_it_never_got(
    client: Client, hall: Hall
) -> None:
    materials = all_received(hall.promised, missing=(2,))
    case = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=materials,
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    page = text(track(client, case.number, "071239"))
    assert "需补正的材料" in page and "食品经营许可申请书（缺少）" in page
    assert "营业执照（" not in page  # received, nothing to bring
    assert "受理通知书" not in page and "携带一次性告知书到受理窗口提交" in page
    assert "咨询电话：0536-8888888" in page


def test_a_completed_case_says_where_and_when_to_collect(client: Client, hall: Hall) -> None:
    version = publish_item(
        hall.market, code="SCJG-09", kind="immediate", name="营业执照补领", hours="工作日上午9:00—12:00"
    )
    case = case_handle_immediate(case=accepted_case(hall, version=version), user=hall.chief, data=GRANT)
    page = text(track(client, case.number, "071239"))
    assert "结果领取" in page and "请持受理通知书到受理窗口领取。" in page
    assert "领取时间：工作日上午9:00—12:00" in page


def test_a_delivered_case_says_how_it_was_delivered(client: Client, hall: Hall) -> None:
    case = case_handle_immediate(
        case=accepted_case(hall, version=hall.immediate), user=hall.chief, data=GRANT
    )
    case_deliver(
        case=case,
        user=hall.clerk,
        data=DeliveryInput(
            method=DeliveryMethod.POST, carrier="中国邮政EMS", tracking_number="1100123456789"
        ),
    )
    page = text(track(client, case.number, "071239"))
    assert "邮寄送达：中国邮政EMS，运单号1100123456789" in page


def test_an_extension_on_the_tracking_page_says_its_unit(client: Client, hall: Hall) -> None:
    case = accepted_case(hall)
    extension = extension_request(case=case, user=hall.reviewer, days=10, reason="需组织专家论证")
    extension_decide(extension=extension, user=hall.chief, approve=True)
    page = text(track(client, case.number, "071239"))
    assert "延长办理时限10个工作日" in page and "剩余15个工作日" in page
