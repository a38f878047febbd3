"""Guide search: by name, keyword, code, pinyin and initials; ranking; parsing of filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from govhall.catalog.models import Audience, CaseKind, ItemVersion
from govhall.catalog.search import (
    MAX_QUERY_LENGTH,
    GuideFilters,
    Rank,
    guide_search,
    normalise_query,
    parse_guide_filters,
)
from govhall.org.models import Centre, Department
from tests.catalog.test_guide import make_item, publish, result_names, revise
from tests.factories import CentreFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre() -> Centre:
    return CentreFactory(code="WF", name="潍坊市政务服务中心")


@pytest.fixture
def civil(centre: Centre) -> Department:
    return DepartmentFactory(centre=centre, code="MZJ", name="民政局")


@pytest.fixture
def market(centre: Centre) -> Department:
    return DepartmentFactory(centre=centre, code="SCJ", name="市场监督管理局")


def names(q: str, **filters: Any) -> list[str]:
    return [version.name for version in guide_search(GuideFilters(q=normalise_query(q), **filters))]


@pytest.fixture
def catalogue(civil: Department, market: Department) -> None:
    make_item(
        department=market,
        code="370700-SC-DJ-0001",
        name="企业设立登记",
        keywords="营业执照 开办企业",
        service_objects=["2"],
    )
    make_item(department=civil, code="370700-MZ-GF-0007", name="最低生活保障金给付", keywords="低保 救助")
    make_item(department=civil, code="370700-MZ-DJ-0002", name="结婚登记", basic_code="MZ0102")


def test_search_by_name_keyword_code_and_pinyin(catalogue: None) -> None:
    assert names("结婚") == ["结婚登记"]
    assert names("营业执照") == ["企业设立登记"]
    assert names("低保") == ["最低生活保障金给付"]
    assert names("370700-MZ-GF") == ["最低生活保障金给付"]
    assert names("mz0102") == ["结婚登记"]
    assert names("yyzz") == ["企业设立登记"]
    assert names("dibao") == ["最低生活保障金给付"]
    assert names("db") == ["最低生活保障金给付"]
    assert names("jiehundengji") == ["结婚登记"]
    assert names("jhdj") == ["结婚登记"]
    assert names("民政局") == sorted(["结婚登记", "最低生活保障金给付"])  # equal rank: by name


def test_search_is_case_and_space_insensitive(catalogue: None) -> None:
    assert names("YYZZ") == ["企业设立登记"]
    assert names("  DiBao ") == ["最低生活保障金给付"]
    assert names("370700-sc-dj") == ["企业设立登记"]
    assert names("jie hun") == ["结婚登记"]
    assert names("结婚 登记") == ["结婚登记"]
    assert names("不存在的事项") == []


def test_search_through_the_guide_page(client: Client, catalogue: None) -> None:
    for q, expected in [("yyzz", "企业设立登记"), ("DB", "最低生活保障金给付"), ("MZ0102", "结婚登记")]:
        response = client.get("/guide/", {"q": q})
        assert result_names(response.content.decode()) == [expected], q
    assert "找到 1 个与“yyzz”相关的事项" in client.get("/guide/", {"q": "YYZZ"}).content.decode()


def test_ranking_exact_then_prefix_then_contains_then_keyword_then_other(
    centre: Centre, civil: Department
) -> None:
    social = DepartmentFactory(centre=centre, code="DBJ", name="低保事务局")
    make_item(department=social, code="R-6", name="临时救助审批")  # department name only
    make_item(department=civil, code="R-3", name="最低生活保障金给付", keywords="低保")
    make_item(department=civil, code="R-2b", name="城乡低保审核")
    make_item(department=civil, code="R-2a", name="农村低保审核")
    make_item(department=civil, code="R-1", name="低保金发放")
    make_item(department=civil, code="R-0", name="低保")
    assert names("低保") == [
        "低保",
        "低保金发放",
        "农村低保审核",
        "城乡低保审核",
        "最低生活保障金给付",
        "临时救助审批",
    ]
    ranks = [version.rank for version in guide_search(GuideFilters(q="低保"))]
    assert ranks == [
        Rank.EXACT_NAME,
        Rank.NAME_STARTS,
        Rank.NAME_CONTAINS,
        Rank.NAME_CONTAINS,
        Rank.KEYWORD,
        Rank.OTHER,
    ]


def test_ranking_code_then_pinyin_initials_then_other(civil: Department) -> None:
    make_item(department=civil, code="R-MID", name="办理许可")  # initials blxk: "xk" inside a word
    make_item(department=civil, code="R-PY", name="许可证核发")  # initials xkzhf: a word starts with "xk"
    make_item(department=civil, code="370700-XK-001", name="资格认定")  # code
    make_item(department=civil, code="R-KW", name="特种设备使用登记", keywords="XK证")  # keyword
    make_item(department=civil, code="R-NAME", name="XK资格审核")  # name starts with
    ranked = list(guide_search(GuideFilters(q="xk")))
    assert [version.name for version in ranked] == [
        "XK资格审核",
        "特种设备使用登记",
        "资格认定",
        "许可证核发",
        "办理许可",
    ]
    assert [version.rank for version in ranked] == [
        Rank.NAME_STARTS,
        Rank.KEYWORD,
        Rank.CODE,
        Rank.PINYIN,
        Rank.OTHER,
    ]


def test_search_sees_only_the_published_version(civil: Department) -> None:
    v1 = make_item(department=civil, code="V-1", name="老年人优待证办理", keywords="优待证")
    draft = revise(v1, name="老年人优待证核发", keywords="敬老卡")
    assert names("敬老卡") == []
    assert names("jlk") == []
    assert names("优待证") == ["老年人优待证办理"]
    publish(draft)
    assert names("jlk") == ["老年人优待证核发"]
    assert names("办理") == []
    assert ItemVersion.objects.filter(item=v1.item).count() == 2


def test_filters_combine_with_search(catalogue: None, centre: Centre) -> None:
    assert names("登记", audience=Audience.ORGANISATION) == ["企业设立登记"]
    assert names("登记", audience=Audience.PERSON) == ["结婚登记"]
    assert names("登记", department="MZJ") == ["结婚登记"]
    assert names("", case_kind=CaseKind.IMMEDIATE) == []
    assert len(names("", centre=centre)) == 3


def test_query_normalisation() -> None:
    assert normalise_query("  YingYe   ZhiZhao ") == "yingye zhizhao"
    assert len(normalise_query("低" * 500)) == MAX_QUERY_LENGTH
    assert normalise_query("   ") == ""


def test_parse_guide_filters(centre: Centre, civil: Department) -> None:
    filters = parse_guide_filters(
        {"q": " DB ", "centre": "WF", "department": "MZJ", "theme": "birth", "audience": "person"}
    )
    assert filters.q == "db" and filters.centre == centre and filters.department == "MZJ"
    assert filters.theme is not None and filters.theme.code == "birth"
    assert filters.audience == Audience.PERSON
    assert filters.as_params() == {
        "q": "db",
        "centre": "WF",
        "department": "MZJ",
        "theme": "birth",
        "audience": "person",
    }
    assert parse_guide_filters({}).is_empty
    with pytest.raises(ValidationError) as error:
        parse_guide_filters(
            {"centre": "X", "theme": "x", "audience": "x", "case_kind": "x", "item_type": "99"}
        )
    assert set(error.value.message_dict) == {"centre", "theme", "audience", "case_kind", "item_type"}
    with pytest.raises(ValidationError) as error:
        parse_guide_filters({"centre": "WF", "department": "NOPE"})
    assert error.value.message_dict == {"department": ["未找到编码为“NOPE”的部门。"]}
    CentreFactory(code="OFF", is_active=False)
    with pytest.raises(ValidationError):
        parse_guide_filters({"centre": "OFF"})
