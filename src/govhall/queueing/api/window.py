"""Window API (clerk session or ``Authorization: Token``): sign in, call, serve, transfer, pause.

Windows and tickets of another centre are not found (404). Every move goes through the ticket
and window machines, as on the workstation page: a refusal answers in the one error shape
(``{"detail", "code", "errors"}``) with 403 (the caller may not: not signed in to that window,
no calling permission; the code is the refusing policy's name), 409 (not in this state, or a
condition such as the recall limit) or 400 (bad input), and changes nothing. The window's
state lists the moves available to the caller, each with why not.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govhall.core.api.errors import error_response
from govhall.core.staff_views import signed_in_user
from govhall.core.workflow import Machine
from govhall.org.models import Window
from govhall.queueing import services
from govhall.queueing.models import Queue, Ticket
from govhall.queueing.policies import CALL_TICKET
from govhall.queueing.selectors import window as window_selectors
from govhall.queueing.selectors.window import Actions, DeskActions, TicketView, WindowState
from govhall.queueing.services import QueueRefusal
from govhall.queueing.workflow import TICKET, WINDOW


class CanCallTickets(BasePermission):
    """Reading a window's state is for window staff; moves are the machines' to allow."""

    message = gettext_lazy("您没有窗口叫号权限。")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm(CALL_TICKET))


# --- serializers --------------------------------------------------------------------------------


class WindowTicketQueue(serializers.Serializer[Any]):
    prefix = serializers.CharField()
    name = serializers.CharField()


class WindowTicket(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    queue = WindowTicketQueue()
    item_name = serializers.CharField(help_text=gettext_lazy("取号时所选事项，按业务取号时为空"))
    status = serializers.CharField()
    status_label = serializers.CharField()
    priority = serializers.CharField()
    priority_label = serializers.CharField(help_text=gettext_lazy("含绿色通道原因"))
    id_number_masked = serializers.CharField(help_text=gettext_lazy("脱敏证件号，未登记时为空"))
    window = serializers.CharField(allow_null=True, help_text=gettext_lazy("办理窗口号"))
    called_at = serializers.DateTimeField(allow_null=True)
    waited_seconds = serializers.IntegerField(help_text=gettext_lazy("最近一次叫号前的等候秒数"))
    call_explanation = serializers.CharField(help_text=gettext_lazy("最近一次叫号的依据说明"))
    recall_count = serializers.IntegerField()
    max_recalls = serializers.IntegerField()
    transfer_comment = serializers.CharField(help_text=gettext_lazy("转移时填写的说明"))


class ActionOutput(serializers.Serializer[Any]):
    name = serializers.CharField(help_text=gettext_lazy("操作名，如 recall、finish、call_next"))
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    allowed = serializers.BooleanField()
    reason = serializers.CharField(help_text=gettext_lazy("不能操作时的中文说明；可以操作时为空"))
    code = serializers.CharField(help_text=gettext_lazy("不能操作时的拒绝原因代码；可以操作时为空"))


class DeskTicket(WindowTicket):
    actions = ActionOutput(many=True, help_text=gettext_lazy("当前号码可做的操作（按本人权限）"))


class WindowHeldTicket(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    queue = WindowTicketQueue()
    actions = ActionOutput(many=True)


class WindowClerk(serializers.Serializer[Any]):
    name = serializers.CharField()
    staff_number = serializers.CharField()


class WindowQueueLoad(serializers.Serializer[Any]):
    prefix = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.IntegerField()
    waiting = serializers.IntegerField()
    priority_waiting = serializers.IntegerField()


class WindowStatus(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "paused", "closed"])
    status_label = serializers.CharField()
    clerk = WindowClerk(allow_null=True)
    pause_reason = serializers.CharField()
    actions = ActionOutput(
        many=True, help_text=gettext_lazy("窗口可做的操作（按本人权限），不能操作的附说明")
    )
    current_ticket = DeskTicket(allow_null=True)
    held_tickets = WindowHeldTicket(many=True)
    queues = WindowQueueLoad(many=True)


class WindowPauseInput(serializers.Serializer[Any]):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("暂停原因，如 临时离开")
    )


class TicketHoldInput(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class TicketTransferInput(serializers.Serializer[Any]):
    queue = serializers.IntegerField(required=False, allow_null=True, help_text=gettext_lazy("目标队列 id"))
    window = serializers.IntegerField(required=False, allow_null=True, help_text=gettext_lazy("目标窗口 id"))
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("必填：告知下一个窗口办理什么")
    )


def _queue_brief(queue: Queue) -> dict[str, Any]:
    return {"prefix": queue.prefix, "name": queue.name}


def ticket_data(view: TicketView) -> dict[str, Any]:
    ticket = view.ticket
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "queue": _queue_brief(ticket.queue),
        "item_name": view.item_name,
        "status": ticket.status,
        "status_label": str(ticket.get_status_display()),
        "priority": ticket.priority,
        "priority_label": view.priority_label,
        "id_number_masked": ticket.id_number_masked,
        "window": ticket.window.number if ticket.window_id and ticket.window else None,
        "called_at": ticket.called_at,
        "waited_seconds": view.waited_seconds,
        "call_explanation": view.call_explanation,
        "recall_count": ticket.recall_count,
        "max_recalls": view.max_recalls,
        "transfer_comment": view.transfer_comment,
    }


def actions_data(machine: Machine[Any], actions: Actions) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "label": str(machine.moves[name].label),
            "allowed": refusal is None,
            "reason": refusal.reason if refusal is not None else "",
            "code": refusal.code if refusal is not None else "",
        }
        for name, refusal in actions.items()
    ]


def window_data(state: WindowState, actions: DeskActions) -> dict[str, Any]:
    session = state.session
    return {
        "id": state.window.pk,
        "number": state.window.number,
        "name": state.window.name,
        "status": state.status,
        "status_label": state.status_label,
        "clerk": (
            {"name": session.clerk.name, "staff_number": session.clerk.staff_number} if session else None
        ),
        "pause_reason": session.pause_reason if session else "",
        "actions": actions_data(WINDOW, actions.window),
        "current_ticket": (
            {**ticket_data(state.current), "actions": actions_data(TICKET, actions.current)}
            if state.current
            else None
        ),
        "held_tickets": [
            {
                "id": held.ticket.pk,
                "number": held.ticket.number,
                "queue": _queue_brief(held.ticket.queue),
                "actions": actions_data(TICKET, held.actions),
            }
            for held in actions.held
        ],
        "queues": [
            {
                "prefix": load.queue.prefix,
                "name": load.queue.name,
                "weight": load.weight,
                "waiting": load.waiting,
                "priority_waiting": load.priority_waiting,
            }
            for load in state.loads
        ],
    }


# --- helpers -------------------------------------------------------------------------------------


def _error(exc: type[exceptions.APIException], message: str, code: str) -> exceptions.APIException:
    return exc(detail=message, code=code)


def _window(request: Request, pk: int) -> Window:
    window = window_selectors.window_for(signed_in_user(request), pk)
    if window is None:
        raise _error(exceptions.NotFound, _("未找到该窗口。"), "not_found")
    return window


def _ticket(request: Request, pk: int) -> Ticket:
    ticket = window_selectors.ticket_for(signed_in_user(request), pk)
    if ticket is None:
        raise _error(exceptions.NotFound, _("未找到该排队号。"), "not_found")
    return ticket


def _window_response(request: Request, window: Window) -> Response:
    state = window_selectors.window_state(window)
    actions = window_selectors.desk_actions(state, signed_in_user(request))
    return Response(WindowStatus(window_data(state, actions)).data)


def _ticket_response(ticket: Ticket) -> Response:
    ticket = Ticket.objects.select_related("queue", "window").get(pk=ticket.pk)
    return Response(WindowTicket(ticket_data(window_selectors.ticket_view(ticket))).data)


ERRORS: dict[int | str, Any] = {
    400: error_response(gettext_lazy("输入有误或操作被拒绝（中文说明和代码），未做任何更改")),
    403: error_response(gettext_lazy("无权操作：未签到该窗口、号码不在本窗口、没有叫号权限")),
    404: error_response(gettext_lazy("窗口或排队号不存在，或不属于本中心")),
    409: error_response(gettext_lazy("当前状态不能进行此操作（如窗口暂停、已达重呼上限），未做任何更改")),
}


# --- windows -------------------------------------------------------------------------------------


class ClerkApi(APIView):
    permission_classes = [IsAuthenticated]


class WindowDetailApi(ClerkApi):
    permission_classes = [IsAuthenticated, CanCallTickets]

    @extend_schema(
        operation_id="window_retrieve",
        summary=gettext_lazy("窗口状态：在岗人员、当前号码、挂起的号、各队列等候人数"),
        responses={200: WindowStatus, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        """The window's state, for the clerk signed in to it."""
        window = _window(request, pk)
        session = window_selectors.open_session_of(signed_in_user(request))
        if session is None or session.window_id != window.pk:
            raise _error(exceptions.PermissionDenied, _("您未签到该窗口，不能进行此操作。"), "signed_in_here")
        return _window_response(request, window)


class WindowSignInApi(ClerkApi):
    @extend_schema(
        operation_id="window_sign_in",
        summary=gettext_lazy("签到窗口（一个窗口一名工作人员，一名工作人员一个窗口）"),
        request=None,
        responses={200: WindowStatus, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        window = _window(request, pk)
        services.window_sign_in(window=window, user=signed_in_user(request))
        return _window_response(request, window)


class WindowSignOutApi(ClerkApi):
    @extend_schema(
        operation_id="window_sign_out",
        summary=gettext_lazy("签退窗口（当前号码须先处理）"),
        request=None,
        responses={200: WindowStatus, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        window = _window(request, pk)
        services.window_sign_out(user=signed_in_user(request), window=window)
        return _window_response(request, window)


class WindowPauseApi(ClerkApi):
    @extend_schema(
        operation_id="window_pause",
        summary=gettext_lazy("暂停服务（须填写原因）"),
        request=WindowPauseInput,
        responses={200: WindowStatus, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        window = _window(request, pk)
        data = WindowPauseInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.window_pause(
            user=signed_in_user(request), reason=data.validated_data["reason"], window=window
        )
        return _window_response(request, window)


class WindowResumeApi(ClerkApi):
    @extend_schema(
        operation_id="window_resume",
        summary=gettext_lazy("恢复服务"),
        request=None,
        responses={200: WindowStatus, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        window = _window(request, pk)
        services.window_resume(user=signed_in_user(request), window=window)
        return _window_response(request, window)


class WindowForceSignOutInput(serializers.Serializer[Any]):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("必填：强制签退原因，如 人员离岗未签退"),
    )


class WindowForceSignOutApi(ClerkApi):
    @extend_schema(
        operation_id="window_force_sign_out",
        summary=gettext_lazy("强制签退（值班长、中心管理员；窗口当前号码须先处理）"),
        request=WindowForceSignOutInput,
        responses={200: WindowStatus, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        window = _window(request, pk)
        data = WindowForceSignOutInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.window_force_sign_out(
            window=window, user=signed_in_user(request), reason=data.validated_data["reason"]
        )
        return _window_response(request, window)


class WindowCallNextApi(ClerkApi):
    @extend_schema(
        operation_id="window_call_next",
        summary=gettext_lazy("叫下一位：按优先类别和加权等候时间选号，并记录叫号依据"),
        request=None,
        responses={
            200: WindowTicket,
            204: OpenApiResponse(description=gettext_lazy("没有等候的号码")),
            **ERRORS,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        window = _window(request, pk)
        ticket = services.ticket_call_next(user=signed_in_user(request), window=window)
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _ticket_response(ticket)


# --- tickets -------------------------------------------------------------------------------------


class TicketActionApi(ClerkApi):
    """One operation on a ticket at the clerk's window; subclasses name the service and its input."""

    input_serializer: type[serializers.Serializer[Any]] | None = None

    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        ticket = _ticket(request, pk)
        data: dict[str, Any] = {}
        if self.input_serializer is not None:
            given = self.input_serializer(data=request.data)
            given.is_valid(raise_exception=True)
            data = dict(given.validated_data)
        ticket = self.perform(ticket, signed_in_user(request), data)
        return _ticket_response(ticket)


def _ticket_schema(
    operation_id: str, summary: str | Promise, request: type[serializers.Serializer[Any]] | None
) -> Any:
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            summary=summary,
            request=request,
            responses={200: WindowTicket, **ERRORS},
        )
    )


@_ticket_schema("ticket_recall", gettext_lazy("重呼（次数有上限）"), None)
class TicketRecallApi(TicketActionApi):
    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_recall(ticket=ticket, user=user)


@_ticket_schema("ticket_start", gettext_lazy("开始办理"), None)
class TicketStartApi(TicketActionApi):
    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_start(ticket=ticket, user=user)


@_ticket_schema("ticket_finish", gettext_lazy("办结（评价器随即请群众评价）"), None)
class TicketFinishApi(TicketActionApi):
    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_finish(ticket=ticket, user=user)


@_ticket_schema("ticket_skip", gettext_lazy("过号"), None)
class TicketSkipApi(TicketActionApi):
    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_skip(ticket=ticket, user=user)


@_ticket_schema("ticket_return", gettext_lazy("过号重新排队（当天、本窗口服务的队列）"), None)
class TicketReturnApi(TicketActionApi):
    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_return(ticket=ticket, user=user)


@_ticket_schema("ticket_hold", gettext_lazy("挂起"), TicketHoldInput)
class TicketHoldApi(TicketActionApi):
    input_serializer = TicketHoldInput

    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_hold(ticket=ticket, user=user, comment=data["comment"])


@_ticket_schema("ticket_resume", gettext_lazy("叫回挂起的号"), None)
class TicketResumeApi(TicketActionApi):
    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        return services.ticket_resume(ticket=ticket, user=user)


def _transfer_target(data: dict[str, Any]) -> tuple[Queue | None, Window | None]:
    queue = window = None
    if data.get("queue") is not None:
        queue = Queue.objects.filter(pk=data["queue"]).first()
        if queue is None:
            raise QueueRefusal(_("目标队列不存在或已停用。"), code="transfer_target")
    if data.get("window") is not None:
        window = Window.objects.filter(pk=data["window"]).first()
        if window is None:
            raise QueueRefusal(_("目标窗口不存在、已停用或未配置服务队列。"), code="transfer_target")
    return queue, window


@_ticket_schema(
    "ticket_transfer",
    gettext_lazy("转移到本中心另一队列或窗口（二选一，须填写说明），优先叫号"),
    TicketTransferInput,
)
class TicketTransferApi(TicketActionApi):
    input_serializer = TicketTransferInput

    def perform(self, ticket: Ticket, user: User, data: dict[str, Any]) -> Ticket:
        queue, window = _transfer_target(data)
        return services.ticket_transfer(
            ticket=ticket, user=user, queue=queue, window=window, comment=data["comment"]
        )


urlpatterns = [
    path("windows/<id:pk>", WindowDetailApi.as_view(), name="window-detail"),
    path("windows/<id:pk>/sign-in", WindowSignInApi.as_view(), name="window-sign-in"),
    path("windows/<id:pk>/sign-out", WindowSignOutApi.as_view(), name="window-sign-out"),
    path("windows/<id:pk>/pause", WindowPauseApi.as_view(), name="window-pause"),
    path("windows/<id:pk>/resume", WindowResumeApi.as_view(), name="window-resume"),
    path("windows/<id:pk>/call-next", WindowCallNextApi.as_view(), name="window-call-next"),
    path("windows/<id:pk>/force-sign-out", WindowForceSignOutApi.as_view(), name="window-force-sign-out"),
    path("tickets/<id:pk>/recall", TicketRecallApi.as_view(), name="ticket-recall"),
    path("tickets/<id:pk>/start", TicketStartApi.as_view(), name="ticket-start"),
    path("tickets/<id:pk>/finish", TicketFinishApi.as_view(), name="ticket-finish"),
    path("tickets/<id:pk>/skip", TicketSkipApi.as_view(), name="ticket-skip"),
    path("tickets/<id:pk>/return", TicketReturnApi.as_view(), name="ticket-return"),
    path("tickets/<id:pk>/hold", TicketHoldApi.as_view(), name="ticket-hold"),
    path("tickets/<id:pk>/resume", TicketResumeApi.as_view(), name="ticket-resume"),
    path("tickets/<id:pk>/transfer", TicketTransferApi.as_view(), name="ticket-transfer"),
]
