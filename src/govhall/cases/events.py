"""The event kinds of case work: one per action of a case's timeline (``cases.<action>``), each
with the payload :class:`CasePayload`, written by ``workflow.case_event_record`` beside the case's
own history row; and the audit kind for showing an applicant's full ID number or phone.

Case work is business data: only people who may read cases (``cases.view_case``) see it on the
audit log, not the account administrator.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from govhall.cases.event_labels import OTHER_EVENT_LABELS, STEP_EVENT_LABELS, event_label
from govhall.cases.workflow import CaseAction
from govhall.core.audit import audit_kind
from govhall.core.events import EventKind

READER_PERMISSION = "cases.view_case"


class CasePayload(TypedDict):
    number: str
    from_state: str
    to_state: str
    step: str
    note: str
    public: bool
    detail: dict[str, Any]


_label = lazy(event_label, str)

CASE_EVENT_KINDS: dict[str, EventKind[CasePayload]] = {
    action: EventKind(f"cases.{action}", _label(action), CasePayload, reader_permission=READER_PERMISSION)
    for action in (*CaseAction.values, *STEP_EVENT_LABELS, *OTHER_EVENT_LABELS)
}

PERSONAL_DATA_SHOWN = audit_kind("cases.unmask_personal_data", _("查看完整证件号码或手机号"))
