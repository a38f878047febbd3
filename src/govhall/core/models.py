"""Platform records that every domain app shares: the event stream (which is the audit log),
periodic job runs, number counters and the generations of cached answers."""

from __future__ import annotations

import string
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler
M = TypeVar("M", bound=models.Model)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove a history row."""


class AppendOnlyModel(models.Model):
    """A history row: written once, never changed or removed."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self._meta.label} rows are append-only")


class AppendOnlyQuerySet(models.QuerySet[M]):
    """Bulk updates and deletes are refused like single ones."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only")


class CurrentTransactionId(models.Expression):
    """The writing transaction's id: PostgreSQL's ``pg_current_xact_id()`` (an xid8, which never
    wraps, as a bigint); 0 on SQLite, where one writer at a time commits in sequence order."""

    output_field = models.BigIntegerField()
    allowed_default = True

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        return "0", []

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        return "pg_current_xact_id()::text::bigint", []


class OldestOpenTransactionId(models.Expression):
    """The transaction id below which every transaction that could write to this database has ended,
    as of the current statement's snapshot: the oldest id the snapshot still sees in progress (its
    own transaction's included), or the snapshot's xmax if none is. No row with a smaller
    transaction id can still appear.

    Ids that ``pg_stat_activity`` shows running in another database of the cluster are left out:
    they can never write here, and a long transaction elsewhere must not hold the readers back. An
    id whose database cannot be told (it ended meanwhile, or belongs to a role whose sessions this
    one may not inspect) is counted, which only delays. On SQLite every committed row is final.
    """

    output_field = models.BigIntegerField()

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        return "9223372036854775807", []

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        return OLDEST_OPEN_TRANSACTION_SQL, []


OLDEST_OPEN_TRANSACTION_SQL = """LEAST(
    (SELECT min(running::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) AS running
     WHERE running::xid NOT IN (
        SELECT backend_xid FROM pg_stat_activity
        WHERE datname <> current_database() AND backend_xid IS NOT NULL)),
    pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
    pg_current_xact_id_if_assigned()::text::bigint
)"""


class Event(AppendOnlyModel):
    """One thing that happened, in the one stream every app writes and reads (事件流).

    Written by :func:`govhall.core.events.emit` in the transaction of the change it records: the
    kind (declared by its app), the subject, who acted and under which name, a typed payload, the
    centre and department where known, and where the request came from. The audit log is this
    stream. Readers follow :func:`govhall.core.events.events_after` in (``txid``, ``id``) order.
    The application never updates or deletes a row; on PostgreSQL a trigger refuses it as well.
    """

    id = models.BigAutoField(_("序号"), primary_key=True)
    txid = models.BigIntegerField(_("事务号"), db_default=CurrentTransactionId(), editable=False)
    kind = models.CharField(_("类型"), max_length=100)
    occurred_at = models.DateTimeField(_("发生时间"), default=timezone.now, db_index=True)
    subject_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    subject_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    subject_repr = models.CharField(_("对象"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    centre_id = models.BigIntegerField(_("中心标识"), null=True, blank=True)
    department_id = models.BigIntegerField(_("部门标识"), null=True, blank=True)
    origin_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    origin = models.CharField(_("来源"), max_length=300, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)

    objects = AppendOnlyQuerySet["Event"].as_manager()

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("审计日志")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["txid", "id"], name="core_event_position_idx"),
            models.Index(fields=["kind"], name="core_event_kind_idx"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.kind} {self.subject_repr}"


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("运行中")
    OK = "ok", _("成功")
    FAILED = "failed", _("失败")


class JobRun(models.Model):
    """One run of a periodic job for one slot (定时任务运行记录). The row is inserted before the job
    runs; the unique (job, slot) pair is what lets only one scheduler node run a slot."""

    job = models.CharField(_("任务"), max_length=100)
    slot = models.DateTimeField(_("计划时间"))
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=8, choices=JobOutcome.choices, default=JobOutcome.RUNNING
    )
    summary = models.CharField(_("运行摘要"), max_length=300, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    node = models.CharField(_("执行节点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        ordering = ["-slot", "job"]
        default_permissions = ("view",)
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="core_jobrun_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class ResetPeriod(models.TextChoices):
    NEVER = "never", _("从不重置")
    YEAR = "year", _("每年重置")
    MONTH = "month", _("每月重置")
    DAY = "day", _("每日重置")

    def key(self, on: date) -> str:
        formats = {"never": "", "year": "%Y", "month": "%Y%m", "day": "%Y%m%d"}
        return on.strftime(formats[self.value])


PATTERN_FIELDS = frozenset({"scope", "date", "seq"})


def validate_number_pattern(pattern: str) -> None:
    """A pattern is ``str.format`` text over {scope}, {date:<strftime>} and {seq:<width>}."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ValidationError(_("编号规则格式错误：花括号不匹配。"), code="pattern") from exc
    unknown = sorted(names - PATTERN_FIELDS)
    if unknown:
        raise ValidationError(
            _("编号规则中有未知字段“%(name)s”，可用字段为 scope、date、seq。"),
            code="pattern",
            params={"name": unknown[0]},
        )
    if "seq" not in names:
        raise ValidationError(_("编号规则必须包含流水号字段 {seq}。"), code="pattern")
    try:
        pattern.format(scope="X", date=date(2026, 1, 1), seq=1)
    except (ValueError, TypeError) as exc:
        raise ValidationError(_("编号规则中的格式说明无效。"), code="pattern") from exc


class NumberSeries(models.Model):
    """A kind of human-readable number (排队号, 办件编号, 通知书文号 …) and how it is formatted."""

    code = models.SlugField(_("编码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    pattern = models.CharField(
        _("编号规则"),
        max_length=100,
        validators=[validate_number_pattern],
        help_text=_("可用字段：{scope} 范围，{date:%Y%m%d} 日期，{seq:04d} 流水号。"),
    )
    reset = models.CharField(_("流水号重置周期"), max_length=8, choices=ResetPeriod.choices)

    class Meta:
        verbose_name = _("编号规则")
        verbose_name_plural = _("编号规则")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class NumberCounter(models.Model):
    """The last serial issued for one series, scope and period. Only ever incremented."""

    series = models.ForeignKey(NumberSeries, verbose_name=_("编号规则"), on_delete=models.PROTECT)
    scope = models.CharField(_("范围"), max_length=64, blank=True)
    period = models.CharField(_("周期"), max_length=8, blank=True)
    last_value = models.BigIntegerField(_("当前流水号"))

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["series", "scope", "period"], name="core_number_counter_unique"),
            models.CheckConstraint(
                condition=models.Q(last_value__gte=1), name="core_number_counter_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id}/{self.scope}/{self.period}: {self.last_value}"


class CacheGeneration(models.Model):
    """The current token of one family of cached answers (``org.calendar`` …): a new token makes
    every server process rebuild them (:mod:`govhall.core.generations`)."""

    name = models.CharField(_("名称"), max_length=64, primary_key=True)
    token = models.CharField(_("版本标识"), max_length=32)

    class Meta:
        verbose_name = _("缓存版本")
        verbose_name_plural = _("缓存版本")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
