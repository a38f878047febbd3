"""Platform records that every domain app shares: the audit trail, number counters and the
generations of cached answers."""

from __future__ import annotations

import string
from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


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


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One state change: who did what to which object, when, from where, before and after.

    Written by ``govhall.core.audit.audit_record`` in the same transaction as the change. The
    application never updates or deletes a row; on PostgreSQL a trigger refuses it as well.
    """

    occurred_at = models.DateTimeField(_("发生时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, null=True, blank=True
    )
    target_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    origin_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    origin = models.CharField(_("来源"), max_length=300, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")


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
