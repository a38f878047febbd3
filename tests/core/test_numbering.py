from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from govhall.core.models import NumberCounter, NumberSeries, ResetPeriod, validate_number_pattern
from govhall.core.numbering import UnknownSeriesError, number_issue, number_series_ensure

pytestmark = pytest.mark.django_db


def case_series() -> NumberSeries:
    return number_series_ensure(
        code="test-case", name="测试编号", pattern="{scope}{date:%Y%m%d}{seq:04d}", reset=ResetPeriod.DAY
    )


def test_serials_count_up_per_scope_and_restart_each_period() -> None:
    case_series()
    day = date(2026, 9, 30)
    assert number_issue(series="test-case", scope="WF01", on=day).text == "WF01202609300001"
    assert number_issue(series="test-case", scope="WF01", on=day).text == "WF01202609300002"
    assert number_issue(series="test-case", scope="WF02", on=day).text == "WF02202609300001"
    assert number_issue(series="test-case", scope="WF01", on=date(2026, 10, 8)).text == "WF01202610080001"


def test_yearly_series_keeps_counting_through_the_year() -> None:
    number_series_ensure(
        code="notice", name="受理通知书", pattern="受字〔{date:%Y}〕第{seq:05d}号", reset=ResetPeriod.YEAR
    )
    assert number_issue(series="notice", on=date(2026, 1, 5)).text == "受字〔2026〕第00001号"
    assert number_issue(series="notice", on=date(2026, 12, 31)).text == "受字〔2026〕第00002号"
    assert number_issue(series="notice", on=date(2027, 1, 4)).text == "受字〔2027〕第00001号"


def test_ensure_keeps_an_edited_pattern() -> None:
    series = case_series()
    series.pattern = "BJ-{seq:06d}-{date:%Y%m%d}"
    series.save()
    assert case_series().pattern == "BJ-{seq:06d}-{date:%Y%m%d}"


def test_unknown_series_is_an_error() -> None:
    with pytest.raises(UnknownSeriesError):
        number_issue(series="nope")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{date:%Y}", "{seq}"),
        ("{seq:04d}{who}", "未知字段“who”"),
        ("{seq:04d", "花括号"),
        ("{seq:x%}", "格式说明无效"),
    ],
)
def test_pattern_validation_says_what_is_wrong(pattern: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_number_pattern(pattern)
    assert message in raised.value.messages[0]


@pytest.mark.django_db(transaction=True)
def test_racing_threads_never_get_the_same_number(postgres_only: None) -> None:
    case_series()
    threads_count, per_thread = 16, 40
    issued: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads_count)

    def issue_many() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                text = number_issue(series="test-case", scope="RACE", on=date(2026, 9, 30)).text
                with lock:
                    issued.append(text)
        except BaseException as exc:  # noqa: BLE001 - a thread's failure is collected and asserted on
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=issue_many) for _ in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(issued) == threads_count * per_thread
    assert len(set(issued)) == len(issued)
    expected = {f"RACE20260930{serial:04d}" for serial in range(1, threads_count * per_thread + 1)}
    assert set(issued) == expected
    assert NumberCounter.objects.get(scope="RACE").last_value == threads_count * per_thread
