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
from tests.factories import resident_id_number

VALID_ID = "11010519491231002X"
VALID_USCC = "91110000600037341L"


def test_valid_resident_id_is_normalised() -> None:
    assert validate_resident_id(" 11010519491231002x ") == VALID_ID
    assert birth_date_from_resident_id(VALID_ID) == date(1949, 12, 31)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1101051949123100", "应为18位"),
        ("110105194912310021", "校验码不正确"),
        ("110105194913310028", "不是有效的出生日期"),
        ("11010519491231002A", "格式不正确"),
        ("", "应为18位"),
        (resident_id_number(region="999999"), "前6位“999999”不是行政区划代码"),
        (resident_id_number(region="370799"), "前6位“370799”不是行政区划代码"),
        (resident_id_number(born="19500230"), "第7至14位“19500230”不是有效的出生日期"),
        (resident_id_number(born="18991231"), "出生日期1899-12-31早于1900年"),
        (resident_id_number(born="20991231"), "出生日期2099-12-31晚于今天"),
    ],
)
def test_invalid_resident_ids_get_a_chinese_message(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_resident_id(value)
    assert message in raised.value.messages[0]


@pytest.mark.parametrize(
    ("region", "born"),
    [
        ("370705", "19500315"),  # 潍坊市奎文区, created in 1994
        ("370700", "19600101"),  # 潍坊市, a prefecture-level city since 1983
        ("370702", "19451001"),  # 潍城区, since 1983
        ("110115", "19700606"),  # 北京市大兴区, since 2001
        ("110103", "20050505"),  # 北京市崇文区, merged away in 2010
    ],
)
def test_the_issuing_region_may_be_newer_or_older_than_its_holder(region: str, born: str) -> None:
    number = resident_id_number(region=region, born=born, sequence="123")
    assert validate_resident_id(number) == number
    assert birth_date_from_resident_id(number).strftime("%Y%m%d") == born


def test_a_wrong_check_digit_says_so_for_a_local_number() -> None:
    number = resident_id_number(region="370705", born="19500315")
    wrong = number[:-1] + ("1" if number[-1] == "0" else "0")
    with pytest.raises(ValidationError) as raised:
        validate_resident_id(wrong)
    assert raised.value.messages == ["居民身份证号码校验码不正确，请核对。"]


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
