"""Public calendar API: working-day arithmetic on a centre's calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govhall.core.working_days import MAX_DAYS, NATIONAL_CALENDAR, WorkingCalendar
from govhall.org.models import Centre
from govhall.org.selectors import centre_calendar

FIRST_YEAR, LAST_YEAR = 2001, 2099


def _date_field(name: str) -> serializers.DateField:
    return serializers.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("请提供日期参数 %(name)s（格式 YYYY-MM-DD）。") % {"name": name},
            "invalid": _("日期参数 %(name)s 格式不正确，应为 YYYY-MM-DD，例如 2026-09-30。") % {"name": name},
        },
    )


class CalendarQuery(serializers.Serializer[Any]):
    centre = serializers.CharField(required=False, allow_blank=False, max_length=32)

    def validate_centre(self, value: str) -> Centre:
        centre = Centre.objects.filter(code=value, is_active=True).first()
        if centre is None:
            raise serializers.ValidationError(_("未找到编码为“%(code)s”的中心。") % {"code": value})
        return centre

    def check_year(self, value: date) -> date:
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise serializers.ValidationError(
                _("日期超出支持范围（%(first)s—%(last)s年）。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    def calendar(self) -> WorkingCalendar:
        centre = self.validated_data.get("centre")
        return centre_calendar(centre.pk) if centre is not None else NATIONAL_CALENDAR


class AddWorkingDaysQuery(CalendarQuery):
    start = _date_field("start")
    days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_DAYS,
        error_messages={
            "required": _("请提供工作日天数 days。"),
            "invalid": _("工作日天数 days 必须是整数。"),
            "min_value": _("工作日天数 days 不能为负数。"),
            "max_value": _("工作日天数 days 不能超过 %(max)s。") % {"max": MAX_DAYS},
        },
    )

    def validate_start(self, value: date) -> date:
        return self.check_year(value)


class WorkingDaysQuery(CalendarQuery):
    start = _date_field("start")
    end = _date_field("end")

    def validate_start(self, value: date) -> date:
        return self.check_year(value)

    def validate_end(self, value: date) -> date:
        return self.check_year(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("结束日期不能早于开始日期。")]})
        if (attrs["end"] - attrs["start"]).days > 2 * MAX_DAYS:
            raise serializers.ValidationError(
                {"end": [_("日期区间过长，最多 %(max)s 天。") % {"max": 2 * MAX_DAYS}]}
            )
        return attrs


class AddWorkingDaysApi(APIView):
    """The N-th working day after ``start`` (the start day is not counted)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="calendar_add_working_days",
        parameters=[AddWorkingDaysQuery],
        responses=inline_serializer("AddWorkingDaysResult", {"date": serializers.DateField()}),
    )
    def get(self, request: Request) -> Response:
        query = AddWorkingDaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = query.calendar().add_working_days(
            query.validated_data["start"], query.validated_data["days"]
        )
        return Response({"date": result.isoformat()})


class WorkingDaysApi(APIView):
    """How many working days fall after ``start`` up to and including ``end``."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="calendar_working_days",
        parameters=[WorkingDaysQuery],
        responses=inline_serializer("WorkingDaysResult", {"count": serializers.IntegerField()}),
    )
    def get(self, request: Request) -> Response:
        query = WorkingDaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        count = query.calendar().working_days_between(
            query.validated_data["start"], query.validated_data["end"]
        )
        return Response({"count": count})
