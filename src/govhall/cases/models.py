"""Cases (办件): the application, its applicant, materials, steps, clock, notices, fees and delivery.

A case's state changes only through the case machine (:data:`govhall.cases.workflow.CASE`, applied
by :func:`govhall.cases.workflow.case_move`); every change leaves a :class:`CaseEvent`. Dates are
local dates on the centre's calendar.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import CaseKind, ItemMaterial, ItemType, ItemVersion, ServiceItem, StepKind
from govhall.core import clock
from govhall.core.approvals import FourEyesApproval
from govhall.core.models import AppendOnlyModel
from govhall.core.working_days import TimeUnit
from govhall.org.models import Centre, Department, Window
from govhall.org.roles import Role

USER = settings.AUTH_USER_MODEL


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")


class Applicant(models.Model):
    """A person or organisation as it applied (申请人) or acted for one (代办人), kept with the case.

    ID numbers and phones are stored encrypted (``*_sealed``), with a keyed hash for exact lookup,
    the masked form for lists, and keyed hashes of their last six characters for public tracking.
    """

    kind = models.CharField(_("申请人类型"), max_length=12, choices=ApplicantKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=200)
    public_name = models.CharField(_("公示名称"), max_length=50, help_text=_("张*、某某公司"))
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number_sealed = models.TextField(_("证件号码（加密）"))
    id_number_hash = models.CharField(_("证件号码摘要"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("证件号码（脱敏）"), max_length=40)
    id_tail_hash = models.CharField(_("证件号码后六位摘要"), max_length=64)
    phone_sealed = models.TextField(_("联系电话（加密）"), blank=True)
    phone_hash = models.CharField(_("联系电话摘要"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("联系电话（脱敏）"), max_length=20, blank=True)
    phone_tail_hash = models.CharField(_("联系电话后六位摘要"), max_length=64, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=clock.now)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        default_permissions = ()
        permissions = [("unmask_personal_data", _("查看完整证件号码和电话（留痕）"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"


class CaseState(models.TextChoices):
    RECEIVED = "received", _("已接件")
    CORRECTION = "correction", _("待补正")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    REFERRED = "referred", _("已退回")
    HANDLING = "handling", _("办理中")
    SUSPENDED = "suspended", _("特别程序中")
    ESCALATED = "escalated", _("已上报")
    DECIDED = "decided", _("已决定")
    COMPLETED = "completed", _("已办结")
    DELIVERED = "delivered", _("已送达")
    ARCHIVED = "archived", _("已归档")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.CORRECTION,
        CaseState.HANDLING,
        CaseState.SUSPENDED,
        CaseState.ESCALATED,
        CaseState.DECIDED,
        CaseState.COMPLETED,
        CaseState.DELIVERED,
    }
)
"""States that still need someone's work (the department's work list)."""


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口")
    POST = "post", _("邮寄")
    ONLINE = "online", _("网上")
    MOBILE = "mobile", _("移动端")


class Decision(models.TextChoices):
    GRANTED = "granted", _("准予")
    REFUSED = "refused", _("不予")


class Case(models.Model):
    """One application and its handling (办件)."""

    number = models.CharField(_("办件编号"), max_length=50, unique=True)
    centre = models.ForeignKey(Centre, verbose_name=_("中心"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("主办部门"), on_delete=models.PROTECT, related_name="cases"
    )
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    item_version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.PROTECT, related_name="+"
    )
    item_name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("办件类型"), max_length=12, choices=CaseKind.choices)
    state = models.CharField(_("状态"), max_length=16, choices=CaseState.choices)
    channel = models.CharField(_("申请渠道"), max_length=8, choices=Channel.choices)
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="cases"
    )
    agent = models.ForeignKey(
        Applicant,
        verbose_name=_("代办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agent_cases",
    )
    ticket = models.ForeignKey(
        "queueing.Ticket",
        verbose_name=_("排队号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    window = models.ForeignKey(
        Window, verbose_name=_("受理窗口"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("接件日期"))
    received_at = models.DateTimeField(_("接件时间"), default=clock.now)
    received_by = models.ForeignKey(
        USER, verbose_name=_("接件人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, verbose_name=_("受理人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    limit_days = models.PositiveSmallIntegerField(_("承诺办结时限"))
    limit_unit = models.CharField(_("时限单位"), max_length=8, choices=TimeUnit.choices)
    legal_limit_days = models.PositiveSmallIntegerField(_("法定办结时限"))
    paused_days = models.PositiveSmallIntegerField(_("已暂停天数"), default=0)
    extended_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    due_on = models.DateField(_("承诺办结日期"), null=True, blank=True)
    paused_on = models.DateField(_("暂停开始日期"), null=True, blank=True)
    clock_stopped_on = models.DateField(_("计时结束日期"), null=True, blank=True)
    current_step = models.ForeignKey(
        "CaseStep",
        verbose_name=_("当前环节"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(_("审批结果"), max_length=8, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("决定人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_name = models.CharField(_("证照名称"), max_length=200, blank=True)
    result_number = models.CharField(_("证照编号"), max_length=100, blank=True)
    result_valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    result_valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    closing_reason = models.TextField(
        _("终止原因"), blank=True, help_text=_("不予受理、退回、撤回申请的理由。")
    )
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("上报来源办件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_cases",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-received_at"]
        permissions = [
            ("intake_case", _("窗口收件受理")),
            ("handle_immediate", _("办理即办件（当场受理并办结）")),
            ("handle_case", _("办理本部门办件环节")),
            ("forward_case", _("上报办件")),
            ("approve_extension", _("批准延期和特别程序")),
            ("issue_bill", _("开具缴费单")),
            ("record_payment", _("登记收费")),
            ("approve_fee_adjustment", _("批准退费和减免")),
            ("view_unassigned", _("查看无人可办的办件")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(due_on__isnull=False), name="cases_accepted_has_due"
            ),
            models.CheckConstraint(
                condition=~Q(decision="refused") | ~Q(decision_reasons=""), name="cases_refusal_has_reasons"
            ),
        ]
        indexes = [
            models.Index(
                fields=["department", "due_on", "received_at"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="cases_worklist_idx",
            ),
            models.Index(fields=["centre", "received_on"], name="cases_centre_day_idx"),
            models.Index(
                F("completed_on").desc(),
                condition=Q(completed_on__isnull=False),
                name="cases_completed_idx",
            ),
            models.Index(fields=["item", "received_on"], name="cases_item_day_idx"),
            models.Index(fields=["state", "received_on"], name="cases_state_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item_name}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class MaterialCheck(models.TextChoices):
    RECEIVED = "received", _("已收")
    MISSING = "missing", _("缺少")
    NOT_COMPLIANT = "not_compliant", _("不符合要求")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class CaseMaterial(models.Model):
    """One material of the item as the window checked it for this case."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="materials")
    item_material = models.ForeignKey(
        ItemMaterial, verbose_name=_("事项材料"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("是否必要"))
    originals_received = models.PositiveSmallIntegerField(_("收到原件份数"), default=0)
    copies_received = models.PositiveSmallIntegerField(_("收到复印件份数"), default=0)
    outcome = models.CharField(_("核验结果"), max_length=16, choices=MaterialCheck.choices)
    problem = models.CharField(_("问题说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "order"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["case", "item_material"], name="cases_material_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class StepState(models.TextChoices):
    PENDING = "pending", _("未开始")
    ACTIVE = "active", _("办理中")
    PASSED = "passed", _("通过")
    RETURNED = "returned", _("退回")
    SKIPPED = "skipped", _("未经过")


class CaseStep(models.Model):
    """One step of a case's process (办理环节), copied from the item version when it is accepted."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    round = models.PositiveSmallIntegerField(_("轮次"), default=1, help_text=_("退回后重办时加一。"))
    name = models.CharField(_("环节名称"), max_length=50)
    kind = models.CharField(_("环节类型"), max_length=16, choices=StepKind.choices)
    role = models.CharField(_("办理角色"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("办理部门"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        USER, verbose_name=_("指定办理人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget_days = models.PositiveSmallIntegerField(
        _("环节时限（天）"), default=0, help_text=_("单位同办件的承诺时限（工作日或自然日）。")
    )
    state = models.CharField(_("状态"), max_length=10, choices=StepState.choices, default=StepState.PENDING)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    due_on = models.DateField(_("环节到期日"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    handler = models.ForeignKey(
        USER, verbose_name=_("处理人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opinion = models.TextField(_("处理意见"), blank=True)

    class Meta:
        verbose_name = _("办件环节")
        verbose_name_plural = _("办件环节")
        ordering = ["case", "order", "round"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["case", "order", "round"], name="cases_step_order_round"),
        ]
        indexes = [
            models.Index(fields=["state", "department", "due_on"], name="cases_step_pool_idx"),
            models.Index(fields=["state", "assignee", "due_on"], name="cases_step_assignee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.name}"


class JointTaskState(models.TextChoices):
    ACTIVE = "active", _("审查中")
    AGREED = "agreed", _("同意")
    REFUSED = "refused", _("不同意")


class JointTask(models.Model):
    """A participating department's parallel review of a 联办件 (并联审查)."""

    case = models.ForeignKey(
        Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="joint_tasks"
    )
    step = models.ForeignKey(CaseStep, verbose_name=_("环节"), on_delete=models.CASCADE, related_name="tasks")
    department = models.ForeignKey(
        Department, verbose_name=_("参与部门"), on_delete=models.PROTECT, related_name="joint_tasks"
    )
    budget_days = models.PositiveSmallIntegerField(
        _("时限（天）"), help_text=_("单位同办件的承诺时限（工作日或自然日）。")
    )
    started_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("到期日"))
    state = models.CharField(
        _("状态"), max_length=10, choices=JointTaskState.choices, default=JointTaskState.ACTIVE
    )
    handler = models.ForeignKey(
        USER, verbose_name=_("处理人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opinion = models.TextField(_("审查意见"), blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("并联审查任务")
        verbose_name_plural = _("并联审查任务")
        ordering = ["case", "department__code"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["step", "department"], name="cases_joint_task_once"),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(opinion=""), name="cases_joint_refusal_has_reasons"
            ),
        ]
        indexes = [models.Index(fields=["department", "state", "due_on"], name="cases_joint_task_idx")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.department}"


class ProcedureKind(models.TextChoices):
    HEARING = "hearing", _("听证")
    TENDER = "tender", _("招标")
    AUCTION = "auction", _("拍卖")
    INSPECTION = "inspection", _("检验")
    TESTING = "testing", _("检测")
    QUARANTINE = "quarantine", _("检疫")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    SITE_CHECK = "site_check", _("实地核查")


class SpecialProcedure(models.Model):
    """A special procedure (特别程序) that pauses the clock; its working days move the due date."""

    case = models.ForeignKey(
        Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="special_procedures"
    )
    kind = models.CharField(_("特别程序种类"), max_length=16, choices=ProcedureKind.choices)
    reason = models.TextField(_("启动理由"))
    started_on = models.DateField(_("开始日期"))
    started_by = models.ForeignKey(USER, verbose_name=_("启动人"), on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    ended_by = models.ForeignKey(
        USER, verbose_name=_("结束登记人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.TextField(_("结果"), blank=True)
    paused_days = models.PositiveSmallIntegerField(_("暂停天数"), null=True, blank=True)

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["case", "started_on", "id"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="cases_one_open_procedure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"


class Extension(FourEyesApproval):
    """An extension of the promised limit (延期), requested with a reason and approved by another person."""

    case = models.ForeignKey(
        Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("延长天数"))

    class Meta:
        verbose_name = _("延期")
        verbose_name_plural = _("延期")
        ordering = ["case", "requested_at"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="pending"), name="cases_one_pending_extension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} +{self.days}"


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    CORRECTION = "correction", _("一次性告知书")
    NOT_ACCEPTED = "not_accepted", _("不予受理通知书")
    REFERRAL = "referral", _("退回件通知书")
    SPECIAL_PROCEDURE = "special_procedure", _("特别程序告知书")
    EXTENSION = "extension", _("延期告知书")
    GRANT = "grant", _("准予许可决定书")
    REFUSAL = "refusal", _("不予许可决定书")
    COMPLETION = "completion", _("办结通知书")
    DELIVERY_RECEIPT = "delivery_receipt", _("送达回证")


NOTICE_SERIES_WORDS: dict[str, str] = {
    NoticeKind.ACCEPTANCE: "受",
    NoticeKind.CORRECTION: "补",
    NoticeKind.NOT_ACCEPTED: "不受",
    NoticeKind.REFERRAL: "退",
    NoticeKind.SPECIAL_PROCEDURE: "特",
    NoticeKind.EXTENSION: "延",
    NoticeKind.GRANT: "准",
    NoticeKind.REFUSAL: "不准",
    NoticeKind.COMPLETION: "结",
    NoticeKind.DELIVERY_RECEIPT: "送",
}
"""The word in each notice's document number: 市场监管受字〔2026〕第000123号."""

DECISION_TITLES: dict[str, dict[str, Promise]] = {
    ItemType.LICENSING: {
        NoticeKind.GRANT: _("准予行政许可决定书"),
        NoticeKind.REFUSAL: _("不予行政许可决定书"),
    },
    ItemType.CONFIRMATION: {
        NoticeKind.GRANT: _("行政确认决定书"),
        NoticeKind.REFUSAL: _("不予行政确认决定书"),
    },
}
"""The decision notices' titles by the item's type (事项类型); the other types' are below."""

OTHER_DECISION_TITLES: dict[str, Promise] = {
    NoticeKind.GRANT: _("办理结果通知书"),
    NoticeKind.REFUSAL: _("不予办理通知书"),
}
"""A 公共服务, 行政给付 or other item's decision is not a 许可: a result notice."""


def notice_title(kind: str, item_type: str) -> str:
    """The title a notice prints: the kind's, except a decision's, which follows the item's type
    (准予行政许可决定书, 行政确认决定书, 办理结果通知书). ``item_type`` "" means unknown (the kind's)."""
    if kind not in OTHER_DECISION_TITLES or not item_type:
        return str(NoticeKind(kind).label)
    return str(DECISION_TITLES.get(item_type, OTHER_DECISION_TITLES)[kind])


class Notice(AppendOnlyModel):
    """A numbered written notice (文书). ``content`` holds what it said when issued, so a reprint
    is the same document."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("文书种类"), max_length=20, choices=NoticeKind.choices)
    number = models.CharField(_("文号"), max_length=60, unique=True)
    issued_on = models.DateField(_("出具日期"))
    issued_at = models.DateTimeField(_("出具时间"), default=clock.now)
    issued_by = models.ForeignKey(
        USER, verbose_name=_("出具人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content = models.JSONField(_("文书内容"), default=dict)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["case", "issued_at", "id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def title(self) -> str:
        """The title printed on the notice (see :func:`notice_title`), from what it stored when issued."""
        content = self.content if isinstance(self.content, dict) else {}
        return notice_title(self.kind, str(content.get("item_type", "")))


class BillState(models.TextChoices):
    ISSUED = "issued", _("待缴费")
    PAID = "paid", _("已缴费")
    WAIVED = "waived", _("已减免")
    REFUNDED = "refunded", _("已退费")


class Bill(models.Model):
    """One bill for all fees of a case (一单清)."""

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="bill")
    number = models.CharField(_("缴费单号"), max_length=50, unique=True)
    total = models.DecimalField(_("应缴金额（元）"), max_digits=12, decimal_places=2)
    state = models.CharField(_("状态"), max_length=10, choices=BillState.choices, default=BillState.ISSUED)
    issued_at = models.DateTimeField(_("开单时间"), default=clock.now)
    issued_by = models.ForeignKey(USER, verbose_name=_("开单人"), on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField(_("缴费时间"), null=True, blank=True)
    receipt_number = models.CharField(_("票据号码"), max_length=50, blank=True)
    cashier = models.ForeignKey(
        USER, verbose_name=_("收费员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("缴费单")
        verbose_name_plural = _("缴费单")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~Q(receipt_number=""), name="cases_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class BillLine(models.Model):
    bill = models.ForeignKey(Bill, verbose_name=_("缴费单"), on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("收费项目"), max_length=100)
    standard = models.CharField(_("收费标准"), max_length=300)
    legal_basis = models.CharField(_("收费依据"), max_length=300)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("缴费明细")
        verbose_name_plural = _("缴费明细")
        ordering = ["bill", "order"]
        default_permissions = ()

    def __str__(self) -> str:
        return self.name


class FeeAdjustmentKind(models.TextChoices):
    WAIVER = "waiver", _("减免")
    REFUND = "refund", _("退费")


class FeeAdjustment(FourEyesApproval):
    """A waiver (before payment) or a refund (after), requested with a reason, approved by another person."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("缴费单"), on_delete=models.PROTECT, related_name="adjustments"
    )
    kind = models.CharField(_("类型"), max_length=8, choices=FeeAdjustmentKind.choices)

    class Meta:
        verbose_name = _("退费减免")
        verbose_name_plural = _("退费减免")
        ordering = ["bill", "requested_at"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["bill"], condition=Q(state="pending"), name="cases_one_pending_adjustment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill} {self.get_kind_display()}"


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", _("窗口领取")
    POST = "post", _("邮寄送达")


class Delivery(models.Model):
    """How the result reached the applicant (送达)."""

    case = models.OneToOneField(
        Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="delivery"
    )
    method = models.CharField(_("送达方式"), max_length=8, choices=DeliveryMethod.choices)
    recipient = models.CharField(_("签收人"), max_length=100, blank=True)
    signed = models.BooleanField(_("已签收送达回证"), default=False)
    carrier = models.CharField(_("快递公司"), max_length=50, blank=True)
    tracking_number = models.CharField(_("快递单号"), max_length=50, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), default=clock.now)
    delivered_by = models.ForeignKey(
        USER, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("送达")
        verbose_name_plural = _("送达")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(method="pickup", signed=True) & ~Q(recipient="")
                | Q(method="post") & ~Q(tracking_number=""),
                name="cases_delivery_proof",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_method_display()}"


class ForwardTarget(models.TextChoices):
    HIGHER_CENTRE = "higher_centre", _("上级政务服务中心")
    OUTSIDE_BODY = "outside_body", _("其他机关")


class Forwarding(models.Model):
    """A 上报件's forwarding: to a higher centre here (a linked case) or to an outside body (by hand)."""

    case = models.OneToOneField(
        Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="forwarding"
    )
    target = models.CharField(_("上报对象"), max_length=16, choices=ForwardTarget.choices)
    linked_case = models.OneToOneField(
        Case,
        verbose_name=_("上级办件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_by",
    )
    body_name = models.CharField(_("上报机关"), max_length=100)
    forwarded_on = models.DateField(_("上报日期"))
    forwarded_by = models.ForeignKey(
        USER, verbose_name=_("上报人"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("对方文号或回执号"), max_length=100, blank=True)
    result_on = models.DateField(_("结果返回日期"), null=True, blank=True)
    result_note = models.TextField(_("上级结果"), blank=True)

    class Meta:
        verbose_name = _("上报记录")
        verbose_name_plural = _("上报记录")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.case.number} → {self.body_name}"


class CaseEvent(AppendOnlyModel):
    """Everything that happened to a case: who, when, from which state to which, and why."""

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(_("时间"), default=clock.now)
    actor = models.ForeignKey(
        USER, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32)
    from_state = models.CharField(_("原状态"), max_length=16, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=CaseState.choices, blank=True)
    step = models.ForeignKey(
        CaseStep, verbose_name=_("环节"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("对外公开"), default=True, help_text=_("在办件查询页向申请人显示。"))
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办件事件")
        verbose_name_plural = _("办件事件")
        ordering = ["case", "occurred_at", "id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["case", "occurred_at"], name="cases_event_case_idx")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.action}"
