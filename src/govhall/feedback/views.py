"""The evaluator pad (评价器, /pad/<code>/): a window's device showing its clerk and, after each
service, asking the applicant to rate it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from govhall.core.api.errors import error_json
from govhall.feedback import selectors, services
from govhall.feedback.models import BAD_RATING_LEVELS, SATISFIED_LEVELS, BadRatingReason, RatingLevel
from govhall.queueing import boards
from govhall.queueing.devices import device_page, device_refused
from govhall.queueing.models import Device, DeviceKind, Ticket


def _digits(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() else None


def _tone(level: RatingLevel) -> str:
    if level in SATISFIED_LEVELS:
        return "good"
    return "bad" if level in BAD_RATING_LEVELS else "basic"


def _rate(request: HttpRequest, device: Device) -> JsonResponse:
    """The pad's rating post: ticket, level, reasons (for a bad rating) and an optional comment."""
    ticket_id = _digits(request.POST.get("ticket"))
    ticket = (
        Ticket.objects.filter(pk=ticket_id, centre_id=device.centre_id).first()
        if ticket_id is not None
        else None
    )
    try:
        if ticket is None:
            raise services.RatingRefusal(_("该号码不是本窗口办结的服务，不能评价。"), code="not_rateable")
        services.rating_record(
            device=device,
            ticket=ticket,
            level=_digits(request.POST.get("level")) or 0,
            reasons=request.POST.getlist("reasons"),
            comment=request.POST.get("comment", ""),
        )
    except (ValidationError, PermissionDenied) as refusal:
        return error_json(refusal)
    return JsonResponse({"detail": _("感谢您的评价！")}, status=201)


@require_http_methods(["GET", "POST"])
@device_page(DeviceKind.EVALUATOR_PAD)
def pad(request: HttpRequest, device: Device) -> HttpResponse:
    if device.window is None:
        return device_refused(request)
    if request.method == "POST":
        return _rate(request, device)
    config: dict[str, Any] = {
        "code": device.code,
        "state_url": reverse("feedback:pad_state", args=[device.code]),
        "photo_url": reverse("feedback:pad_photo", args=[device.code]),
        "rate_url": reverse("feedback:pad", args=[device.code]),
        "labels": {"ticket": _("号码 %(number)s"), "offline": _("网络连接中断，请稍后再试。")},
    }
    levels = [
        {
            "code": level.value,
            "label": level.label,
            "tone": _tone(level),
            "is_bad": level in BAD_RATING_LEVELS,
        }
        for level in RatingLevel
    ]
    context = {"device": device, "config": config, "levels": levels, "reasons": BadRatingReason.choices}
    return render(request, "feedback/pad.html", context)


@require_GET
@device_page(DeviceKind.EVALUATOR_PAD)
def pad_state(request: HttpRequest, device: Device) -> HttpResponse:
    """The window's state and clerk, and the service waiting for a rating (polled by the pad)."""
    if device.window is None:
        return device_refused(request)
    state = {**boards.pad_state(device.window), "pending": selectors.pending_rating(device.window.pk)}
    response = JsonResponse(state, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@device_page(DeviceKind.EVALUATOR_PAD)
def pad_photo(request: HttpRequest, device: Device) -> HttpResponseBase:
    """The photo of the clerk signed in to the pad's window (media is not served by the app itself)."""
    clerk = boards.clerk_with_photo(device.window) if device.window is not None else None
    if clerk is None:
        raise Http404(_("没有照片。"))
    try:
        response = FileResponse(clerk.photo.open("rb"))
    except FileNotFoundError as missing:
        raise Http404(_("没有照片。")) from missing
    response["Cache-Control"] = "no-cache"
    return response
