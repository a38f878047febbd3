"""The hall's organisation: centres, stationed departments, windows, staff and window posts."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from govhall.core.personal_data import validate_phone

code_validator = RegexValidator(r"^[A-Za-z0-9_-]+$", _("编码只能包含字母、数字、下划线和连字符。"))


def _phone_validator(value: str) -> None:
    validate_phone(value)


class CentreLevel(models.TextChoices):
    """行使层级 (GB/T 39046), from the province down to the village."""

    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县（区）级")
    TOWN = "town", _("乡镇（街道）级")
    VILLAGE = "village", _("村（社区）级")

    @property
    def depth(self) -> int:
        return list(CentreLevel).index(self)


class Centre(models.Model):
    """A 政务服务中心 (or 便民服务中心 at town level); centres form a tree."""

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("中心编码"), max_length=32, unique=True, validators=[code_validator])
    level = models.CharField(_("层级"), max_length=10, choices=CentreLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级中心"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    consultation_phone = models.CharField(
        _("咨询电话"), max_length=20, blank=True, validators=[_phone_validator]
    )
    complaint_phone = models.CharField(
        _("监督投诉电话"), max_length=20, blank=True, validators=[_phone_validator]
    )
    fee_payee = models.CharField(
        _("收款单位"),
        max_length=100,
        blank=True,
        help_text=_("缴费通知单上的收款人，通常为本级财政非税收入汇缴结算户。"),
    )
    fee_account = models.CharField(_("收款账号"), max_length=40, blank=True)
    fee_bank = models.CharField(_("开户银行"), max_length=100, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("政务服务中心")
        verbose_name_plural = _("政务服务中心")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent is None:
            return
        if CentreLevel(self.parent.level).depth >= CentreLevel(self.level).depth:
            raise ValidationError({"parent": _("上级中心的层级必须高于本中心。")})
        ancestor: Centre | None = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("不能把本中心或其下级中心设为上级中心。")})
            ancestor = ancestor.parent


class OpeningHours(models.Model):
    """作息时间: a centre's hours from a day of the year on (e.g. 夏季作息 from 5月1日)."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("中心"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    name = models.CharField(_("名称"), max_length=50, help_text=_("如：冬季作息、夏季作息"))
    from_month = models.PositiveSmallIntegerField(_("起始月"))
    from_day = models.PositiveSmallIntegerField(_("起始日"))
    morning_start = models.TimeField(_("上午上班"))
    morning_end = models.TimeField(_("上午下班"))
    afternoon_start = models.TimeField(_("下午上班"))
    afternoon_end = models.TimeField(_("下午下班"))

    class Meta:
        verbose_name = _("作息时间")
        verbose_name_plural = _("作息时间")
        ordering = ["centre", "from_month", "from_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "from_month", "from_day"], name="org_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.from_month}月{self.from_day}日起）"

    def clean(self) -> None:
        try:
            date(2027, self.from_month, self.from_day)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"from_day": _("起始日期无效（不能使用2月29日）。")}) from exc
        times = [self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end]
        if None not in times and not (times[0] < times[1] <= times[2] < times[3]):
            raise ValidationError(_("作息时间应依次为：上午上班 < 上午下班 ≤ 下午上班 < 下午下班。"))

    @property
    def starts(self) -> tuple[int, int]:
        return (self.from_month, self.from_day)

    def is_open_at(self, moment: time) -> bool:
        return (
            self.morning_start <= moment < self.morning_end
            or self.afternoon_start <= moment < self.afternoon_end
        )


class CalendarAdjustmentKind(models.TextChoices):
    CLOSED = "closed", _("停止办公")
    WORKING = "working", _("增加工作日")


class CalendarAdjustment(models.Model):
    """A centre's own change to the national calendar; its sub-centres inherit it."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("中心"), on_delete=models.CASCADE, related_name="calendar_adjustments"
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=CalendarAdjustmentKind.choices)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["centre", "date"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "date"], name="org_calendar_adjustment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}：{self.reason}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("请填写调整原因。")})


class DepartmentNature(models.TextChoices):
    """实施主体性质 (GB/T 39046)."""

    STATUTORY = "1", _("法定机关")
    AUTHORISED = "2", _("授权组织")
    ENTRUSTED = "3", _("受委托组织")
    OTHER = "9", _("其他")


class Department(models.Model):
    """A department stationed in a centre (进驻部门)."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("所在中心"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("部门名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    code = models.CharField(_("部门编码"), max_length=32, validators=[code_validator])
    nature = models.CharField(
        _("实施主体性质"), max_length=1, choices=DepartmentNature.choices, default=DepartmentNature.STATUTORY
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("进驻部门")
        verbose_name_plural = _("进驻部门")
        ordering = ["centre", "code"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "code"], name="org_department_code_unique"),
            models.UniqueConstraint(fields=["centre", "name"], name="org_department_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class WindowKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合窗口")
    SPECIALISED = "specialised", _("专业窗口")
    FALLBACK = "fallback", _("兜底窗口")
    AGENCY = "agency", _("代办窗口")
    CONSULTATION = "consultation", _("咨询窗口")
    CASHIER = "cashier", _("收费窗口")


class Window(models.Model):
    """A service window of the hall (窗口)."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("所在中心"), on_delete=models.PROTECT, related_name="windows"
    )
    number = models.CharField(_("窗口号"), max_length=10, validators=[code_validator])
    name = models.CharField(_("窗口名称"), max_length=100)
    floor = models.CharField(_("楼层"), max_length=20, blank=True)
    zone = models.CharField(_("区域"), max_length=50, blank=True)
    kind = models.CharField(_("窗口类型"), max_length=16, choices=WindowKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="windows",
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["centre", Length("number"), "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="org_window_number_unique")]

    def __str__(self) -> str:
        return _("%(number)s号窗口（%(name)s）") % {"number": self.number, "name": self.name}

    def clean(self) -> None:
        if self.kind == WindowKind.SPECIALISED and self.department_id is None:
            raise ValidationError({"department": _("专业窗口必须指定所属部门。")})
        if self.department is not None and self.centre_id and self.department.centre_id != self.centre_id:
            raise ValidationError({"department": _("所属部门必须进驻在本窗口所在的中心。")})


class StaffProfile(models.Model):
    """A person working in the hall: a Django user plus where they belong."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="staff"
    )
    name = models.CharField(_("姓名"), max_length=50)
    staff_number = models.CharField(_("工号"), max_length=20, unique=True, validators=[code_validator])
    centre = models.ForeignKey(
        Centre, verbose_name=_("所在中心"), on_delete=models.PROTECT, related_name="staff"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("派驻部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("中心管理人员不属于进驻部门时留空。"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[_phone_validator])
    photo = models.ImageField(_("照片"), upload_to="staff/", blank=True)
    is_chief_representative = models.BooleanField(_("首席代表"), default=False)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["centre", "staff_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_chief_representative=False) | models.Q(department__isnull=False),
                name="org_chief_representative_has_department",
                violation_error_message=_("首席代表必须属于一个进驻部门。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_number}）"

    def clean(self) -> None:
        if self.department is not None and self.centre_id and self.department.centre_id != self.centre_id:
            raise ValidationError({"department": _("派驻部门必须进驻在该工作人员所在的中心。")})


class Post(models.Model):
    """A window post held by an A staff member with a B backup (A/B岗): never left empty."""

    window = models.ForeignKey(Window, verbose_name=_("窗口"), on_delete=models.PROTECT, related_name="posts")
    name = models.CharField(_("岗位名称"), max_length=100)
    a_staff = models.ForeignKey(
        StaffProfile, verbose_name=_("A岗"), on_delete=models.PROTECT, related_name="posts_as_a"
    )
    b_staff = models.ForeignKey(
        StaffProfile, verbose_name=_("B岗"), on_delete=models.PROTECT, related_name="posts_as_b"
    )

    class Meta:
        verbose_name = _("窗口岗位（A/B岗）")
        verbose_name_plural = _("窗口岗位（A/B岗）")
        ordering = ["window", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(a_staff=models.F("b_staff")),
                name="org_post_a_differs_from_b",
                violation_error_message=_("A岗和B岗不能是同一人。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window.number} {self.name}"

    def clean(self) -> None:
        if not (self.window_id and self.a_staff_id and self.b_staff_id):
            return
        for field, staff in (("a_staff", self.a_staff), ("b_staff", self.b_staff)):
            if staff.centre_id != self.window.centre_id:
                raise ValidationError({field: _("岗位人员必须在本窗口所在的中心工作。")})
            if self.window.department_id is not None and staff.department_id != self.window.department_id:
                raise ValidationError({field: _("岗位人员必须属于本窗口的所属部门。")})


def opening_hours_for(rows: list[OpeningHours], on: date) -> OpeningHours | None:
    """The row in force on ``on``: the latest start on or before it, wrapping round the year."""
    if not rows:
        return None
    ordered = sorted(rows, key=lambda row: row.starts)
    current = ordered[-1]
    for row in ordered:
        if row.starts <= (on.month, on.day):
            current = row
    return current
