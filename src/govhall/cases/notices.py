"""Issuing numbered written notices (文书). The PDF is drawn from the stored ``content`` (see
``notice_pdf``), so a reprint shows what the notice said the day it was issued.

``content`` always holds (dates as ISO strings):
  case_number, item_name, item_type (事项类型 code: the decision's title and wording follow it),
  centre, department, window ("10号窗口（企业开办1）"), applicant (name), applicant_id (masked),
  agent (name or ""), received_on, issued_on, clerk (the issuer's name), consultation_phone,
  complaint_phone.
and per kind:
  acceptance        accepted_on, due_on, limit ("5个工作日"), materials [{name, originals, copies}]
  correction        problems [{name, outcome ("缺少"/"不符合要求"), problem, requirement (what to
                    bring: counts and the catalogue's acceptance standard)}], received [names]
  not_accepted      reasons [str], detail, remedies
  referral          reason, go_to
  special_procedure procedure, reason, started_on
  extension         days, period ("10个工作日"; notices issued before it was kept read "10日"), reason,
                    previous_due_on, due_on, approved_by
  grant             result_name, result_number, valid_from, valid_until, opinion
  refusal           reasons, remedies
  completion        decision ("准予"/"不予"), decision_code ("granted"/"refused"), result_name, pickup
                    (where and how to collect)
  delivery_receipt  method, recipient, carrier, tracking_number, documents [str], delivered_on
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from govhall.cases.apps import notice_series
from govhall.cases.models import Case, Notice, NoticeKind
from govhall.cases.workflow import actor_name
from govhall.catalog.models import ItemMaterial, MaterialMedium
from govhall.core.numbering import number_issue


def remedies_text() -> str:
    """行政复议 within 60 days, 行政诉讼 within six months: the remedies every refusal states."""
    return _(
        "如不服本决定，可以自收到本文书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
    )


def correction_requirement(material: ItemMaterial) -> str:
    """What the applicant must bring for a material a one-time notice lists: the counts and the
    catalogue's acceptance standard (受理标准), e.g. 原件1份、复印件1份；须加盖公章。"""
    wanted = ((_("原件%(count)s份"), material.originals), (_("复印件%(count)s份"), material.copies))
    counts = [text % {"count": count} for text, count in wanted if count]
    parts = ["、".join(counts)] if counts else []
    if material.medium == MaterialMedium.ELECTRONIC:
        parts.append(_("电子材料"))
    standard = material.material.acceptance_standard.strip()
    if standard:
        parts.append(standard)
    if material.condition.strip():
        parts.append(_("适用情形：%(condition)s") % {"condition": material.condition.strip()})
    return "；".join(parts) or _("按事项办事指南的要求提交")


def _common(case: Case, user: User | None, on: date) -> dict[str, Any]:
    version = case.item_version
    return {
        "case_number": case.number,
        "item_name": case.item_name,
        "item_type": version.item_type,
        "centre": case.centre.name,
        "department": case.department.name,
        "window": str(case.window) if case.window else "",
        "applicant": case.applicant.name,
        "applicant_id": case.applicant.id_number_masked,
        "agent": case.agent.name if case.agent else "",
        "received_on": case.received_on.isoformat(),
        "issued_on": on.isoformat(),
        "clerk": actor_name(user),
        "consultation_phone": version.consultation_phone,
        "complaint_phone": version.complaint_phone,
    }


def notice_issue(*, case: Case, kind: NoticeKind, user: User | None, on: date, **content: Any) -> Notice:
    """Number and store a notice inside the caller's transaction (a rollback returns the number)."""
    scope = (case.department.short_name or case.department.name)[:30]
    number = number_issue(series=notice_series(kind), scope=scope, on=on).text
    return Notice.objects.create(
        case=case,
        kind=kind,
        number=number,
        issued_on=on,
        issued_by=user,
        content={**_common(case, user, on), **content},
    )
