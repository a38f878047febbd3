from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from govhall.core.personal_data import (
    birth_date_from_resident_id,
    mask_id_number,
    mask_phone,
    validate_credit_code,
    validate_phone,
    validate_resident_id,
)

VALID_ID = "11010519491231002X"
VALID_USCC = "91110000600037341L"


def test_valid_resident_id_is_normalised() -> None:
    assert validate_resident_id(" 11010519491231002x ") == VALID_ID
    assert birth_date_from_resident_id(VALID_ID) == date(1949, 12, 31)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1101051949123100", "应为18位"),
        ("110105194912310021", "校验位不正确"),
        ("110105194913310028", "出生日期无效"),
        ("11010519491231002A", "格式不正确"),
        ("", "应为18位"),
    ],
)
def test_invalid_resident_ids_get_a_chinese_message(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_resident_id(value)
    assert message in raised.value.messages[0]


def test_credit_code() -> None:
    assert validate_credit_code("91110000600037341l") == VALID_USCC
    with pytest.raises(ValidationError, match="校验位不正确"):
        validate_credit_code("91110000600037341M")
    with pytest.raises(ValidationError, match="应为18位"):
        validate_credit_code("9111000060003734")


@pytest.mark.parametrize(
    ("value", "normalised"),
    [("13812345678", "13812345678"), ("+86 138 1234 5678", "13812345678"), ("0536-8231234", "05368231234")],
)
def test_valid_phones(value: str, normalised: str) -> None:
    assert validate_phone(value) == normalised


@pytest.mark.parametrize("value", ["12345", "1381234567", "abc", "+1 202 555 0143"])
def test_invalid_phones(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_phone(value)
    assert "电话号码" in raised.value.messages[0]


def test_one_masking_rule() -> None:
    assert mask_id_number(VALID_ID) == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_id_number("123") == "***"
