"""Reprinting a case's notices (文书) as PDFs, for the staff who may see the case."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from govhall.cases.documents.notice import notice_pdf
from govhall.cases.models import NoticeKind
from govhall.cases.selectors import case_for
from govhall.core.pdf import pdf_response


def tracking_url(request: HttpRequest, number: str) -> str:
    """The absolute address of the public tracking page with the case number filled in: what a
    notice's QR code opens."""
    return request.build_absolute_uri(f"{reverse('cases:track')}?{urlencode({'number': number})}")


@login_required
@require_safe
def notice_download(request: HttpRequest, number: str, notice_id: int) -> HttpResponse:
    """One notice of a case the user may see, shown inline; any other case or notice is 404."""
    case = case_for(user=request.user, number=number)
    notice = get_object_or_404(case.notices.all(), pk=notice_id)
    label = str(NoticeKind(notice.kind).label)
    return pdf_response(
        notice_pdf(notice, tracking_url=tracking_url(request, case.number)),
        ascii_name=f"{notice.kind}-{case.number}.pdf",
        name=f"{label}{notice.number}.pdf",
    )
