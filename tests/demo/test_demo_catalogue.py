"""The demo hall's catalogue: realistic, published through the services, valid, idempotent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from govhall.catalog.models import (
    CaseKind,
    HandlingForm,
    ItemFee,
    ItemMaterial,
    ItemStep,
    ItemType,
    ItemVersion,
    LifeEvent,
    Material,
    MaterialRequirement,
    OnlineDepth,
    ProcessTemplate,
    ServiceItem,
    ServiceObject,
    VersionState,
)
from govhall.catalog.rules import completeness_problems
from govhall.core.models import Event
from govhall.core.working_days import TimeUnit
from govhall.demo.catalogue import ITEMS, catalogue_objects
from govhall.demo.hall import CITY_CODE, DemoSummary, build_demo_hall
from govhall.org.models import CentreLevel

pytestmark = pytest.mark.django_db

COMMUNITY_ITEMS = {
    "城镇居民最低生活保障": "低保",
    "廉租房保障": "廉租住房",
    "就业失业登记": "失业登记",
    "大病救助": "医疗救助",
    "独生子女父母光荣证": "光荣证",
    "流动人口婚育证明": "婚育证明",
    "生育登记": "生育服务登记",
}
ENTERPRISE_ITEMS = {
    "企业设立登记": "营业执照",
    "建设项目环境影响评价审批": "环评",
    "建筑工程施工许可": "施工许可证",
    "食品经营许可": "食品经营许可证",
    "道路运输经营许可": "道路运输经营许可证",
}
DEPARTMENT_ITEMS = {
    "GA": ["居民身份证换领", "户口迁入登记"],
    "MZ": ["内地居民结婚登记", "社会团体成立登记"],
    "RSJ": ["社会保障卡申领", "专业技术人员职业资格证书补办"],
    "WJW": ["医疗机构执业登记", "出生医学证明补发、换发"],
    "JT": ["道路货物运输经营许可", "巡游出租汽车经营许可"],
    "SW": ["发票领用", "税务登记（一照一码户信息确认）"],
    "YB": ["异地就医备案"],
    "ZJJ": ["商品房预售许可", "建筑业企业资质核准（施工总承包三级）"],
    "ZRZY": ["建设用地规划许可证核发"],
    "BDC": ["国有建设用地使用权及房屋所有权转移登记"],
    "FGW": ["企业投资项目核准", "企业投资项目备案"],
    "SCJG": ["药品经营许可（零售）", "特种设备使用登记"],
}


@pytest.fixture(scope="module")
def hall(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    """One demo hall for the module, rolled back at the end."""
    fast_hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashers, transaction.atomic():
        yield build_demo_hall()
        transaction.set_rollback(True)


def _published() -> models.QuerySet[ItemVersion]:
    return ItemVersion.objects.filter(state=VersionState.PUBLISHED).select_related("item__centre")


def _version(name: str) -> ItemVersion:
    return _published().get(name=name)


def test_at_least_sixty_items_are_published_mostly_in_the_city_centre(hall: DemoSummary) -> None:
    published = _published()
    assert published.count() >= 60
    assert published.count() == ServiceItem.objects.count() == ItemVersion.objects.count() == len(ITEMS)
    by_centre = Counter(published.values_list("item__centre__code", flat=True))
    assert by_centre[CITY_CODE] >= 50
    assert len(by_centre) == 4 and all(by_centre.values())
    departments = set(
        published.filter(item__centre__code=CITY_CODE).values_list("item__department__code", flat=True)
    )
    assert len(departments) == 15, "every city department publishes items"
    assert all(v.published_at and v.submitted_at and v.version == 1 for v in published)
    assert all(v.published_by is None for v in published)
    assert hall.totals["published_items"] == published.count()
    assert hall.created["serviceitem"] == published.count()


@pytest.mark.parametrize("name,keyword", sorted({**COMMUNITY_ITEMS, **ENTERPRISE_ITEMS}.items()))
def test_the_seed_items_are_published_with_their_keywords(hall: DemoSummary, name: str, keyword: str) -> None:
    version = _version(name)
    assert keyword in version.keywords.split()
    assert keyword.lower() in version.search_text


def test_each_department_has_its_typical_items(hall: DemoSummary) -> None:
    for code, names in DEPARTMENT_ITEMS.items():
        for name in names:
            version = _version(name)
            assert (version.item.centre.code, version.item.department.code) == (CITY_CODE, code), name


def test_every_published_version_is_valid_and_complete(hall: DemoSummary) -> None:
    for version in _published():
        version.full_clean()
        assert completeness_problems(version) == [], version.name
    checked = 0
    for obj in catalogue_objects():
        obj.full_clean()
        checked += 1
    assert checked > 700


def test_the_search_text_finds_the_business_licence_by_pinyin(hall: DemoSummary) -> None:
    founding = _version("企业设立登记")
    assert "yyzz" in founding.search_text.split()
    assert "yingyezhizhao" in founding.search_text
    assert "db" in _version("城镇居民最低生活保障").search_text.split()
    assert all(v.search_text for v in _published())


def test_joint_escalated_and_immediate_items(hall: DemoSummary) -> None:
    joint = _published().filter(case_kind=CaseKind.JOINT).annotate(n=Count("joint_departments"))
    assert joint.count() >= 3
    for version in joint:
        assert version.n >= 1
        assert version.process_template is not None and version.process_template.code == "joint"
        partners = version.joint_departments.all()
        assert all(d.centre_id == version.item.centre_id for d in partners)
        assert version.item.department not in partners
    founding = _version("企业设立登记")
    assert set(founding.joint_departments.values_list("code", flat=True)) == {"SW", "GA", "RSJ"}

    escalated = _published().filter(case_kind=CaseKind.ESCALATED)
    provincial = escalated.filter(escalation_level=CentreLevel.PROVINCE)
    assert provincial.count() >= 2
    assert set(provincial.values_list("escalation_body", flat=True)) >= {"山东省生态环境厅"}
    assert all(v.escalation_body for v in escalated)
    assert _version("城镇居民最低生活保障").escalation_level == CentreLevel.COUNTY

    immediate = _published().filter(case_kind=CaseKind.IMMEDIATE)
    assert immediate.count() >= 15
    assert set(immediate.values_list("promised_limit", flat=True)) == {0}
    for name in ("就业失业登记", "发票领用"):
        same_day = _version(name)
        assert same_day.case_kind == CaseKind.IMMEDIATE and same_day.legal_limit > 0
    assert _published().filter(case_kind=CaseKind.PROMISED).count() >= 25


def test_the_named_limits_follow_the_brief(hall: DemoSummary) -> None:
    food = _version("食品经营许可")
    assert (food.legal_limit, food.promised_limit, food.promised_limit_unit) == (20, 5, TimeUnit.WORKING_DAY)
    permit = _version("建筑工程施工许可")
    assert (permit.legal_limit, permit.promised_limit) == (15, 3)
    assert _version("居民身份证换领").legal_limit_unit == TimeUnit.NATURAL_DAY
    for version in _published():
        assert version.legal_limit_note and version.promised_limit_note, version.name
        assert version.legal_basis.startswith("《"), version.name


def test_compression_is_at_least_thirty_percent_but_for_a_few_flagged_items(hall: DemoSummary) -> None:
    flagged = [v.name for v in _published() if v.compression_below_target]
    assert 2 <= len(flagged) <= 5, flagged
    assert "社会团体成立登记" in flagged
    for version in _published():
        if version.compression is not None and not version.compression_below_target:
            assert version.compression >= Decimal("0.30"), version.name


def test_step_budgets_fit_the_promised_limit(hall: DemoSummary) -> None:
    for version in _published():
        steps = list(version.steps.all())
        assert steps and version.process_template is not None
        assert [s.name for s in steps] == [s.name for s in version.process_template.steps.all()]
        assert sum(s.budget_days for s in steps) <= version.promised_limit, version.name
        if version.case_kind == CaseKind.IMMEDIATE:
            assert all(s.budget_days == 0 for s in steps)


def test_fields_are_realistic(hall: DemoSummary) -> None:
    published = list(_published())
    types = Counter(v.item_type for v in published)
    assert types[ItemType.LICENSING] >= 25
    assert types[ItemType.BENEFIT] >= 5 and types[ItemType.CONFIRMATION] >= 10
    assert types[ItemType.PUBLIC_SERVICE] >= 5
    assert _version("城镇居民最低生活保障").item_type == ItemType.BENEFIT
    assert _version("大病救助").item_type == ItemType.BENEFIT
    assert _version("食品经营许可").item_type == ItemType.LICENSING
    assert _version("城镇居民最低生活保障").service_objects == [ServiceObject.NATURAL_PERSON]
    assert ServiceObject.ENTERPRISE in _version("企业设立登记").service_objects
    for version in published:
        centre = version.item.centre
        assert version.consultation_phone == centre.consultation_phone, version.name
        assert version.complaint_phone == centre.complaint_phone
        assert centre.address in version.location
        assert version.conditions and version.result_name and version.keywords and version.hours
        assert HandlingForm.WINDOW in version.handling_forms
        assert version.in_hall
        if version.visits:
            assert version.visits_reason
        if version.online_depth == OnlineDepth.LEVEL_4:
            assert version.visits == 0 and version.online_handling and version.online_url
    visits = Counter(v.visits for v in published)
    assert visits[1] > visits[0] >= 10
    assert _published().filter(supports_delivery=True).count() >= 10
    assert _published().filter(supports_appointment=True).count() == len(published)


def test_every_theme_has_items_of_its_audience(hall: DemoSummary) -> None:
    themes = LifeEvent.objects.annotate(n=Count("item_versions"))
    assert themes.count() == 20
    assert {theme.code: theme.n for theme in themes if not theme.n} == {}


def test_materials_come_from_a_shared_library_per_centre(hall: DemoSummary) -> None:
    for version in _published():
        rows = list(version.materials.select_related("material"))
        assert 2 <= len(rows) <= 8, version.name
        assert [row.order for row in rows] == list(range(1, len(rows) + 1))
        assert all(row.material.centre_id == version.item.centre_id for row in rows)
    id_card = Material.objects.get(centre__code=CITY_CODE, name="居民身份证")
    assert id_card.issuing_body == "公安机关" and id_card.acceptance_standard
    assert id_card.uses.count() >= 15
    for name in ("居民户口簿", "营业执照", "授权委托书"):
        assert Material.objects.get(centre__code=CITY_CODE, name=name).uses.count() >= 5, name
    assert all(m.issuing_body and m.acceptance_standard for m in Material.objects.all())
    conditional = ItemMaterial.objects.filter(requirement=MaterialRequirement.CONDITIONAL)
    assert conditional.count() >= 30
    assert conditional.filter(condition__startswith="委托").count() >= 20
    assert ItemMaterial.objects.filter(originals__gt=0, copies__gt=0).count() >= 30


def test_a_few_items_charge_by_published_standards(hall: DemoSummary) -> None:
    charging = _published().filter(charges_fees=True)
    assert 3 <= charging.count() <= 8
    assert _published().filter(charges_fees=False).count() > 8 * charging.count()
    transfer = _version("国有建设用地使用权及房屋所有权转移登记")
    home = transfer.fees.get(name="不动产登记费（住宅类）")
    assert home.amount == Decimal("80.00") and "2559号" in home.legal_basis
    assert _version("居民身份证换领").fees.get().amount == Decimal("20.00")
    assert all(fee.standard and fee.legal_basis for fee in ItemFee.objects.all())


def test_chosen_windows_are_the_departments_own(hall: DemoSummary) -> None:
    with_windows = _published().annotate(n=Count("windows")).filter(n__gt=0)
    assert with_windows.count() >= 20
    for version in with_windows:
        assert all(w.department_id == version.item.department_id for w in version.windows.all()), version.name


def _state() -> dict[str, list[int]]:
    watched: list[type[models.Model]] = [
        ServiceItem,
        ItemVersion,
        Material,
        ItemMaterial,
        ItemFee,
        ItemStep,
        ProcessTemplate,
        LifeEvent,
        Event,
        get_user_model(),
    ]
    return {model.__name__: sorted(model._default_manager.values_list("pk", flat=True)) for model in watched}


def test_a_second_run_creates_no_item_version_or_material(hall: DemoSummary) -> None:
    before = _state()
    again = build_demo_hall()
    assert not again.changed
    assert again.totals == hall.totals
    assert _state() == before


def test_one_missing_item_is_rebuilt_alone(hall: DemoSummary) -> None:
    version = _version("发票领用")
    item = version.item
    version.delete()
    item.delete()
    materials = Material.objects.count()
    again = build_demo_hall()
    assert again.created == {"serviceitem": 1, "itemversion": 1}
    assert Material.objects.count() == materials
    rebuilt = _version("发票领用")
    assert rebuilt.item.implementation_code == item.implementation_code
