"""The public guide: browsing, the item page (八公开), material downloads, and version visibility.

``publish_item`` builds items the way the hall does (item_create → template → materials, fees →
submit → publish); the search and API tests import it from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import time
from decimal import Decimal
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from govhall.catalog import services
from govhall.catalog.models import (
    CaseKind,
    ItemFee,
    ItemMaterial,
    ItemType,
    ItemVersion,
    LifeEvent,
    Material,
    MaterialRequirement,
    ProcessTemplate,
    ServiceScope,
)
from govhall.org.models import Centre, Department, OpeningHours, Window
from tests.factories import CentreFactory, DepartmentFactory, WindowFactory

pytestmark = pytest.mark.django_db

GUIDE = "/guide/"


def make_item(
    *,
    department: Department,
    code: str,
    name: str,
    keywords: str = "",
    template: str = "promised-2",
    service_objects: Sequence[str] = ("1",),
    themes: Iterable[str] = (),
    materials: Sequence[str] = ("居民身份证",),
    fees: Sequence[tuple[str, Decimal | None]] = (),
    windows: Iterable[Window] = (),
    publish: bool = True,
    **fields: Any,
) -> ItemVersion:
    """A new item at ``department``'s centre with its first version, published unless told not to."""
    process = ProcessTemplate.objects.get(code=template)
    immediate = process.case_kind == CaseKind.IMMEDIATE
    values: dict[str, Any] = {
        "name": name,
        "keywords": keywords,
        "item_type": ItemType.LICENSING,
        "service_objects": list(service_objects),
        "handling_forms": ["1"],
        "case_kind": process.case_kind,
        "legal_limit": 20,
        "promised_limit": 0 if immediate else 10,
        "legal_basis": "《中华人民共和国行政许可法》第二十九条",
        "visits": 1,
        "visits_reason": "需现场核验身份证件原件",
        "charges_fees": bool(fees),
    }
    if process.case_kind == CaseKind.ESCALATED:
        values["escalation_level"] = "province"
    values.update(fields)
    version = services.item_create(
        actor=None,
        centre=department.centre,
        department=department,
        implementation_code=code,
        fields=values,
    )
    services.version_apply_template(actor=None, version=version, template=process)
    if process.case_kind == CaseKind.JOINT:
        version.joint_departments.add(DepartmentFactory(centre=department.centre))
    version.life_events.set(LifeEvent.objects.filter(code__in=list(themes)))
    version.windows.set(list(windows))
    for order, material_name in enumerate(materials, start=1):
        material, _ = Material.objects.get_or_create(centre=department.centre, name=material_name)
        ItemMaterial.objects.create(
            version=version,
            material=material,
            order=order,
            originals=1,
            copies=1,
            requirement=MaterialRequirement.REQUIRED,
        )
    for order, (fee_name, amount) in enumerate(fees, start=1):
        ItemFee.objects.create(
            version=version,
            order=order,
            name=fee_name,
            amount=amount,
            standard="每证10元" if amount else "按面积计收",
            legal_basis="发改价格〔2019〕1号",
        )
    if publish:
        services.version_submit(actor=None, version=version)
        version = services.version_publish(actor=None, version=version)
    return version


def revise(version: ItemVersion, **changes: Any) -> ItemVersion:
    """A new draft of ``version``'s item with ``changes`` (the draft stays unpublished)."""
    draft = services.version_revise(actor=None, item=version.item)
    for field, value in changes.items():
        setattr(draft, field, value)
    draft.save()
    services.version_refresh_search_text(version=draft)
    return draft


def publish(version: ItemVersion) -> ItemVersion:
    services.version_submit(actor=None, version=version)
    return services.version_publish(actor=None, version=version)


def result_names(html: str) -> list[str]:
    return re.findall(r'<span class="guide-name">(.*?)</span>', html)


@pytest.fixture
def centre() -> Centre:
    return CentreFactory(code="WF", name="潍坊市政务服务中心", consultation_phone="05368888888")


@pytest.fixture
def civil(centre: Centre) -> Department:
    return DepartmentFactory(centre=centre, code="MZJ", name="民政局")


@pytest.fixture
def market(centre: Centre) -> Department:
    return DepartmentFactory(centre=centre, code="SCJ", name="市场监督管理局")


# --- versions: only the published one is ever public -------------------------------------------


def test_drafts_and_superseded_versions_never_appear(client: Client, civil: Department) -> None:
    v1 = make_item(department=civil, code="MZ-001", name="最低生活保障审核")
    draft_only = make_item(department=civil, code="MZ-002", name="草稿中的事项", publish=False)
    draft = revise(v1, name="城乡居民最低生活保障审核确认")

    html = client.get(GUIDE).content.decode()
    assert result_names(html) == ["最低生活保障审核"]
    assert "草稿中的事项" not in html
    assert result_names(client.get(GUIDE, {"q": "城乡居民"}).content.decode()) == []
    page = client.get(reverse("catalog:guide-item", kwargs={"item_id": v1.item_id})).content.decode()
    assert "最低生活保障审核" in page and "城乡居民" not in page
    assert (
        client.get(reverse("catalog:guide-item", kwargs={"item_id": draft_only.item_id})).status_code == 404
    )

    publish(draft)
    html = client.get(GUIDE).content.decode()
    assert result_names(html) == ["城乡居民最低生活保障审核确认"]
    assert result_names(client.get(GUIDE, {"q": "城乡居民"}).content.decode()) == [
        "城乡居民最低生活保障审核确认"
    ]
    page = client.get(reverse("catalog:guide-item", kwargs={"item_id": v1.item_id})).content.decode()
    assert "城乡居民最低生活保障审核确认" in page
    assert "第 2 版" in page


def test_unknown_and_unpublished_items_are_404(client: Client, civil: Department) -> None:
    draft = make_item(department=civil, code="MZ-009", name="未发布事项", publish=False)
    services.version_submit(actor=None, version=draft)
    assert client.get("/guide/999999/").status_code == 404
    assert client.get(f"/guide/{draft.item_id}/").status_code == 404


def test_items_of_an_inactive_centre_are_hidden(client: Client, civil: Department) -> None:
    version = make_item(department=civil, code="MZ-010", name="婚姻登记")
    Centre.objects.filter(pk=civil.centre_id).update(is_active=False)
    assert result_names(client.get(GUIDE).content.decode()) == []
    assert client.get(f"/guide/{version.item_id}/").status_code == 404


# --- browsing ------------------------------------------------------------------------------------


def test_browse_by_department_theme_audience_and_centre(
    client: Client, centre: Centre, civil: Department, market: Department
) -> None:
    make_item(department=civil, code="MZ-1", name="结婚登记", themes=["marriage"])
    make_item(department=civil, code="MZ-2", name="收养登记", themes=["birth"])
    make_item(
        department=market,
        code="SC-1",
        name="企业设立登记",
        themes=["start-business"],
        service_objects=["2", "6"],
    )
    make_item(department=market, code="SC-2", name="个体工商户注册登记", service_objects=["1", "2"])
    district = CentreFactory(code="KW", name="奎文区政务服务中心")
    district_civil = DepartmentFactory(centre=district, code="MZJ", name="奎文区民政局")
    make_item(department=district_civil, code="KW-1", name="临时救助审批", themes=["assistance"])

    def names(**params: str) -> list[str]:
        response = client.get(GUIDE, params)
        assert response.status_code == 200
        return sorted(result_names(response.content.decode()))

    assert names() == sorted(["结婚登记", "收养登记", "企业设立登记", "个体工商户注册登记", "临时救助审批"])
    assert names(centre="WF") == sorted(["结婚登记", "收养登记", "企业设立登记", "个体工商户注册登记"])
    assert names(centre="KW") == ["临时救助审批"]
    assert names(department="SCJ") == sorted(["企业设立登记", "个体工商户注册登记"])
    assert names(department="MZJ") == sorted(["结婚登记", "收养登记", "临时救助审批"])
    assert names(department="MZJ", centre="KW") == ["临时救助审批"]
    assert names(theme="birth") == ["收养登记"]
    assert names(theme="start-business") == ["企业设立登记"]
    assert names(audience="person") == sorted(["结婚登记", "收养登记", "个体工商户注册登记", "临时救助审批"])
    assert names(audience="organisation") == sorted(["企业设立登记", "个体工商户注册登记"])
    assert names(audience="organisation", q="企业") == ["企业设立登记"]

    html = client.get(GUIDE, {"centre": "WF"}).content.decode()
    assert "生育收养" in html and "开办企业" in html and "市场监督管理局" in html
    assert "奎文区民政局" not in html
    person_page = client.get(GUIDE, {"audience": "person"}).content.decode()
    assert "生育收养" in person_page and "开办企业" not in person_page


def test_bad_filters_show_a_chinese_message(client: Client, centre: Centre) -> None:
    for params, message in [
        ({"centre": "NOPE"}, "未找到编码为“NOPE”的中心"),
        ({"department": "NOPE"}, "未找到编码为“NOPE”的部门"),
        ({"theme": "nope"}, "未找到编码为“nope”的办事主题"),
        ({"audience": "alien"}, "服务对象 audience 只能是"),
    ]:
        response = client.get(GUIDE, params)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_pagination(client: Client, civil: Department) -> None:
    for number in range(23):
        make_item(
            department=civil, code=f"MZ-{number:03d}", name=f"救助事项{number:02d}", materials=["申请书"]
        )
    first = client.get(GUIDE).content.decode()
    assert len(result_names(first)) == 20
    assert "第 1 / 2 页" in first
    second = client.get(GUIDE, {"page": 2}).content.decode()
    assert result_names(second) == ["救助事项20", "救助事项21", "救助事项22"]
    assert result_names(client.get(GUIDE, {"page": "x"}).content.decode())[0] == "救助事项00"
    assert result_names(client.get(GUIDE, {"page": 99}).content.decode()) == [
        "救助事项20",
        "救助事项21",
        "救助事项22",
    ]
    assert "第 2 / 2 页" in client.get(GUIDE, {"q": "救助", "page": "2"}).content.decode()
    assert "找到 0 个" in client.get(GUIDE, {"q": "没有", "page": "3"}).content.decode()


def test_list_page_does_not_query_per_row(
    client: Client, civil: Department, market: Department, django_assert_max_num_queries: Any
) -> None:
    for number in range(25):
        make_item(
            department=civil if number % 2 else market,
            code=f"Q-{number:03d}",
            name=f"事项{number:02d}",
            themes=["birth"],
            materials=["申请书"],
        )
    with django_assert_max_num_queries(6):
        response = client.get(GUIDE, {"q": "事项"})
    assert len(result_names(response.content.decode())) == 20
    with django_assert_max_num_queries(6):
        client.get(GUIDE, {"theme": "birth", "page": "2"})


def test_live_search_returns_only_the_results_for_htmx(client: Client, civil: Department) -> None:
    version = make_item(department=civil, code="MZ-1", name="结婚登记")
    response = client.get(GUIDE, {"q": "结婚"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="guide-results")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="guide-results"')
    assert "<html" not in html and result_names(html) == ["结婚登记"]
    assert f'href="{reverse("catalog:guide-item", kwargs={"item_id": version.item_id})}"' in html
    full = client.get(GUIDE, {"q": "结婚"}).content.decode()
    assert "<html" in full and 'hx-get="/guide/"' in full and 'name="q"' in full


# --- the item page -------------------------------------------------------------------------------


def test_item_page_shows_the_eight_public_sections(
    client: Client, centre: Centre, market: Department
) -> None:
    windows = [
        WindowFactory(
            centre=centre, department=market, number="12", name="企业开办专窗", floor="二楼", zone="B区"
        ),
        WindowFactory(centre=centre, department=market, number="13", name="停用窗口", is_active=False),
    ]
    version = make_item(
        department=market,
        code="370700-SC-XK-001",
        name="食品经营许可",
        keywords="食品 经营许可证",
        template="promised-3",
        service_objects=["2"],
        themes=["operating-licence"],
        materials=["营业执照", "食品安全管理制度"],
        fees=[("证书工本费", Decimal("10.00"))],
        windows=windows,
        conditions="申请人应当具有与经营的食品品种、数量相适应的经营场所。",
        process_description="申请人提交材料，窗口受理后审查、审核、核准。",
        legal_limit_note="自受理之日起计算",
        promised_limit_note="材料齐全当场受理",
        result_name="食品经营许可证",
        service_scope=ServiceScope.CROSS_CITY,
        supports_appointment=True,
        supports_delivery=True,
        complaint_phone="05361234567",
        faq="问：是否可以委托办理？答：可以，须提交授权委托书。",
        hours="工作日 上午8:30—12:00，下午13:30—17:30",
    )
    page = client.get(f"/guide/{version.item_id}/").content.decode()
    for heading in [
        "工作职责",
        "办事依据",
        "受理条件",
        "申请材料",
        "办理流程",
        "办理时限",
        "服务承诺",
        "收费标准",
        "办结结果",
        "办理地点和时间",
        "常见问题",
    ]:
        assert f"<h2>{heading}</h2>" in page, heading
    assert "行政许可" in page and "市场监督管理局（法定机关）" in page and "企业法人" in page
    assert "《中华人民共和国行政许可法》第二十九条" in page
    assert "相适应的经营场所" in page
    assert "营业执照" in page and "食品安全管理制度" in page and "原件1份，复印件1份" in page
    assert "窗口受理后审查" in page and "首席代表" in page and "核准员" in page
    assert "20个工作日" in page and "10个工作日" in page and "自受理之日起计算" in page
    assert "最多跑一次" in page and "跨市通办" in page
    assert "证书工本费" in page and "10.00" in page and "不收费" not in page
    assert "食品经营许可证" in page
    assert "12号" in page and "企业开办专窗" in page and "二楼" in page and "B区" in page
    assert "停用窗口" not in page
    assert "上午8:30—12:00" in page
    assert "05368888888" in page and "05361234567" in page
    assert "可以委托办理" in page
    assert "经营许可" in page  # the theme
    assert re.search(r'<svg[^>]*class="qr"', page)


def test_item_page_immediate_free_item_with_department_windows_and_centre_hours(
    client: Client, centre: Centre, civil: Department
) -> None:
    WindowFactory(centre=centre, department=civil, number="5", name="民政综合窗口", floor="一楼", zone="A区")
    WindowFactory(centre=centre, department=civil, number="6", name="关闭的窗口", is_active=False)
    OpeningHours.objects.create(
        centre=centre,
        name="夏季作息",
        from_month=5,
        from_day=1,
        morning_start=time(8, 30),
        morning_end=time(12),
        afternoon_start=time(14),
        afternoon_end=time(17, 30),
    )
    version = make_item(
        department=civil,
        code="MZ-JB-1",
        name="结婚登记",
        template="immediate",
        visits=2,
        visits_reason="双方到场",
    )
    page = client.get(f"/guide/{version.item_id}/").content.decode()
    assert "即办" in page and "当场或当日办结" in page
    assert "不收费" in page
    assert "5号" in page and "民政综合窗口" in page and "关闭的窗口" not in page
    assert "夏季作息（5月1日起）：上午 08:30—12:00，下午 14:00—17:30" in page
    assert "2次" in page and "双方到场" in page and "最多跑一次" not in page


def test_item_page_pdf_links_when_those_views_exist(client: Client, civil: Department) -> None:
    version = make_item(department=civil, code="MZ-PDF", name="结婚登记")
    page = client.get(f"/guide/{version.item_id}/").content.decode()
    for name in ("catalog:notice-pdf", "catalog:guide-pdf"):
        try:
            url = reverse(name, kwargs={"item_id": version.item_id})
        except NoReverseMatch:
            continue
        assert f'href="{url}"' in page


def test_qr_code_encodes_the_absolute_page_url(client: Client, civil: Department) -> None:
    from govhall.catalog.views.guide import qr_code_svg

    version = make_item(department=civil, code="MZ-QR", name="结婚登记")
    page = client.get(f"/guide/{version.item_id}/").content.decode()
    assert str(qr_code_svg(f"http://testserver/guide/{version.item_id}/")) in page


# --- material files ------------------------------------------------------------------------------


@pytest.fixture
def media(settings: LazySettings, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _with_files(material: Material) -> Material:
    material.blank_form = SimpleUploadedFile("申请表.docx", b"blank form bytes")
    material.sample = SimpleUploadedFile("样表.pdf", b"%PDF sample")
    material.save()
    return material


def test_material_files_are_served_for_published_versions(
    client: Client, civil: Department, media: Any
) -> None:
    version = make_item(department=civil, code="MZ-F", name="低保申请", materials=["低保申请表"])
    material = _with_files(Material.objects.get(name="低保申请表"))
    page = client.get(f"/guide/{version.item_id}/").content.decode()
    form_url = reverse(
        "catalog:material-file",
        kwargs={"item_id": version.item_id, "material_id": material.pk, "kind": "form"},
    )
    sample_url = reverse(
        "catalog:material-file",
        kwargs={"item_id": version.item_id, "material_id": material.pk, "kind": "sample"},
    )
    assert form_url in page and sample_url in page
    response = client.get(form_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"blank form bytes"  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(client.get(sample_url).streaming_content) == b"%PDF sample"  # type: ignore[attr-defined]
    bad_kind = form_url.replace("/form/", "/secret/")
    assert client.get(bad_kind).status_code == 404


def test_material_files_are_not_served_for_drafts_or_superseded_versions(
    client: Client, civil: Department, market: Department, media: Any
) -> None:
    draft = make_item(department=civil, code="MZ-D", name="草稿", materials=["草稿材料"], publish=False)
    drafted = _with_files(Material.objects.get(name="草稿材料"))
    v1 = make_item(department=civil, code="MZ-S", name="救助", materials=["旧材料", "新材料"])
    old = _with_files(Material.objects.get(name="旧材料"))
    new = _with_files(Material.objects.get(name="新材料"))
    v2 = revise(v1)
    v2.materials.filter(material=old).delete()
    other = make_item(department=market, code="SC-O", name="别的事项", materials=["营业执照"])

    def status(item_id: int, material: Material) -> int:
        url = reverse(
            "catalog:material-file", kwargs={"item_id": item_id, "material_id": material.pk, "kind": "form"}
        )
        return client.get(url).status_code

    assert status(draft.item_id, drafted) == 404
    assert status(v1.item_id, old) == 200  # v1 still published while v2 is a draft
    publish(v2)
    assert status(v1.item_id, old) == 404  # only the superseded version asked for it
    assert status(v1.item_id, new) == 200
    assert status(other.item_id, new) == 404  # another item's material
    no_file = Material.objects.get(name="营业执照")
    assert status(other.item_id, no_file) == 404


def test_browse_links_follow_publications(client: Client, centre: Centre, civil: Department) -> None:
    make_item(department=civil, code="MZ-1", name="结婚登记", themes=["marriage"])
    html = client.get(GUIDE).content.decode()
    assert '民政局 <span class="count">1</span>' in html and "人社局" not in html
    labour = DepartmentFactory(centre=centre, code="RSJ", name="人社局")
    make_item(department=labour, code="RS-1", name="失业保险金申领", themes=["employment"])
    make_item(department=civil, code="MZ-2", name="离婚登记", themes=["marriage"])
    html = client.get(GUIDE).content.decode()
    assert '民政局 <span class="count">2</span>' in html and '人社局 <span class="count">1</span>' in html
    assert '婚姻登记 <span class="count">2</span>' in html and '就业创业 <span class="count">1</span>' in html


def test_item_page_queries_do_not_grow_with_materials(
    client: Client, centre: Centre, civil: Department, django_assert_max_num_queries: Any
) -> None:
    WindowFactory(centre=centre, department=civil, number="3")
    small = make_item(department=civil, code="MZ-S1", name="小事项", materials=["申请书"])
    large = make_item(
        department=civil,
        code="MZ-L1",
        name="大事项",
        materials=[f"材料{number}" for number in range(12)],
        fees=[("工本费", Decimal("5.00")), ("证书费", Decimal("8.00"))],
        themes=["birth", "household"],
    )
    for version in (small, large):
        with django_assert_max_num_queries(12):
            assert client.get(f"/guide/{version.item_id}/").status_code == 200


def test_a_publication_shows_at_once_despite_the_results_cache(client: Client, civil: Department) -> None:
    make_item(department=civil, code="MZ-1", name="结婚登记")
    assert result_names(client.get(GUIDE, {"q": "结婚"}).content.decode()) == ["结婚登记"]
    assert result_names(client.get(GUIDE, {"q": "结婚"}).content.decode()) == ["结婚登记"]
    make_item(department=civil, code="MZ-2", name="结婚证补领")
    assert result_names(client.get(GUIDE, {"q": "结婚"}).content.decode()) == ["结婚登记", "结婚证补领"]
