"""Working-day arithmetic against the real 2025–2027 national calendars (国务院办公厅 notices)."""

from __future__ import annotations

from datetime import date

import pytest

from govhall.core.working_days import (
    MAX_DAYS,
    NATIONAL_CALENDAR,
    TimeUnit,
    WorkingCalendar,
    is_national_working_day,
    national_holiday_name,
)


def test_worked_example_national_day_2026() -> None:
    # Accepted Wed 2026-09-30; 10-01..07 off; Sat 10-10 is a 调休 working day.
    assert NATIONAL_CALENDAR.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 26), True),  # Sunday, worked for the Spring Festival 2025
        (date(2025, 2, 8), True),  # Saturday, 调休
        (date(2025, 1, 29), False),  # 春节
        (date(2025, 10, 8), False),  # 国庆 + 中秋 2025
        (date(2025, 10, 11), True),  # Saturday, 调休
        (date(2026, 1, 4), True),  # Sunday, 调休 for 元旦 2026
        (date(2026, 2, 16), False),  # 春节 2026
        (date(2026, 2, 28), True),  # Saturday, 调休
        (date(2026, 9, 20), True),  # Sunday, 调休 for 国庆 2026
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),
        (date(2026, 11, 21), False),  # an ordinary Saturday
        (date(2026, 11, 23), True),  # an ordinary Monday
        (date(2027, 2, 8), False),  # 春节 2027 (statutory days)
        (date(2027, 10, 1), False),
    ],
)
def test_national_calendar(day: date, working: bool) -> None:
    assert is_national_working_day(day) is working
    assert NATIONAL_CALENDAR.is_working_day(day) is working


def test_holiday_names_are_chinese() -> None:
    assert national_holiday_name(date(2026, 10, 1)) == "国庆节"
    assert national_holiday_name(date(2026, 11, 23)) is None


def test_start_day_is_not_counted_and_zero_days_is_the_start() -> None:
    monday = date(2026, 11, 23)
    assert NATIONAL_CALENDAR.add_working_days(monday, 1) == date(2026, 11, 24)
    assert NATIONAL_CALENDAR.add_working_days(monday, 0) == monday
    friday = date(2026, 11, 27)
    assert NATIONAL_CALENDAR.add_working_days(friday, 1) == date(2026, 11, 30)


def test_spring_festival_2026_spans_the_adjusted_saturday() -> None:
    # Fri 2026-02-13 + 2: Sat 02-14 is worked, then 02-15..23 off, so Tue 02-24.
    assert NATIONAL_CALENDAR.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_twenty_working_days_across_new_year_2026() -> None:
    # 2025-12-15 + 20: Dec 16–31 give 12, 01-01/02 off, Sun 01-04 is the 13th, Tue 01-13 the 20th.
    assert NATIONAL_CALENDAR.add_working_days(date(2025, 12, 15), 20) == date(2026, 1, 13)


def test_count_is_the_inverse_of_add() -> None:
    start = date(2026, 9, 30)
    assert NATIONAL_CALENDAR.working_days_between(start, date(2026, 10, 13)) == 5
    for days in (0, 1, 7, 20, 45, 250):
        assert (
            NATIONAL_CALENDAR.working_days_between(start, NATIONAL_CALENDAR.add_working_days(start, days))
            == days
        )


def test_count_over_the_national_day_week_is_zero() -> None:
    assert NATIONAL_CALENDAR.working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 0


def test_overrides_close_and_open_days() -> None:
    typhoon = WorkingCalendar(overrides={date(2026, 10, 12): False})
    assert typhoon.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 14)
    opened = WorkingCalendar(overrides={date(2026, 10, 11): True})
    assert opened.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 12)


def test_natural_days_roll_to_next_working_day() -> None:
    # 2026-09-24 + 7 natural days = 2026-10-01 (国庆): the period ends on Thu 2026-10-08.
    assert NATIONAL_CALENDAR.add_natural_days(date(2026, 9, 24), 7) == date(2026, 10, 8)
    assert NATIONAL_CALENDAR.add_days(date(2026, 11, 2), 10, TimeUnit.NATURAL_DAY) == date(2026, 11, 12)
    assert NATIONAL_CALENDAR.days_between(date(2026, 11, 2), date(2026, 11, 12), TimeUnit.NATURAL_DAY) == 10
    assert NATIONAL_CALENDAR.add_days(date(2026, 9, 30), 5, TimeUnit.WORKING_DAY) == date(2026, 10, 13)


def test_rejects_negative_and_absurd_counts() -> None:
    with pytest.raises(ValueError):
        NATIONAL_CALENDAR.add_working_days(date(2026, 1, 5), -1)
    with pytest.raises(ValueError):
        NATIONAL_CALENDAR.add_working_days(date(2026, 1, 5), MAX_DAYS + 1)
    with pytest.raises(ValueError):
        NATIONAL_CALENDAR.working_days_between(date(2026, 1, 5), date(2026, 1, 4))
