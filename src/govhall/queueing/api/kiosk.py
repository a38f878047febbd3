"""Kiosk API (device token): take a number, print it as ESC/POS, list queues, hand over ID-card reads."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govhall.catalog.models import ServiceItem
from govhall.core.personal_data import mask_id_number
from govhall.notify.services import can_receive_sms
from govhall.queueing import services
from govhall.queueing.devices import DeviceTokenAuthentication
from govhall.queueing.kiosk_card_reads import CARD_READ_SECONDS, card_read_store
from govhall.queueing.models import Device, DeviceKind, Queue, Ticket
from govhall.queueing.selectors import kiosk as kiosk_selectors
from govhall.queueing.ticket_print import escpos_bytes, ticket_slip

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class IsKiosk(BasePermission):
    message = _("只有取号机可以调用此接口。")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, Device) and request.auth.kind == DeviceKind.KIOSK


class IsDevice(BasePermission):
    message = _("只有终端设备可以调用此接口。")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, Device)


class KioskApi(APIView):
    authentication_classes = [DeviceTokenAuthentication]
    permission_classes = [IsKiosk]

    @property
    def device(self) -> Device:
        device = self.request.auth
        assert isinstance(device, Device)
        return device


class TicketInput(serializers.Serializer[Any]):
    queue = serializers.IntegerField(required=False, help_text=_("业务队列 id（与 item 至少填一个）"))
    item = serializers.IntegerField(required=False, help_text=_("事项 id：取办理该事项的队列的号"))
    id_number = serializers.CharField(
        required=False, allow_blank=True, max_length=32, help_text=_("居民身份证号码（可选）")
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("手机号码（可选），临近叫号时短信提醒")
    )
    green_reason = serializers.ChoiceField(
        choices=[(reason.value, reason.label) for reason in kiosk_selectors.KIOSK_GREEN_REASONS],
        required=False,
        allow_blank=True,
        help_text=_("绿色通道：残疾人、军人、孕妇；70岁以上老年人按身份证号自动识别"),
        error_messages={
            "invalid_choice": _("绿色通道类别无效；70岁以上老年人请填写身份证号，系统自动识别。")
        },
    )
    appointment = serializers.BooleanField(default=False, help_text=_("预约签到"))

    def validate_phone(self, value: str) -> str:
        if value and not can_receive_sms(value):
            raise serializers.ValidationError(gettext("请填写正确的11位手机号码，用于短信提醒。"))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("queue") is None and attrs.get("item") is None:
            raise serializers.ValidationError(gettext("请选择业务队列或事项。"))
        return attrs


class QueueBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    prefix = serializers.CharField()
    name = serializers.CharField()


class TicketOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    queue = QueueBrief()
    status = serializers.CharField()
    priority = serializers.CharField()
    green_reason = serializers.CharField()
    people_ahead = serializers.IntegerField(source="people_ahead_at_issue")
    estimated_wait_minutes = serializers.IntegerField()
    issued_at = serializers.DateTimeField()
    position_url = serializers.SerializerMethodField()
    escpos_url = serializers.SerializerMethodField()

    def _absolute(self, url: str) -> str:
        request: Request | None = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_position_url(self, ticket: Ticket) -> str:
        return self._absolute(reverse("queueing:position", args=[ticket.public_code]))

    def get_escpos_url(self, ticket: Ticket) -> str:
        return self._absolute(reverse("api:ticket-escpos", args=[ticket.pk]))


class TicketIssueApi(KioskApi):
    """Take a number at a kiosk. A retry with the same Idempotency-Key returns the same ticket (200).

    Which device may issue is the ticket machine's to say (403 with the reason for any other)."""

    permission_classes = [IsDevice]

    @extend_schema(
        operation_id="tickets_issue",
        request=TicketInput,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description=_(
                    "本次取号的唯一标识（如 UUID，最长64个字符）；网络重试时使用同一个值，不会多取号。"
                ),
            )
        ],
        responses={
            201: TicketOutput,
            200: OpenApiResponse(TicketOutput, description=_("同一 Idempotency-Key 的重试：返回原来的号")),
        },
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not IDEMPOTENCY_KEY.match(key):
            raise exceptions.ValidationError(
                {
                    IDEMPOTENCY_HEADER: [
                        gettext(
                            "请在请求头 Idempotency-Key 中提供本次取号的唯一标识"
                            "（最长64个字符的字母、数字或 ._:-），重试时使用同一个值。"
                        )
                    ]
                }
            )
        data = TicketInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        queue = self._queue(values)
        item = self._item(values)
        moment = timezone.now()
        ticket = services.ticket_issue(
            queue=queue,
            device=self.device,
            item=item,
            id_number=values.get("id_number", ""),
            phone=values.get("phone", ""),
            green_reason=values.get("green_reason", ""),
            appointment=values["appointment"],
            idempotency_key=key,
            now=moment,
        )
        created = ticket.issued_at == moment
        output = TicketOutput(ticket, context={"request": request}).data
        return Response(output, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _queue(self, values: dict[str, Any]) -> Queue:
        centre = self.device.centre
        if values.get("queue") is not None:
            queue = kiosk_selectors.kiosk_queue(centre=centre, queue_id=values["queue"])
            if queue is None:
                raise exceptions.ValidationError(
                    {"queue": [gettext("本中心没有这个业务队列，或该队列已停用。")]}
                )
            return queue
        queues = kiosk_selectors.queues_for_item(centre=centre, item_id=values["item"])
        if not queues:
            raise exceptions.ValidationError(
                {"item": [gettext("本中心没有办理该事项的取号队列，请到咨询台咨询。")]}
            )
        return queues[0]

    def _item(self, values: dict[str, Any]) -> ServiceItem | None:
        if values.get("item") is None:
            return None
        version = kiosk_selectors.kiosk_item(centre=self.device.centre, item_id=values["item"])
        if version is None:
            raise exceptions.ValidationError({"item": [gettext("未找到该事项，或该事项尚未发布。")]})
        return version.item


class EscposRenderer(BaseRenderer):
    media_type = "application/octet-stream"
    format = "escpos"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)


class TicketEscposApi(KioskApi):
    """The ticket as ESC/POS bytes for the kiosk's thermal printer (80 mm, GB18030 text, native QR)."""

    renderer_classes = [JSONRenderer, EscposRenderer]

    @extend_schema(
        operation_id="tickets_escpos",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request, ticket_id: int) -> HttpResponse:
        ticket = (
            Ticket.objects.select_related("centre", "queue")
            .filter(pk=ticket_id, centre_id=self.device.centre_id)
            .first()
        )
        if ticket is None:
            raise exceptions.NotFound(gettext("未找到该排队号。"))
        position_url = request.build_absolute_uri(reverse("queueing:position", args=[ticket.public_code]))
        payload = escpos_bytes(ticket_slip(ticket, position_url=position_url))
        response = HttpResponse(payload, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{ticket.number}.bin"'
        return response


class QueueOverviewOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="queue.id")
    prefix = serializers.CharField(source="queue.prefix")
    name = serializers.CharField(source="queue.name")
    waiting = serializers.IntegerField(help_text=_("正在等候的人数"))
    remaining = serializers.IntegerField(allow_null=True, help_text=_("现在还可取的号数；null 表示不限"))


class KioskQueuesApi(KioskApi):
    """The kiosk centre's queues with people waiting and numbers left."""

    @extend_schema(operation_id="kiosks_queues", responses=QueueOverviewOutput(many=True))
    def get(self, request: Request) -> Response:
        overviews = kiosk_selectors.kiosk_queues(centre=self.device.centre)
        return Response(QueueOverviewOutput(overviews, many=True).data)


class CardReadInput(serializers.Serializer[Any]):
    id_number = serializers.CharField(max_length=32, help_text=_("读卡器读到的居民身份证号码"))


class CardReadOutput(serializers.Serializer[Any]):
    id_number_masked = serializers.CharField()
    expires_in = serializers.IntegerField(help_text=_("秒；取号机页面在此之前取走"))


class CardReadApi(KioskApi):
    """The kiosk's ID-card reader hands over a read; the kiosk page fills it in within a second."""

    @extend_schema(
        operation_id="kiosks_card_reads",
        request=CardReadInput,
        responses={201: CardReadOutput},
    )
    def post(self, request: Request) -> Response:
        data = CardReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        number = card_read_store(device=self.device, id_number=data.validated_data["id_number"])
        return Response(
            {"id_number_masked": mask_id_number(number), "expires_in": CARD_READ_SECONDS},
            status=status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("tickets", TicketIssueApi.as_view(), name="tickets"),
    path("tickets/<id:ticket_id>/escpos", TicketEscposApi.as_view(), name="ticket-escpos"),
    path("kiosks/queues", KioskQueuesApi.as_view(), name="kiosk-queues"),
    path("kiosks/card-reads", CardReadApi.as_view(), name="kiosk-card-reads"),
]
