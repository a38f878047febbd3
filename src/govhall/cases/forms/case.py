"""The small forms of the case page, one per handling action.

They only read the input (choices limited to this case's own open steps, tasks and requests,
dates and amounts parsed); the rules — who may act (the case machine's policies), in which state,
what must be written — are the services', whose Chinese messages the page shows. Every form is
rendered and read with its action's name as prefix, so one page holds them all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from govhall.cases.models import (
    Bill,
    BillState,
    Case,
    CaseStep,
    Decision,
    DeliveryMethod,
    Extension,
    FeeAdjustment,
    FeeAdjustmentKind,
    ForwardTarget,
    JointTask,
    JointTaskState,
    ProcedureKind,
    StepState,
)
from govhall.cases.workflow import CaseAtHand
from govhall.catalog.models import ItemFee
from govhall.core.approvals import ApprovalState
from govhall.org.models import Department
from govhall.org.selectors import centre_lineage_ids

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STALE = _("办件已有变化，请刷新页面后重新办理。")
TEXT = forms.Textarea(attrs={"rows": 2})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


DATE_ERRORS = {"invalid": _("请输入有效的日期，例如 2026-11-21。")}


def answer_field(yes: StrOrPromise, no: StrOrPromise, required: StrOrPromise) -> forms.TypedChoiceField:
    """Which of the form's two buttons was pressed: True for ``yes``."""
    return forms.TypedChoiceField(
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        error_messages={"required": required},
    )


class CaseActionForm(forms.Form):
    """A form about ``case``, filled in by ``user``."""

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user


class StepForm(CaseActionForm):
    """An action on the step the page showed as current; a step that has moved on since is refused."""

    step = forms.ModelChoiceField(
        queryset=CaseStep.objects.none(), widget=forms.HiddenInput, error_messages={"invalid_choice": STALE}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CaseStep.objects.filter(case=self.case, state=StepState.ACTIVE).select_related(
            "case", "department"
        )
        field.initial = self.case.current_step_id


class StepPassForm(StepForm):
    opinion = forms.CharField(label=_("办理意见"), required=False, widget=TEXT, max_length=2000)


class StepReturnForm(StepForm):
    reason = forms.CharField(label=_("退回理由"), required=False, widget=TEXT, max_length=2000)


class StepClaimForm(StepForm):
    pass


class DecisionForm(StepForm):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择准予或不予。")},
    )
    opinion = forms.CharField(label=_("核准意见"), required=False, widget=TEXT, max_length=2000)
    result_name = forms.CharField(label=_("证照名称"), required=False, max_length=200)
    result_number = forms.CharField(label=_("证照编号"), required=False, max_length=100)
    valid_from = forms.DateField(
        label=_("有效期自"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    valid_until = forms.DateField(
        label=_("有效期至"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    reasons = forms.CharField(label=_("不予许可理由"), required=False, widget=TEXT, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result_name"].initial = self.case.item_version.result_name


class DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return f"{obj.centre.name} {obj.name}"


class ForwardForm(StepForm):
    target = forms.ChoiceField(
        label=_("上报对象"),
        choices=ForwardTarget.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择上报对象。")},
    )
    department = DepartmentChoice(
        label=_("上级中心承办部门"),
        queryset=Department.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择上级政务服务中心的承办部门。")},
    )
    body_name = forms.CharField(label=_("其他机关名称"), required=False, max_length=100)
    reference = forms.CharField(label=_("对方文号或回执号"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Department.objects.filter(centre_id__in=centre_lineage_ids(self.case.centre_id)[1:])
            .select_related("centre")
            .order_by("centre__code", "code")
        )


class ForwardResultForm(CaseActionForm):
    result = forms.CharField(label=_("上级机关办理结果"), required=False, widget=TEXT, max_length=2000)


class JointAnswerForm(CaseActionForm):
    task = forms.ModelChoiceField(
        queryset=JointTask.objects.none(), widget=forms.HiddenInput, error_messages={"invalid_choice": STALE}
    )
    answer = answer_field(_("同意"), _("不同意"), _("请选择同意或不同意。"))
    opinion = forms.CharField(label=_("审查意见"), required=False, widget=TEXT, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["task"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = JointTask.objects.filter(case=self.case, state=JointTaskState.ACTIVE).select_related(
            "case", "department", "step"
        )
        own = CaseAtHand(self.case).task_for(self.user)
        field.initial = own.pk if own is not None else None


class SuspendForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("特别程序种类"),
        choices=ProcedureKind.choices,
        error_messages={"required": _("请选择特别程序种类。")},
    )
    reason = forms.CharField(label=_("启动理由"), required=False, widget=TEXT, max_length=2000)


class ResumeForm(CaseActionForm):
    result = forms.CharField(label=_("特别程序结果"), required=False, widget=TEXT, max_length=2000)


class ExtensionRequestForm(CaseActionForm):
    days = forms.IntegerField(
        label=_("延长天数"),
        min_value=1,
        error_messages={"required": _("请填写延长天数。"), "invalid": _("延长天数应为整数。")},
    )
    reason = forms.CharField(label=_("延期理由"), required=False, widget=TEXT, max_length=2000)


class ExtensionDecideForm(CaseActionForm):
    extension = forms.ModelChoiceField(
        queryset=Extension.objects.none(), widget=forms.HiddenInput, error_messages={"invalid_choice": STALE}
    )
    answer = answer_field(_("批准"), _("不批准"), _("请选择批准或不批准。"))
    note = forms.CharField(label=_("批准意见"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pending = Extension.objects.filter(case=self.case, state=ApprovalState.PENDING).select_related("case")
        field = self.fields["extension"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = pending
        field.initial = next(iter(pending.values_list("pk", flat=True)), None)


class BillIssueForm(CaseActionForm):
    """Which of the item's fees apply (all, as first offered), with the amount of each one its
    standard computes (按标准计算); fixed fees are billed as published."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fees = list(ItemFee.objects.filter(version_id=self.case.item_version_id).order_by("order"))
        for fee in self.fees:
            if fee.amount is None:
                label = _("%(name)s（%(standard)s）") % {"name": fee.name, "standard": fee.standard}
            else:
                label = _("%(name)s：%(amount)s元（%(standard)s）") % {
                    "name": fee.name,
                    "amount": fee.amount,
                    "standard": fee.standard,
                }
            self.fields[f"apply_{fee.pk}"] = forms.BooleanField(label=label, required=False, initial=True)
            if fee.amount is None:
                self.fields[f"fee_{fee.pk}"] = forms.DecimalField(
                    label=_("%(name)s金额（元）") % {"name": fee.name},
                    required=False,
                    min_value=Decimal("0.01"),
                    max_digits=12,
                    decimal_places=2,
                    error_messages={"invalid": _("请输入金额，例如 120.50。")},
                )

    def amounts(self) -> dict[int, Decimal | None]:
        """The applicable fees: id → the amount entered for a computed fee, None for a fixed one."""
        return {
            fee.pk: self.cleaned_data.get(f"fee_{fee.pk}") if fee.amount is None else None
            for fee in self.fees
            if self.cleaned_data[f"apply_{fee.pk}"]
        }


class BillForm(CaseActionForm):
    """An action on the case's bill."""

    def __init__(self, *args: Any, bill: Bill, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bill = bill


class BillPayForm(BillForm):
    receipt_number = forms.CharField(label=_("票据号码"), required=False, max_length=50)


class FeeAdjustmentRequestForm(BillForm):
    kind = forms.ChoiceField(label=_("申请类型"), choices=FeeAdjustmentKind.choices)
    reason = forms.CharField(label=_("理由"), required=False, widget=TEXT, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        kind = FeeAdjustmentKind.WAIVER if self.bill.state == BillState.ISSUED else FeeAdjustmentKind.REFUND
        field.choices = [(kind.value, kind.label)]
        field.initial = kind.value


class FeeAdjustmentDecideForm(BillForm):
    adjustment = forms.ModelChoiceField(
        queryset=FeeAdjustment.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": STALE},
    )
    answer = answer_field(_("批准"), _("不批准"), _("请选择批准或不批准。"))
    note = forms.CharField(label=_("批准意见"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pending = FeeAdjustment.objects.filter(bill=self.bill, state=ApprovalState.PENDING).select_related(
            "bill"
        )
        field = self.fields["adjustment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = pending
        field.initial = next(iter(pending.values_list("pk", flat=True)), None)


class CompleteForm(CaseActionForm):
    pickup = forms.CharField(
        label=_("领取方式说明"),
        required=False,
        max_length=200,
        help_text=_("留空则告知申请人持受理通知书到受理窗口领取。"),
    )


class DeliverForm(CaseActionForm):
    method = forms.ChoiceField(
        label=_("送达方式"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择送达方式。")},
    )
    recipient = forms.CharField(label=_("签收人"), required=False, max_length=100)
    signed = forms.BooleanField(label=_("签收人已在送达回证上签名"), required=False)
    carrier = forms.CharField(label=_("快递公司"), required=False, max_length=50)
    tracking_number = forms.CharField(label=_("快递单号"), required=False, max_length=50)


class ArchiveForm(CaseActionForm):
    pass


class WithdrawForm(CaseActionForm):
    reason = forms.CharField(label=_("撤回理由"), required=False, widget=TEXT, max_length=2000)
