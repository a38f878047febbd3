"""Forms of the window intake pages (窗口收件): the applicant and agent, the materials checklist and
the window's answer.

The forms parse what the clerk typed; the rules live in the services. The applicant forms run
:func:`govhall.cases.applicants.applicant_clean` so every applicant problem shows at once next to
its field, and :meth:`ApplicantForm.add_service_errors` puts the errors a service raises (keyed
``name``, ``id_number``, ``agent_phone`` …) next to the fields the clerk typed them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from govhall.cases.applicants import ApplicantInput, applicant_clean
from govhall.cases.models import ApplicantKind, CaseMaterial, IdType, MaterialCheck
from govhall.cases.services import IntakeOutcome, MaterialInput
from govhall.catalog.models import ItemMaterial, MaterialMedium, MaterialRequirement

PERSON_ID_TYPE_CHOICES = [
    (value, IdType(value).label)
    for value in (
        IdType.RESIDENT_ID,
        IdType.PASSPORT,
        IdType.HK_MACAO_PERMIT,
        IdType.TAIWAN_PERMIT,
        IdType.FOREIGN_PERMANENT,
    )
]

IMMEDIATE = "immediate"
"""The 当场办结 button: accept, then decide and complete a 即办件 in the same sitting."""

NOT_ACCEPT_REASONS = {
    "no_licence_needed": _("申请事项依法不需要取得行政许可"),
    "not_eligible": _("申请人不具备申请资格"),
    "false_materials": _("申请材料存在虚假内容"),
    "not_qualified": _("不符合法定条件"),
}
"""Common reasons for 不予受理; the clerk ticks any and may add their own."""

OUTCOME_LABELS = {
    IntakeOutcome.ACCEPT: _("受理"),
    IntakeOutcome.CORRECTION: _("一次性告知（补正）"),
    IntakeOutcome.NOT_ACCEPT: _("不予受理"),
    IntakeOutcome.REFER: _("退回"),
    IMMEDIATE: _("当场办结"),
}

_APPLICANT_FIELDS: dict[str, dict[str, str]] = {
    ApplicantKind.PERSON: {"name": "name", "id_type": "id_type", "id_number": "id_number", "phone": "phone"},
    ApplicantKind.ORGANISATION: {
        "name": "org_name",
        "id_type": "credit_code",
        "id_number": "credit_code",
        "phone": "org_phone",
        "legal_representative": "legal_representative",
    },
}
"""Which form field shows the error a service raises for an applicant field, by applicant kind."""


def _text(label: Any, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _errors_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": list(error.messages)}


class ApplicantForm(forms.Form):
    """The applicant: a natural person or an organisation (both field groups are sent; the chosen
    kind decides which are read)."""

    kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请人类型。"), "invalid_choice": _("请选择申请人类型。")},
    )
    name = _text(_("姓名"), 200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=PERSON_ID_TYPE_CHOICES,
        initial=IdType.RESIDENT_ID,
        required=False,
        error_messages={"invalid_choice": _("请选择证件类型。")},
    )
    id_number = _text(_("证件号码"), 40, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = _text(
        _("联系电话"), 20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
    )
    address = _text(_("地址"), 300)
    org_name = _text(_("单位名称"), 200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    credit_code = _text(_("统一社会信用代码"), 40, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    legal_representative = _text(_("法定代表人"), 100)
    org_phone = _text(
        _("单位联系电话"), 20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
    )
    org_address = _text(_("住所"), 300)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, prefix="applicant", label_suffix="")

    @property
    def chosen_kind(self) -> str:
        """The kind the form shows first: what was sent, else the initial one."""
        value = self["kind"].value()
        return value if value in ApplicantKind.values else ApplicantKind.PERSON

    def applicant(self) -> ApplicantInput:
        data = self.cleaned_data
        if data.get("kind") == ApplicantKind.ORGANISATION:
            return ApplicantInput(
                kind=ApplicantKind.ORGANISATION,
                name=data.get("org_name", ""),
                id_type=IdType.CREDIT_CODE,
                id_number=data.get("credit_code", ""),
                phone=data.get("org_phone", ""),
                address=data.get("org_address", ""),
                legal_representative=data.get("legal_representative", ""),
            )
        return ApplicantInput(
            kind=data.get("kind") or ApplicantKind.PERSON,
            name=data.get("name", ""),
            id_type=data.get("id_type", ""),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "kind" not in self.errors:
            try:
                applicant_clean(self.applicant(), role=str(_("申请人")))
            except ValidationError as error:
                self.add_service_errors(_errors_of(error))
        return cleaned

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        """Show a service's applicant errors (keys without ``agent_``) at the fields they concern."""
        fields = _APPLICANT_FIELDS[self.chosen_kind]
        for key, messages in errors.items():
            if key.startswith("agent_"):
                continue
            field = fields.get(key) if key != "kind" else "kind"
            for message in messages:
                self.add_error(field, message)


class AgentForm(forms.Form):
    """An optional agent (代办人), a natural person; present when any of its fields is filled."""

    name = _text(_("代办人姓名"), 200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    id_type = forms.ChoiceField(
        label=_("代办人证件类型"),
        choices=PERSON_ID_TYPE_CHOICES,
        initial=IdType.RESIDENT_ID,
        required=False,
        error_messages={"invalid_choice": _("请选择证件类型。")},
    )
    id_number = _text(_("代办人证件号码"), 40, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = _text(
        _("代办人联系电话"), 20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
    )

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, prefix="agent", label_suffix="")

    @property
    def is_filled(self) -> bool:
        """Whether the clerk entered an agent (what was sent, before or after cleaning)."""
        return any(str(self[name].value() or "").strip() for name in ("name", "id_number", "phone"))

    def agent(self) -> ApplicantInput | None:
        if not self.is_filled:
            return None
        data = self.cleaned_data
        return ApplicantInput(
            kind=ApplicantKind.PERSON,
            name=data.get("name", ""),
            id_type=data.get("id_type", ""),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agent = self.agent()
        if agent is not None:
            try:
                applicant_clean(agent, role=str(_("代办人")))
            except ValidationError as error:
                self.add_service_errors({f"agent_{key}": value for key, value in _errors_of(error).items()})
        return cleaned

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        """Show a service's ``agent_<field>`` errors at the agent's fields."""
        for key, messages in errors.items():
            if not key.startswith("agent_"):
                continue
            field = key.removeprefix("agent_")
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


UNMARKED = ""
"""The checklist's first choice: a material the clerk has not marked yet (a new application starts so)."""


class MaterialRowForm(forms.Form):
    """One material of the checklist: what came in and whether it is acceptable. A material marked
    已收 on paper needs the counts received."""

    outcome = forms.ChoiceField(
        label=_("核验结果"),
        widget=forms.Select(attrs={"data-material-outcome": ""}),
        error_messages={"invalid_choice": _("请选择核验结果。"), "required": _("请选择核验结果。")},
    )
    originals = forms.IntegerField(
        label=_("原件份数"),
        min_value=0,
        max_value=99,
        required=False,
        widget=forms.NumberInput(attrs={"class": "count"}),
    )
    copies = forms.IntegerField(
        label=_("复印件份数"),
        min_value=0,
        max_value=99,
        required=False,
        widget=forms.NumberInput(attrs={"class": "count"}),
    )
    problem = _text(_("问题说明"), 300)

    def __init__(
        self, data: Mapping[str, Any] | None, *, material: ItemMaterial, initial: dict[str, Any]
    ) -> None:
        super().__init__(data, prefix=f"material-{material.pk}", initial=initial, label_suffix="")
        self.material = material
        choices = [
            (UNMARKED, _("请选择")),
            (MaterialCheck.RECEIVED.value, MaterialCheck.RECEIVED.label),
            (MaterialCheck.MISSING.value, MaterialCheck.MISSING.label),
            (MaterialCheck.NOT_COMPLIANT.value, MaterialCheck.NOT_COMPLIANT.label),
        ]
        if material.requirement == MaterialRequirement.CONDITIONAL:
            choices.append((MaterialCheck.NOT_APPLICABLE.value, MaterialCheck.NOT_APPLICABLE.label))
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = choices
        for name, expected in (("originals", material.originals), ("copies", material.copies)):
            self.fields[name].widget.attrs["data-expected"] = expected

    @property
    def is_required(self) -> bool:
        return self.material.requirement == MaterialRequirement.REQUIRED

    @property
    def current_outcome(self) -> str:
        return str(self["outcome"].value() or "")

    @property
    def is_unmarked(self) -> bool:
        return self.is_bound and self.current_outcome == UNMARKED

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        on_paper = self.material.medium != MaterialMedium.ELECTRONIC
        counted = cleaned.get("originals") is not None or cleaned.get("copies") is not None
        if cleaned.get("outcome") == MaterialCheck.RECEIVED and on_paper and not counted:
            self.add_error("originals", _("请填写收到的原件或复印件份数。"))
        return cleaned

    def material_input(self) -> MaterialInput:
        data = self.cleaned_data
        return MaterialInput(
            item_material_id=self.material.pk,
            outcome=data["outcome"],
            originals=data.get("originals") or 0,
            copies=data.get("copies") or 0,
            problem=data.get("problem", ""),
        )


class MaterialChecklist:
    """The item's materials one row each, in the item's order. Rows come from the item version, so
    a tampered request cannot add or drop a material."""

    def __init__(
        self,
        materials: Sequence[ItemMaterial],
        data: Mapping[str, Any] | None = None,
        *,
        recorded: Mapping[int, CaseMaterial] | None = None,
    ) -> None:
        self.rows = [
            MaterialRowForm(data, material=material, initial=_initial_row(material, recorded))
            for material in materials
        ]

    def is_valid(self) -> bool:
        return all([row.is_valid() for row in self.rows])

    def inputs(self) -> list[MaterialInput]:
        return [row.material_input() for row in self.rows]

    @property
    def unmarked_message(self) -> str:
        """Why the form was refused when the clerk left materials unmarked (empty otherwise)."""
        names = [row.material.material.name for row in self.rows if row.is_unmarked]
        if not names:
            return ""
        return _("请逐项核验材料，尚未核验：%(names)s。") % {"names": "、".join(names)}


def _initial_row(material: ItemMaterial, recorded: Mapping[int, CaseMaterial] | None) -> dict[str, Any]:
    """A new application: every material unmarked and no counts, so the clerk looks at each paper.
    An answer: what the window recorded, with the required counts where nothing was received yet."""
    row = recorded.get(material.pk) if recorded is not None else None
    if row is None:
        return {"outcome": UNMARKED}
    if row.outcome == MaterialCheck.RECEIVED:
        return {
            "outcome": row.outcome,
            "originals": row.originals_received,
            "copies": row.copies_received,
            "problem": row.problem,
        }
    return {
        "outcome": row.outcome,
        "originals": material.originals,
        "copies": material.copies,
        "problem": row.problem,
    }


class OutcomeForm(forms.Form):
    """The window's answer (the button pressed) and what that answer needs."""

    outcome = forms.ChoiceField(
        error_messages={"required": _("请选择收件结果。"), "invalid_choice": _("请选择收件结果。")}
    )
    reasons = forms.MultipleChoiceField(
        label=_("不予受理理由"),
        choices=list(NOT_ACCEPT_REASONS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择不予受理理由。")},
    )
    not_accept_detail = _text(_("其他理由"), 500, widget=forms.Textarea(attrs={"rows": 2}))
    go_to = _text(_("应向何机关申请"), 200)
    refer_reason = _text(
        _("退回理由"),
        300,
        widget=forms.TextInput(attrs={"placeholder": _("申请事项依法不属于本机关职权范围。")}),
    )
    result_number = _text(_("证照编号"), 100)
    ticket = forms.IntegerField(required=False, widget=forms.HiddenInput)

    SERVICE_FIELDS = {"reasons_required": "reasons", "go_to_required": "go_to"}
    """Refusal codes of the services shown at a field of this form instead of at the top."""

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        outcomes: Sequence[str],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial, label_suffix="")
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = [(value, OUTCOME_LABELS[value]) for value in outcomes]

    @property
    def chosen(self) -> str:
        return str(self["outcome"].value() or "")

    def service_arguments(self) -> dict[str, Any]:
        """``reasons``, ``detail`` and ``go_to`` for case_intake / case_answer."""
        data = self.cleaned_data
        refer = data["outcome"] == IntakeOutcome.REFER
        return {
            "reasons": [str(NOT_ACCEPT_REASONS[code]) for code in data.get("reasons", [])],
            "detail": data.get("refer_reason", "") if refer else data.get("not_accept_detail", ""),
            "go_to": data.get("go_to", "") if refer else "",
        }


class ItemSearchForm(forms.Form):
    q = forms.CharField(
        label=_("搜索事项"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("事项名称、关键词、编码或拼音首字母"),
                "autocomplete": "off",
            }
        ),
    )
