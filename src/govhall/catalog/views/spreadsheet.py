"""The implementation list as an Excel workbook: one page to export, check and import it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from govhall.catalog.selectors import export_scope
from govhall.catalog.spreadsheet import (
    ImportReport,
    catalogue_export,
    catalogue_import,
    upload_problem,
)
from govhall.core.spreadsheet import XLSX_CONTENT_TYPE
from govhall.core.staff_views import signed_in_user

PERMISSION = "catalog.publish_item"


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("实施清单文件（.xlsx，不超过10 MB）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        problem = upload_problem(name=upload.name or "", size=upload.size)
        if problem is not None:
            raise ValidationError(problem)
        return upload


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def spreadsheet_page(request: HttpRequest) -> HttpResponse:
    """Export link, upload form, and the report of a dry run (试导入) or an import."""
    report: ImportReport | None = None
    if request.method == "POST":
        form = SpreadsheetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            report = catalogue_import(
                user=signed_in_user(request),
                file=form.cleaned_data["file"],
                dry_run=request.POST.get("action") != "import",
            )
    else:
        form = SpreadsheetUploadForm()
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "scope": export_scope(user=signed_in_user(request)),
    }
    return render(request, "catalog/spreadsheet/page.html", context)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def spreadsheet_export(request: HttpRequest) -> HttpResponse:
    """The published catalogue in the user's scope as an .xlsx download."""
    content = catalogue_export(user=signed_in_user(request))
    filename = _("事项实施清单-%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    return response
