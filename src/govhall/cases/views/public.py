"""Public case pages, no login: ``/track/`` (办件查询) and ``/results/`` (办件结果公示).

Tracking asks for the case number and the last six characters of the applicant's ID number or
phone, sent by POST so the code stays out of addresses and logs; a notice's QR code opens the form
with ``?number=`` filled in. A wrong number and a wrong code get the same answer.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from govhall.cases.applicants import TAIL_LENGTH
from govhall.cases.rate_limits import REFUSED_MESSAGE, track_attempt, track_failure_record
from govhall.cases.selectors.public import (
    case_track,
    public_result_departments,
    public_results,
    public_results_page,
    track_secret_normalise,
)
from govhall.catalog.selectors import guide_centres
from govhall.core.request_origin import current_origin

NOT_FOUND_MESSAGE = _("未查询到办件，请核对办件编号和证件号码或手机号码后6位。")
NUMBER_MAX_LENGTH = 50
SECRET_SHAPE = re.compile(rf"[0-9A-Z]{{{TAIL_LENGTH}}}")
"""The tail of a phone (digits), an ID number (digits, X) or a credit code (digits and letters)."""
MAX_RESULTS_PAGE = 200
"""The results list pages back this far (10,000 cases); older results are found by filtering."""


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("办件编号"),
        max_length=NUMBER_MAX_LENGTH,
        error_messages={"required": _("请输入办件编号。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label=_("证件号码（身份证号码或统一社会信用代码）或手机号码后6位"),
        max_length=20,
        error_messages={"required": _("请输入证件号码或手机号码后6位。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_number(self) -> str:
        return "".join(self.cleaned_data["number"].split())

    def clean_secret(self) -> str:
        secret = track_secret_normalise(self.cleaned_data["secret"])
        if not SECRET_SHAPE.fullmatch(secret):
            raise forms.ValidationError(
                _("请输入6位数字或字母（统一社会信用代码含字母，身份证号码末位可以是X）。"),
                code="secret_format",
            )
        return secret


def _track_page(
    request: HttpRequest, form: TrackForm, *, error: object = None, status: int = 200
) -> HttpResponse:
    return render(request, "cases/public/track.html", {"form": form, "error": error}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """``/track/``: the form (``?number=`` fills in the number); POST shows the case or one message."""
    if request.method != "POST":
        number = "".join(request.GET.get("number", "").split())[:NUMBER_MAX_LENGTH]
        return _track_page(request, TrackForm(initial={"number": number}))
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form)
    number = form.cleaned_data["number"]
    again = TrackForm(initial={"number": number})
    if not track_attempt(ip=current_origin().ip, number=number):
        return _track_page(request, again, error=REFUSED_MESSAGE, status=429)
    tracked = case_track(number=number, secret=form.cleaned_data["secret"])
    if tracked is None:
        track_failure_record(number=number)
        return _track_page(request, again, error=NOT_FOUND_MESSAGE)
    return render(request, "cases/public/track_result.html", {"case": tracked})


class ResultsFilterForm(forms.Form):
    centre = forms.ChoiceField(label=_("政务服务中心"), required=False)
    department = forms.ChoiceField(label=_("办理部门"), required=False)
    day_from = forms.DateField(
        label=_("办结日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    day_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(
        label=_("事项名称或办件编号"),
        required=False,
        max_length=NUMBER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_RESULTS_PAGE)

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)
        self.centres = {centre.code: centre for centre in guide_centres()}
        centre = self.centres.get(data.get("centre", ""))
        centre_field = cast(forms.ChoiceField, self.fields["centre"])
        centre_field.choices = [("", _("全部中心")), *((code, c.name) for code, c in self.centres.items())]
        department_field = cast(forms.ChoiceField, self.fields["department"])
        department_field.choices = [("", _("全部部门")), *public_result_departments(centre=centre)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day_from: date | None = cleaned.get("day_from")
        day_to: date | None = cleaned.get("day_to")
        if day_from and day_to and day_from > day_to:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"), code="date_order")
        return cleaned


def _page_url(query: QueryDict, number: int) -> str:
    params = query.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """``/results/``: finished cases, newest first, 50 a page, by centre, department, date and item."""
    form = ResultsFilterForm(request.GET)
    if not form.is_valid():
        invalid: dict[str, object] = {"form": form, "page": None, "show_centre": len(form.centres) > 1}
        return render(request, "cases/public/results.html", invalid, status=400)
    data = form.cleaned_data
    cases = public_results(
        centre=form.centres.get(data["centre"]),
        department_code=data["department"],
        day_from=data["day_from"],
        day_to=data["day_to"],
        query=data["q"],
    )
    page = public_results_page(cases, number=data["page"] or 1)
    context: dict[str, object] = {
        "form": form,
        "page": page,
        "show_centre": len(form.centres) > 1,
        "filtered": any(data[name] for name in ("centre", "department", "day_from", "day_to", "q")),
        "previous_url": _page_url(request.GET, page.number - 1) if page.has_previous else "",
        "next_url": _page_url(request.GET, page.number + 1)
        if page.has_next and page.number < MAX_RESULTS_PAGE
        else "",
    }
    return render(request, "cases/public/results.html", context)
