"""The service item catalogue (事项实施清单, GB/T 39046 表4) with versions.

A :class:`ServiceItem` is the lasting identity of an item at a centre (its 实施编码). Everything
the public and a case read lives on an :class:`ItemVersion`: draft → submitted → published →
superseded. A published version is never edited; a revision is a new draft version, and a case
keeps a reference to the exact version it was accepted under.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.working_days import TimeUnit
from govhall.org.models import Centre, CentreLevel, Department, Window
from govhall.org.roles import Role

code_validator = RegexValidator(r"^[A-Za-z0-9_.-]+$", _("编码只能包含字母、数字、点、下划线和连字符。"))


class ItemType(models.TextChoices):
    """事项类型 (GB/T 39046 national codes)."""

    LICENSING = "01", _("行政许可")
    PENALTY = "02", _("行政处罚")
    ENFORCEMENT = "03", _("行政强制")
    LEVY = "04", _("行政征收")
    BENEFIT = "05", _("行政给付")
    INSPECTION = "06", _("行政检查")
    CONFIRMATION = "07", _("行政确认")
    REWARD = "08", _("行政奖励")
    RULING = "09", _("行政裁决")
    OTHER = "10", _("其他类别")
    PUBLIC_SERVICE = "20", _("公共服务")


class ServiceObject(models.TextChoices):
    """服务对象."""

    NATURAL_PERSON = "1", _("自然人")
    ENTERPRISE = "2", _("企业法人")
    INSTITUTION = "3", _("事业法人")
    SOCIAL_ORGANISATION = "4", _("社会组织法人")
    GOVERNMENT = "5", _("行政机关")
    OTHER = "6", _("其他组织")


class HandlingForm(models.TextChoices):
    """办理形式."""

    WINDOW = "1", _("窗口办理")
    ONLINE_PC = "2", _("网上办理（电脑端）")
    ONLINE_MOBILE = "3", _("网上办理（移动端）")
    POST = "4", _("快递申请")
    OTHER = "9", _("其他")


class CaseKind(models.TextChoices):
    """办件类型: the national 即办/承诺 plus the hall's 联办 and 上报."""

    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")
    JOINT = "joint", _("联办件")
    ESCALATED = "escalated", _("上报件")

    @property
    def national_code(self) -> str:
        """GB/T 39046 办件类型: 1 即办件, 2 承诺件 (联办 and 上报 are promised cases nationally)."""
        return "1" if self is CaseKind.IMMEDIATE else "2"


class OnlineDepth(models.TextChoices):
    """网办深度."""

    LEVEL_1 = "1", _("Ⅰ级（信息公开、办事指南）")
    LEVEL_2 = "2", _("Ⅱ级（表格下载、在线预约）")
    LEVEL_3 = "3", _("Ⅲ级（网上受理、预审，到现场核验）")
    LEVEL_4 = "4", _("Ⅳ级（全程网办）")


class ServiceScope(models.TextChoices):
    """通办范围."""

    NONE = "", _("不通办")
    NATIONAL = "national", _("全国通办")
    CROSS_PROVINCE = "province", _("跨省通办")
    CROSS_CITY = "city", _("跨市通办")
    CROSS_COUNTY = "county", _("跨县通办")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")


class Audience(models.TextChoices):
    PERSON = "person", _("个人办事")
    ORGANISATION = "organisation", _("法人办事")


class LifeEvent(models.Model):
    """A theme people look for (生育, 就业, 开办企业 …) for browsing the guide."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("主题名称"), max_length=50)
    audience = models.CharField(_("面向"), max_length=12, choices=Audience.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("办事主题")
        verbose_name_plural = _("办事主题")
        ordering = ["audience", "order", "code"]

    def __str__(self) -> str:
        return self.name


class ProcessTemplate(models.Model):
    """A reusable process (受理 → 审查 → 核准 → 办结 → 送达 …) an item starts from."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("流程名称"), max_length=100)
    case_kind = models.CharField(_("适用办件类型"), max_length=12, choices=CaseKind.choices)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("流程模板")
        verbose_name_plural = _("流程模板")
        ordering = ["case_kind", "code"]

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    """What a step does to a case; the case workflow acts on the kind, the name is free text."""

    ACCEPT = "accept", _("受理")
    REVIEW = "review", _("审查")
    JOINT_REVIEW = "joint_review", _("并联审查")
    DECIDE = "decide", _("核准（作出决定）")
    FORWARD = "forward", _("上报")
    COMPLETE = "complete", _("办结")
    DELIVER = "deliver", _("送达")


class StepBase(models.Model):
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节名称"), max_length=50)
    kind = models.CharField(_("环节类型"), max_length=16, choices=StepKind.choices, default=StepKind.REVIEW)
    role = models.CharField(_("办理角色"), max_length=32, choices=Role.choices)
    budget_days = models.PositiveSmallIntegerField(
        _("环节时限（天）"),
        default=0,
        help_text=_("按事项承诺时限的单位（工作日或自然日）计算，各环节之和不超过承诺办结时限。"),
    )

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ProcessTemplateStep(StepBase):
    template = models.ForeignKey(
        ProcessTemplate, verbose_name=_("流程模板"), on_delete=models.CASCADE, related_name="steps"
    )

    class Meta(StepBase.Meta):
        verbose_name = _("模板环节")
        verbose_name_plural = _("模板环节")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="catalog_template_step_order")
        ]


class Material(models.Model):
    """A material applicants hand in, kept in a centre's library and reused across items."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("中心"), on_delete=models.PROTECT, related_name="materials"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    issuing_body = models.CharField(_("出具单位（来源渠道）"), max_length=100, blank=True)
    blank_form = models.FileField(_("空白表格"), upload_to="catalog/forms/", blank=True)
    sample = models.FileField(_("填写样本"), upload_to="catalog/samples/", blank=True)
    acceptance_standard = models.TextField(_("受理标准"), blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["centre", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name", "issuing_body"], name="catalog_material_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.issuing_body}）" if self.issuing_body else self.name


class ServiceItem(models.Model):
    """The lasting identity of an item at a centre; its content lives on versions."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("实施中心"), on_delete=models.PROTECT, related_name="service_items"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="service_items"
    )
    implementation_code = models.CharField(_("实施编码"), max_length=64, validators=[code_validator])
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["centre", "implementation_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "implementation_code"],
                name="catalog_item_code_unique",
                violation_error_message=_("本中心已有相同实施编码的事项。"),
            ),
        ]

    def __str__(self) -> str:
        return self.implementation_code


class ItemVersion(models.Model):
    """One version of an item's implementation list; what guides show and cases keep."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField(_("版本号"))
    state = models.CharField(
        _("状态"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )

    name = models.CharField(_("事项名称"), max_length=200)
    basic_code = models.CharField(_("基本编码"), max_length=10, blank=True, validators=[code_validator])
    item_type = models.CharField(_("事项类型"), max_length=2, choices=ItemType.choices)
    service_objects = models.JSONField(_("服务对象"), default=list)
    handling_forms = models.JSONField(_("办理形式"), default=list)
    case_kind = models.CharField(_("办件类型"), max_length=12, choices=CaseKind.choices)
    joint_departments = models.ManyToManyField(
        Department, verbose_name=_("共同实施部门（联办部门）"), blank=True, related_name="joint_item_versions"
    )
    escalation_level = models.CharField(
        _("上报层级"),
        max_length=10,
        choices=CentreLevel.choices,
        blank=True,
        help_text=_("上报件：报送的上级层级。"),
    )
    escalation_body = models.CharField(_("上报机关"), max_length=100, blank=True)

    legal_limit = models.PositiveSmallIntegerField(_("法定办结时限"), validators=[MaxValueValidator(3650)])
    legal_limit_unit = models.CharField(
        _("法定时限单位"), max_length=8, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    legal_limit_note = models.CharField(_("法定时限说明"), max_length=500, blank=True)
    promised_limit = models.PositiveSmallIntegerField(_("承诺办结时限"), validators=[MaxValueValidator(3650)])
    promised_limit_unit = models.CharField(
        _("承诺时限单位"), max_length=8, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    promised_limit_note = models.CharField(_("承诺时限说明"), max_length=500, blank=True)

    legal_basis = models.TextField(_("设定依据"))
    conditions = models.TextField(_("受理条件"), blank=True)
    process_description = models.TextField(_("办理流程"), blank=True)
    special_procedures = models.TextField(_("特别程序"), blank=True)
    intermediary_services = models.TextField(_("中介服务"), blank=True)
    quantity_limit = models.TextField(_("数量限制"), blank=True)
    result_name = models.CharField(_("审批结果名称"), max_length=200, blank=True)
    result_sample = models.FileField(_("审批结果样本"), upload_to="catalog/results/", blank=True)
    service_scope = models.CharField(_("通办范围"), max_length=10, choices=ServiceScope.choices, blank=True)
    location = models.CharField(_("办理地点"), max_length=300, blank=True)
    hours = models.CharField(_("办理时间"), max_length=300, blank=True)
    consultation_phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=50, blank=True)
    faq = models.TextField(_("常见问题"), blank=True)
    keywords = models.CharField(
        _("搜索关键词"), max_length=300, blank=True, help_text=_("以空格分隔，如：低保 救助")
    )

    charges_fees = models.BooleanField(_("是否收费"), default=False)
    chief_may_review_and_approve = models.BooleanField(
        _("首席代表可一人审查并核准"),
        default=False,
        help_text=_("默认一审一核：审查人和核准人须为不同的人。勾选后首席代表可对同一办件既审查又核准。"),
    )
    supports_appointment = models.BooleanField(_("是否支持预约"), default=False)
    supports_online_payment = models.BooleanField(_("是否支持网上支付"), default=False)
    supports_delivery = models.BooleanField(_("是否支持物流快递"), default=False)
    online_handling = models.BooleanField(_("是否网办"), default=False)
    online_url = models.URLField(_("网办地址"), blank=True)
    in_hall = models.BooleanField(_("是否进驻大厅"), default=True)
    visits = models.PositiveSmallIntegerField(
        _("到办事现场次数"), default=1, validators=[MaxValueValidator(9)]
    )
    visits_reason = models.CharField(_("必须现场办理原因"), max_length=300, blank=True)
    online_depth = models.CharField(
        _("网办深度"), max_length=1, choices=OnlineDepth.choices, default=OnlineDepth.LEVEL_1
    )

    life_events = models.ManyToManyField(
        LifeEvent, verbose_name=_("办事主题"), blank=True, related_name="item_versions"
    )
    windows = models.ManyToManyField(
        Window,
        verbose_name=_("办理窗口"),
        blank=True,
        related_name="item_versions",
        help_text=_("不选则为本部门的全部窗口。"),
    )
    process_template = models.ForeignKey(
        ProcessTemplate, verbose_name=_("流程模板"), on_delete=models.PROTECT, null=True, blank=True
    )

    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("替代时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("事项实施清单")
        verbose_name_plural = _("事项实施清单")
        ordering = ["item", "-version"]
        permissions = [("edit_item", _("编辑本部门事项")), ("publish_item", _("审核发布事项"))]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="catalog_version_unique"),
            models.UniqueConstraint(
                fields=["item"], condition=Q(state="published"), name="catalog_one_published_version"
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state__in=["draft", "submitted"]),
                name="catalog_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(case_kind="immediate", promised_limit=0) | ~Q(case_kind="immediate"),
                name="catalog_immediate_is_same_day",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "item"], name="catalog_version_state_idx"),
            models.Index(fields=["published_at"], name="catalog_version_published_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（v{self.version}，{self.get_state_display()}）"

    def clean(self) -> None:
        from govhall.catalog.rules import field_problems

        problems = field_problems(self)
        if problems:
            raise ValidationError(problems)

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT

    @property
    def compression(self) -> Decimal | None:
        """How much shorter the promised limit is than the legal one (0.3 = 30%)."""
        if not self.legal_limit or self.legal_limit_unit != self.promised_limit_unit:
            return None
        return (Decimal(self.legal_limit - self.promised_limit) / Decimal(self.legal_limit)).quantize(
            Decimal("0.01")
        )

    @property
    def compression_below_target(self) -> bool:
        """承诺时限较法定时限压缩比例原则上不低于30%: allowed, but flagged."""
        compression = self.compression
        return compression is not None and compression < Decimal("0.30")


class MaterialRequirement(models.TextChoices):
    REQUIRED = "required", _("必要")
    CONDITIONAL = "conditional", _("情形必要（容缺）")


class MaterialMedium(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    BOTH = "both", _("纸质或电子")


class ItemMaterial(models.Model):
    """A material as one item version asks for it."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE, related_name="materials"
    )
    material = models.ForeignKey(
        Material, verbose_name=_("材料"), on_delete=models.PROTECT, related_name="uses"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=0, validators=[MaxValueValidator(99)])
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0, validators=[MaxValueValidator(99)])
    requirement = models.CharField(_("是否必要"), max_length=12, choices=MaterialRequirement.choices)
    condition = models.CharField(_("适用情形"), max_length=300, blank=True)
    medium = models.CharField(
        _("材料形式"), max_length=10, choices=MaterialMedium.choices, default=MaterialMedium.PAPER
    )
    notes = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("事项材料")
        verbose_name_plural = _("事项材料")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="catalog_item_material_order"),
            models.UniqueConstraint(fields=["version", "material"], name="catalog_item_material_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.material.name}"

    def clean(self) -> None:
        if self.requirement == MaterialRequirement.CONDITIONAL and not self.condition.strip():
            raise ValidationError({"condition": _("情形必要的材料须写明适用情形。")})
        if self.medium != MaterialMedium.ELECTRONIC and not (self.originals or self.copies):
            raise ValidationError({"originals": _("纸质材料须写明原件或复印件份数。")})


class ItemFee(models.Model):
    """A fee an item charges, by a published standard."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE, related_name="fees"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("收费项目"), max_length=100)
    amount = models.DecimalField(
        _("收费金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("按件定额收费时填写；按标准计算的留空并在收费标准中说明。"),
    )
    standard = models.CharField(_("收费标准"), max_length=300)
    legal_basis = models.CharField(_("收费依据"), max_length=300)

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="catalog_item_fee_order")]

    def __str__(self) -> str:
        return self.name


class ItemStep(StepBase):
    """One step of the process a case of this item version goes through."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE, related_name="steps"
    )

    class Meta(StepBase.Meta):
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="catalog_item_step_order")]
