"""Case API (staff session or ``Authorization: Token``): intake, every step of handling, the lists
and the case itself.

Each operation looks the case up among those the user may see, then calls one service, which asks
the case machine whether this user may make the move, and answers with the case as it now is (the
read model ``case_view_for``, the same the case page shows, with the ``actions`` this user may
make). A refusal answers in the one error shape ``{"detail", "code", "errors"}`` and changes
nothing: 400 wrong input, 403 a move this user may not make (with the reason and the refusing
policy's code), 409 a move the case's state does not allow now; a case (or step, bill …) the user
may not see 404, exactly as if it did not exist. ID numbers and phones appear only masked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govhall.cases import fees, selectors, services
from govhall.cases.applicants import ApplicantInput
from govhall.cases.clocks import ClockReading, ClockStatus, case_clock
from govhall.cases.models import (
    ApplicantKind,
    Bill,
    Case,
    CaseState,
    CaseStep,
    Channel,
    Decision,
    DeliveryMethod,
    FeeAdjustmentKind,
    ForwardTarget,
    IdType,
    MaterialCheck,
    ProcedureKind,
)
from govhall.cases.selectors import CaseView
from govhall.cases.services import DecisionInput, DeliveryInput, IntakeOutcome, MaterialInput, input_from
from govhall.cases.workflow import CASE, actor_name
from govhall.catalog.models import ItemVersion
from govhall.catalog.selectors import published_version_list_for
from govhall.core.api.errors import error_response
from govhall.core.staff_views import signed_in_user
from govhall.core.working_days import TimeUnit
from govhall.org.models import Department
from govhall.queueing.selectors.window import open_session_of

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# --- output ---------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class StaffName(serializers.Field[User, Any, str, Any]):
    """A member of staff as a name (full name, or the login name when none is set)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: User) -> str:
        return actor_name(value)


class CaseClockOutput(serializers.Serializer[Any]):
    status = serializers.CharField(help_text=", ".join(reading.value for reading in ClockStatus))
    days = serializers.IntegerField(help_text=gettext_lazy("剩余或超期的天数，按 unit 计"))
    unit = serializers.ChoiceField(
        choices=TimeUnit.choices, help_text=gettext_lazy("天数的单位：工作日或自然日，同事项的承诺时限")
    )
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        help_text=gettext_lazy("剩余N个工作日（或自然日）、今日到期、已超期N个工作日（或自然日）、暂停中")
    )


class CaseDepartmentOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class CaseApplicantBrief(serializers.Serializer[Any]):
    name = serializers.CharField()
    id_number_masked = serializers.CharField(help_text=gettext_lazy("脱敏证件号码"))


class CaseApplicantOutput(CaseApplicantBrief):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    id_type = serializers.CharField()
    id_type_label = serializers.CharField(source="get_id_type_display")
    phone_masked = serializers.CharField(help_text=gettext_lazy("脱敏联系电话"))
    address = serializers.CharField()
    legal_representative = serializers.CharField()


class CaseMaterialOutput(serializers.Serializer[Any]):
    item_material = serializers.IntegerField(source="item_material_id")
    order = serializers.IntegerField()
    name = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # a field, not Field.required
    outcome = serializers.CharField()
    outcome_label = serializers.CharField(source="get_outcome_display")
    originals_received = serializers.IntegerField()
    copies_received = serializers.IntegerField()
    problem = serializers.CharField()


class CaseStepOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    round = serializers.IntegerField(help_text=gettext_lazy("退回重办时加一"))
    name = serializers.CharField()
    kind = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    department = CaseDepartmentOutput()
    assignee = StaffName(allow_null=True)
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    started_at = serializers.DateTimeField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    handler = StaffName(allow_null=True)
    opinion = serializers.CharField()


class CaseJointTaskOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    department = CaseDepartmentOutput()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    budget_days = serializers.IntegerField()
    started_on = serializers.DateField()
    due_on = serializers.DateField()
    handler = StaffName(allow_null=True)
    opinion = serializers.CharField()
    ended_at = serializers.DateTimeField(allow_null=True)


class CaseProcedureOutput(serializers.Serializer[Any]):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    reason = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    result = serializers.CharField()
    paused_days = serializers.IntegerField(allow_null=True)


class CaseExtensionOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    days = serializers.IntegerField()
    reason = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    requested_by = StaffName()
    requested_at = serializers.DateTimeField()
    decided_by = StaffName(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class CaseNoticeOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField(help_text=gettext_lazy("文书标题（决定书的标题随事项类型）"))
    number = serializers.CharField(help_text=gettext_lazy("文号"))
    issued_on = serializers.DateField()
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, notice: Any) -> str:
        path = reverse("cases:notice_pdf", kwargs={"number": notice.case.number, "notice_id": notice.pk})
        return str(self.context["request"].build_absolute_uri(path))


class CaseBillLineOutput(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    name = serializers.CharField()
    standard = serializers.CharField()
    legal_basis = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


def _view(serializer: serializers.Serializer[Any]) -> CaseView:
    """The read model of the case being answered (what this user may see of it)."""
    view: CaseView = serializer.context["view"]
    return view


class CaseAdjustmentOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    reason = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    requested_by = StaffName()
    requested_at = serializers.DateTimeField()
    decided_by = StaffName(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class CaseBillOutput(serializers.Serializer[Any]):
    number = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    issued_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    receipt_number = serializers.CharField()
    lines = serializers.SerializerMethodField()
    adjustments = serializers.SerializerMethodField()

    @extend_schema_field(CaseBillLineOutput(many=True))
    def get_lines(self, bill: Bill) -> Any:
        return CaseBillLineOutput(_view(self).bill_lines, many=True).data

    @extend_schema_field(CaseAdjustmentOutput(many=True))
    def get_adjustments(self, bill: Bill) -> Any:
        return CaseAdjustmentOutput(_view(self).adjustments, many=True).data


class CaseDeliveryOutput(serializers.Serializer[Any]):
    method = serializers.CharField()
    method_label = serializers.CharField(source="get_method_display")
    recipient = serializers.CharField()
    signed = serializers.BooleanField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    delivered_at = serializers.DateTimeField()


class CaseForwardingOutput(serializers.Serializer[Any]):
    target = serializers.CharField()
    target_label = serializers.CharField(source="get_target_display")
    body_name = serializers.CharField()
    forwarded_on = serializers.DateField()
    reference = serializers.CharField()
    linked_case = serializers.CharField(
        source="linked_case.number", allow_null=True, help_text=gettext_lazy("上级中心的办件编号")
    )
    result_on = serializers.DateField(allow_null=True)
    result_note = serializers.CharField()


class CaseEventOutput(serializers.Serializer[Any]):
    occurred_at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    action = serializers.CharField()
    step = serializers.CharField(source="step.name", allow_null=True)
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    to_state_label = serializers.CharField(source="get_to_state_display")
    note = serializers.CharField()
    public = serializers.BooleanField(help_text=gettext_lazy("是否在办件查询页向申请人显示"))


class CaseActionOutput(serializers.Serializer[Any]):
    action = serializers.CharField(
        help_text=gettext_lazy("操作名称，与办件页面的操作一致（如 step_decide、extension_request）")
    )
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    allowed = serializers.BooleanField(help_text=gettext_lazy("当前用户现在能否办理"))
    reason = serializers.CharField(help_text=gettext_lazy("不能办理的原因（中文）；能办理时为空"))
    code = serializers.CharField(help_text=gettext_lazy("拒绝的规则名称；能办理时为空"))
    of_state = serializers.BooleanField(
        help_text=gettext_lazy("true：办件当前情形不允许（请求得到409）；false：当前用户不能办理（403）")
    )


class CaseClocks:
    """Reads case clocks as of one day for the whole response."""

    def __init__(self) -> None:
        self.today = timezone.localdate()

    def read(self, case: Case) -> ClockReading:
        return case_clock(case, today=self.today)


class CaseSummary(serializers.Serializer[Any]):
    """A case as a list shows it."""

    number = serializers.CharField()
    item = serializers.IntegerField(source="item_id")
    item_name = serializers.CharField()
    department = CaseDepartmentOutput()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    applicant = CaseApplicantBrief()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("承诺办结日期"))
    current_step = serializers.CharField(source="current_step.name", allow_null=True)
    clock = serializers.SerializerMethodField()

    @extend_schema_field(CaseClockOutput)
    def get_clock(self, case: Case) -> dict[str, Any]:
        reading = self.context["clocks"].read(case)
        return {
            "status": reading.status.value,
            "days": reading.days,
            "unit": reading.unit.value,
            "label": reading.label,
        }


class CaseDetail(CaseSummary):
    """The whole case: applicant, materials, steps, joint tasks, clock, notices, fees, delivery, events."""

    item_version = serializers.IntegerField(source="item_version_id")
    channel = serializers.CharField()
    channel_label = serializers.CharField(source="get_channel_display")
    applicant = CaseApplicantOutput()
    agent = CaseApplicantOutput(allow_null=True)
    window = serializers.CharField(
        source="window.number", allow_null=True, help_text=gettext_lazy("受理窗口号")
    )
    ticket = serializers.CharField(source="ticket.number", allow_null=True, help_text=gettext_lazy("排队号"))
    received_at = serializers.DateTimeField()
    limit_days = serializers.IntegerField()
    limit_unit = serializers.CharField()
    legal_limit_days = serializers.IntegerField()
    paused_days = serializers.IntegerField()
    extended_days = serializers.IntegerField()
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    result_name = serializers.CharField()
    result_number = serializers.CharField()
    result_valid_from = serializers.DateField(allow_null=True)
    result_valid_until = serializers.DateField(allow_null=True)
    decision_reasons = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    archived_on = serializers.DateField(allow_null=True)
    closing_reason = serializers.CharField()
    current_step_id = serializers.IntegerField(allow_null=True)
    materials = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    joint_tasks = serializers.SerializerMethodField(
        help_text=gettext_lazy("主办部门看到全部任务；参与部门只看到本部门的任务")
    )
    special_procedures = serializers.SerializerMethodField()
    extensions = serializers.SerializerMethodField()
    notices = serializers.SerializerMethodField()
    bill = serializers.SerializerMethodField()
    delivery = serializers.SerializerMethodField()
    forwarding = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text=gettext_lazy("当前用户在办件当前情形下的每一项操作：能否办理，不能时的原因")
    )

    @extend_schema_field(CaseMaterialOutput(many=True))
    def get_materials(self, case: Case) -> Any:
        return CaseMaterialOutput(_view(self).materials, many=True).data

    @extend_schema_field(CaseStepOutput(many=True))
    def get_steps(self, case: Case) -> Any:
        return CaseStepOutput([row.step for row in _view(self).steps], many=True).data

    @extend_schema_field(CaseJointTaskOutput(many=True))
    def get_joint_tasks(self, case: Case) -> Any:
        return CaseJointTaskOutput(_view(self).joint_tasks, many=True).data

    @extend_schema_field(CaseProcedureOutput(many=True))
    def get_special_procedures(self, case: Case) -> Any:
        return CaseProcedureOutput(_view(self).procedures, many=True).data

    @extend_schema_field(CaseExtensionOutput(many=True))
    def get_extensions(self, case: Case) -> Any:
        return CaseExtensionOutput(_view(self).extensions, many=True).data

    @extend_schema_field(CaseNoticeOutput(many=True))
    def get_notices(self, case: Case) -> Any:
        return CaseNoticeOutput(_view(self).notices, many=True, context=self.context).data

    @extend_schema_field(CaseBillOutput(allow_null=True))
    def get_bill(self, case: Case) -> Any:
        bill = _view(self).bill
        return CaseBillOutput(bill, context=self.context).data if bill is not None else None

    @extend_schema_field(CaseDeliveryOutput(allow_null=True))
    def get_delivery(self, case: Case) -> Any:
        delivery = _view(self).delivery
        return CaseDeliveryOutput(delivery).data if delivery is not None else None

    @extend_schema_field(CaseForwardingOutput(allow_null=True))
    def get_forwarding(self, case: Case) -> Any:
        forwarding = _view(self).forwarding
        return CaseForwardingOutput(forwarding).data if forwarding is not None else None

    @extend_schema_field(CaseEventOutput(many=True))
    def get_events(self, case: Case) -> Any:
        return CaseEventOutput(_view(self).events, many=True).data

    @extend_schema_field(CaseActionOutput(many=True))
    def get_actions(self, case: Case) -> Any:
        return [
            {
                "action": name,
                "label": str(CASE.moves[name].label),
                "allowed": refusal is None,
                "reason": refusal.reason if refusal is not None else "",
                "code": refusal.code if refusal is not None else "",
                "of_state": refusal.of_state if refusal is not None else False,
            }
            for name, refusal in _view(self).actions.items()
        ]


ERRORS: dict[int | str, Any] = {
    404: error_response(gettext_lazy("办件（或其环节、任务、申请、缴费单）不存在或不属于本部门")),
}
"""The errors are in the one shape every API answers (``govhall.core.api.errors``)."""

# --- input ----------------------------------------------------------------------------------------


class CaseApplicantInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    name = serializers.CharField(max_length=200)
    id_type = serializers.ChoiceField(choices=IdType.choices)
    id_number = serializers.CharField(max_length=40, help_text=gettext_lazy("证件号码或统一社会信用代码"))
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    legal_representative = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("法人或其他组织必填"),
    )


class CaseMaterialInput(serializers.Serializer[Any]):
    item_material = serializers.IntegerField(help_text=gettext_lazy("事项材料 id"))
    outcome = serializers.ChoiceField(choices=MaterialCheck.choices)
    originals = serializers.IntegerField(required=False, default=0, help_text=gettext_lazy("收到原件份数"))
    copies = serializers.IntegerField(required=False, default=0, help_text=gettext_lazy("收到复印件份数"))
    problem = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("不符合要求时必填"),
    )


ANSWERS = [
    (IntakeOutcome.ACCEPT, gettext_lazy("受理")),
    (IntakeOutcome.CORRECTION, gettext_lazy("一次性告知补正")),
    (IntakeOutcome.NOT_ACCEPT, gettext_lazy("不予受理")),
    (IntakeOutcome.REFER, gettext_lazy("退回（非本机关职权）")),
]


class CaseAnswerInput(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=ANSWERS)
    materials = CaseMaterialInput(
        many=True,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("重新核验的材料（补正后）；不填则按原核验结果"),
    )
    reasons = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        default=list,
        help_text=gettext_lazy("不予受理的理由"),
    )
    detail = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("不予受理的说明或退回的原因")
    )
    go_to = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("退回件：应向哪个机关申请"),
    )


class CaseIntakeInput(serializers.Serializer[Any]):
    item_version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=gettext_lazy("已发布的事项版本 id")
    )
    item_code = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("或：事项实施编码")
    )
    applicant = CaseApplicantInput()
    agent = CaseApplicantInput(
        required=False, allow_null=True, default=None, help_text=gettext_lazy("代办人")
    )
    materials = CaseMaterialInput(many=True, help_text=gettext_lazy("逐项核验事项的每一项材料"))
    outcome = serializers.ChoiceField(
        choices=[*ANSWERS, (IntakeOutcome.RECEIVE, gettext_lazy("仅接件（五个工作日内答复）"))]
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.WINDOW)
    reasons = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        default=list,
        help_text=gettext_lazy("不予受理的理由"),
    )
    detail = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("不予受理的说明或退回的原因")
    )
    go_to = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("退回件：应向哪个机关申请"),
    )
    ticket = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=gettext_lazy("正在办理的排队号 id")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["item_version"] is None and not attrs["item_code"].strip():
            raise serializers.ValidationError(
                {"item_version": [_("请指定事项版本 item_version 或事项实施编码 item_code。")]}
            )
        return attrs


class CaseListQuery(serializers.Serializer[Any]):
    number = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("办件编号")
    )
    id_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("申请人或代办人的完整证件号码（精确匹配）"),
    )
    item = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("事项名称")
    )
    state = serializers.ChoiceField(choices=CaseState.choices, required=False, allow_blank=True, default="")
    received_from = serializers.DateField(required=False, allow_null=True, default=None)
    received_to = serializers.DateField(required=False, allow_null=True, default=None)


class CaseOpinionInput(serializers.Serializer[Any]):
    opinion = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("审查环节必填")
    )


class CaseReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, help_text=gettext_lazy("理由（必填）"))


class CaseDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    result_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("证照名称，默认为事项的办理结果"),
    )
    result_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    reasons = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("不予许可的理由（不予时必填）")
    )

    def decision_input(self) -> DecisionInput:
        return input_from(DecisionInput, self.validated_data)


class CaseForwardInput(serializers.Serializer[Any]):
    target = serializers.ChoiceField(choices=ForwardTarget.choices)
    department = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=gettext_lazy("上级中心的承办部门 id")
    )
    body_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text=gettext_lazy("其他机关的名称")
    )
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("对方文号或回执号"),
    )


class CaseResultInput(serializers.Serializer[Any]):
    result = serializers.CharField(allow_blank=True, help_text=gettext_lazy("结果（必填）"))


class CaseJointAnswerInput(serializers.Serializer[Any]):
    agree = serializers.BooleanField()
    opinion = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=gettext_lazy("不同意时必填理由")
    )


class CaseSuspendInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ProcedureKind.choices)
    reason = serializers.CharField(allow_blank=True)


class CaseExtensionInput(serializers.Serializer[Any]):
    days = serializers.IntegerField(
        help_text=gettext_lazy("延长天数，单位同办件的承诺时限（工作日或自然日）；依法最多10，联办件15")
    )
    reason = serializers.CharField(allow_blank=True)


class CaseApprovalInput(serializers.Serializer[Any]):
    approve = serializers.BooleanField(help_text=gettext_lazy("true 批准，false 不批准"))
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text=gettext_lazy("批准意见")
    )


class CaseFeeInput(serializers.Serializer[Any]):
    item_fee = serializers.IntegerField(help_text=gettext_lazy("事项收费项目 id"))
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("按标准计算的金额；固定金额的收费项目不填"),
    )


class CaseBillInput(serializers.Serializer[Any]):
    fees = CaseFeeInput(
        many=True,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("适用的收费项目；不填则按事项的全部收费项目开具"),
    )


class CasePaymentInput(serializers.Serializer[Any]):
    receipt_number = serializers.CharField(allow_blank=True, help_text=gettext_lazy("票据号码"))


class CaseAdjustmentInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FeeAdjustmentKind.choices)
    reason = serializers.CharField(allow_blank=True)


class CaseCompleteInput(serializers.Serializer[Any]):
    pickup = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text=gettext_lazy("领取地点和方式")
    )


class CaseDeliveryInput(serializers.Serializer[Any]):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    recipient = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signed = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("签收人已在送达回证上签名")
    )
    carrier = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")


# --- helpers --------------------------------------------------------------------------------------


def _input(serializer: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    given = serializer(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _found(lookup: Callable[[], T], message: str) -> T:
    """What a selector finds among what the user may see; else 404 with ``message``."""
    try:
        return lookup()
    except Http404 as exc:
        raise exceptions.NotFound(message) from exc


def _case(request: Request, number: str) -> Case:
    user = signed_in_user(request)
    return _found(lambda: selectors.case_for(user=user, number=number), _("未找到该办件。"))


def _step(request: Request, pk: int) -> CaseStep:
    user = signed_in_user(request)
    return _found(lambda: selectors.step_for(user=user, pk=pk), _("未找到该办理环节。"))


def _bill(request: Request, number: str) -> Bill:
    user = signed_in_user(request)
    return _found(lambda: selectors.bill_of_case_for(user=user, number=number), _("未找到该缴费单。"))


def _case_response(request: Request, number: str, code: int = status.HTTP_200_OK) -> Response:
    user = signed_in_user(request)
    view = _found(lambda: selectors.case_view_for(user=user, number=number), _("未找到该办件。"))
    context = {"request": request, "clocks": CaseClocks(), "view": view}
    return Response(CaseDetail(view.case, context=context).data, status=code)


def _applicant(data: dict[str, Any]) -> ApplicantInput:
    return input_from(ApplicantInput, data)


def _materials(rows: list[dict[str, Any]]) -> list[MaterialInput]:
    return [
        MaterialInput(
            item_material_id=row["item_material"],
            outcome=row["outcome"],
            originals=row["originals"],
            copies=row["copies"],
            problem=row["problem"],
        )
        for row in rows
    ]


def _intake_version(user: User, data: dict[str, Any]) -> ItemVersion:
    """The version named by id (the service checks it is published and the user's department's),
    or the published version with that implementation code among the items the user may see."""
    if data["item_version"] is not None:
        return _invalid_unless(
            ItemVersion.objects.select_related("item").filter(pk=data["item_version"]).first(),
            "item_version",
            _("未找到该事项版本。"),
        )
    code = data["item_code"].strip()
    versions = list(published_version_list_for(user=user).filter(item__implementation_code=code)[:2])
    if len(versions) > 1:
        raise exceptions.ValidationError(
            {
                "item_code": [
                    _("多个中心有实施编码为“%(code)s”的事项，请改用事项版本 item_version。") % {"code": code}
                ]
            }
        )
    return _invalid_unless(
        versions[0] if versions else None,
        "item_code",
        _("未找到实施编码为“%(code)s”的已发布事项。") % {"code": code},
    )


def _invalid_unless(found: M | None, field: str, message: str) -> M:
    if found is None:
        raise exceptions.ValidationError({field: [message]})
    return found


def _operation(
    operation_id: str,
    summary: str | Promise,
    request: type[serializers.Serializer[Any]] | None,
    code: int = status.HTTP_200_OK,
) -> Any:
    """The schema of one operation: it answers with the case as it now is, or an error."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        tags=["cases"],
        request=request,
        responses={code: CaseDetail, **ERRORS},
    )


# --- cases ----------------------------------------------------------------------------------------


class CaseListApi(ListAPIView[Case]):
    """The cases the user may see, newest first, filtered; and intake at the window."""

    serializer_class = CaseSummary

    @extend_schema(
        operation_id="cases_list",
        summary=gettext_lazy(
            "查询办件：本部门（及参与并联审查）的办件，按编号、申请人证件号、事项、状态、接件日期"
        ),
        tags=["cases"],
        parameters=[CaseListQuery],
        responses=CaseSummary(many=True),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Case]:
        query = CaseListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        search = selectors.CaseSearch(
            number=data["number"],
            id_number=data["id_number"],
            item=data["item"],
            received_from=data["received_from"],
            received_to=data["received_to"],
            state=data["state"],
        )
        return selectors.case_search(user=signed_in_user(self.request), query=search).select_related("centre")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "clocks": CaseClocks()}

    @_operation(
        "cases_create",
        gettext_lazy(
            "窗口收件：逐项核验材料后受理、一次性告知补正、不予受理、退回，或仅接件；出具相应的通知书"
        ),
        CaseIntakeInput,
        status.HTTP_201_CREATED,
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        data = _input(CaseIntakeInput, request)
        version = _intake_version(user, data)
        session = open_session_of(user)
        case = services.case_intake(
            version=version,
            applicant=_applicant(data["applicant"]),
            agent=_applicant(data["agent"]) if data["agent"] is not None else None,
            materials=_materials(data["materials"]),
            user=user,
            outcome=data["outcome"],
            channel=data["channel"],
            window=session.window if session is not None else None,
            ticket_id=data["ticket"],
            reasons=data["reasons"],
            detail=data["detail"],
            go_to=data["go_to"],
        )
        return _case_response(request, case.number, status.HTTP_201_CREATED)


class CaseDetailApi(APIView):
    @extend_schema(
        operation_id="cases_retrieve",
        summary=gettext_lazy("办件详情：材料、环节、并联审查、时限、文书、缴费、送达和全部记录"),
        tags=["cases"],
        responses={200: CaseDetail, **ERRORS},
    )
    def get(self, request: Request, number: str) -> Response:
        return _case_response(request, number)


class CaseAnswerApi(APIView):
    @_operation(
        "cases_answer",
        gettext_lazy("答复已接件或补正后的申请：受理（当日起算时限）、再次告知补正、不予受理或退回"),
        CaseAnswerInput,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseAnswerInput, request)
        services.case_answer(
            case=case,
            user=signed_in_user(request),
            outcome=data["outcome"],
            materials=_materials(data["materials"]) if data["materials"] is not None else None,
            reasons=data["reasons"],
            detail=data["detail"],
            go_to=data["go_to"],
        )
        return _case_response(request, case.number)


class CaseImmediateApi(APIView):
    @_operation(
        "cases_handle_immediate",
        gettext_lazy("即办件当场审核办结（须有办理即办件的权限）；收费的在缴费后办结"),
        CaseDecisionInput,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        given = CaseDecisionInput(data=request.data)
        given.is_valid(raise_exception=True)
        services.case_handle_immediate(case=case, user=signed_in_user(request), data=given.decision_input())
        return _case_response(request, case.number)


class CaseForwardApi(APIView):
    @_operation(
        "cases_forward",
        gettext_lazy("上报：报送上级政务服务中心的承办部门（生成上级办件）或其他机关"),
        CaseForwardInput,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseForwardInput, request)
        department = (
            Department.objects.select_related("centre").filter(pk=data["department"]).first()
            if data["department"] is not None
            else None
        )
        services.case_forward(
            case=case,
            user=signed_in_user(request),
            target=data["target"],
            department=department,
            body_name=data["body_name"],
            reference=data["reference"],
        )
        return _case_response(request, case.number)


class CaseForwardResultApi(APIView):
    @_operation("cases_forward_result", gettext_lazy("登记其他机关返回的办理结果"), CaseResultInput)
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseResultInput, request)
        services.case_forward_result(case=case, user=signed_in_user(request), result=data["result"])
        return _case_response(request, case.number)


class CaseSuspendApi(APIView):
    @_operation(
        "cases_suspend",
        gettext_lazy("启动特别程序（听证、检验、检测、鉴定、专家评审、实地核查等）：暂停计时并出具告知书"),
        CaseSuspendInput,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseSuspendInput, request)
        services.case_suspend(
            case=case, user=signed_in_user(request), kind=data["kind"], reason=data["reason"]
        )
        return _case_response(request, case.number)


class CaseResumeApi(APIView):
    @_operation(
        "cases_resume", gettext_lazy("结束特别程序并登记结果：恢复计时，顺延承诺办结日期"), CaseResultInput
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseResultInput, request)
        services.case_resume(case=case, user=signed_in_user(request), result=data["result"])
        return _case_response(request, case.number)


class CaseExtensionApi(APIView):
    @_operation(
        "cases_extension_request",
        gettext_lazy("申请延期（须由申请人以外的负责人批准）"),
        CaseExtensionInput,
        status.HTTP_201_CREATED,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseExtensionInput, request)
        services.extension_request(
            case=case, user=signed_in_user(request), days=data["days"], reason=data["reason"]
        )
        return _case_response(request, case.number, status.HTTP_201_CREATED)


class CaseBillApi(APIView):
    @_operation(
        "cases_bill_issue",
        gettext_lazy("作出准予决定后按收费标准开具缴费单（一单清）"),
        CaseBillInput,
        status.HTTP_201_CREATED,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseBillInput, request)
        fees.bill_issue(
            case=case,
            user=signed_in_user(request),
            amounts=(
                {row["item_fee"]: row["amount"] for row in data["fees"]} if data["fees"] is not None else None
            ),
        )
        return _case_response(request, case.number, status.HTTP_201_CREATED)


class CaseCompleteApi(APIView):
    @_operation(
        "cases_complete",
        gettext_lazy("办结（收费事项须已缴费或已减免）并出具办结通知书"),
        CaseCompleteInput,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseCompleteInput, request)
        services.case_complete(case=case, user=signed_in_user(request), pickup=data["pickup"])
        return _case_response(request, case.number)


class CaseDeliverApi(APIView):
    @_operation(
        "cases_deliver",
        gettext_lazy("送达：窗口领取（先打印送达回证并由签收人签名）或邮寄（快递单号）"),
        CaseDeliveryInput,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseDeliveryInput, request)
        services.case_deliver(
            case=case,
            user=signed_in_user(request),
            data=input_from(DeliveryInput, data),
        )
        return _case_response(request, case.number)


class CaseDeliveryReceiptApi(APIView):
    @_operation(
        "cases_delivery_receipt",
        gettext_lazy("打印送达回证（办结后、窗口领取送达前；再次调用返回同一份）"),
        None,
    )
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        services.delivery_receipt_issue(case=case, user=signed_in_user(request))
        return _case_response(request, case.number)


class CaseArchiveApi(APIView):
    @_operation("cases_archive", gettext_lazy("归档"), None)
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        services.case_archive(case=case, user=signed_in_user(request))
        return _case_response(request, case.number)


class CaseWithdrawApi(APIView):
    @_operation("cases_withdraw", gettext_lazy("申请人撤回申请（作出决定前）"), CaseReasonInput)
    def post(self, request: Request, number: str) -> Response:
        case = _case(request, number)
        data = _input(CaseReasonInput, request)
        services.case_withdraw(case=case, user=signed_in_user(request), reason=data["reason"])
        return _case_response(request, case.number)


# --- steps, joint tasks, approvals, bills ---------------------------------------------------------


class StepPassApi(APIView):
    @_operation(
        "steps_pass",
        gettext_lazy("通过受理、审查或并联审查环节，转下一环节（审查须填写意见）"),
        CaseOpinionInput,
    )
    def post(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        data = _input(CaseOpinionInput, request)
        services.step_pass(step=step, user=signed_in_user(request), opinion=data["opinion"])
        return _case_response(request, step.case.number)


class StepReturnApi(APIView):
    @_operation("steps_return", gettext_lazy("退回上一环节重办（须写明理由）"), CaseReasonInput)
    def post(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        data = _input(CaseReasonInput, request)
        services.step_return(step=step, user=signed_in_user(request), reason=data["reason"])
        return _case_response(request, step.case.number)


class StepClaimApi(APIView):
    @_operation("steps_claim", gettext_lazy("从部门待办中认领环节"), None)
    def post(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        services.step_claim(step=step, user=signed_in_user(request))
        return _case_response(request, step.case.number)


class StepDecideApi(APIView):
    @_operation(
        "steps_decide",
        gettext_lazy("核准：准予（证照名称、编号、有效期）或不予（须写明理由），出具决定书；一审一核"),
        CaseDecisionInput,
    )
    def post(self, request: Request, pk: int) -> Response:
        step = _step(request, pk)
        given = CaseDecisionInput(data=request.data)
        given.is_valid(raise_exception=True)
        services.step_decide(step=step, user=signed_in_user(request), data=given.decision_input())
        return _case_response(request, step.case.number)


class JointTaskAnswerApi(APIView):
    @_operation(
        "joint_tasks_answer",
        gettext_lazy("参与部门反馈并联审查意见：同意，或不同意并写明理由"),
        CaseJointAnswerInput,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        task = _found(lambda: selectors.joint_task_for(user=user, pk=pk), _("未找到该并联审查任务。"))
        data = _input(CaseJointAnswerInput, request)
        services.joint_task_answer(
            task=task, user=signed_in_user(request), agree=data["agree"], opinion=data["opinion"]
        )
        return _case_response(request, task.case.number)


class ExtensionDecideApi(APIView):
    @_operation(
        "extensions_decide",
        gettext_lazy("批准或不批准延期；批准的顺延承诺办结日期并出具延期告知书"),
        CaseApprovalInput,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        extension = _found(lambda: selectors.extension_for(user=user, pk=pk), _("未找到该延期申请。"))
        data = _input(CaseApprovalInput, request)
        services.extension_decide(
            extension=extension, user=signed_in_user(request), approve=data["approve"], note=data["note"]
        )
        return _case_response(request, extension.case.number)


class BillPayApi(APIView):
    @_operation("bills_pay", gettext_lazy("收费员登记收费（票据号码）"), CasePaymentInput)
    def post(self, request: Request, number: str) -> Response:
        bill = _bill(request, number)
        data = _input(CasePaymentInput, request)
        fees.bill_pay(bill=bill, user=signed_in_user(request), receipt_number=data["receipt_number"])
        return _case_response(request, bill.case.number)


class BillAdjustmentApi(APIView):
    @_operation(
        "bills_adjustment_request",
        gettext_lazy("申请减免（缴费前）或退费（缴费后），须写明理由"),
        CaseAdjustmentInput,
        status.HTTP_201_CREATED,
    )
    def post(self, request: Request, number: str) -> Response:
        bill = _bill(request, number)
        data = _input(CaseAdjustmentInput, request)
        fees.fee_adjustment_request(
            bill=bill, user=signed_in_user(request), kind=data["kind"], reason=data["reason"]
        )
        return _case_response(request, bill.case.number, status.HTTP_201_CREATED)


class AdjustmentDecideApi(APIView):
    @_operation(
        "adjustments_decide",
        gettext_lazy("批准或不批准退费、减免（须由申请人以外的负责人）"),
        CaseApprovalInput,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        adjustment = _found(lambda: selectors.adjustment_for(user=user, pk=pk), _("未找到该退费或减免申请。"))
        data = _input(CaseApprovalInput, request)
        fees.fee_adjustment_decide(
            adjustment=adjustment, user=user, approve=data["approve"], note=data["note"]
        )
        return _case_response(request, adjustment.bill.case.number)
