"""Public, read-only catalogue API: the published service items and their implementation lists."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govhall.catalog.models import Audience, CaseKind, ItemType, ItemVersion
from govhall.catalog.search import guide_search, parse_guide_filters
from govhall.catalog.selectors import guide_version, guide_windows
from govhall.core.api.errors import error_response

NOT_FOUND = _("未找到该事项，或该事项尚未发布。")


class ItemListQuery(serializers.Serializer[Any]):
    """The list's filters (documentation for the schema; parsed by ``parse_guide_filters``)."""

    q = serializers.CharField(required=False, help_text=_("按名称、关键词、编码、拼音或拼音首字母检索"))
    department = serializers.CharField(required=False, help_text=_("部门编码"))
    centre = serializers.CharField(required=False, help_text=_("中心编码（默认：全部启用的中心）"))
    theme = serializers.CharField(required=False, help_text=_("办事主题编码，如 birth、start-business"))
    audience = serializers.ChoiceField(
        choices=Audience.choices, required=False, help_text=_("个人或法人办事")
    )
    case_kind = serializers.ChoiceField(choices=CaseKind.choices, required=False, help_text=_("办件类型"))
    item_type = serializers.ChoiceField(choices=ItemType.choices, required=False, help_text=_("事项类型"))


class CodeName(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class ItemSummary(serializers.Serializer[Any]):
    """One published item as a list shows it."""

    item_id = serializers.IntegerField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    implementation_code = serializers.CharField(source="item.implementation_code")
    basic_code = serializers.CharField()
    item_type = serializers.CharField()
    item_type_display = serializers.CharField(source="get_item_type_display")
    case_kind = serializers.CharField()
    case_kind_display = serializers.CharField(source="get_case_kind_display")
    department = CodeName(source="item.department")
    centre = CodeName(source="item.centre")
    service_objects = serializers.ListField(child=serializers.CharField())
    handling_forms = serializers.ListField(child=serializers.CharField())
    legal_limit = serializers.IntegerField()
    legal_limit_unit = serializers.CharField()
    promised_limit = serializers.IntegerField()
    promised_limit_unit = serializers.CharField()
    visits = serializers.IntegerField()
    at_most_one_visit = serializers.SerializerMethodField()
    charges_fees = serializers.BooleanField()
    supports_appointment = serializers.BooleanField()
    supports_online_payment = serializers.BooleanField()
    supports_delivery = serializers.BooleanField()
    online_handling = serializers.BooleanField()
    service_scope = serializers.CharField()
    published_at = serializers.DateTimeField()
    guide_url = serializers.SerializerMethodField()

    def get_at_most_one_visit(self, version: ItemVersion) -> bool:
        return version.visits <= 1

    def get_guide_url(self, version: ItemVersion) -> str:
        path = reverse("catalog:guide-item", kwargs={"item_id": version.item_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MaterialOutput(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    name = serializers.CharField(source="material.name")
    issuing_body = serializers.CharField(source="material.issuing_body")
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    requirement = serializers.CharField()
    condition = serializers.CharField()
    medium = serializers.CharField()
    acceptance_standard = serializers.CharField(source="material.acceptance_standard")
    notes = serializers.CharField()
    blank_form_url = serializers.SerializerMethodField()
    sample_url = serializers.SerializerMethodField()

    def _file_url(self, row: Any, kind: str, present: bool) -> str | None:
        if not present:
            return None
        path = reverse(
            "catalog:material-file",
            kwargs={"item_id": self.context["item_id"], "material_id": row.material_id, "kind": kind},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_blank_form_url(self, row: Any) -> str | None:
        return self._file_url(row, "form", bool(row.material.blank_form))

    def get_sample_url(self, row: Any) -> str | None:
        return self._file_url(row, "sample", bool(row.material.sample))


class FeeOutput(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    standard = serializers.CharField()
    legal_basis = serializers.CharField()


class StepOutput(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    budget_days = serializers.IntegerField()


class WindowOutput(serializers.Serializer[Any]):
    number = serializers.CharField()
    name = serializers.CharField()
    floor = serializers.CharField()
    zone = serializers.CharField()


class ItemDetail(ItemSummary):
    """One published item's full implementation list (实施清单) with where to go."""

    legal_limit_note = serializers.CharField()
    promised_limit_note = serializers.CharField()
    legal_basis = serializers.CharField()
    conditions = serializers.CharField()
    process_description = serializers.CharField()
    special_procedures = serializers.CharField()
    intermediary_services = serializers.CharField()
    quantity_limit = serializers.CharField()
    result_name = serializers.CharField()
    location = serializers.CharField()
    hours = serializers.CharField()
    consultation_phone = serializers.CharField()
    complaint_phone = serializers.CharField()
    faq = serializers.CharField()
    keywords = serializers.CharField()
    online_url = serializers.CharField()
    online_depth = serializers.CharField()
    visits_reason = serializers.CharField()
    escalation_level = serializers.CharField()
    escalation_body = serializers.CharField()
    joint_departments = CodeName(many=True)
    themes = CodeName(source="life_events", many=True)
    materials = MaterialOutput(many=True)
    fees = FeeOutput(many=True)
    steps = StepOutput(many=True)
    windows = serializers.SerializerMethodField()

    @extend_schema_field(WindowOutput(many=True))
    def get_windows(self, version: ItemVersion) -> list[dict[str, Any]]:
        return list(WindowOutput(guide_windows(version=version), many=True).data)


class ItemListApi(ListAPIView[ItemVersion]):
    """Published service items, filtered and searched like the public guide (best match first)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    serializer_class = ItemSummary

    @extend_schema(
        operation_id="catalog_items_list",
        parameters=[ItemListQuery],
        responses=ItemSummary(many=True),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ItemVersion]:
        try:
            filters = parse_guide_filters(self.request.query_params)
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from exc
        return guide_search(filters)


class ItemDetailApi(APIView):
    """One published item's implementation list: materials, fees, steps and windows."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="catalog_items_retrieve",
        responses={200: ItemDetail, 404: error_response(NOT_FOUND)},
    )
    def get(self, request: Request, item_id: int) -> Response:
        version = guide_version(item_id=item_id)
        if version is None:
            raise exceptions.NotFound(NOT_FOUND)
        return Response(ItemDetail(version, context={"request": request, "item_id": item_id}).data)
