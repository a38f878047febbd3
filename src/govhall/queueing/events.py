"""The event kinds of the hall queue: one per ticket action (``queueing.ticket.<action>``) and
per window action (``queueing.window.<action>``), written beside the ticket's and the window's own
history rows; and the audit kind for reissuing a device's token.

Queue work is read on the audit log by those who may read ticket histories
(``queueing.view_call_reason``), not by the account administrator.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from govhall.core.audit import audit_kind
from govhall.core.events import EventKind
from govhall.queueing.models import TicketAction, WindowAction

READER_PERMISSION = "queueing.view_call_reason"


class TicketPayload(TypedDict):
    number: str
    queue: int
    window: str
    device: str
    reason: dict[str, Any]
    explanation: str
    comment: str


class WindowPayload(TypedDict):
    window: str
    clerk: str
    reason: str


TICKET_EVENT_KINDS: dict[str, EventKind[TicketPayload]] = {
    action.value: EventKind(
        f"queueing.ticket.{action.value}",
        format_lazy("{}：{}", _("排队号"), action.label),
        TicketPayload,
        reader_permission=READER_PERMISSION,
    )
    for action in TicketAction
}

WINDOW_EVENT_KINDS: dict[str, EventKind[WindowPayload]] = {
    action.value: EventKind(
        f"queueing.window.{action.value}",
        format_lazy("{}：{}", _("窗口"), action.label),
        WindowPayload,
        reader_permission=READER_PERMISSION,
    )
    for action in WindowAction
}

DEVICE_TOKEN_REISSUED = audit_kind("queueing.device.token_reissued", _("终端：生成新令牌"))
