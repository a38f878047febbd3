"""Filter forms of the hall monitor pages (statistics, ticket lookup), read from the query string."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.org.models import Centre
from govhall.queueing.statistics import Grouping, range_problem

DATE_ERRORS = {"invalid": _("请输入有效的日期，例如 2026-11-21。"), "required": _("请选择日期。")}
TICKET_NUMBER = re.compile(r"^[A-Z]{1,2}\d{3,}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _with_defaults(data: QueryDict, defaults: dict[str, str]) -> dict[str, Any]:
    merged: dict[str, Any] = dict(defaults)
    merged.update({key: value for key, value in data.items() if value != ""})
    return merged


class CentreChoiceMixin:
    """A centre select listing the centres in the user's scope by code; hidden when there is only one."""

    fields: dict[str, forms.Field]

    def _set_centres(self, centres: QuerySet[Centre]) -> None:
        field = self.fields["centre"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(centre.code, centre.name) for centre in centres]
        if len(field.choices) <= 1:
            field.widget = forms.HiddenInput()


class StatisticsFilterForm(CentreChoiceMixin, forms.Form):
    date_from = forms.DateField(label=_("开始日期"), widget=DateInput(), error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("结束日期"), widget=DateInput(), error_messages=DATE_ERRORS)
    centre = forms.ChoiceField(
        label=_("中心"), error_messages={"invalid_choice": _("没有这个中心，或您无权查看该中心。")}
    )
    grouping = forms.ChoiceField(
        label=_("统计维度"),
        choices=Grouping.choices,
        error_messages={"invalid_choice": _("请选择统计维度：按队列、窗口、人员、日或小时。")},
    )

    def __init__(self, data: QueryDict, *, centres: QuerySet[Centre], default_centre: Centre) -> None:
        today = timezone.localdate().isoformat()
        defaults = {
            "date_from": today,
            "date_to": today,
            "centre": default_centre.code,
            "grouping": Grouping.QUEUE.value,
        }
        super().__init__(_with_defaults(data, defaults))
        self._set_centres(centres)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from: date | None = cleaned.get("date_from")
        date_to: date | None = cleaned.get("date_to")
        if date_from is not None and date_to is not None:
            problem = range_problem(date_from, date_to)
            if problem is not None:
                raise ValidationError(problem, code="date_range")
        return cleaned


class TicketLookupForm(CentreChoiceMixin, forms.Form):
    day = forms.DateField(label=_("取号日期"), widget=DateInput(), error_messages=DATE_ERRORS)
    number = forms.CharField(
        label=_("排队号"),
        max_length=12,
        error_messages={"required": _("请输入排队号，例如 A012。")},
        widget=forms.TextInput(attrs={"placeholder": "A012", "autocomplete": "off"}),
    )
    centre = forms.ChoiceField(
        label=_("中心"), error_messages={"invalid_choice": _("没有这个中心，或您无权查看该中心。")}
    )

    def __init__(self, data: QueryDict | None, *, centres: QuerySet[Centre], default_centre: Centre) -> None:
        """Unbound (the empty search form) when ``data`` is None."""
        defaults = {"day": timezone.localdate().isoformat(), "centre": default_centre.code}
        if data is None:
            super().__init__(initial=defaults)
        else:
            super().__init__(_with_defaults(data, defaults))
        self._set_centres(centres)

    def clean_number(self) -> str:
        number = str(self.cleaned_data["number"]).strip().upper()
        if not TICKET_NUMBER.match(number):
            raise ValidationError(_("排队号由队列字母和三位数字组成，例如 A012。"), code="number")
        return number
