"""The clock with real dates on the national calendar: 国庆 2026 (Oct 1–7 off, Sat Oct 10 worked)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.cases.conftest import PERSON, Hall, accepted_case, all_received, publish_item

from govhall.cases.clocks import ClockStatus, case_clock, step_clock
from govhall.cases.models import Case, CaseState, CaseStep, NoticeKind, ProcedureKind
from govhall.cases.services import (
    IntakeOutcome,
    case_intake,
    case_resume,
    case_suspend,
    cases_auto_accept,
    extension_decide,
    extension_request,
    step_pass,
)
from govhall.catalog.models import ItemVersion
from govhall.core.working_days import TimeUnit
from govhall.org.models import CalendarAdjustment, CalendarAdjustmentKind

pytestmark = pytest.mark.django_db

ACCEPTED = date(2026, 9, 30)


def accepted_on_30_september(hall: Hall) -> Case:
    return case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised),
        user=hall.clerk,
        outcome=IntakeOutcome.ACCEPT,
        on=ACCEPTED,
    )


def test_five_working_days_after_30_september_is_13_october(hall: Hall) -> None:
    case = accepted_on_30_september(hall)
    assert case.accepted_on == ACCEPTED
    assert case.due_on == date(2026, 10, 13)


def test_a_three_working_day_pause_moves_the_due_date_three_working_days(hall: Hall) -> None:
    case = accepted_on_30_september(hall)
    case_suspend(
        case=case,
        user=hall.reviewer,
        kind=ProcedureKind.SITE_CHECK,
        reason="实地核查经营场所",
        on=date(2026, 10, 8),
    )
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    assert case_clock(case, today=date(2026, 10, 9)).label == "暂停中"
    procedure = case_resume(case=case, user=hall.reviewer, result="核查合格", on=date(2026, 10, 12))
    case.refresh_from_db()
    assert procedure.paused_days == 3  # Fri 9, Sat 10 (调休 working day), Mon 12
    assert case.due_on == date(2026, 10, 16)
    assert case.state == CaseState.HANDLING
    assert case.notices.filter(kind=NoticeKind.SPECIAL_PROCEDURE).exists()


def test_an_approved_extension_of_ten_days_moves_the_due_date_and_sends_a_notice(hall: Hall) -> None:
    case = accepted_on_30_september(hall)
    extension = extension_request(case=case, user=hall.reviewer, days=10, reason="需组织专家论证")
    with pytest.raises(PermissionDenied):
        extension_decide(extension=extension, user=hall.reviewer, approve=True)
    extension_decide(extension=extension, user=hall.chief, approve=True)
    case.refresh_from_db()
    assert case.extended_days == 10
    assert case.due_on == date(2026, 10, 27)
    notice = case.notices.get(kind=NoticeKind.EXTENSION)
    assert notice.content["previous_due_on"] == "2026-10-13"
    assert notice.content["due_on"] == "2026-10-27"
    with pytest.raises(ValidationError, match="延长期限"):
        extension_request(case=case, user=hall.reviewer, days=1, reason="再延")


def test_the_clock_reads_remaining_due_today_and_overdue(hall: Hall) -> None:
    case = accepted_on_30_september(hall)
    assert case_clock(case, today=date(2026, 10, 9)).label == "剩余3个工作日"  # Sat 10 (调休), Mon 12, Tue 13
    assert case_clock(case, today=date(2026, 10, 13)).status == ClockStatus.DUE_TODAY
    assert case_clock(case, today=date(2026, 10, 13)).label == "今日到期"
    late = case_clock(case, today=date(2026, 10, 15))
    assert late.status == ClockStatus.OVERDUE and late.label == "已超期2个工作日"


def test_a_centre_closure_moves_the_due_date(hall: Hall) -> None:
    CalendarAdjustment.objects.create(
        centre=hall.centre, date=date(2026, 10, 12), kind=CalendarAdjustmentKind.CLOSED, reason="台风停止办公"
    )
    case = accepted_on_30_september(hall)
    assert case.due_on == date(2026, 10, 14)


def test_an_application_left_unanswered_five_working_days_counts_as_accepted_on_receipt(hall: Hall) -> None:
    case = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised, missing=(1,)),
        user=hall.clerk,
        outcome=IntakeOutcome.RECEIVE,
        on=ACCEPTED,
    )
    assert case.state == CaseState.RECEIVED
    assert cases_auto_accept(today=date(2026, 10, 13)) == 0  # 5th working day after receipt: still in time
    assert cases_auto_accept(today=date(2026, 10, 14)) == 1
    case.refresh_from_db()
    assert case.state == CaseState.HANDLING
    assert case.accepted_on == ACCEPTED and case.due_on == date(2026, 10, 13)
    event = case.events.get(action="auto_accept")
    assert event.actor is None and "第三十二条" in event.note


def test_the_nightly_command_accepts_and_reencryption_keeps_the_numbers(hall: Hall, settings: object) -> None:
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from govhall.cases.models import Applicant
    from govhall.core.personal_data import unseal

    case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised),
        user=hall.clerk,
        outcome=IntakeOutcome.RECEIVE,
        on=date(2020, 1, 2),
    )
    out = StringIO()
    call_command("cases_auto_accept", stdout=out)
    assert "视为受理的申请 1 件" in out.getvalue()
    old = Applicant.objects.get().id_number_sealed
    settings.PERSONAL_DATA_KEYS = [Fernet.generate_key().decode(), *settings.PERSONAL_DATA_KEYS]  # type: ignore[attr-defined]
    call_command("cases_reencrypt", stdout=out)
    applicant = Applicant.objects.get()
    assert applicant.id_number_sealed != old
    settings.PERSONAL_DATA_KEYS = settings.PERSONAL_DATA_KEYS[:1]  # type: ignore[attr-defined]
    assert unseal(applicant.id_number_sealed) == "110105199003071239"


# Calendar-day (自然日) limits: the clock, the steps and the labels speak the item's unit ------------


def natural_day_item(hall: Hall, *, code: str = "GA-01") -> ItemVersion:
    """Like 居民身份证换领: 20 natural days, the 审查 step's budget the rest of the limit."""
    return publish_item(
        hall.market,
        code=code,
        name="居民身份证换领",
        legal_limit=60,
        legal_limit_unit=TimeUnit.NATURAL_DAY,
        promised_limit=20,
        promised_limit_unit=TimeUnit.NATURAL_DAY,
        budgets=(0, 19, 1, 0, 0),
    )


def test_a_natural_day_limit_reads_in_natural_days_and_its_step_is_due_within_it(hall: Hall) -> None:
    version = natural_day_item(hall)
    case = accepted_case(hall, version, on=ACCEPTED)
    assert case.due_on == date(2026, 10, 20)  # 30 September + 20 calendar days, the 国庆 week included
    reading = case_clock(case, today=date(2026, 10, 9))
    assert reading.label == "剩余11个自然日" and reading.days == 11 and reading.unit == TimeUnit.NATURAL_DAY
    review = case.current_step
    assert review is not None and review.name == "审查"
    assert review.due_on == date(2026, 10, 19)  # 19 calendar days, not 19 working days (2 November)
    assert review.due_on <= case.due_on
    late = case_clock(case, today=date(2026, 10, 24))
    assert late.status == ClockStatus.OVERDUE and late.label == "已超期4个自然日"


def test_a_step_started_late_is_due_with_its_case_and_reads_overdue_with_it(hall: Hall) -> None:
    case = accepted_on_30_september(hall)  # 5 working days: due 13 October
    review = case.current_step
    assert review is not None and review.started_on == ACCEPTED and review.due_on == date(2026, 10, 9)
    decide = step_pass(step=review, user=hall.reviewer, opinion="符合条件", on=date(2026, 10, 14))
    assert decide is not None and decide.started_on == date(2026, 10, 14)
    assert decide.due_on == case.due_on == date(2026, 10, 13)  # never after the case
    reading = step_clock(decide, case=case, today=date(2026, 10, 15))
    assert reading.status == ClockStatus.OVERDUE and reading.label == "已超期2个工作日"


def test_a_pause_moves_a_natural_day_step_by_calendar_days_but_never_past_the_case(hall: Hall) -> None:
    case = accepted_case(hall, natural_day_item(hall), on=ACCEPTED)
    case_suspend(
        case=case, user=hall.reviewer, kind=ProcedureKind.TESTING, reason="证件照片检测", on=date(2026, 10, 8)
    )
    case_resume(case=case, user=hall.reviewer, result="检测合格", on=date(2026, 10, 12))
    case.refresh_from_db()
    # 20 October + 4 calendar days is Saturday 24 October: a period ending on a day off ends on Monday
    assert case.paused_days == 4 and case.due_on == date(2026, 10, 26)
    review = CaseStep.objects.get(pk=case.current_step_id)
    assert review.due_on == date(2026, 10, 23)  # 19 October + 4 calendar days


def test_an_extension_says_its_unit_on_the_case_page_and_in_the_notice(hall: Hall, client: Client) -> None:
    case = accepted_on_30_september(hall)
    extension = extension_request(case=case, user=hall.reviewer, days=10, reason="需组织专家论证")
    extension_decide(extension=extension, user=hall.chief, approve=True)
    notice = case.notices.get(kind=NoticeKind.EXTENSION)
    assert notice.content["period"] == "10个工作日"
    client.force_login(hall.clerk)
    page = client.get(reverse("cases:case_detail", args=[case.number])).content.decode()
    assert "已延长10个工作日" in page and "延长办理时限10个工作日" in page
    assert "延长10天" not in page and "已延长10天" not in page
    with pytest.raises(ValidationError, match="依法最多延长10个工作日"):
        extension_request(case=case, user=hall.reviewer, days=1, reason="再延")
