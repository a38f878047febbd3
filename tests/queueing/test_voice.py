"""The spoken call: ticket digits one by one, window numbers as numbers, recalls announced."""

from __future__ import annotations

import pytest

from govhall.queueing.voice import call_phrase, digits_spoken, number_spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [("A012", "A零一二"), ("B100", "B一零零"), ("GA007", "GA零零七"), ("C999", "C九九九")],
)
def test_ticket_numbers_are_read_digit_by_digit(number: str, spoken: str) -> None:
    assert digits_spoken(number) == spoken


@pytest.mark.parametrize(
    ("window", "spoken"),
    [
        ("5", "五"),
        ("10", "十"),
        ("12", "十二"),
        ("20", "二十"),
        ("32", "三十二"),
        ("100", "一百"),
        ("105", "一百零五"),
        ("110", "一百一十"),
        ("1005", "一千零五"),
        ("05", "五"),
        ("0", "零"),
        ("B3", "B三"),
        ("12345", "一二三四五"),
    ],
)
def test_window_numbers_are_read_as_numbers(window: str, spoken: str) -> None:
    assert number_spoken(window) == spoken


def test_a_call_is_said_with_the_ticket_and_the_window() -> None:
    assert call_phrase(number="A012", window_number="5") == "请A零一二号，到五号窗口办理"
    assert call_phrase(number="B100", window_number="12") == "请B一零零号，到十二号窗口办理"
    assert call_phrase(number="J003", window_number="105") == "请J零零三号，到一百零五号窗口办理"


def test_a_recall_says_it_calls_again() -> None:
    assert call_phrase(number="A012", window_number="5", recall=1) == "再次呼叫，请A零一二号，到五号窗口办理"
    assert call_phrase(number="A012", window_number="5", recall=2).startswith("再次呼叫，")
