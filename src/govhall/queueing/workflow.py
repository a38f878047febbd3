"""The hall queue's two machines: a ticket's life (取号 → 叫号 → 办理 → 办结, with 重呼, 过号,
挂起, 转移, 重新排队, 评价 and the nightly 作废) and a window's (签到, 暂停, 恢复, 签退, 叫下一位,
强制签退). Every status write goes through :data:`TICKET` or :data:`WINDOW`; who may make each
move is in :mod:`govhall.queueing.policies`.

The subjects carry what the policies read, loaded by the service that holds the locks, so a check
costs no query the service does not already make: a :class:`Desk` is a window with its open
session, and a :class:`TicketAt` is a ticket with the desk of the person acting on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from govhall.core.workflow import Machine, Move, states
from govhall.org.models import Window
from govhall.queueing import policies
from govhall.queueing.models import (
    ACTIVE_STATUSES,
    AT_WINDOW,
    Ticket,
    TicketStatus,
    WindowQueue,
    WindowSession,
)

NEW = "new"
"""A ticket being issued, before it joins its queue (never stored)."""


class WindowState:
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


WINDOW_STATE_LABELS = {
    WindowState.CLOSED: _("未签到"),
    WindowState.OPEN: _("服务中"),
    WindowState.PAUSED: _("暂停服务"),
}


class Desk:
    """A window as it stands now: its open session (None: nobody signed in) and, read when a
    policy first asks, the active queues it serves and whether a ticket is at it."""

    def __init__(
        self,
        window: Window,
        session: WindowSession | None,
        *,
        queue_ids: Iterable[int] | None = None,
        busy: bool | None = None,
    ) -> None:
        self.window = window
        self.session = session
        if session is None:
            self.state = WindowState.CLOSED
        else:
            self.state = WindowState.PAUSED if session.is_paused else WindowState.OPEN
        if queue_ids is not None:
            self.__dict__["queue_ids"] = frozenset(queue_ids)
        if busy is not None:
            self.__dict__["busy"] = busy

    @cached_property
    def queue_ids(self) -> frozenset[int]:
        return frozenset(
            WindowQueue.objects.filter(window=self.window, queue__is_active=True).values_list(
                "queue_id", flat=True
            )
        )

    @cached_property
    def busy(self) -> bool:
        """A ticket is called to, or being served at, this window."""
        return Ticket.objects.filter(window=self.window, status__in=AT_WINDOW).exists()

    def signed_in_by(self, user_id: int | None) -> bool:
        return self.session is not None and user_id is not None and self.session.clerk.user_id == user_id

    @property
    def state_label(self) -> str:
        return str(WINDOW_STATE_LABELS[self.state])


class TicketAt:
    """A ticket as one actor meets it: with the desk they are signed in to (None: at none)."""

    def __init__(self, ticket: Ticket, desk: Desk | None = None) -> None:
        self.ticket = ticket
        self.desk = desk

    @property
    def state(self) -> str:
        return self.ticket.status

    @state.setter
    def state(self, value: str) -> None:
        self.ticket.status = value

    @property
    def state_label(self) -> str:
        return str(_("未取号")) if self.ticket.status == NEW else str(self.ticket.get_status_display())


TS = TicketStatus
WS = WindowState
AT_ITS_WINDOW = (policies.calls_numbers, policies.at_the_tickets_window)
"""A ticket at a window is worked by the clerk signed in there."""
FROM_ITS_QUEUE = (policies.calls_numbers, policies.serves_the_tickets_queue)
"""A ticket in a queue is called by a window serving that queue."""
AT_THIS_WINDOW = (policies.calls_numbers, policies.signed_in_here)
"""A window's own moves are made by the clerk signed in to it."""

TICKET: Machine[TicketAt] = Machine(
    name="ticket",
    state_of=lambda at: at.state,
    state_label=lambda at: at.state_label,
    moves={
        "issue": Move(_("取号"), states(NEW), TS.WAITING, may=(policies.issues_numbers_here,)),
        "call": Move(_("叫号"), states(TS.WAITING), TS.CALLED, may=FROM_ITS_QUEUE),
        "recall": Move(_("重呼"), states(TS.CALLED), None, may=AT_ITS_WINDOW, when=(policies.recalls_left,)),
        "start": Move(_("开始办理"), states(TS.CALLED), TS.SERVING, may=AT_ITS_WINDOW),
        "finish": Move(_("办结"), states(TS.CALLED, TS.SERVING), TS.DONE, may=AT_ITS_WINDOW),
        "skip": Move(_("过号"), states(TS.CALLED), TS.NO_SHOW, may=AT_ITS_WINDOW),
        "hold": Move(_("挂起"), states(TS.CALLED, TS.SERVING), TS.HELD, may=AT_ITS_WINDOW),
        "resume": Move(
            _("叫回"), states(TS.HELD), TS.CALLED, may=AT_ITS_WINDOW, when=(policies.actors_window_free,)
        ),
        "transfer": Move(_("转移"), states(TS.CALLED, TS.SERVING), TS.WAITING, may=AT_ITS_WINDOW),
        "return": Move(
            _("重新排队"), states(TS.NO_SHOW), TS.WAITING, may=FROM_ITS_QUEUE, when=(policies.skipped_today,)
        ),
        "rate": Move(
            _("评价"),
            states(TS.DONE),
            None,
            may=(policies.the_pad_of_the_serving_window,),
            when=(policies.rating_open,),
        ),
        "expire": Move(_("作废"), frozenset(ACTIVE_STATUSES), TS.EXPIRED, system=True),
    },
)

WINDOW: Machine[Desk] = Machine(
    name="window",
    state_of=lambda desk: desk.state,
    state_label=lambda desk: desk.state_label,
    moves={
        "sign_in": Move(
            _("签到"),
            states(WS.CLOSED),
            WS.OPEN,
            may=(policies.calls_numbers, policies.works_for_the_window),
            when=(policies.window_in_service,),
        ),
        "pause": Move(_("暂停服务"), states(WS.OPEN), WS.PAUSED, may=AT_THIS_WINDOW),
        "resume": Move(_("恢复服务"), states(WS.PAUSED), WS.OPEN, may=AT_THIS_WINDOW),
        "call_next": Move(
            _("叫下一位"),
            states(WS.OPEN),
            None,
            may=AT_THIS_WINDOW,
            when=(policies.window_free, policies.serves_queues),
        ),
        "sign_out": Move(
            _("签退"), states(WS.OPEN, WS.PAUSED), WS.CLOSED, may=AT_THIS_WINDOW, when=(policies.window_free,)
        ),
        "force_sign_out": Move(
            _("强制签退"),
            states(WS.OPEN, WS.PAUSED),
            WS.CLOSED,
            may=(policies.supervises_the_hall,),
            when=(policies.window_free,),
        ),
    },
)
