"""What the boards say aloud for a call (语音播报): 请A零一二号，到五号窗口办理.

Ticket numbers are read digit by digit (A012 → A零一二号) so "零一二" is never heard as
"十二"; window numbers are read as numbers (5 → 五号窗口, 12 → 十二号窗口), as people in the
hall say them. The phrase is Chinese speech for a ``zh-CN`` voice whatever the page language,
so its words are fixed here rather than translated: an English frame around Chinese digits
would be read out by the Chinese voice as nonsense.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
MAX_SPOKEN_NUMBER = 9999
RECALL_PREFIX = "再次呼叫，"


def digits_spoken(text: str) -> str:
    """Each digit as its Chinese word, other characters (queue letters) unchanged: A012 → A零一二."""
    return "".join(DIGITS[int(char)] if char.isascii() and char.isdigit() else char for char in text)


def _below_ten_thousand(value: int) -> str:
    if value < 10:
        return DIGITS[value]
    words = ""
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words += "零"
            pending_zero = False
        if unit == "十" and digit == 1 and not words:
            words += "十"
        else:
            words += DIGITS[digit] + unit
    return words


def number_spoken(text: str) -> str:
    """A window number as spoken: 5 → 五, 10 → 十, 12 → 十二, 105 → 一百零五, 110 → 一百一十.

    Numbers that are not plain 1–9999 (letters, 0, very long) are read digit by digit.
    """
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_SPOKEN_NUMBER:
        return digits_spoken(text)
    return _below_ten_thousand(int(text))


def call_phrase(*, number: str, window_number: str, recall: int = 0) -> str:
    """The sentence announced for a call; a recall (重呼) says so first."""
    phrase = f"请{digits_spoken(number)}号，到{number_spoken(window_number)}号窗口办理"
    return RECALL_PREFIX + phrase if recall else phrase
