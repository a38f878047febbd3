"""Reprinting a case's notices (文书) and its fee papers (缴费通知单, 收费收据) as PDFs, for the staff
who may see the case, and printing the 送达回证 before the result is handed over."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.cases.documents.fee import bill_notice_pdf, receipt_pdf
from govhall.cases.documents.notice import notice_pdf
from govhall.cases.models import Bill, Case
from govhall.cases.selectors import case_for
from govhall.cases.services import delivery_receipt_issue
from govhall.cases.views.case import refusal_status, refused_page
from govhall.core.pdf import pdf_response
from govhall.core.staff_views import signed_in_user


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
    label = notice.title
    return pdf_response(
        notice_pdf(notice, tracking_url=tracking_url(request, case.number)),
        ascii_name=f"{notice.kind}-{case.number}.pdf",
        name=f"{label}{notice.number}.pdf",
    )


@login_required
@require_POST
def delivery_receipt_print(request: HttpRequest, number: str) -> HttpResponse:
    """Issue the case's 送达回证 (once; again gives the same one) and open its PDF to print and have
    signed; a refusal shows the case page with the reason (403 not this user's, 409 not now),
    nothing issued."""
    user = signed_in_user(request)
    case = case_for(user=user, number=number)
    try:
        notice = delivery_receipt_issue(case=case, user=user)
    except (ValidationError, PermissionDenied) as error:
        reason = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return refused_page(request, user, case.number, status=refusal_status(error), error=reason)
    return redirect("cases:notice_pdf", number=case.number, notice_id=notice.pk)


def _bill_of(request: HttpRequest, number: str) -> tuple[Case, Bill]:
    case = case_for(user=request.user, number=number)
    bill = get_object_or_404(Bill.objects.select_related("issued_by__staff", "cashier__staff"), case=case)
    bill.case = case
    return case, bill


@login_required
@require_safe
def bill_notice_download(request: HttpRequest, number: str) -> HttpResponse:
    """The case's 缴费通知单 to hand to the applicant; 404 when no bill was issued."""
    case, bill = _bill_of(request, number)
    return pdf_response(
        bill_notice_pdf(bill, tracking_url=tracking_url(request, case.number)),
        ascii_name=f"bill-{bill.number}.pdf",
        name=_("缴费通知单%(number)s.pdf") % {"number": bill.number},
    )


@login_required
@require_safe
def receipt_download(request: HttpRequest, number: str) -> HttpResponse:
    """The case's 收费收据 once the payment is recorded; 404 before."""
    case, bill = _bill_of(request, number)
    if bill.paid_at is None:
        raise Http404("bill not paid")
    return pdf_response(
        receipt_pdf(bill, tracking_url=tracking_url(request, case.number)),
        ascii_name=f"receipt-{bill.number}.pdf",
        name=_("收费收据%(number)s.pdf") % {"number": bill.receipt_number},
    )
