"""Registering applicants and agents: validation by ID type, encryption at rest, masking, and the
names the public results list shows (张*, 某某公司)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.cases.models import Applicant, ApplicantKind, Case, IdType
from govhall.cases.workflow import CASE, CaseAtHand
from govhall.core.audit import audit_record
from govhall.core.personal_data import (
    keyed_hash,
    mask_id_number,
    mask_phone,
    seal,
    unseal,
    validate_credit_code,
    validate_phone,
    validate_resident_id,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ID_SHAPES: dict[str, tuple[re.Pattern[str], StrOrPromise]] = {
    IdType.PASSPORT: (re.compile(r"^[A-Z0-9]{5,17}$"), gettext_lazy("护照号码应为5至17位字母或数字。")),
    IdType.HK_MACAO_PERMIT: (
        re.compile(r"^[HM]\d{8}(\d{2})?$"),
        gettext_lazy("港澳居民来往内地通行证号码应为H或M加8位或10位数字。"),
    ),
    IdType.TAIWAN_PERMIT: (
        re.compile(r"^\d{8}(\d{2})?$"),
        gettext_lazy("台湾居民来往大陆通行证号码应为8位或10位数字。"),
    ),
    IdType.FOREIGN_PERMANENT: (
        re.compile(r"^([A-Z]{3}\d{12}|9\d{17})$"),
        gettext_lazy("外国人永久居留身份证号码应为3位字母加12位数字，或以9开头的18位数字。"),
    ),
}

PERSON_ID_TYPES = frozenset(
    {
        IdType.RESIDENT_ID,
        IdType.PASSPORT,
        IdType.HK_MACAO_PERMIT,
        IdType.TAIWAN_PERMIT,
        IdType.FOREIGN_PERMANENT,
    }
)

ORGANISATION_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "合作社",
    "合伙企业",
    "个体工商户",
    "事务所",
    "研究院",
    "协会",
    "学校",
    "医院",
    "中心",
    "工厂",
    "厂",
    "店",
)

TAIL_LENGTH = 6
"""Public tracking asks for the last six characters of the ID number or phone."""


@dataclass(frozen=True)
class ApplicantInput:
    kind: str
    name: str
    id_type: str
    id_number: str
    phone: str = ""
    address: str = ""
    legal_representative: str = ""


def _id_number(data: ApplicantInput) -> str:
    raw = "".join(data.id_number.split()).upper()
    if data.id_type == IdType.RESIDENT_ID:
        return validate_resident_id(raw)
    if data.id_type == IdType.CREDIT_CODE:
        return validate_credit_code(raw)
    shape = ID_SHAPES.get(data.id_type)
    if shape is None:
        raise ValidationError(_("请选择证件类型。"), code="id_type")
    pattern, message = shape
    if not pattern.match(raw):
        raise ValidationError(message, code="id_format")
    return raw


def public_name(kind: str, name: str) -> str:
    """How the public results list names an applicant: 张*, 欧阳**, 某某有限公司."""
    if kind == ApplicantKind.PERSON:
        return name[:1] + "*" * max(len(name) - 1, 1)
    for suffix in ORGANISATION_SUFFIXES:
        if name.endswith(suffix):
            return "某某" + suffix
    return "某某单位"


def tail_hash(value: str) -> str:
    return keyed_hash("tail:" + value[-TAIL_LENGTH:].upper())


def applicant_clean(data: ApplicantInput, *, role: str) -> dict[str, str]:
    """Validate one applicant or agent; returns the normalised values or raises a ValidationError
    whose messages name the field (``role`` is 申请人 or 代办人)."""
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors.setdefault("name", []).append(_("请填写%(role)s姓名或名称。") % {"role": role})
    if data.kind == ApplicantKind.PERSON and data.id_type not in PERSON_ID_TYPES:
        errors.setdefault("id_type", []).append(_("自然人请选择身份证件类型。"))
    if data.kind == ApplicantKind.ORGANISATION:
        if data.id_type != IdType.CREDIT_CODE:
            errors.setdefault("id_type", []).append(_("法人或其他组织以统一社会信用代码登记。"))
        if not data.legal_representative.strip():
            errors.setdefault("legal_representative", []).append(_("请填写法定代表人。"))
    if data.kind not in ApplicantKind.values:
        errors.setdefault("kind", []).append(_("请选择申请人类型。"))
    number = ""
    try:
        number = _id_number(data)
    except ValidationError as exc:
        errors.setdefault("id_number", []).extend(f"{role}：{message}" for message in exc.messages)
    phone = ""
    if data.phone.strip():
        try:
            phone = validate_phone(data.phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(f"{role}：{message}" for message in exc.messages)
    else:
        errors.setdefault("phone", []).append(_("请填写%(role)s联系电话。") % {"role": role})
    if errors:
        raise ValidationError(errors)
    return {"name": name, "id_number": number, "phone": phone}


def applicant_create(data: ApplicantInput, *, role: str) -> Applicant:
    clean = applicant_clean(data, role=role)
    number, phone = clean["id_number"], clean["phone"]
    return Applicant.objects.create(
        kind=data.kind,
        name=clean["name"],
        public_name=public_name(data.kind, clean["name"]),
        id_type=data.id_type,
        id_number_sealed=seal(number),
        id_number_hash=keyed_hash(number),
        id_number_masked=mask_id_number(number),
        id_tail_hash=tail_hash(number),
        phone_sealed=seal(phone),
        phone_hash=keyed_hash(phone) if phone else "",
        phone_masked=mask_phone(phone),
        phone_tail_hash=tail_hash(phone) if phone else "",
        address=data.address.strip(),
        legal_representative=data.legal_representative.strip(),
    )


def applicant_lookup_hash(id_number: str) -> str:
    """The keyed hash to find cases by an exact ID number or credit code (normalised first)."""
    return keyed_hash("".join(id_number.split()).upper())


@dataclass(frozen=True)
class Unmasked:
    id_number: str
    phone: str


def applicant_unmask(*, applicant: Applicant, case: Case, user: User) -> Unmasked:
    """The full ID number and phone, for a user the case machine lets unmask (``applicant_unmask``);
    each look is audited."""
    CASE.check("applicant_unmask", CaseAtHand(case), user)
    audit_record(
        actor=user,
        action="cases.unmask_personal_data",
        target=case,
        after={"applicant": applicant.pk, "name": applicant.name},
    )
    return Unmasked(id_number=unseal(applicant.id_number_sealed), phone=unseal(applicant.phone_sealed))


def applicant_phone(applicant: Applicant) -> str:
    """The phone for an SMS the system sends (never shown)."""
    return unseal(applicant.phone_sealed)
