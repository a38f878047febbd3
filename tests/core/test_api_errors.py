"""Every API answers errors in one shape, {detail, code, errors}, and the schema documents it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from govhall.core.workflow import ActorRefused, StateRefused


class Person(serializers.Serializer[Any]):
    name = serializers.CharField()
    id_number = serializers.CharField(max_length=18)


class Material(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["ok", "missing"])


class Application(serializers.Serializer[Any]):
    applicant = Person()
    materials = Material(many=True)
    days = serializers.IntegerField(min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["days"] > 10:
            raise serializers.ValidationError("延期不能超过10个工作日。")
        return attrs


RAISED: dict[str, Exception] = {
    "state": StateRefused("当前状态为“已办结”，不能退回。", code="state"),
    "actor": ActorRefused("只有本部门的审查员可以办理此环节。", code="works_in_lead_department"),
    "refusal": ValidationError("今日号已取完。", code="quota"),
    "fields": ValidationError({"id_number": ["校验位不正确。"], "__all__": ["申请人不能与代办人相同。"]}),
    "denied": PermissionDenied("您没有批准延期的权限。"),
    "missing": Http404("未找到该办件。"),
    "throttled": Throttled(wait=30),
}


class Raising(APIView):
    """Raises what the request names, as a service or a lookup would."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def post(self, request: Request) -> Response:
        raise RAISED[request.data["raise"]]


class Applying(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def post(self, request: Request) -> Response:
        Application(data=request.data).is_valid(raise_exception=True)
        return Response(status=201)


class TokenOnly(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response({})


def answer(view: type[APIView], data: dict[str, Any] | None = None) -> tuple[int, dict[str, Any], Any]:
    factory = APIRequestFactory()
    request = factory.post("/x", data or {}, format="json") if data is not None else factory.get("/x")
    response = view.as_view()(request)
    response.render()
    return response.status_code, json.loads(response.content or b"null"), response


@pytest.mark.parametrize(
    ("raised", "status", "body"),
    [
        ("state", 409, {"detail": "当前状态为“已办结”，不能退回。", "code": "state", "errors": {}}),
        (
            "actor",
            403,
            {
                "detail": "只有本部门的审查员可以办理此环节。",
                "code": "works_in_lead_department",
                "errors": {},
            },
        ),
        ("refusal", 400, {"detail": "今日号已取完。", "code": "quota", "errors": {}}),
        (
            "fields",
            400,
            {
                "detail": "校验位不正确。（另有1处输入有误）",
                "code": "invalid",
                "errors": {"id_number": ["校验位不正确。"], "non_field_errors": ["申请人不能与代办人相同。"]},
            },
        ),
        ("denied", 403, {"detail": "您没有批准延期的权限。", "code": "permission_denied", "errors": {}}),
        ("missing", 404, {"detail": "未找到该办件。", "code": "not_found", "errors": {}}),
    ],
)
def test_each_refusal_has_its_status_and_the_one_shape(
    raised: str, status: int, body: dict[str, Any]
) -> None:
    assert answer(Raising, {"raise": raised})[:2] == (status, body)


def test_too_many_requests_is_429_with_when_to_retry() -> None:
    status, body, response = answer(Raising, {"raise": "throttled"})
    assert status == 429 and response["Retry-After"] == "30"
    assert body["code"] == "throttled" and body["errors"] == {}
    assert "30" in body["detail"]


def test_not_signed_in_is_401_in_the_same_shape() -> None:
    status, body, _response = answer(TokenOnly)
    assert status == 401
    assert body == {"detail": "身份认证信息未提供。", "code": "not_authenticated", "errors": {}}


def test_input_errors_are_named_by_their_path_and_summed_up_in_chinese() -> None:
    status, body, _response = answer(
        Applying,
        {
            "applicant": {"name": "张三", "id_number": "1" * 19},
            "materials": [{"order": 1, "outcome": "ok"}, {"order": "一", "outcome": "lost"}],
        },
    )
    assert status == 400 and body["code"] == "invalid"
    assert set(body["errors"]) == {"applicant.id_number", "materials.1.order", "materials.1.outcome", "days"}
    assert body["errors"]["days"] == ["该字段是必填项。"]
    assert body["detail"] == body["errors"]["applicant.id_number"][0] + "（另有3处输入有误）"
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


def test_a_rule_on_the_whole_input_is_a_non_field_error() -> None:
    valid = {"applicant": {"name": "张三", "id_number": "1"}, "materials": []}
    status, body, _response = answer(Applying, {**valid, "days": 15})
    assert status == 400
    assert body == {
        "detail": "延期不能超过10个工作日。",
        "code": "invalid",
        "errors": {"non_field_errors": ["延期不能超过10个工作日。"]},
    }
    assert answer(Applying, {**valid, "days": 3})[0] == 201


# The schema -----------------------------------------------------------------------------------


class Acting(APIView):
    """Acts on an object named in the path, for token holders, throttled."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=Material, responses=Material)
    def post(self, request: Request, pk: int) -> Response:
        return Response({})


class Public(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses=Material)
    def get(self, request: Request) -> Response:
        return Response({})


def _responses(schema: dict[str, Any], url: str, method: str) -> dict[str, Any]:
    responses: dict[str, Any] = schema["paths"][url][method]["responses"]
    return responses


def test_the_schema_gives_each_operation_the_errors_it_can_answer() -> None:
    patterns = [path("things/<int:pk>/act", Acting.as_view()), path("public", Public.as_view())]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    acting = _responses(schema, "/things/{id}/act", "post")
    assert set(acting) == {"200", "400", "401", "403", "404", "409", "429"}
    for code in ("400", "401", "403", "404", "409", "429"):
        assert acting[code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ApiError"
        }
        assert any("\u4e00" <= char <= "\u9fff" for char in acting[code]["description"])
    assert set(_responses(schema, "/public", "get")) == {"200"}
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["required"]) == {"detail", "code", "errors"}
    assert error["properties"]["errors"]["additionalProperties"]["items"]["type"] == "string"


@pytest.mark.django_db
def test_the_published_schema_documents_the_errors_of_every_api(client: Client) -> None:
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    decide = _responses(schema, "/api/v1/steps/{id}/decide", "post")
    assert {"400", "403", "404", "409"} <= set(decide)
    assert decide["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")
    assert "400" in _responses(schema, "/api/v1/cases", "get")
    assert {"401", "403", "400"} <= set(_responses(schema, "/api/v1/tickets", "post"))
    assert "404" in _responses(schema, "/api/v1/catalog/items/{item_id}", "get")
    assert "400" in _responses(schema, "/api/v1/calendar/working-days", "get")
    shapes = {
        name
        for name, component in schema["components"]["schemas"].items()
        if {"detail", "code"} <= set(component.get("properties", {}))
        or {"detail", "errors"} <= set(component.get("properties", {}))
    }
    assert shapes == {"ApiError"}
