"""The hall queue (排队叫号): queues, which windows serve them, devices, tickets and what happened to them.

Ticket and window histories are append-only event rows; the board feed is an append-only
list of hall events whose ids are the boards' resume points.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.models import AppendOnlyModel
from govhall.org.models import Centre, Department, StaffProfile, Window

prefix_validator = RegexValidator(r"^[A-Z]{1,2}$", _("队列字母须为1至2个大写英文字母，如 A、B、GA。"))
device_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$", _("设备编码只能由小写字母、数字和连字符组成。")
)


class Queue(models.Model):
    """A business queue (业务队列) with its letter, scope, quotas and limits."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("所在中心"), on_delete=models.PROTECT, related_name="queues"
    )
    name = models.CharField(_("队列名称"), max_length=50)
    prefix = models.CharField(_("号码字母"), max_length=2, validators=[prefix_validator])
    departments = models.ManyToManyField(
        Department, verbose_name=_("服务部门"), blank=True, related_name="queues"
    )
    items = models.ManyToManyField(ServiceItem, verbose_name=_("服务事项"), blank=True, related_name="queues")
    daily_quota = models.PositiveIntegerField(
        _("每日取号上限"), null=True, blank=True, help_text=_("留空表示不限。")
    )
    morning_quota = models.PositiveIntegerField(_("上午取号上限"), null=True, blank=True)
    afternoon_quota = models.PositiveIntegerField(_("下午取号上限"), null=True, blank=True)
    long_wait_minutes = models.PositiveSmallIntegerField(
        _("超长等候阈值（分钟）"), default=20, validators=[MinValueValidator(1)]
    )
    max_recalls = models.PositiveSmallIntegerField(_("重呼次数上限"), default=2)
    priority_ratio = models.PositiveSmallIntegerField(
        _("连续优先叫号上限"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("连续叫了这么多个优先号后，下一个先叫普通号，避免普通号一直等不到。"),
    )
    default_service_minutes = models.PositiveSmallIntegerField(
        _("默认办理时长（分钟）"),
        default=8,
        validators=[MinValueValidator(1)],
        help_text=_("尚无近期办理记录时用于估算等候时间。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("业务队列")
        verbose_name_plural = _("业务队列")
        ordering = ["centre", "sort_order", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "prefix"], name="queueing_queue_prefix_unique"),
            models.UniqueConstraint(fields=["centre", "name"], name="queueing_queue_name_unique"),
        ]
        permissions = [
            ("call_ticket", _("窗口叫号")),
            ("force_sign_out", _("强制签退窗口")),
            ("grant_green_channel", _("为群众开通绿色通道")),
            ("monitor_hall", _("大厅监控")),
            ("view_queue_statistics", _("查看排队统计")),
            ("view_call_reason", _("查看叫号依据")),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"

    def clean(self) -> None:
        for field in ("morning_quota", "afternoon_quota"):
            part = getattr(self, field)
            if self.daily_quota is not None and part is not None and part > self.daily_quota:
                raise ValidationError({field: _("时段取号上限不能超过每日取号上限。")})


class WindowQueue(models.Model):
    """A window serving a queue (窗口服务队列), with its weight for that queue."""

    window = models.ForeignKey(
        Window, verbose_name=_("窗口"), on_delete=models.CASCADE, related_name="queue_links"
    )
    queue = models.ForeignKey(
        Queue, verbose_name=_("队列"), on_delete=models.CASCADE, related_name="window_links"
    )
    weight = models.PositiveSmallIntegerField(
        _("权重"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1至10；权重越大，本窗口越优先叫这个队列的号。"),
    )

    class Meta:
        verbose_name = _("窗口服务队列")
        verbose_name_plural = _("窗口服务队列")
        constraints = [
            models.UniqueConstraint(fields=["window", "queue"], name="queueing_window_queue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window} ← {self.queue}"

    def clean(self) -> None:
        if self.window_id and self.queue_id and self.window.centre_id != self.queue.centre_id:
            raise ValidationError(_("窗口和队列必须属于同一个中心。"))


class DeviceKind(models.TextChoices):
    KIOSK = "kiosk", _("取号机")
    HALL_BOARD = "hall_board", _("大厅综合屏")
    WINDOW_SCREEN = "window_screen", _("窗口屏")
    EVALUATOR_PAD = "evaluator_pad", _("评价器")


WINDOW_DEVICE_KINDS = frozenset({DeviceKind.WINDOW_SCREEN, DeviceKind.EVALUATOR_PAD})


class Device(models.Model):
    """A hall terminal (终端设备) with its own API credential; only the token's hash is kept."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("所在中心"), on_delete=models.PROTECT, related_name="devices"
    )
    kind = models.CharField(_("设备类型"), max_length=16, choices=DeviceKind.choices)
    code = models.CharField(_("设备编码"), max_length=40, unique=True, validators=[device_code_validator])
    name = models.CharField(_("设备名称"), max_length=100)
    window = models.ForeignKey(
        Window,
        verbose_name=_("所属窗口"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        help_text=_("窗口屏和评价器必须指定窗口。"),
    )
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    voice_enabled = models.BooleanField(_("语音播报"), default=True)
    voice_volume = models.PositiveSmallIntegerField(
        _("音量"), default=80, validators=[MaxValueValidator(100)], help_text=_("0至100。")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    last_seen_at = models.DateTimeField(_("最近在线"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("终端设备")
        verbose_name_plural = _("终端设备")
        ordering = ["centre", "kind", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_authenticated(self) -> bool:
        """A device acts with its own token (an actor of the queue's workflow, holding no
        person's permissions)."""
        return True

    def clean(self) -> None:
        if self.kind in WINDOW_DEVICE_KINDS and self.window_id is None:
            raise ValidationError({"window": _("窗口屏和评价器必须指定所属窗口。")})
        if self.window is not None and self.centre_id and self.window.centre_id != self.centre_id:
            raise ValidationError({"window": _("窗口必须属于设备所在的中心。")})


class Priority(models.TextChoices):
    """Why a ticket is called before others; the rank orders calling (smaller first)."""

    TRANSFER = "transfer", _("转移件")
    GREEN = "green", _("绿色通道")
    APPOINTMENT = "appointment", _("预约")
    ORDINARY = "ordinary", _("普通")

    @property
    def rank(self) -> int:
        return list(Priority).index(self)


class GreenChannelReason(models.TextChoices):
    ELDERLY = "elderly", _("70岁以上老年人")
    DISABLED = "disabled", _("残疾人")
    MILITARY = "military", _("军人")
    PREGNANT = "pregnant", _("孕妇")


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    SERVING = "serving", _("办理中")
    HELD = "held", _("挂起")
    DONE = "done", _("已办结")
    NO_SHOW = "no_show", _("过号")
    EXPIRED = "expired", _("已作废")


ACTIVE_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD)
AT_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)
"""A ticket in one of these is its window's current ticket."""


class Ticket(models.Model):
    """A queue number (排队号) for one day. Only the ID number's keyed hash and masked form are kept;
    the phone left for the SMS reminder is stored encrypted (``phone_sealed``) and masked."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("中心"), on_delete=models.PROTECT, related_name="tickets"
    )
    queue = models.ForeignKey(Queue, verbose_name=_("队列"), on_delete=models.PROTECT, related_name="tickets")
    service_date = models.DateField(_("取号日期"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("排队号"), max_length=12)
    status = models.CharField(
        _("状态"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    priority = models.CharField(
        _("优先类别"), max_length=12, choices=Priority.choices, default=Priority.ORDINARY
    )
    priority_rank = models.PositiveSmallIntegerField(_("优先次序"), default=Priority.ORDINARY.rank)
    green_reason = models.CharField(
        _("绿色通道原因"), max_length=10, choices=GreenChannelReason.choices, blank=True
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    id_number_hash = models.CharField(_("证件号摘要"), max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(_("证件号（脱敏）"), max_length=20, blank=True)
    phone_sealed = models.TextField(_("手机号（加密）"), blank=True, editable=False)
    phone_masked = models.CharField(_("手机号（脱敏）"), max_length=20, blank=True)
    public_code = models.CharField(_("查询码"), max_length=24, unique=True, editable=False)
    issued_at = models.DateTimeField(_("取号时间"), default=timezone.now)
    queued_seconds = models.PositiveIntegerField(
        _("入队时刻"), help_text=_("当日零点起的秒数；过号重排或转移后更新。")
    )
    issued_by_device = models.ForeignKey(
        Device, verbose_name=_("取号设备"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代取号人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=64, blank=True, editable=False)
    people_ahead_at_issue = models.PositiveIntegerField(_("取号时前面人数"), default=0)
    estimated_wait_minutes = models.PositiveIntegerField(_("取号时预计等候（分钟）"), default=0)
    target_window = models.ForeignKey(
        Window,
        verbose_name=_("指定窗口"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("转移到某个窗口时，只由该窗口叫号。"),
    )
    window = models.ForeignKey(
        Window, verbose_name=_("办理窗口"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    clerk = models.ForeignKey(
        StaffProfile,
        verbose_name=_("办理人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_called_at = models.DateTimeField(_("首次叫号时间"), null=True, blank=True)
    called_at = models.DateTimeField(_("最近叫号时间"), null=True, blank=True)
    service_started_at = models.DateTimeField(_("开始办理时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    recall_count = models.PositiveSmallIntegerField(_("重呼次数"), default=0)
    transfer_count = models.PositiveSmallIntegerField(_("转移次数"), default=0)
    no_show_count = models.PositiveSmallIntegerField(_("过号次数"), default=0)
    near_front_notified_at = models.DateTimeField(_("临近提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["-service_date", "queue", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "service_date", "number"], name="queueing_ticket_number_unique"
            ),
            models.UniqueConstraint(
                fields=["queue", "service_date", "id_number_hash"],
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(id_number_hash=""),
                name="queueing_ticket_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["issued_by_device", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="queueing_ticket_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["service_date", "queue", "status", "priority_rank", "queued_seconds"],
                name="queueing_ticket_calling_idx",
            ),
            models.Index(fields=["centre", "service_date", "status"], name="queueing_ticket_centre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.service_date:%Y-%m-%d}）"


class TicketAction(models.TextChoices):
    ISSUED = "issued", _("取号")
    CALLED = "called", _("叫号")
    RECALLED = "recalled", _("重呼")
    STARTED = "started", _("开始办理")
    FINISHED = "finished", _("办结")
    SKIPPED = "skipped", _("过号")
    RETURNED = "returned", _("过号重排")
    TRANSFERRED = "transferred", _("转移")
    HELD = "held", _("挂起")
    RESUMED = "resumed", _("恢复叫号")
    RATED = "rated", _("评价")
    EXPIRED = "expired", _("作废")


class TicketEvent(AppendOnlyModel):
    """One thing that happened to a ticket, with who, where, when and why (append-only)."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("排队号"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=12, choices=TicketAction.choices)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    device = models.ForeignKey(
        Device, verbose_name=_("设备"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window = models.ForeignKey(
        Window, verbose_name=_("窗口"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    queue = models.ForeignKey(Queue, verbose_name=_("队列"), on_delete=models.PROTECT, related_name="+")
    reason = models.JSONField(_("依据"), default=dict, blank=True)
    explanation = models.CharField(_("说明"), max_length=300, blank=True)
    comment = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("排队号事件")
        verbose_name_plural = _("排队号事件")
        ordering = ["occurred_at", "id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_action_display()}"


class WindowSession(models.Model):
    """A clerk signed in to a window (窗口签到); one open session per window and per clerk."""

    window = models.ForeignKey(
        Window, verbose_name=_("窗口"), on_delete=models.PROTECT, related_name="sessions"
    )
    clerk = models.ForeignKey(
        StaffProfile, verbose_name=_("工作人员"), on_delete=models.PROTECT, related_name="window_sessions"
    )
    signed_in_at = models.DateTimeField(_("签到时间"), default=timezone.now)
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    pause_reason = models.CharField(_("暂停原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("窗口签到")
        verbose_name_plural = _("窗口签到")
        ordering = ["-signed_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(signed_out_at__isnull=True),
                name="queueing_one_clerk_per_window",
            ),
            models.UniqueConstraint(
                fields=["clerk"],
                condition=Q(signed_out_at__isnull=True),
                name="queueing_one_window_per_clerk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.clerk}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class WindowAction(models.TextChoices):
    SIGNED_IN = "signed_in", _("签到")
    SIGNED_OUT = "signed_out", _("签退")
    PAUSED = "paused", _("暂停服务")
    RESUMED = "resumed", _("恢复服务")
    FORCED_OUT = "forced_out", _("强制签退")


class WindowEvent(AppendOnlyModel):
    """Sign-in, sign-out, pause, resume and forced sign-out of a window (append-only); ``actor`` is
    who did it (the duty chief for a forced sign-out), ``clerk`` whose session it was."""

    window = models.ForeignKey(Window, verbose_name=_("窗口"), on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(
        StaffProfile, verbose_name=_("工作人员"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=12, choices=WindowAction.choices)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("窗口事件")
        verbose_name_plural = _("窗口事件")
        ordering = ["occurred_at", "id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.window} {self.get_action_display()}"


class HallEventKind(models.TextChoices):
    CALL = "call", _("叫号")
    CHANGE = "change", _("状态变化")


class HallEvent(AppendOnlyModel):
    """The boards' feed: each call and each change a board must show. Boards resume from an id."""

    centre = models.ForeignKey(Centre, verbose_name=_("中心"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=8, choices=HallEventKind.choices)
    window = models.ForeignKey(
        Window, verbose_name=_("窗口"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(_("内容"), default=dict)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("大厅屏幕事件")
        verbose_name_plural = _("大厅屏幕事件")
        ordering = ["id"]
        default_permissions = ()
        indexes = [models.Index(fields=["centre", "id"], name="queueing_hallevent_feed_idx")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.kind} {self.id}"
