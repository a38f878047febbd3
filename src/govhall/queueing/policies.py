"""Who may move a ticket or a window, and the conditions a move needs beyond the state: every rule
of the hall queue about acting, in one place. Each returns ``None`` when it agrees, else the reason
(shown on the page's disabled button and returned by the API).

Policies read only what the subject carries (a :class:`~govhall.queueing.workflow.Desk` or a
:class:`~govhall.queueing.workflow.TicketAt`, loaded by the service) and the actor's own
permissions and staff profile, so a check adds no query to the hot path.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core.workflow import Actor
from govhall.org.models import WindowKind
from govhall.org.selectors import staff_profile_of
from govhall.queueing.models import Device, DeviceKind

if TYPE_CHECKING:
    from govhall.queueing.workflow import Desk, TicketAt

CALL_TICKET = "queueing.call_ticket"
GRANT_GREEN_CHANNEL = "queueing.grant_green_channel"
FORCE_SIGN_OUT = "queueing.force_sign_out"

RATING_OPEN_MINUTES = 5
"""A service can be rated on the window's pad this long after it finished."""


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _actor_id(actor: Actor) -> int | None:
    person = _person(actor)
    return person.pk if person is not None else None


def _staff_centre_holding(actor: Actor, permission: str) -> int | None:
    """The centre of a staff member holding ``permission``, else None."""
    person = _person(actor)
    if person is None or not person.has_perm(permission):
        return None
    staff = staff_profile_of(person)
    return staff.centre_id if staff is not None else None


# --- who acts ------------------------------------------------------------------------------------


def calls_numbers(subject: object, actor: Actor) -> str | None:
    """Only window staff (窗口工作人员, 首席代表) work a window: sign in, call, serve, pause."""
    person = _person(actor)
    if person is None or not person.has_perm(CALL_TICKET):
        return _("您没有窗口叫号权限。")
    return None


def works_for_the_window(desk: Desk, actor: Actor) -> str | None:
    """A clerk signs in to a window of their centre: their department's or a comprehensive one
    (综合窗口), never a cashier's (收缴分离) or another department's."""
    staff = staff_profile_of(actor) if isinstance(actor, User) else None
    window = desk.window
    if window.department_id is None:
        ours = window.kind == WindowKind.COMPREHENSIVE
    else:
        ours = staff is not None and window.department_id == staff.department_id
    if staff is None or window.centre_id != staff.centre_id or not ours:
        return _("您不能登录其他中心或其他部门的窗口。")
    return None


def signed_in_here(desk: Desk, actor: Actor) -> str | None:
    """The window's own moves are made by the clerk signed in to it."""
    if not desk.signed_in_by(_actor_id(actor)):
        return _("您未签到该窗口，不能进行此操作。")
    return None


def at_the_tickets_window(at: TicketAt, actor: Actor) -> str | None:
    """A called, served or held ticket is worked by the clerk signed in at its window."""
    desk = at.desk
    if desk is None or not desk.signed_in_by(_actor_id(actor)):
        return _("您尚未签到窗口。")
    if at.ticket.window_id != desk.window.pk:
        return _("该号码不在您的窗口。")
    return None


def serves_the_tickets_queue(at: TicketAt, actor: Actor) -> str | None:
    """A waiting or skipped ticket is called (back) by a window serving its queue (and, after a
    transfer to one window, by that window only)."""
    desk = at.desk
    if desk is None or not desk.signed_in_by(_actor_id(actor)):
        return _("您尚未签到窗口。")
    ticket = at.ticket
    if ticket.queue_id not in desk.queue_ids or ticket.target_window_id not in (None, desk.window.pk):
        return _("该号码不属于本窗口服务的队列。")
    return None


def supervises_the_hall(desk: Desk, actor: Actor) -> str | None:
    """The duty chief (值班长) and the centre manager (中心管理员) keep their own hall's windows."""
    if _staff_centre_holding(actor, FORCE_SIGN_OUT) != desk.window.centre_id:
        return _("只有本中心的值班长或中心管理员可以强制签退窗口。")
    return None


def issues_numbers_here(at: TicketAt, actor: Actor) -> str | None:
    """Numbers come from the centre's own kiosks, or from its staff opening the green channel."""
    centre_id = at.ticket.centre_id
    if isinstance(actor, Device):
        if actor.kind == DeviceKind.KIOSK and actor.centre_id == centre_id:
            return None
        return _("只有本中心的取号机可以取号。")
    if _staff_centre_holding(actor, GRANT_GREEN_CHANNEL) != centre_id:
        return _("只有本中心可以开通绿色通道的工作人员可以代为取号。")
    return None


def the_pad_of_the_serving_window(at: TicketAt, actor: Actor) -> str | None:
    """A service is rated on the evaluator pad (评价器) of the window that served it."""
    ticket = at.ticket
    if (
        not isinstance(actor, Device)
        or actor.kind != DeviceKind.EVALUATOR_PAD
        or actor.window_id is None
        or actor.window_id != ticket.window_id
        or ticket.clerk_id is None
    ):
        return _("该号码不是本窗口办结的服务，不能评价。")
    return None


# --- conditions on the subject ------------------------------------------------------------------


def recalls_left(at: TicketAt, actor: Actor) -> str | None:
    """重呼 is limited per queue; then the clerk skips or holds the number."""
    ticket = at.ticket
    if ticket.recall_count >= ticket.queue.max_recalls:
        return _("已重呼%(count)d次，达到上限；请过号或挂起。") % {"count": ticket.recall_count}
    return None


def window_free(desk: Desk, actor: Actor) -> str | None:
    """One person at a window at a time: its current ticket is dealt with first."""
    if desk.busy:
        return _("请先办结、过号、挂起或转移当前号码。")
    return None


def actors_window_free(at: TicketAt, actor: Actor) -> str | None:
    """A held ticket is called back only to a window without a current ticket."""
    return window_free(at.desk, actor) if at.desk is not None else None


def serves_queues(desk: Desk, actor: Actor) -> str | None:
    if not desk.queue_ids:
        return _("本窗口没有配置服务队列。")
    return None


def window_in_service(desk: Desk, actor: Actor) -> str | None:
    if not desk.window.is_active:
        return _("该窗口已停用。")
    return None


def skipped_today(at: TicketAt, actor: Actor) -> str | None:
    """A no-show goes back to its queue the same day only (yesterday's numbers are void)."""
    if at.ticket.service_date != timezone.localdate():
        return _("只有当天过号的号码可以重新排队。")
    return None


def rating_open(at: TicketAt, actor: Actor) -> str | None:
    finished_at = at.ticket.finished_at or timezone.now()
    if timezone.now() - finished_at > timedelta(minutes=RATING_OPEN_MINUTES):
        return _("评价时间已过，感谢您的参与。")
    return None
