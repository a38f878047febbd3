"""Forms of the staff work lists: the department list's filter, case search and the cashier's payment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from govhall.cases.models import OPEN_STATES, CaseState
from govhall.cases.selectors import CaseSearch
from govhall.org.models import Department

NUMBER_MAX_LENGTH = 50
ID_NUMBER_MAX_LENGTH = 30
DATE_ERRORS = {"invalid": _("请输入有效的日期，例如 2026-11-21。")}

OPEN_STATE_CHOICES = [(value, label) for value, label in CaseState.choices if value in OPEN_STATES]
"""The open states in the order of the case's life, for the work list's tabs."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class WorklistFilterForm(forms.Form):
    """The department list's query string: a state tab and, for centre-wide roles, a department."""

    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *OPEN_STATE_CHOICES],
        error_messages={"invalid_choice": _("没有这个办件状态。")},
    )
    department = forms.ModelChoiceField(
        label=_("部门"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("没有这个部门，或您无权查看该部门的办件。")},
    )

    def __init__(self, *args: Any, departments: QuerySet[Department] | None, **kwargs: Any) -> None:
        """``departments`` lists what a centre-wide role may choose; None drops the select."""
        super().__init__(*args, **kwargs)
        if departments is None:
            del self.fields["department"]
        else:
            field = self.fields["department"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = departments


class CaseSearchForm(forms.Form):
    """Search among the cases the user may see; the ID number is matched exactly through its keyed hash."""

    number = forms.CharField(
        label=_("办件编号"),
        required=False,
        max_length=NUMBER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    id_number = forms.CharField(
        label=_("申请人证件号码"),
        required=False,
        max_length=ID_NUMBER_MAX_LENGTH,
        help_text=_("完整号码，精确查找申请人或代办人。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    item = forms.CharField(label=_("事项名称"), required=False, max_length=100)
    received_from = forms.DateField(
        label=_("接件日期自"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    received_to = forms.DateField(
        label=_("接件日期至"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *CaseState.choices],
        error_messages={"invalid_choice": _("没有这个办件状态。")},
    )

    def clean_number(self) -> str:
        return "".join(self.cleaned_data["number"].split()).upper()

    def clean_id_number(self) -> str:
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(_("请至少填写一个查询条件。"), code="empty")
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("结束日期不能早于开始日期。"))
        return cleaned

    def query(self) -> CaseSearch:
        data = self.cleaned_data
        return CaseSearch(
            number=data["number"],
            id_number=data["id_number"],
            item=data["item"].strip(),
            received_from=data["received_from"],
            received_to=data["received_to"],
            state=data["state"],
        )


class BillLookupForm(forms.Form):
    q = forms.CharField(
        label=_("缴费单号或办件编号"),
        required=False,
        max_length=NUMBER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PaymentForm(forms.Form):
    """The receipt (票据) number; the payment service checks it and says what is wrong."""

    receipt_number = forms.CharField(
        label=_("票据号码"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "maxlength": NUMBER_MAX_LENGTH,
                "placeholder": _("票据号码"),
            }
        ),
    )
