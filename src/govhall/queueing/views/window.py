"""The clerk's window workstation (窗口叫号): sign in, call, serve, transfer, pause.

Every action is a POST that calls one service. With htmx the response is the refreshed panel
with the outcome; without it, the outcome becomes a message and the browser is redirected back.
Who may make which move is the machines' (``workflow``) to say: the page draws its buttons from
``available`` (a disabled one says why), and a refused POST shows the same Chinese reason the API
gives, with the same status, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from govhall.core.staff_views import signed_in_user, staff_view
from govhall.org.models import Window
from govhall.org.selectors import staff_profile_of
from govhall.queueing import services
from govhall.queueing.models import Queue, Ticket
from govhall.queueing.policies import CALL_TICKET
from govhall.queueing.selectors import window as window_selectors
from govhall.queueing.services import QueueRefusal
from govhall.queueing.views.refusals import refusal_message, refusal_status

PAUSE_REASONS: dict[str, Promise] = {
    "away": gettext_lazy("临时离开"),
    "consulting": gettext_lazy("业务咨询"),
    "failure": gettext_lazy("系统故障"),
    "other": gettext_lazy("其他"),
}

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Notice:
    text: str
    level: str

    @property
    def is_error(self) -> bool:
        return self.level == "error"


clerk_view = staff_view(CALL_TICKET)
"""Seeing the workstation; every move on it is the machines' to allow (a refusal says why)."""


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _panel_context(user: User, notice: Notice | None = None) -> dict[str, Any]:
    staff = staff_profile_of(user)
    session = window_selectors.open_session_of(user)
    context: dict[str, Any] = {
        "staff": staff,
        "session": session,
        "notice": notice,
        "pause_reasons": PAUSE_REASONS,
    }
    if staff is None:
        return context
    if session is None:
        context["choices"] = window_selectors.window_choices(user, staff)
        return context
    day = timezone.localdate()
    state = window_selectors.window_state(session.window)
    no_shows = window_selectors.no_shows(session.window, day)
    context.update(
        state=state,
        loads=state.loads,
        actions=window_selectors.desk_actions(state, user, no_shows),
        today=window_selectors.clerk_day(user, staff, day),
        targets=(
            window_selectors.transfer_targets(session.window, state.current.ticket)
            if state.current is not None
            else None
        ),
    )
    return context


def _outcome(request: HttpRequest, action: Callable[[], Notice]) -> HttpResponse:
    """Run ``action`` and show its notice in the panel (htmx) or after a redirect; a refusal shows
    in the panel or the page with its status: 403 who may not, 409 not now, 400 bad input."""
    user = signed_in_user(request)
    status = 200
    try:
        notice = action()
    except (ValidationError, PermissionDenied) as refusal:
        notice = Notice(refusal_message(refusal), "error")
        status = refusal_status(refusal)
    if getattr(request, "htmx", False):
        return render(request, "queueing/window_panel.html", _panel_context(user, notice), status=status)
    if status != 200:
        return render(request, "queueing/window.html", _panel_context(user, notice), status=status)
    messages.add_message(
        request, messages.ERROR if notice.is_error else messages.SUCCESS, notice.text, extra_tags=notice.level
    )
    return redirect("queueing:window")


@clerk_view
@require_GET
def workstation(request: HttpRequest) -> HttpResponse:
    return render(request, "queueing/window.html", _panel_context(signed_in_user(request)))


@clerk_view
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    """The waiting counts of the clerk's window, polled by the page."""
    session = window_selectors.open_session_of(signed_in_user(request))
    loads = window_selectors.queue_loads(session.window, timezone.localdate()) if session else []
    return render(request, "queueing/window_waiting.html", {"session": session, "loads": loads})


def _window(request: HttpRequest) -> Window | None:
    """The window a desk form names (404 when the user may not address it); None when the form
    names none (the one the user is signed in to)."""
    raw = request.POST.get("window")
    if raw is None:
        return None
    pk = _int(raw)
    window = window_selectors.window_for(signed_in_user(request), pk) if pk is not None else None
    if window is None:
        raise Http404(_("未找到该窗口。"))
    return window


@login_required
@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)

    def act() -> Notice:
        pk = _int(request.POST.get("window"))
        if pk is None:
            raise QueueRefusal(_("请选择要签到的窗口。"), code="window_required")
        window = window_selectors.window_for(user, pk)
        if window is None:
            raise Http404(_("未找到该窗口。"))
        services.window_sign_in(window=window, user=user)
        return Notice(_("已签到%(number)s号窗口。") % {"number": window.number}, "success")

    return _outcome(request, act)


@login_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    def act() -> Notice:
        session = services.window_sign_out(user=signed_in_user(request), window=_window(request))
        return Notice(_("已从%(number)s号窗口签退。") % {"number": session.window.number}, "success")

    return _outcome(request, act)


def pause_reason_text(choice: str, detail: str) -> str:
    """The stored pause reason: the chosen label, with the typed detail after it."""
    if choice not in PAUSE_REASONS:
        raise QueueRefusal(_("请选择暂停原因。"), code="reason_required")
    detail = detail.strip()
    if choice == "other" and not detail:
        raise QueueRefusal(_("选择“其他”时请填写暂停原因。"), code="reason_required")
    label = str(PAUSE_REASONS[choice])
    return f"{label}：{detail}" if detail else label


@login_required
@require_POST
def pause(request: HttpRequest) -> HttpResponse:
    def act() -> Notice:
        reason = pause_reason_text(request.POST.get("reason", ""), request.POST.get("detail", ""))
        services.window_pause(user=signed_in_user(request), reason=reason, window=_window(request))
        return Notice(_("窗口已暂停服务（%(reason)s）。") % {"reason": reason}, "success")

    return _outcome(request, act)


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    def act() -> Notice:
        services.window_resume(user=signed_in_user(request), window=_window(request))
        return Notice(_("窗口已恢复服务。"), "success")

    return _outcome(request, act)


@login_required
@require_POST
def call_next(request: HttpRequest) -> HttpResponse:
    def act() -> Notice:
        ticket = services.ticket_call_next(user=signed_in_user(request), window=_window(request))
        if ticket is None:
            return Notice(_("当前没有等候的号码。"), "info")
        return Notice(_("已呼叫 %(number)s，请等候群众到窗口。") % {"number": ticket.number}, "success")

    return _outcome(request, act)


def _ticket(user: User, pk: int) -> Ticket:
    ticket = window_selectors.ticket_for(user, pk)
    if ticket is None:
        raise Http404(_("未找到该排队号。"))
    return ticket


def _recall(ticket: Ticket, user: User) -> Notice:
    ticket = services.ticket_recall(ticket=ticket, user=user)
    left = max(0, ticket.queue.max_recalls - ticket.recall_count)
    return Notice(
        _("已重呼 %(number)s，还可重呼%(left)d次。") % {"number": ticket.number, "left": left}, "success"
    )


def _start(ticket: Ticket, user: User) -> Notice:
    ticket = services.ticket_start(ticket=ticket, user=user)
    return Notice(_("%(number)s 开始办理。") % {"number": ticket.number}, "success")


def _finish(ticket: Ticket, user: User) -> Notice:
    ticket = services.ticket_finish(ticket=ticket, user=user)
    return Notice(_("%(number)s 已办结，请群众在评价器上评价。") % {"number": ticket.number}, "success")


def _skip(ticket: Ticket, user: User) -> Notice:
    ticket = services.ticket_skip(ticket=ticket, user=user)
    return Notice(_("%(number)s 已过号。") % {"number": ticket.number}, "success")


def _return(ticket: Ticket, user: User) -> Notice:
    ticket = services.ticket_return(ticket=ticket, user=user)
    return Notice(_("%(number)s 已重新排队。") % {"number": ticket.number}, "success")


def _resume(ticket: Ticket, user: User) -> Notice:
    ticket = services.ticket_resume(ticket=ticket, user=user)
    return Notice(_("已叫回 %(number)s。") % {"number": ticket.number}, "success")


TICKET_ACTIONS: dict[str, Callable[[Ticket, User], Notice]] = {
    "recall": _recall,
    "start": _start,
    "finish": _finish,
    "skip": _skip,
    "return": _return,
    "resume": _resume,
}


@login_required
@require_POST
def ticket_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """重呼, 开始办理, 办结, 过号, 重新排队 and 叫回 of one ticket."""
    operation = TICKET_ACTIONS.get(action)
    if operation is None:
        raise Http404(_("未知的操作。"))
    user = signed_in_user(request)
    ticket = _ticket(user, pk)
    return _outcome(request, lambda: operation(ticket, user))


@login_required
@require_POST
def ticket_hold(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    ticket = _ticket(user, pk)

    def act() -> Notice:
        held = services.ticket_hold(ticket=ticket, user=user, comment=request.POST.get("comment", ""))
        return Notice(_("%(number)s 已挂起，可在“挂起的号”中叫回。") % {"number": held.number}, "success")

    return _outcome(request, act)


def transfer_target(value: str) -> Queue | Window:
    """``queue:<id>`` or ``window:<id>`` from the transfer form (the service checks the target)."""
    kind, _sep, raw = value.partition(":")
    pk = _int(raw)
    target: Queue | Window | None = None
    if kind == "queue" and pk is not None:
        target = Queue.objects.filter(pk=pk).first()
    elif kind == "window" and pk is not None:
        target = Window.objects.filter(pk=pk).first()
    if target is None:
        raise QueueRefusal(_("请选择要转往的队列或窗口（二选一）。"), code="transfer_target")
    return target


@login_required
@require_POST
def ticket_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    ticket = _ticket(user, pk)

    def act() -> Notice:
        target = transfer_target(request.POST.get("target", ""))
        comment = request.POST.get("comment", "")
        if isinstance(target, Queue):
            moved = services.ticket_transfer(ticket=ticket, user=user, queue=target, comment=comment)
            where = str(moved.queue)
        else:
            moved = services.ticket_transfer(ticket=ticket, user=user, window=target, comment=comment)
            where = _("%(number)s号窗口") % {"number": target.number}
        return Notice(
            _("%(number)s 已转往%(where)s，将优先叫号。") % {"number": moved.number, "where": where},
            "success",
        )

    return _outcome(request, act)
