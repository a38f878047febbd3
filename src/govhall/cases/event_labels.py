"""How a case's events read in a timeline, in one place for the staff case page and public tracking.

State moves carry the :class:`~govhall.cases.workflow.CaseAction` labels; the services also write
events that do not move the state (steps, joint reviews, extensions, fees), labelled here. What a
timeline may show (the public one is a whitelist) is the caller's decision, not this module's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.cases.workflow import CaseAction
from govhall.core.working_days import period_text

STEP_EVENT_LABELS: dict[str, Promise] = {
    "step_started": gettext_lazy("%(step)s：开始办理"),
    "step_passed": gettext_lazy("%(step)s：通过"),
    "step_returned": gettext_lazy("%(step)s：退回重办"),
    "step_claimed": gettext_lazy("%(step)s：认领办理"),
}
"""Events about one step; the label names the step."""

OTHER_EVENT_LABELS: dict[str, Promise] = {
    "materials_checked": gettext_lazy("核验申请材料"),
    "joint_agreed": gettext_lazy("并联审查：同意"),
    "joint_refused": gettext_lazy("并联审查：不同意"),
    "extension_requested": gettext_lazy("申请延长办理时限"),
    "extension_approved": gettext_lazy("延长办理时限"),
    "extension_refused": gettext_lazy("延期申请未获批准"),
    "bill_issued": gettext_lazy("开具缴费单"),
    "bill_paid": gettext_lazy("缴费完成"),
    "waiver_requested": gettext_lazy("申请减免收费"),
    "waiver_approved": gettext_lazy("减免收费"),
    "waiver_refused": gettext_lazy("减免申请未获批准"),
    "refund_requested": gettext_lazy("申请退费"),
    "refund_approved": gettext_lazy("退费"),
    "refund_refused": gettext_lazy("退费申请未获批准"),
    "delivery_receipt_issued": gettext_lazy("打印送达回证"),
}
"""Events that leave the state as it was."""

PERIOD_EVENT_LABELS: dict[str, Promise] = {
    "extension_requested": gettext_lazy("申请延长办理时限%(period)s"),
    "extension_approved": gettext_lazy("延长办理时限%(period)s"),
}
"""Events about a number of days, said in the case's unit (延长办理时限10个工作日) when it is known."""

PERIOD_DETAILS = frozenset({"days", "paused_days"})
"""Details that count days in the case's unit."""

DETAIL_LABELS: dict[str, Promise] = {
    "problems": gettext_lazy("需补正材料"),
    "missing": gettext_lazy("缺少或不符合要求"),
    "paused_days": gettext_lazy("暂停天数"),
    "days": gettext_lazy("延长天数"),
    "due_on": gettext_lazy("承诺办结日期"),
    "bill": gettext_lazy("缴费单号"),
    "total": gettext_lazy("金额（元）"),
    "receipt": gettext_lazy("票据号码"),
    "linked_case": gettext_lazy("上级办件编号"),
    "reference": gettext_lazy("对方文号"),
    "forwarded_from": gettext_lazy("原办件编号"),
    "notice": gettext_lazy("文号"),
}
"""The details an event's ``detail`` may hold that a reader understands; ids and codes are left out."""


def event_label(
    action: str, step: str | None = None, *, detail: Mapping[str, Any] | None = None, unit: str = ""
) -> str:
    """The label of an event in the active language; ``step`` is the name of the event's step, and
    ``detail`` with the case's ``unit`` lets an extension say how long it is."""
    days = (detail or {}).get("days")
    if action in PERIOD_EVENT_LABELS and unit and isinstance(days, int):
        return str(PERIOD_EVENT_LABELS[action]) % {"period": period_text(days, unit)}
    if action in STEP_EVENT_LABELS:
        return str(STEP_EVENT_LABELS[action]) % {"step": step or _("办理环节")}
    if action in CaseAction.values:
        return str(CaseAction(action).label)
    if action in OTHER_EVENT_LABELS:
        return str(OTHER_EVENT_LABELS[action])
    return action


def event_details(detail: Mapping[str, Any], *, unit: str = "") -> list[tuple[str, str]]:
    """(label, value) of the readable details of an event, lists joined with 、, days in the case's
    ``unit``; empty values left out."""
    shown: list[tuple[str, str]] = []
    for key, label in DETAIL_LABELS.items():
        value = detail.get(key)
        if value in (None, "", [], 0):
            continue
        if key in PERIOD_DETAILS and unit and isinstance(value, int):
            text = period_text(value, unit)
        elif isinstance(value, list):
            text = "、".join(str(part) for part in value)
        else:
            text = str(value)
        shown.append((str(label), text))
    return shown
