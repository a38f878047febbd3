"""Item rules, each with its rejection message, and versions that keep what they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from govhall.catalog import services
from govhall.catalog.models import (
    CaseKind,
    ItemFee,
    ItemMaterial,
    ItemVersion,
    Material,
    MaterialRequirement,
    OnlineDepth,
    ProcessTemplate,
    ServiceItem,
    VersionState,
)
from govhall.core.models import Event
from govhall.core.working_days import TimeUnit
from govhall.org.models import Department
from tests.factories import CentreFactory, DepartmentFactory, WindowFactory

pytestmark = pytest.mark.django_db


def promised_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "食品经营许可",
        "item_type": "01",
        "service_objects": ["2"],
        "handling_forms": ["1", "2"],
        "case_kind": CaseKind.PROMISED,
        "legal_limit": 20,
        "promised_limit": 5,
        "legal_basis": "《食品经营许可和备案管理办法》第二十四条",
        "visits": 1,
        "visits_reason": "需核验原件",
        "keywords": "食品 经营",
    }
    fields.update(overrides)
    return fields


def ready_draft(department: Department, code: str = "FOOD-01", **overrides: Any) -> ItemVersion:
    version = services.item_create(
        actor=None,
        centre=department.centre,
        department=department,
        implementation_code=code,
        fields=promised_fields(**overrides),
    )
    template = "joint" if version.case_kind == CaseKind.JOINT else "promised-2"
    services.version_apply_template(
        actor=None, version=version, template=ProcessTemplate.objects.get(code=template)
    )
    material, _ = Material.objects.get_or_create(
        centre=department.centre, name="营业执照", issuing_body="市场监督管理部门"
    )
    ItemMaterial.objects.create(
        version=version,
        material=material,
        order=1,
        originals=1,
        copies=1,
        requirement=MaterialRequirement.REQUIRED,
    )
    return version


def published(department: Department, code: str = "FOOD-01", **overrides: Any) -> ItemVersion:
    version = ready_draft(department, code, **overrides)
    services.version_submit(actor=None, version=version)
    return services.version_publish(actor=None, version=version)


@pytest.fixture
def department() -> Department:
    return DepartmentFactory(centre=CentreFactory(code="WF"), name="市场监督管理局")


def rejected(**overrides: Any) -> str:
    version = ItemVersion(item=ServiceItem(), version=1, **promised_fields(**overrides))
    with pytest.raises(ValidationError) as raised:
        version.full_clean(exclude=["item"])
    return " ".join(raised.value.messages)


def test_promised_must_not_exceed_legal() -> None:
    assert "承诺办结时限（30）不能超过法定办结时限（20）" in rejected(promised_limit=30)


def test_units_must_match() -> None:
    assert "单位应与法定时限一致" in rejected(promised_limit_unit=TimeUnit.NATURAL_DAY)


def test_immediate_items_have_zero_days() -> None:
    assert "即办件的承诺办结时限应为0" in rejected(case_kind=CaseKind.IMMEDIATE, promised_limit=1)
    assert "只有即办件的承诺办结时限可以为0" in rejected(promised_limit=0)


def test_visits_need_a_reason_and_fully_online_needs_none() -> None:
    assert "须说明必须现场办理的原因" in rejected(visits_reason="")
    assert "到办事现场次数应为0" in rejected(online_depth=OnlineDepth.LEVEL_4, online_handling=True)
    assert "须支持网上办理" in rejected(online_depth=OnlineDepth.LEVEL_4, visits=0, visits_reason="")


def test_escalated_needs_a_level_and_lists_need_values() -> None:
    assert "上报件须填写上报层级" in rejected(case_kind=CaseKind.ESCALATED)
    assert "请选择服务对象" in rejected(service_objects=[])
    assert "请选择办理形式" in rejected(handling_forms=["7"])


def test_compression_below_thirty_percent_is_allowed_but_flagged(department: Department) -> None:
    version = published(department, promised_limit=16)
    assert version.state == VersionState.PUBLISHED
    assert str(version.compression) == "0.20" and version.compression_below_target
    assert not published(department, "FOOD-02").compression_below_target


def test_codes_are_unique_within_a_centre(department: Department) -> None:
    ready_draft(department)
    with pytest.raises(ValidationError, match="本中心已有相同实施编码的事项"):
        ready_draft(department)
    other_centre = DepartmentFactory(centre=CentreFactory(code="KW"))
    ready_draft(other_centre)
    assert ServiceItem.objects.filter(implementation_code="FOOD-01").count() == 2


def test_department_must_be_stationed_in_the_centre(department: Department) -> None:
    with pytest.raises(ValidationError, match="实施主体必须是进驻本中心的部门"):
        services.item_create(
            actor=None,
            centre=CentreFactory(code="KW"),
            department=department,
            implementation_code="X1",
            fields=promised_fields(),
        )
    assert not ServiceItem.objects.exists()


def test_a_rejected_create_writes_nothing(department: Department) -> None:
    with pytest.raises(ValidationError):
        services.item_create(
            actor=None,
            centre=department.centre,
            department=department,
            implementation_code="BAD",
            fields=promised_fields(promised_limit=99),
        )
    assert not ServiceItem.objects.exists() and not ItemVersion.objects.exists()
    assert not Event.objects.filter(kind__startswith="catalog").exists()


def test_submit_needs_materials_consistent_fees_and_steps_within_the_limit(department: Department) -> None:
    version = services.item_create(
        actor=None,
        centre=department.centre,
        department=department,
        implementation_code="EMPTY",
        fields=promised_fields(charges_fees=True, promised_limit=2),
    )
    with pytest.raises(ValidationError) as raised:
        services.version_submit(actor=None, version=version)
    messages = " ".join(raised.value.messages)
    assert "请至少列出一项申请材料" in messages
    assert "收费事项须列出收费项目" in messages
    assert "请设置办理流程环节" in messages
    services.version_apply_template(
        actor=None, version=version, template=ProcessTemplate.objects.get(code="promised-3")
    )
    with pytest.raises(ValidationError, match="各环节时限之和（4个工作日）超过承诺办结时限（2个工作日）"):
        services.version_submit(actor=None, version=version)
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT


def test_step_budgets_are_checked_in_a_natural_day_items_own_unit(department: Department) -> None:
    """居民身份证换领 counts 20 natural days; its steps count in natural days too, so 19 + 2 is too long."""
    version = ready_draft(
        department,
        legal_limit=60,
        legal_limit_unit=TimeUnit.NATURAL_DAY,
        promised_limit=20,
        promised_limit_unit=TimeUnit.NATURAL_DAY,
    )
    version.steps.filter(name="审查").update(budget_days=19)
    version.steps.filter(name="核准").update(budget_days=2)
    with pytest.raises(ValidationError, match="各环节时限之和（21个自然日）超过承诺办结时限（20个自然日）"):
        services.version_submit(actor=None, version=version)
    version.steps.filter(name="核准").update(budget_days=1)
    assert services.version_submit(actor=None, version=version).state == VersionState.SUBMITTED


def test_free_items_must_not_list_fees(department: Department) -> None:
    version = ready_draft(department)
    ItemFee.objects.create(version=version, order=1, name="工本费", standard="每件10元", legal_basis="某文件")
    with pytest.raises(ValidationError, match="事项设为不收费，但列有收费项目"):
        services.version_submit(actor=None, version=version)


def test_joint_items_need_participants(department: Department) -> None:
    version = ready_draft(department, case_kind=CaseKind.JOINT)
    with pytest.raises(ValidationError, match="联办件须选择参与联办的部门"):
        services.version_submit(actor=None, version=version)
    version.joint_departments.add(DepartmentFactory(centre=department.centre, name="税务局"))
    assert services.version_submit(actor=None, version=version).state == VersionState.SUBMITTED


def test_conditional_material_needs_its_condition(department: Department) -> None:
    version = ready_draft(department)
    material = Material.objects.create(centre=department.centre, name="授权委托书")
    row = ItemMaterial(
        version=version, material=material, order=2, originals=1, requirement=MaterialRequirement.CONDITIONAL
    )
    with pytest.raises(ValidationError, match="情形必要的材料须写明适用情形"):
        row.full_clean()


def test_state_machine_refuses_skipping_steps(department: Department) -> None:
    version = ready_draft(department)
    with pytest.raises(ValidationError, match="该版本当前为“草稿”，不能进行此操作"):
        services.version_publish(actor=None, version=version)
    services.version_submit(actor=None, version=version)
    with pytest.raises(ValidationError, match="退回修改须说明原因"):
        services.version_return(actor=None, version=version, reason="  ")
    returned = services.version_return(actor=None, version=version, reason="材料清单不完整")
    assert returned.state == VersionState.DRAFT
    event = Event.objects.get(kind="catalog.version.return")
    assert event.payload["after"] == {"state": "draft", "reason": "材料清单不完整"}


def test_revising_keeps_the_published_version_until_the_new_one_is_published(department: Department) -> None:
    v1 = published(department)
    v1_material_ids = list(v1.materials.values_list("material_id", flat=True))
    with pytest.raises(ValidationError, match="该事项已有未发布的版本"):
        services.version_revise(actor=None, item=v1.item)
        services.version_revise(actor=None, item=v1.item)
    v2 = ItemVersion.objects.get(item=v1.item, version=2)
    assert v2.state == VersionState.DRAFT and v2.name == v1.name
    assert list(v2.materials.values_list("material_id", flat=True)) == v1_material_ids
    assert v2.steps.count() == v1.steps.count()
    v2.name = "食品经营许可（新版）"
    v2.promised_limit = 3
    v2.save()
    v1.refresh_from_db()
    assert v1.state == VersionState.PUBLISHED and v1.name == "食品经营许可"

    services.version_submit(actor=None, version=v2)
    services.version_publish(actor=None, version=v2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.state == VersionState.SUPERSEDED and v1.superseded_at is not None
    assert v1.name == "食品经营许可" and v1.promised_limit == 5 and v1.materials.count() == 1
    assert v2.state == VersionState.PUBLISHED
    actions = list(Event.objects.filter(kind__startswith="catalog.version").values_list("kind", flat=True))
    assert {"catalog.version.revise", "catalog.version.supersede", "catalog.version.publish"} <= set(actions)


def test_revise_needs_a_published_version(department: Department) -> None:
    version = ready_draft(department)
    with pytest.raises(ValidationError, match="该事项已有未发布的版本"):
        services.version_revise(actor=None, item=version.item)


def test_search_text_has_pinyin_initials(department: Department) -> None:
    version = published(department, "BIZ-01", name="企业设立登记", keywords="营业执照 开办企业")
    version.refresh_from_db()
    assert (
        "yyzz" in version.search_text and "qysldj" in version.search_text and "biz-01" in version.search_text
    )


def test_joint_participants_exclude_the_lead_and_windows_are_the_centres(department: Department) -> None:
    version = ready_draft(department, case_kind=CaseKind.JOINT)
    version.joint_departments.add(department)
    with pytest.raises(ValidationError, match="联办部门不能包含主办部门本身"):
        services.version_submit(actor=None, version=version)
    version.joint_departments.set([DepartmentFactory(centre=department.centre, name="税务局")])
    elsewhere = WindowFactory(centre=CentreFactory(code="KW"))
    version.windows.add(elsewhere)
    with pytest.raises(ValidationError, match="办理窗口必须是实施中心的窗口"):
        services.version_submit(actor=None, version=version)
    version.windows.set([WindowFactory(centre=department.centre, department=department)])
    assert services.version_submit(actor=None, version=version).state == VersionState.SUBMITTED
