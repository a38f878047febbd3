"""Amounts in capitals as bills and receipts print them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govhall.core.money import rmb_capitals


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("10", "壹拾元整"),
        ("10.5", "壹拾元伍角整"),
        ("10.05", "壹拾元零伍分"),
        ("15.25", "壹拾伍元贰角伍分"),
        ("105", "壹佰零伍元整"),
        ("1005.5", "壹仟零伍元伍角整"),
        ("10005", "壹万零伍元整"),
        ("100000", "壹拾万元整"),
        ("1010000", "壹佰零壹万元整"),
        ("100000005", "壹亿零伍元整"),
        ("100010000", "壹亿零壹万元整"),
        ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ],
)
def test_amounts_in_capitals(amount: str, capitals: str) -> None:
    assert rmb_capitals(Decimal(amount)) == capitals


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="out of range"):
        rmb_capitals(Decimal("-1"))
