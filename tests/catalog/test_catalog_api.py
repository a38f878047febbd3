"""The public catalogue API: list with filters and paging, detail, errors, and the schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from govhall.catalog.models import ItemType, ItemVersion
from govhall.core.api.pagination import ApiPagination
from govhall.org.models import Centre, Department
from tests.catalog.test_guide import make_item, publish, revise
from tests.factories import CentreFactory, DepartmentFactory, WindowFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/catalog/items"


@pytest.fixture
def centre() -> Centre:
    return CentreFactory(code="WF", name="潍坊市政务服务中心")


@pytest.fixture
def civil(centre: Centre) -> Department:
    return DepartmentFactory(centre=centre, code="MZJ", name="民政局")


@pytest.fixture
def market(centre: Centre) -> Department:
    return DepartmentFactory(centre=centre, code="SCJ", name="市场监督管理局")


@pytest.fixture
def catalogue(civil: Department, market: Department) -> dict[str, ItemVersion]:
    return {
        "company": make_item(
            department=market,
            code="370700-SC-0001",
            name="企业设立登记",
            keywords="营业执照",
            service_objects=["2"],
            themes=["start-business"],
            template="promised-3",
            item_type=ItemType.LICENSING,
        ),
        "marriage": make_item(
            department=civil,
            code="370700-MZ-0001",
            name="结婚登记",
            template="immediate",
            item_type=ItemType.CONFIRMATION,
            themes=["marriage"],
        ),
        "benefit": make_item(
            department=civil,
            code="370700-MZ-0002",
            name="最低生活保障金给付",
            keywords="低保",
            item_type=ItemType.BENEFIT,
            themes=["assistance"],
            materials=["居民身份证", "户口簿"],
        ),
    }


def listed(client: Client, **params: Any) -> list[str]:
    response = client.get(ITEMS, params)
    assert response.status_code == 200, response.json()
    return sorted(row["name"] for row in response.json()["results"])


def test_list_shows_published_items_with_their_summary(
    client: Client, civil: Department, catalogue: dict[str, ItemVersion]
) -> None:
    make_item(department=civil, code="DRAFT-1", name="草稿事项", publish=False)
    body = client.get(ITEMS).json()
    assert body["count"] == 3 and body["next"] is None
    assert sorted(row["name"] for row in body["results"]) == [
        "企业设立登记",
        "最低生活保障金给付",
        "结婚登记",
    ]
    marriage = next(row for row in body["results"] if row["name"] == "结婚登记")
    assert marriage["item_id"] == catalogue["marriage"].item_id
    assert marriage["version"] == 1
    assert marriage["implementation_code"] == "370700-MZ-0001"
    assert marriage["case_kind"] == "immediate" and marriage["case_kind_display"] == "即办件"
    assert marriage["item_type"] == "07" and marriage["item_type_display"] == "行政确认"
    assert marriage["department"] == {"code": "MZJ", "name": "民政局"}
    assert marriage["centre"] == {"code": "WF", "name": "潍坊市政务服务中心"}
    assert marriage["promised_limit"] == 0 and marriage["at_most_one_visit"] is True
    assert marriage["guide_url"] == f"http://testserver/guide/{catalogue['marriage'].item_id}/"


def test_list_filters(client: Client, centre: Centre, catalogue: dict[str, ItemVersion]) -> None:
    district = CentreFactory(code="KW", name="奎文区政务服务中心")
    make_item(department=DepartmentFactory(centre=district, code="MZJ"), code="KW-1", name="临时救助审批")
    assert listed(client, q="yyzz") == ["企业设立登记"]
    assert listed(client, q="DB") == ["最低生活保障金给付"]
    assert listed(client, department="MZJ") == ["临时救助审批", "最低生活保障金给付", "结婚登记"]
    assert listed(client, department="MZJ", centre="WF") == ["最低生活保障金给付", "结婚登记"]
    assert listed(client, centre="KW") == ["临时救助审批"]
    assert listed(client, theme="start-business") == ["企业设立登记"]
    assert listed(client, audience="organisation") == ["企业设立登记"]
    assert listed(client, audience="person") == ["临时救助审批", "最低生活保障金给付", "结婚登记"]
    assert listed(client, case_kind="immediate") == ["结婚登记"]
    assert listed(client, item_type="05") == ["最低生活保障金给付"]
    assert listed(client, q="登记", audience="person") == ["结婚登记"]


def test_search_results_come_best_first(client: Client, civil: Department) -> None:
    make_item(department=civil, code="A", name="城乡低保审核")
    make_item(department=civil, code="B", name="低保")
    make_item(department=civil, code="C", name="最低生活保障金给付", keywords="低保")
    rows = client.get(ITEMS, {"q": "低保"}).json()["results"]
    assert [row["name"] for row in rows] == ["低保", "城乡低保审核", "最低生活保障金给付"]


def test_paging_with_limit_and_offset(client: Client, catalogue: dict[str, ItemVersion]) -> None:
    first = client.get(ITEMS, {"limit": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and "offset=2" in first["next"]
    rest = client.get(ITEMS, {"limit": 2, "offset": 2}).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    seen = {row["item_id"] for row in first["results"]} | {row["item_id"] for row in rest["results"]}
    assert len(seen) == 3


def test_limit_is_capped_at_100() -> None:
    request = Request(APIRequestFactory().get(ITEMS, {"limit": 1000}))
    assert ApiPagination().get_limit(request) == 100
    assert ApiPagination().get_limit(Request(APIRequestFactory().get(ITEMS))) == 20


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"centre": "NOPE"}, "未找到编码为“NOPE”的中心。"),
        ({"department": "NOPE"}, "未找到编码为“NOPE”的部门。"),
        ({"theme": "nope"}, "未找到编码为“nope”的办事主题。"),
        ({"audience": "robot"}, "服务对象 audience 只能是 person（个人办事）或 organisation（法人办事）。"),
        ({"case_kind": "slow"}, "办件类型 case_kind 只能是：immediate、promised、joint、escalated。"),
        ({"item_type": "99"}, "事项类型 item_type 只能是"),
        ({"limit": "many"}, "每页条数 limit 必须是不小于 1 的整数。"),
        ({"limit": "0"}, "每页条数 limit 必须是不小于 1 的整数。"),
        ({"offset": "-1"}, "起始位置 offset 必须是不小于 0 的整数。"),
    ],
)
def test_bad_filters_are_400_with_a_chinese_message(
    client: Client, catalogue: dict[str, ItemVersion], params: dict[str, str], message: str
) -> None:
    response = client.get(ITEMS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith(message) and body["code"] == "invalid"
    assert body["errors"] == {name: [body["detail"]] for name in params}


def test_list_does_not_query_per_row(
    client: Client, civil: Department, market: Department, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        make_item(department=civil if number % 2 else market, code=f"N-{number}", name=f"事项{number}")
    with django_assert_max_num_queries(3):
        body = client.get(ITEMS, {"limit": 100}).json()
    assert len(body["results"]) == 30
    with django_assert_max_num_queries(3):
        client.get(ITEMS, {"q": "sx", "department": "MZJ"})


def test_detail_has_materials_fees_steps_and_windows(
    client: Client, centre: Centre, market: Department
) -> None:
    window = WindowFactory(centre=centre, department=market, number="8", name="开办企业窗口", floor="二楼")
    version = make_item(
        department=market,
        code="SC-XK-9",
        name="食品经营许可",
        template="promised-2",
        service_objects=["2"],
        materials=["营业执照", "经营场所证明"],
        fees=[("工本费", Decimal("10.00")), ("检测费", None)],
        windows=[window],
        themes=["operating-licence"],
        result_name="食品经营许可证",
    )
    response = client.get(f"{ITEMS}/{version.item_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "食品经营许可" and body["result_name"] == "食品经营许可证"
    assert body["legal_basis"].startswith("《中华人民共和国行政许可法》")
    assert [row["name"] for row in body["materials"]] == ["营业执照", "经营场所证明"]
    assert body["materials"][0]["originals"] == 1 and body["materials"][0]["blank_form_url"] is None
    assert [(fee["name"], fee["amount"]) for fee in body["fees"]] == [("工本费", "10.00"), ("检测费", None)]
    assert [step["name"] for step in body["steps"]] == ["受理", "审查", "核准", "办结", "送达"]
    assert body["steps"][1]["role"] == "reviewer" and body["steps"][1]["role_display"] == "审查员"
    assert body["windows"] == [{"number": "8", "name": "开办企业窗口", "floor": "二楼", "zone": ""}]
    assert body["themes"] == [{"code": "operating-licence", "name": "经营许可"}]


def test_detail_shows_the_published_version_only(client: Client, civil: Department) -> None:
    v1 = make_item(department=civil, code="V-1", name="老年人优待证办理")
    draft = revise(v1, name="老年人优待证核发")
    assert client.get(f"{ITEMS}/{v1.item_id}").json()["name"] == "老年人优待证办理"
    publish(draft)
    body = client.get(f"{ITEMS}/{v1.item_id}").json()
    assert body["name"] == "老年人优待证核发" and body["version"] == 2


def test_detail_404s(client: Client, civil: Department) -> None:
    draft = make_item(department=civil, code="D-1", name="草稿", publish=False)
    for item_id in (draft.item_id, 999999):
        response = client.get(f"{ITEMS}/{item_id}")
        assert response.status_code == 404
        assert response.json() == {
            "detail": "未找到该事项，或该事项尚未发布。",
            "code": "not_found",
            "errors": {},
        }


def test_an_id_too_long_for_any_row_is_a_404_in_the_api_error_shape(client: Client) -> None:
    for path in (f"{ITEMS}/{'9' * 30}", f"{ITEMS}/{2**63}", "/api/v1/no-such-operation"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "未找到该接口地址或对象。", "code": "not_found", "errors": {}}
    assert client.get(f"/guide/{'9' * 30}/").status_code == 404
    assert client.get(f"/guide/1/materials/{'9' * 30}/form/").status_code == 404


def test_the_api_is_public_and_in_the_schema(client: Client) -> None:
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/catalog/items:" in schema or '"/api/v1/catalog/items"' in schema
    assert "/api/v1/catalog/items/{item_id}" in schema
    assert "catalog_items_list" in schema and "catalog_items_retrieve" in schema
    for parameter in ("audience", "case_kind", "item_type", "limit", "offset"):
        assert f"name: {parameter}" in schema or f'"name": "{parameter}"' in schema


def test_detail_queries_do_not_grow_with_materials(
    client: Client, civil: Department, django_assert_max_num_queries: Any
) -> None:
    version = make_item(
        department=civil, code="Q-1", name="多材料事项", materials=[f"材料{number}" for number in range(10)]
    )
    with django_assert_max_num_queries(10):
        body = client.get(f"{ITEMS}/{version.item_id}").json()
    assert len(body["materials"]) == 10
