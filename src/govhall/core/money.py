"""Amounts of money as bills and receipts write them: 10.00 and 壹拾元整 (人民币大写, the way
financial documents write an amount so it cannot be altered)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿")
LARGEST = Decimal("999999999999.99")


def _group(number: int) -> str:
    """1–9999 in capitals; a zero between digits reads 零 once (壹仟零伍)."""
    text = ""
    zero = False
    for place in (3, 2, 1, 0):
        digit = number // 10**place % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + PLACES[place]
    return text


def _yuan(number: int) -> str:
    groups: list[int] = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text = ""
    gap = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _group(group) + GROUPS[index]
        gap = False
    return text


def rmb_capitals(amount: Decimal) -> str:
    """10.00 → 壹拾元整, 1005.5 → 壹仟零伍元伍角整, 0.05 → 伍分, 0 → 零元整 (up to 9999亿)."""
    if amount < 0 or amount > LARGEST:
        raise ValueError(f"amount out of range: {amount}")
    cents = int(amount.quantize(Decimal("0.01")) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = _yuan(yuan) + (_("元") if yuan else "")
    if jiao:
        text += DIGITS[jiao] + _("角")
    elif fen and yuan:
        text += "零"
    if fen:
        return text + DIGITS[fen] + _("分")
    return (text or _("零元")) + _("整")
