"""Personal data in one place: validating and masking ID numbers, credit codes and phones.

Every screen, list, board, export and API masks with these functions; nothing else decides how
a masked number looks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import TypeVar

import phonenumbers
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import (
    ValidationError as StdnumError,
)

M = TypeVar("M", bound=models.Model)

MASK = "*"
RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
"""No holder of an 18-digit ID number (issued since 1999) was born before this day."""


def _region_ever_existed(code: str) -> bool:
    """Whether ``code`` is, or once was, a county-level 行政区划代码 (in any year, GB/T 2260).

    An ID number keeps the code of the office that issued it, which may be newer than its holder
    (潍坊市奎文区 370705 since 1994) or gone since, so the holder's birth year does not matter.
    python-stdnum ships the codes with the years each was in use (``cn/loc``).
    """
    parts = numdb.get("cn/loc").info(code)
    return any("county" in properties for _part, properties in parts)


def _birth_date(number: str) -> date:
    digits = number[6:14]
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError as exc:
        raise ValidationError(
            _("居民身份证号码第7至14位“%(digits)s”不是有效的出生日期。"),
            code="id_birth_date",
            params={"digits": digits},
        ) from exc
    if born > timezone.localdate():
        raise ValidationError(
            _("居民身份证号码中的出生日期%(born)s晚于今天，请核对。"),
            code="id_birth_date_future",
            params={"born": born.isoformat()},
        )
    if born < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("居民身份证号码中的出生日期%(born)s早于1900年，请核对。"),
            code="id_birth_date_too_early",
            params={"born": born.isoformat()},
        )
    return born


def validate_resident_id(value: str) -> str:
    """A valid 18-character 居民身份证号码 (GB 11643), normalised (upper-case X); else a Chinese
    ValidationError naming what is wrong: length, characters, region code, birth date or check digit."""
    number = ric.compact(value or "").upper()
    if len(number) != 18:
        raise ValidationError(_("居民身份证号码应为18位。"), code="id_length")
    if not RESIDENT_ID_SHAPE.match(number):
        raise ValidationError(
            _("居民身份证号码格式不正确：前17位应为数字，最后一位为数字或X。"), code="id_format"
        )
    if not _region_ever_existed(number[:6]):
        raise ValidationError(
            _("居民身份证号码前6位“%(code)s”不是行政区划代码，请核对。"),
            code="id_region",
            params={"code": number[:6]},
        )
    _birth_date(number)
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(_("居民身份证号码校验码不正确，请核对。"), code="id_checksum")
    return number


def birth_date_from_resident_id(value: str) -> date:
    return _birth_date(validate_resident_id(value))


def validate_credit_code(value: str) -> str:
    """A valid 18-character 统一社会信用代码, normalised; else a Chinese ValidationError."""
    code = uscc.compact(value or "")
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="uscc_length")
    try:
        uscc.validate(code)
    except InvalidChecksum as exc:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对。"), code="uscc_checksum") from exc
    except StdnumError as exc:
        raise ValidationError(_("统一社会信用代码格式不正确。"), code="uscc_format") from exc
    return code


def validate_phone(value: str) -> str:
    """A valid mainland China mobile or landline number as national digits (13812345678, 05368888888)."""
    try:
        parsed = phonenumbers.parse(value or "", "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("电话号码格式不正确。"), code="phone_format") from exc
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("电话号码无效，请填写正确的手机号码或带区号的固定电话。"), code="phone_invalid"
        )
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(ch for ch in national if ch.isdigit())


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return MASK * len(value)
    return value[:keep_start] + MASK * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    """3701**********123X: the first four and the last four characters stay."""
    return _mask(value, 4, 4)


def mask_phone(value: str) -> str:
    """138****5678: the first three and the last four digits stay."""
    return _mask(value, 3, 4)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _cipher() -> MultiFernet:
    return _fernet(tuple(settings.PERSONAL_DATA_KEYS))


class UnreadablePersonalData(RuntimeError):
    """Stored personal data that none of PERSONAL_DATA_KEYS decrypts (a lost or wrong key)."""


def seal(value: str) -> str:
    """Encrypt a number for storage at rest (Fernet under the first PERSONAL_DATA_KEYS key)."""
    if not value:
        return ""
    return _cipher().encrypt(value.encode()).decode()


def unseal(token: str) -> str:
    """The plain number from :func:`seal`'s output; any configured key may have encrypted it."""
    if not token:
        return ""
    try:
        return _cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise UnreadablePersonalData("no PERSONAL_DATA_KEYS key decrypts this value") from exc


def reseal(token: str) -> str:
    """Re-encrypt under the first key (after a new key was put in front)."""
    if not token:
        return ""
    return _cipher().rotate(token.encode()).decode()


def reseal_rows(rows: QuerySet[M], fields: Sequence[str], *, batch_size: int = 1000) -> int:
    """Re-encrypt ``fields`` of every row under the first key, one locked batch at a time (after a new
    key was put in front of PERSONAL_DATA_KEYS); returns how many rows were rewritten."""
    done = 0
    last = 0
    while True:
        with transaction.atomic():
            batch = list(
                rows.select_for_update().filter(pk__gt=last).order_by("pk").only("pk", *fields)[:batch_size]
            )
            if not batch:
                return done
            for row in batch:
                for field in fields:
                    setattr(row, field, reseal(getattr(row, field)))
            rows.bulk_update(batch, fields)
            last = batch[-1].pk
            done += len(batch)


def keyed_hash(value: str) -> str:
    """A keyed digest (HMAC-SHA256 under SECRET_KEY): find a person by exact number without keeping it."""
    return salted_hmac("govhall.personal-data", value, algorithm="sha256").hexdigest()
