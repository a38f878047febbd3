"""Taking a number: the kiosk's screens, staff issuing for the green channel, and the public
position page the ticket's QR code opens."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from govhall.org.models import Centre, StaffProfile
from govhall.org.selectors import staff_profile_of
from govhall.queueing import services
from govhall.queueing.devices import device_page
from govhall.queueing.forms.kiosk import KioskTicketForm, StaffTicketForm
from govhall.queueing.kiosk_card_reads import card_read_take
from govhall.queueing.models import Device, DeviceKind, Queue, Ticket
from govhall.queueing.selectors import kiosk as kiosk_selectors
from govhall.queueing.ticket_print import TicketSlip, ticket_slip
from govhall.queueing.views.refusals import refusal_message, refusal_status

TICKET_SCREEN_SECONDS = 20
"""The kiosk shows a new ticket this long, then returns to its home screen."""
IDLE_SECONDS = 60
"""A kiosk screen other than home returns home after this long without a touch."""


def hours_notice(centre: Centre) -> str:
    """Why numbers cannot be taken right now (the issuing rule's own words), or "" while they can."""
    try:
        services.issuing_period(centre=centre, moment=timezone.now())
    except services.QueueRefusal as refusal:
        return refusal.messages[0]
    return ""


def _position_url(request: HttpRequest, ticket: Ticket) -> str:
    return request.build_absolute_uri(reverse("queueing:position", args=[ticket.public_code]))


def _slip(request: HttpRequest, ticket: Ticket) -> TicketSlip:
    return ticket_slip(ticket, position_url=_position_url(request, ticket))


def _kiosk_render(
    request: HttpRequest, device: Device, template: str, context: dict[str, Any], idle: bool = True
) -> HttpResponse:
    context = {
        "device": device,
        "centre": device.centre,
        "closed": hours_notice(device.centre),
        "home_url": reverse("queueing:kiosk", args=[device.code]),
        "idle_seconds": IDLE_SECONDS if idle else 0,
        **context,
    }
    return render(request, template, context)


# --- kiosk -------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@device_page(DeviceKind.KIOSK)
def kiosk(request: HttpRequest, device: Device) -> HttpResponse:
    """One URL, several screens: home, a department's items, search, confirm; POST takes the number."""
    if request.method == "POST":
        return _take(request, device)
    params = request.GET
    if params.get("item"):
        return _confirm_item(request, device, params["item"])
    if params.get("queue"):
        return _confirm_queue(request, device, params["queue"])
    if params.get("department"):
        return _department(request, device, params["department"])
    if "search" in params:
        return _kiosk_render(request, device, "queueing/kiosk_search.html", _search(device, params))
    return _kiosk_render(
        request,
        device,
        "queueing/kiosk.html",
        {
            "departments": kiosk_selectors.kiosk_departments(centre=device.centre),
            "overviews": kiosk_selectors.kiosk_queues(centre=device.centre),
        },
        idle=False,
    )


def _search(device: Device, params: QueryDict) -> dict[str, Any]:
    """The items of this centre matching ``q``; when it has none, those other centres handle."""
    q = params.get("q", "").strip()
    items = kiosk_selectors.kiosk_items(centre=device.centre, q=q) if q else []
    elsewhere = kiosk_selectors.items_elsewhere(centre=device.centre, q=q) if q and not items else []
    return {"q": q, "items": items, "elsewhere": elsewhere}


def _department(request: HttpRequest, device: Device, code: str) -> HttpResponse:
    departments = {choice.code: choice for choice in kiosk_selectors.kiosk_departments(centre=device.centre)}
    if code not in departments:
        return redirect("queueing:kiosk", code=device.code)
    items = kiosk_selectors.kiosk_items(centre=device.centre, department=code)
    return _kiosk_render(
        request, device, "queueing/kiosk_items.html", {"department": departments[code], "items": items}
    )


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _confirm_item(request: HttpRequest, device: Device, raw_item: str) -> HttpResponse:
    item_id = _number(raw_item)
    version = kiosk_selectors.kiosk_item(centre=device.centre, item_id=item_id) if item_id else None
    if version is None:
        return redirect("queueing:kiosk", code=device.code)
    queues = kiosk_selectors.queues_for_item(centre=device.centre, item_id=version.item_id)
    form = KioskTicketForm(
        centre=device.centre,
        initial={
            "queue": queues[0].pk if queues else None,
            "item": version.item_id,
            "green_reason": "",
            "request_key": KioskTicketForm.new_request_key(),
        },
    )
    return _confirm(request, device, form, queues=queues, item_name=version.name)


def _confirm_queue(request: HttpRequest, device: Device, raw_queue: str) -> HttpResponse:
    queue_id = _number(raw_queue)
    queue = kiosk_selectors.kiosk_queue(centre=device.centre, queue_id=queue_id) if queue_id else None
    if queue is None:
        return redirect("queueing:kiosk", code=device.code)
    form = KioskTicketForm(
        centre=device.centre,
        initial={"queue": queue.pk, "green_reason": "", "request_key": KioskTicketForm.new_request_key()},
    )
    return _confirm(request, device, form, queues=[queue], item_name="")


def _confirm(
    request: HttpRequest,
    device: Device,
    form: KioskTicketForm,
    *,
    queues: list[Queue],
    item_name: str,
    refusal: str = "",
) -> HttpResponse:
    overviews = {
        overview.queue.pk: overview for overview in kiosk_selectors.kiosk_queues(centre=device.centre)
    }
    return _kiosk_render(
        request,
        device,
        "queueing/kiosk_confirm.html",
        {
            "form": form,
            "choices": [overviews[queue.pk] for queue in queues if queue.pk in overviews],
            "selected_queue": str(form["queue"].value() or ""),
            "item_name": item_name,
            "refusal": refusal,
            "card_read_url": reverse("queueing:kiosk_card_read", args=[device.code]),
        },
    )


def _take(request: HttpRequest, device: Device) -> HttpResponse:
    form = KioskTicketForm(request.POST, centre=device.centre)
    refusal = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_issue(
                queue=data["queue"],
                device=device,
                item=data["item"],
                id_number=data["id_number"],
                phone=data["phone"],
                green_reason=data["green_reason"],
                idempotency_key=data["request_key"],
            )
        except (ValidationError, PermissionDenied) as exc:
            refusal = refusal_message(exc)
        else:
            return redirect("queueing:kiosk_ticket", code=device.code, public_code=ticket.public_code)
    item_id = _number(request.POST.get("item", ""))
    item = kiosk_selectors.kiosk_item(centre=device.centre, item_id=item_id) if item_id else None
    if item is not None:
        queues = kiosk_selectors.queues_for_item(centre=device.centre, item_id=item.item_id)
    else:
        chosen = _number(request.POST.get("queue", ""))
        queue = kiosk_selectors.kiosk_queue(centre=device.centre, queue_id=chosen) if chosen else None
        queues = [queue] if queue is not None else []
    if not queues:
        return redirect("queueing:kiosk", code=device.code)
    return _confirm(
        request, device, form, queues=queues, item_name=item.name if item else "", refusal=refusal
    )


@never_cache
@require_safe
@device_page(DeviceKind.KIOSK)
def kiosk_search_results(request: HttpRequest, device: Device) -> HttpResponse:
    """Search results for the kiosk's search screen (htmx fragment): name, keywords, pinyin initials."""
    context = {"device": device, "closed": hours_notice(device.centre), **_search(device, request.GET)}
    return render(request, "queueing/kiosk_results.html", context)


@never_cache
@require_safe
@device_page(DeviceKind.KIOSK)
def kiosk_queue_list(request: HttpRequest, device: Device) -> HttpResponse:
    """The home screen's queue tiles with people waiting and numbers left (refreshed by htmx)."""
    context = {
        "device": device,
        "overviews": kiosk_selectors.kiosk_queues(centre=device.centre),
        "closed": hours_notice(device.centre),
    }
    return render(request, "queueing/kiosk_queues.html", context)


@never_cache
@require_safe
@device_page(DeviceKind.KIOSK)
def kiosk_ticket(request: HttpRequest, device: Device, public_code: str) -> HttpResponse:
    """The number just taken at this kiosk, printed as an 80 mm slip; the screen returns home."""
    ticket = get_object_or_404(
        Ticket.objects.select_related("centre", "queue"),
        public_code=public_code,
        issued_by_device=device,
        service_date=timezone.localdate(),
    )
    return _kiosk_render(
        request,
        device,
        "queueing/kiosk_ticket.html",
        {"slip": _slip(request, ticket), "seconds": TICKET_SCREEN_SECONDS},
        idle=False,
    )


@never_cache
@require_safe
@device_page(DeviceKind.KIOSK)
def kiosk_card_read(request: HttpRequest, device: Device) -> JsonResponse:
    """The ID number the kiosk's card reader just posted, taken (and so removed) by this request."""
    return JsonResponse({"id_number": card_read_take(device=device)})


# --- staff issuing (绿色通道) -------------------------------------------------------------------


def _signed_in(request: HttpRequest) -> User:
    """The user of a ``login_required`` view."""
    return cast(User, request.user)


def _staff_of(request: HttpRequest) -> StaffProfile:
    staff = staff_profile_of(_signed_in(request))
    if staff is None:
        raise PermissionDenied(_("只有中心工作人员可以代为取号。"))
    return staff


@never_cache
@login_required
@permission_required("queueing.grant_green_channel", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ticket_issue(request: HttpRequest) -> HttpResponse:
    """Issue a green-channel number for a person at the desk (e.g. the consultation desk)."""
    staff = _staff_of(request)
    form = StaffTicketForm(request.POST or None, centre=staff.centre)
    refusal = ""
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            ticket = services.ticket_issue(
                queue=data["queue"],
                issued_by=_signed_in(request),
                id_number=data["id_number"],
                phone=data["phone"],
                green_reason=data["green_reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            refusal = refusal_message(exc)
            status = refusal_status(exc)
        else:
            return redirect("queueing:ticket_issued", public_code=ticket.public_code)
    context = {
        "form": form,
        "refusal": refusal,
        "centre": staff.centre,
        "overviews": kiosk_selectors.kiosk_queues(centre=staff.centre),
        "notice": hours_notice(staff.centre),
    }
    return render(request, "queueing/ticket_issue.html", context, status=status)


@never_cache
@login_required
@permission_required("queueing.grant_green_channel", raise_exception=True)
@require_safe
def ticket_issued(request: HttpRequest, public_code: str) -> HttpResponse:
    """The green-channel number just issued by staff of this centre, ready to print."""
    staff = _staff_of(request)
    ticket = get_object_or_404(
        Ticket.objects.select_related("centre", "queue"),
        public_code=public_code,
        centre=staff.centre,
        issued_by__isnull=False,
        service_date=timezone.localdate(),
    )
    return render(request, "queueing/ticket_issued.html", {"slip": _slip(request, ticket)})


# --- the position page (扫码查看排队进度) --------------------------------------------------------


def _position(public_code: str) -> kiosk_selectors.TicketPosition:
    position = kiosk_selectors.ticket_position(public_code=public_code)
    if position is None:
        raise Http404(_("未找到该排队号。"))
    return position


@never_cache
@require_safe
def position(request: HttpRequest, public_code: str) -> HttpResponse:
    """Public: where the ticket stands now; refreshes itself while it is still waiting or called."""
    context = {"position": _position(public_code), "public_code": public_code}
    return render(request, "queueing/position.html", context)


@never_cache
@require_safe
def position_status(request: HttpRequest, public_code: str) -> HttpResponse:
    context = {"position": _position(public_code), "public_code": public_code}
    return render(request, "queueing/position_status.html", context)
