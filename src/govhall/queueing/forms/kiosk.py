"""Forms for taking a number: at a kiosk (by the person) and at a desk (绿色通道, by staff)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.personal_data import validate_resident_id
from govhall.notify.services import can_receive_sms
from govhall.org.models import Centre
from govhall.queueing.models import GreenChannelReason, Queue
from govhall.queueing.selectors import kiosk as kiosk_selectors


class QueueChoiceField(forms.ModelChoiceField[Queue]):
    def label_from_instance(self, obj: Queue) -> str:
        return f"{obj.prefix} {obj.name}"


class TicketForm(forms.Form):
    """What both forms ask: the queue, an optional ID number and an optional mobile for SMS."""

    queue = QueueChoiceField(
        queryset=Queue.objects.none(),
        label=_("业务队列"),
        error_messages={
            "required": _("请选择业务队列。"),
            "invalid_choice": _("该业务队列不存在或已停用，请重新选择。"),
        },
    )
    id_number = forms.CharField(label=_("身份证号码"), required=False, max_length=32)
    phone = forms.CharField(label=_("手机号码"), required=False, max_length=20)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        queue_field = self.fields["queue"]
        assert isinstance(queue_field, QueueChoiceField)
        queue_field.queryset = Queue.objects.filter(centre=centre, is_active=True).order_by(
            "sort_order", "prefix"
        )

    def clean_id_number(self) -> str:
        value: str = self.cleaned_data["id_number"].strip()
        return validate_resident_id(value) if value else ""

    def clean_phone(self) -> str:
        value: str = self.cleaned_data["phone"].strip()
        if value and not can_receive_sms(value):
            raise forms.ValidationError(_("请填写正确的11位手机号码，用于短信提醒。"), code="phone")
        return value


class KioskTicketForm(TicketForm):
    """At a kiosk: the item chosen (if any), a self-declared green channel, and a request key so a
    double tap or a resent form never takes a second number."""

    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    green_reason = forms.ChoiceField(
        label=_("绿色通道"),
        required=False,
        choices=[
            ("", _("不需要")),
            *((reason.value, reason.label) for reason in kiosk_selectors.KIOSK_GREEN_REASONS),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("绿色通道类别无效，请重新选择。")},
    )
    request_key = forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        widget=forms.HiddenInput,
        error_messages={"required": _("页面已过期，请重新选择。"), "invalid": _("页面已过期，请重新选择。")},
    )

    @staticmethod
    def new_request_key() -> str:
        return uuid.uuid4().hex

    def clean_item(self) -> ServiceItem | None:
        item_id = self.cleaned_data.get("item")
        if item_id is None:
            return None
        version = kiosk_selectors.kiosk_item(centre=self.centre, item_id=item_id)
        if version is None:
            raise forms.ValidationError(_("未找到该事项，或该事项尚未发布。"), code="item")
        return version.item


class StaffTicketForm(TicketForm):
    """At a desk: staff grant the green channel after seeing the person (and their papers)."""

    green_reason = forms.ChoiceField(
        label=_("绿色通道原因"),
        choices=GreenChannelReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择绿色通道原因。"),
            "invalid_choice": _("绿色通道原因无效，请重新选择。"),
        },
    )
