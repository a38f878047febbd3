"""The implementation list as an Excel workbook: export, dry run, all-or-nothing import, round trip."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from govhall.catalog import services
from govhall.catalog.models import (
    CaseKind,
    ItemFee,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    LifeEvent,
    Material,
    MaterialMedium,
    MaterialRequirement,
    ProcessTemplate,
    ServiceItem,
    VersionState,
)
from govhall.catalog.spreadsheet import ImportReport, catalogue_export, catalogue_import
from govhall.core.models import Event
from govhall.org.models import CentreLevel, Department, StaffProfile, Window
from govhall.org.roles import Role
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, WindowFactory

pytestmark = pytest.mark.django_db

NOT_EXPORTED = {
    "id",
    "item",
    "version",
    "state",
    "search_text",
    "created_at",
    "created_by",
    "submitted_at",
    "published_at",
    "published_by",
    "superseded_at",
    "result_sample",
}
COUNTED = (ServiceItem, ItemVersion, Material, ItemMaterial, ItemFee, ItemStep, Event)


# --------------------------------------------------------------------------------------------
# Building a catalogue through the services


def base_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "食品经营许可",
        "item_type": "01",
        "service_objects": ["2"],
        "handling_forms": ["1"],
        "case_kind": CaseKind.PROMISED,
        "legal_limit": 20,
        "promised_limit": 5,
        "legal_basis": "《食品经营许可和备案管理办法》第二十四条",
        "visits": 1,
        "visits_reason": "需核验原件",
    }
    fields.update(overrides)
    return fields


def publish_item(
    department: Department,
    code: str,
    *,
    template: str,
    materials: Iterable[dict[str, Any]] = ({"name": "营业执照", "issuing_body": "市场监督管理部门"},),
    fees: Iterable[dict[str, Any]] = (),
    joint: Iterable[Department] = (),
    windows: Iterable[Window] = (),
    themes: Iterable[str] = (),
    **fields: Any,
) -> ItemVersion:
    version = services.item_create(
        actor=None,
        centre=department.centre,
        department=department,
        implementation_code=code,
        fields=base_fields(**fields),
    )
    services.version_apply_template(
        actor=None, version=version, template=ProcessTemplate.objects.get(code=template)
    )
    for order, spec in enumerate(materials, start=1):
        spec = dict(spec)
        material, _ = Material.objects.get_or_create(
            centre=department.centre,
            name=spec.pop("name"),
            issuing_body=spec.pop("issuing_body", ""),
            defaults={
                "acceptance_standard": spec.pop("acceptance_standard", ""),
                "notes": spec.pop("library_notes", ""),
            },
        )
        spec.setdefault("originals", 1)
        spec.setdefault("requirement", MaterialRequirement.REQUIRED)
        ItemMaterial.objects.create(version=version, material=material, order=order, **spec)
    for order, spec in enumerate(fees, start=1):
        ItemFee.objects.create(version=version, order=order, **spec)
    version.joint_departments.set(list(joint))
    version.windows.set(list(windows))
    version.life_events.set(LifeEvent.objects.filter(code__in=list(themes)))
    services.version_submit(actor=None, version=version)
    return services.version_publish(actor=None, version=version)


@pytest.fixture
def hall() -> dict[str, Any]:
    city = CentreFactory(code="CITY", name="示范市政务服务中心", level=CentreLevel.CITY)
    district = CentreFactory(code="DIST", name="示范区政务服务中心", level=CentreLevel.COUNTY, parent=city)
    other = CentreFactory(code="OTHER", name="邻市政务服务中心", level=CentreLevel.CITY)
    market = DepartmentFactory(centre=city, code="MKT", name="市场监督管理局")
    tax = DepartmentFactory(centre=city, code="TAX", name="税务局")
    civil = DepartmentFactory(centre=district, code="CIV", name="区民政局")
    window_1 = WindowFactory(centre=city, department=market, number="1")
    window_12 = WindowFactory(centre=city, department=market, number="12")
    WindowFactory(centre=city, department=tax, number="2")
    food = publish_item(
        market,
        "FOOD-01",
        template="promised-2",
        basic_code="FOOD",
        service_objects=["2", "1"],
        handling_forms=["1", "2", "4"],
        legal_limit_note="自受理之日起",
        promised_limit_note="材料齐全时",
        legal_basis="《食品经营许可和备案管理办法》第二十四条\n第二款",
        conditions="=有固定经营场所",
        process_description="受理→审查→核准",
        special_procedures="现场核查",
        intermediary_services="无",
        quantity_limit="无数量限制",
        result_name="食品经营许可证",
        service_scope="national",
        location="市民中心二楼",
        hours="工作日 9:00-17:00",
        consultation_phone="0536-12345678",
        complaint_phone="12345",
        faq="问：需要几份？\r\n答：一份。",
        keywords="食品 经营",
        charges_fees=True,
        supports_appointment=True,
        supports_online_payment=True,
        supports_delivery=True,
        online_handling=True,
        online_url="https://zwfw.example.cn/food",
        online_depth="3",
        materials=[
            {
                "name": "营业执照",
                "issuing_body": "市场监督管理部门",
                "acceptance_standard": "在有效期内",
                "library_notes": "可用电子证照",
                "copies": 1,
            },
            {
                "name": "食品安全管理制度",
                "originals": 0,
                "copies": 1,
                "requirement": MaterialRequirement.CONDITIONAL,
                "condition": "连锁经营的",
                "medium": MaterialMedium.BOTH,
                "notes": "加盖公章",
            },
        ],
        fees=[
            {
                "name": "工本费",
                "amount": Decimal("10.50"),
                "standard": "每证10.5元",
                "legal_basis": "某价格文件",
            },
            {"name": "检测费", "amount": None, "standard": "按检测项目计", "legal_basis": "某收费文件"},
        ],
        windows=[window_12, window_1],
        themes=["start-business", "operating-licence"],
    )
    publish_item(
        tax,
        "IMM-01",
        template="immediate",
        name="发票领用",
        item_type="20",
        case_kind=CaseKind.IMMEDIATE,
        legal_limit=1,
        promised_limit=0,
        in_hall=False,
    )
    publish_item(
        market,
        "JOINT-01",
        template="joint",
        name="开办餐饮店",
        case_kind=CaseKind.JOINT,
        promised_limit=10,
        joint=[tax, civil],
    )
    publish_item(
        civil,
        "ESC-01",
        template="escalated",
        name="社会团体成立登记",
        item_type="07",
        service_objects=["4"],
        case_kind=CaseKind.ESCALATED,
        escalation_level="city",
        escalation_body="市民政局",
        legal_limit=10,
        joint=[tax],
        materials=[{"name": "成立申请书", "originals": 1}],
    )
    publish_item(
        DepartmentFactory(centre=other, code="OTH"), "OTH-01", template="promised-2", name="邻市事项"
    )
    manager = StaffFactory(centre=city, department=None, roles=[Role.CENTRE_MANAGER])
    return {
        "city": city,
        "district": district,
        "other": other,
        "market": market,
        "tax": tax,
        "civil": civil,
        "food": food,
        "manager": manager,
    }


# --------------------------------------------------------------------------------------------
# Workbook helpers


def book(data: bytes) -> Workbook:
    return load_workbook(BytesIO(data))


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet(workbook: Workbook, name: str) -> Worksheet:
    found = workbook[name]
    assert isinstance(found, Worksheet)
    return found


def headers(worksheet: Worksheet) -> list[str]:
    return [cell.value for cell in worksheet[1] if cell.value is not None]


def records(worksheet: Worksheet) -> list[dict[str, Any]]:
    names = headers(worksheet)
    return [
        dict(zip(names, row, strict=False))
        for row in worksheet.iter_rows(min_row=2, values_only=True)
        if any(value is not None for value in row)
    ]


def row_of(worksheet: Worksheet, code: str) -> int:
    column = headers(worksheet).index("实施编码") + 1
    for row in range(2, worksheet.max_row + 1):
        if worksheet.cell(row=row, column=column).value == code:
            return row
    raise AssertionError(code)


def set_cell(workbook: Workbook, sheet_name: str, code: str, header: str, value: Any) -> int:
    worksheet = sheet(workbook, sheet_name)
    row = row_of(worksheet, code)
    worksheet.cell(row=row, column=headers(worksheet).index(header) + 1).value = value
    return row


def delete_rows_of(workbook: Workbook, sheet_name: str, code: str) -> None:
    worksheet = sheet(workbook, sheet_name)
    column = headers(worksheet).index("实施编码") + 1
    for row in range(worksheet.max_row, 1, -1):
        if worksheet.cell(row=row, column=column).value == code:
            worksheet.delete_rows(row)


def append(workbook: Workbook, sheet_name: str, values: dict[str, Any]) -> int:
    worksheet = sheet(workbook, sheet_name)
    names = headers(worksheet)
    worksheet.append([values.get(name) for name in names])
    return worksheet.max_row


def contents(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every cell value of every sheet, less the export time on the 说明 sheet."""
    workbook = book(data)
    return {
        name: [
            row
            for row in sheet(workbook, name).iter_rows(values_only=True)
            if not (name == "说明" and row and row[0] == "导出时间")
        ]
        for name in workbook.sheetnames
    }


def upload(data: bytes, name: str = "清单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def run_import(staff: StaffProfile, data: bytes, *, dry_run: bool = False) -> ImportReport:
    return catalogue_import(user=staff.user, file=BytesIO(data), dry_run=dry_run)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def empty_catalogue() -> None:
    ItemVersion.objects.all().delete()
    ServiceItem.objects.all().delete()
    Material.objects.all().delete()


# --------------------------------------------------------------------------------------------
# Export


def test_export_has_every_field_with_chinese_headers_and_labels(hall: dict[str, Any]) -> None:
    workbook = book(catalogue_export(user=hall["manager"].user))
    assert workbook.sheetnames == ["事项", "申请材料", "收费项目", "办理环节", "说明"]
    items = sheet(workbook, "事项")
    names = headers(items)
    assert names[:4] == ["实施中心编码", "部门编码", "实施主体", "实施编码"]
    assert len(names) == len(set(names))
    meta = ItemVersion._meta
    expected = [
        str(field.verbose_name)
        for field in [*meta.concrete_fields, *meta.many_to_many]
        if field.name not in NOT_EXPORTED
    ]
    assert len(expected) == 43
    assert set(expected) <= set(names)

    rows = {row["实施编码"]: row for row in records(items)}
    assert list(rows) == ["FOOD-01", "IMM-01", "JOINT-01", "ESC-01"]  # scoped: OTHER's item is not there
    food = rows["FOOD-01"]
    assert (
        food["实施中心编码"] == "CITY" and food["部门编码"] == "MKT" and food["实施主体"] == "市场监督管理局"
    )
    assert food["事项名称"] == "食品经营许可" and food["基本编码"] == "FOOD"
    assert food["事项类型"] == "行政许可"
    assert food["服务对象"] == "企业法人、自然人"
    assert food["办理形式"] == "窗口办理、网上办理（电脑端）、快递申请"
    assert food["办件类型"] == "承诺件"
    assert food["法定办结时限"] == 20 and food["承诺办结时限"] == 5
    assert food["法定时限单位"] == "工作日" and food["承诺时限说明"] == "材料齐全时"
    assert food["设定依据"] == "《食品经营许可和备案管理办法》第二十四条\n第二款"
    assert food["受理条件"] == "=有固定经营场所"
    assert food["通办范围"] == "全国通办"
    assert food["常见问题"] == "问：需要几份？\n答：一份。"
    assert food["是否收费"] == "是" and food["是否进驻大厅"] == "是" and food["是否网办"] == "是"
    assert food["到办事现场次数"] == 1 and food["网办深度"] == "Ⅲ级（网上受理、预审，到现场核验）"
    assert food["办理窗口"] == "1、12"
    assert food["办事主题"] == "operating-licence、start-business"
    assert food["流程模板"] == "promised-2"
    assert rows["IMM-01"]["是否进驻大厅"] == "否" and rows["IMM-01"]["办件类型"] == "即办件"
    assert rows["JOINT-01"]["共同实施部门（联办部门）"] == "DIST/CIV、TAX"
    assert rows["ESC-01"]["实施中心编码"] == "DIST" and rows["ESC-01"]["上报层级"] == "市级"
    assert rows["ESC-01"]["共同实施部门（联办部门）"] == "CITY/TAX"
    # A text that looks like a formula stays text.
    column = names.index("受理条件") + 1
    assert items.cell(row=row_of(items, "FOOD-01"), column=column).data_type == "s"

    materials = [row for row in records(sheet(workbook, "申请材料")) if row["实施编码"] == "FOOD-01"]
    assert materials == [
        {
            "实施中心编码": "CITY",
            "实施编码": "FOOD-01",
            "序号": 1,
            "材料名称": "营业执照",
            "出具单位（来源渠道）": "市场监督管理部门",
            "原件份数": 1,
            "复印件份数": 1,
            "是否必要": "必要",
            "适用情形": None,
            "材料形式": "纸质",
            "受理标准": "在有效期内",
            "备注": None,
            "材料库备注": "可用电子证照",
        },
        {
            "实施中心编码": "CITY",
            "实施编码": "FOOD-01",
            "序号": 2,
            "材料名称": "食品安全管理制度",
            "出具单位（来源渠道）": None,
            "原件份数": 0,
            "复印件份数": 1,
            "是否必要": "情形必要（容缺）",
            "适用情形": "连锁经营的",
            "材料形式": "纸质或电子",
            "受理标准": None,
            "备注": "加盖公章",
            "材料库备注": None,
        },
    ]
    fees = records(sheet(workbook, "收费项目"))
    assert [(fee["收费项目"], fee["收费金额（元）"], fee["收费标准"]) for fee in fees] == [
        ("工本费", 10.5, "每证10.5元"),
        ("检测费", None, "按检测项目计"),
    ]
    steps = [row for row in records(sheet(workbook, "办理环节")) if row["实施编码"] == "FOOD-01"]
    assert [(s["顺序"], s["环节名称"], s["办理角色"], s["环节时限（天）"]) for s in steps] == [
        (1, "受理", "窗口工作人员", 0),
        (2, "审查", "审查员", 2),
        (3, "核准", "核准员", 1),
        (4, "办结", "窗口工作人员", 0),
        (5, "送达", "窗口工作人员", 0),
    ]
    readme = "\n".join(
        str(value) for row in sheet(workbook, "说明").iter_rows(values_only=True) for value in row if value
    )
    assert "不导出文件" in readme and "承诺办结时限" in readme
    assert Event.objects.filter(kind="catalog.spreadsheet.export").count() == 1


# --------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_into_an_empty_catalogue_gives_the_same_workbook(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    exported = catalogue_export(user=manager.user)
    empty_catalogue()
    assert not ServiceItem.objects.exists()

    report = run_import(manager, exported)

    assert report.ok, report.messages
    assert [item.implementation_code for item in report.created] == [
        "FOOD-01",
        "IMM-01",
        "JOINT-01",
        "ESC-01",
    ]
    assert report.updated == [] and report.unchanged == []
    assert report.materials_created == 3  # 营业执照 is shared by three city items
    assert set(ItemVersion.objects.values_list("state", "version")) == {(VersionState.PUBLISHED, 1)}
    food = ItemVersion.objects.get(item__implementation_code="FOOD-01")
    assert food.published_by == manager.user and food.faq == "问：需要几份？\n答：一份。"
    assert food.search_text  # refreshed by the services
    assert Material.objects.get(name="营业执照").acceptance_standard == "在有效期内"
    assert contents(catalogue_export(user=manager.user)) == contents(exported)
    event = Event.objects.get(kind="catalog.spreadsheet.import")
    assert event.actor == manager.user
    assert (
        event.payload["after"]["created"] == 4
        and event.payload["after"]["updated"] == 0
        and event.payload["after"]["unchanged"] == 0
    )


def test_importing_the_export_back_leaves_every_item_unchanged(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    exported = catalogue_export(user=manager.user)
    before = counts()

    report = run_import(manager, exported)

    assert report.ok, report.messages
    assert len(report.unchanged) == 4 and report.created == [] and report.updated == []
    after = counts()
    assert after.pop("Event") == before.pop("Event") + 1  # the import's own event only
    assert after == before
    assert ItemVersion.objects.get(item__implementation_code="FOOD-01").version == 1


def test_a_changed_item_gets_a_new_published_version_and_the_old_one_is_superseded(
    hall: dict[str, Any],
) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    set_cell(workbook, "事项", "FOOD-01", "承诺办结时限", 4)
    set_cell(workbook, "事项", "FOOD-01", "办理窗口", "12")
    append(
        workbook,
        "申请材料",
        {"实施编码": "FOOD-01", "序号": 3, "材料名称": "健康证明", "复印件份数": 2, "是否必要": "必要"},
    )
    before = ServiceItem.objects.count()

    report = run_import(manager, to_bytes(workbook))

    assert report.ok, report.messages
    assert [item.implementation_code for item in report.updated] == ["FOOD-01"]
    assert len(report.unchanged) == 3 and report.materials_created == 1
    assert ServiceItem.objects.count() == before
    old = ItemVersion.objects.get(pk=hall["food"].pk)
    assert old.state == VersionState.SUPERSEDED and old.superseded_at is not None
    assert old.promised_limit == 5 and old.materials.count() == 2
    new = ItemVersion.objects.get(item=old.item, state=VersionState.PUBLISHED)
    assert new.version == 2 and new.promised_limit == 4 and new.published_by == manager.user
    assert [row.material.name for row in new.materials.order_by("order")] == [
        "营业执照",
        "食品安全管理制度",
        "健康证明",
    ]
    assert list(new.windows.values_list("number", flat=True)) == ["12"]
    assert new.fees.count() == 2 and new.steps.count() == 5
    assert new.conditions == "=有固定经营场所"
    # Importing the same file again changes nothing more.
    again = run_import(manager, to_bytes(workbook))
    assert again.ok and len(again.unchanged) == 4
    assert ItemVersion.objects.filter(item=old.item).count() == 2


def test_missing_line_sheets_keep_the_items_lines(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    for name in ("申请材料", "收费项目", "办理环节", "说明"):
        del workbook[name]
    set_cell(workbook, "事项", "FOOD-01", "事项名称", "食品经营许可（含小餐饮）")

    report = run_import(manager, to_bytes(workbook))

    assert report.ok, report.messages
    assert [item.implementation_code for item in report.updated] == ["FOOD-01"]
    new = ItemVersion.objects.get(item__implementation_code="FOOD-01", state=VersionState.PUBLISHED)
    assert new.name == "食品经营许可（含小餐饮）" and new.version == 2
    assert new.materials.count() == 2 and new.fees.count() == 2 and new.steps.count() == 5


# --------------------------------------------------------------------------------------------
# Rejections: every problem with its place, and nothing written


def test_dry_run_reports_every_error_with_row_and_column_and_writes_nothing(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    food_row = set_cell(workbook, "事项", "FOOD-01", "承诺办结时限", 30)
    imm_row = set_cell(workbook, "事项", "IMM-01", "事项类型", "行政审批")
    set_cell(workbook, "事项", "IMM-01", "法定办结时限", "五天")
    joint_row = set_cell(workbook, "事项", "JOINT-01", "部门编码", "NOPE")
    set_cell(workbook, "事项", "JOINT-01", "是否收费", "也许")
    esc_row = set_cell(workbook, "事项", "ESC-01", "实施中心编码", "OTHER")
    new_row = append(
        workbook,
        "事项",
        {
            "实施中心编码": "CITY",
            "部门编码": "MKT",
            "实施编码": "FOOD-01",
            "事项名称": "重复的事项",
            "事项类型": "行政许可",
            "服务对象": "自然人",
            "办理形式": "窗口办理",
            "办件类型": "承诺件",
            "法定办结时限": 20,
            "承诺办结时限": 5,
            "设定依据": "某法",
        },
    )
    orphan_row = append(
        workbook,
        "收费项目",
        {"实施编码": "NOT-THERE", "收费项目": "工本费", "收费标准": "10元", "收费依据": "某文件"},
    )
    material_row = append(
        workbook,
        "申请材料",
        {
            "实施编码": "FOOD-01",
            "序号": 9,
            "材料名称": "委托书",
            "原件份数": "一份",
            "是否必要": "情形必要（容缺）",
        },
    )
    before = counts()

    report = run_import(manager, to_bytes(workbook), dry_run=True)

    assert not report.ok and report.dry_run
    messages = report.messages
    assert f"事项 第{food_row}行 “承诺办结时限”：承诺办结时限（30）不能超过法定办结时限（20）。" in messages
    assert any(m.startswith(f"事项 第{imm_row}行 “事项类型”：“行政审批”不是有效的选项") for m in messages)
    assert f"事项 第{imm_row}行 “法定办结时限”：应为整数，而不是“五天”。" in messages
    assert f"事项 第{joint_row}行 “部门编码”：中心“CITY”没有编码为“NOPE”的进驻部门。" in messages
    assert f"事项 第{joint_row}行 “是否收费”：请填写“是”或“否”，而不是“也许”。" in messages
    assert f"事项 第{esc_row}行 “实施中心编码”：中心“OTHER”不在您的管理范围内。" in messages
    assert f"事项 第{new_row}行 “实施编码”：实施编码“FOOD-01”与第{food_row}行重复。" in messages
    assert f"收费项目 第{orphan_row}行 “实施编码”：实施编码“NOT-THERE”不在“事项”表中。" in messages
    assert f"申请材料 第{material_row}行 “原件份数”：应为整数，而不是“一份”。" in messages
    assert report.created == [] and report.updated == []
    assert counts() == before


def test_a_valid_dry_run_reports_what_would_happen_and_writes_nothing(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    set_cell(workbook, "事项", "FOOD-01", "承诺办结时限", 4)
    before = counts()

    report = run_import(manager, to_bytes(workbook), dry_run=True)

    assert report.ok and not report.written, report.messages
    assert [item.implementation_code for item in report.updated] == ["FOOD-01"]
    assert len(report.unchanged) == 3
    assert counts() == before


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_one_bad_item_among_good_ones_writes_nothing(hall: dict[str, Any], dry_run: bool) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    empty_catalogue()
    # Only the database checks (completeness at submit) find these, after other items were written.
    esc_row = row_of(sheet(workbook, "事项"), "ESC-01")
    delete_rows_of(workbook, "申请材料", "ESC-01")
    imm_row = set_cell(workbook, "事项", "IMM-01", "是否收费", "是")
    joint_row = row_of(sheet(workbook, "事项"), "JOINT-01")
    steps = sheet(workbook, "办理环节")
    for row in range(2, steps.max_row + 1):
        if (
            steps.cell(row=row, column=2).value == "JOINT-01"
            and steps.cell(row=row, column=4).value == "核准"
        ):
            steps.cell(row=row, column=7, value=9)
    before = counts()

    report = run_import(manager, to_bytes(workbook), dry_run=dry_run)

    assert not report.ok
    assert f"事项 第{esc_row}行：请至少列出一项申请材料。" in report.messages
    assert f"事项 第{imm_row}行：收费事项须列出收费项目、收费标准和依据。" in report.messages
    assert (
        f"事项 第{joint_row}行：各环节时限之和（12个工作日）超过承诺办结时限（10个工作日）。"
        in report.messages
    )
    assert len(report.problems) == 3
    assert report.created == [] and report.materials_created == 0
    assert counts() == before


def test_rule_and_completeness_errors_of_one_row_are_reported_together(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    row = set_cell(workbook, "事项", "FOOD-01", "到办事现场次数", 2)
    set_cell(workbook, "事项", "FOOD-01", "必须现场办理原因", None)
    delete_rows_of(workbook, "收费项目", "FOOD-01")

    report = run_import(manager, to_bytes(workbook))

    assert report.messages == [
        f"事项 第{row}行 “必须现场办理原因”：到办事现场次数不为0时，须说明必须现场办理的原因。",
        f"事项 第{row}行：收费事项须列出收费项目、收费标准和依据。",
    ]


def test_line_rows_are_checked_by_the_model_rules(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    conditional = append(
        workbook,
        "申请材料",
        {
            "实施编码": "FOOD-01",
            "序号": 3,
            "材料名称": "委托书",
            "原件份数": 1,
            "是否必要": "情形必要（容缺）",
        },
    )
    no_copies = append(
        workbook, "申请材料", {"实施编码": "FOOD-01", "序号": 4, "材料名称": "身份证", "是否必要": "必要"}
    )
    duplicate = append(
        workbook,
        "申请材料",
        {"实施编码": "FOOD-01", "序号": 1, "材料名称": "租赁合同", "复印件份数": 1, "是否必要": "必要"},
    )
    fee = append(
        workbook,
        "收费项目",
        {
            "实施编码": "FOOD-01",
            "序号": 3,
            "收费项目": "加急费",
            "收费金额（元）": "十元",
            "收费标准": "x",
            "收费依据": "y",
        },
    )
    step = append(
        workbook, "办理环节", {"实施编码": "FOOD-01", "顺序": 6, "环节名称": "归档", "办理角色": "档案员"}
    )

    report = run_import(manager, to_bytes(workbook))

    assert f"申请材料 第{conditional}行 “适用情形”：情形必要的材料须写明适用情形。" in report.messages
    assert f"申请材料 第{no_copies}行 “原件份数”：纸质材料须写明原件或复印件份数。" in report.messages
    assert any(m.startswith(f"申请材料 第{duplicate}行 “序号”：序号1与第") for m in report.messages)
    assert f"收费项目 第{fee}行 “收费金额（元）”：应为金额数字，而不是“十元”。" in report.messages
    assert any(
        m.startswith(f"办理环节 第{step}行 “办理角色”：“档案员”不是有效的选项") for m in report.messages
    )


def test_missing_required_columns_are_reported(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    items = sheet(workbook, "事项")
    items.delete_cols(headers(items).index("设定依据") + 1)
    materials = sheet(workbook, "申请材料")
    materials.delete_cols(headers(materials).index("材料名称") + 1)
    items.cell(row=1, column=items.max_column + 1, value="自定义备注")

    report = run_import(manager, to_bytes(workbook), dry_run=True)

    assert "事项：缺少必填列“设定依据”。" in report.messages
    assert "申请材料：缺少必填列“材料名称”。" in report.messages
    assert "事项：未识别的列“自定义备注”，已忽略。" in report.warnings


def test_a_new_item_with_windows_themes_and_joint_departments_by_name_or_code(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = Workbook()
    items = workbook.active
    assert isinstance(items, Worksheet)
    items.title = "事项"
    header = "实施中心编码 部门编码 实施编码 事项名称 事项类型 服务对象 办理形式 办件类型"
    header += " 法定办结时限 承诺办结时限 设定依据 到办事现场次数 办事主题 办理窗口 共同实施部门（联办部门）"
    items.append(header.split())
    values = [
        "CITY",
        "MKT",
        "NEW-01",
        "新办事项",
        "01",
        "1,2",
        "窗口办理；快递申请",
        "联办件",
        20,
        10,
        "某法",
        0,
    ]
    items.append([*values, "开办企业、tax", "1", "TAX，DIST/CIV"])
    materials = workbook.create_sheet("申请材料")
    materials.append(["实施编码", "材料名称", "出具单位（来源渠道）", "复印件份数", "是否必要"])
    materials.append(["NEW-01", "营业执照", "市场监督管理部门", 1, "required"])
    steps = workbook.create_sheet("办理环节")
    steps.append(["实施编码", "环节名称", "环节类型", "办理角色", "环节时限（天）"])
    steps.append(["NEW-01", "受理", "受理", "窗口工作人员", 0])
    steps.append(["NEW-01", "并联审查", "joint_review", "reviewer", 4])
    steps.append(["NEW-01", "核准", "核准（作出决定）", "approver", 1])

    report = run_import(manager, to_bytes(workbook))

    assert report.ok, report.messages
    assert report.materials_created == 0  # 营业执照 of 市场监督管理部门 is reused from the library
    version = ItemVersion.objects.get(item__implementation_code="NEW-01")
    assert version.state == VersionState.PUBLISHED
    assert version.service_objects == ["1", "2"] and version.handling_forms == ["1", "4"]
    assert version.visits == 0 and version.charges_fees is False and version.in_hall is True
    assert set(version.life_events.values_list("code", flat=True)) == {"start-business", "tax"}
    assert list(version.windows.values_list("number", flat=True)) == ["1"]
    assert set(version.joint_departments.all()) == {hall["tax"], hall["civil"]}
    assert [(s.order, s.name, s.kind, s.role, s.budget_days) for s in version.steps.all()] == [
        (1, "受理", "accept", "window_clerk", 0),
        (2, "并联审查", "joint_review", "reviewer", 4),
        (3, "核准", "decide", "approver", 1),
    ]
    assert version.materials.get().material == Material.objects.get(centre=hall["city"], name="营业执照")


def test_an_existing_item_cannot_move_to_another_department(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    row = set_cell(workbook, "事项", "FOOD-01", "部门编码", "TAX")

    report = run_import(manager, to_bytes(workbook))

    assert (
        f"事项 第{row}行 “部门编码”：该事项的实施主体是部门“MKT”，导入不能更改实施主体。" in report.messages
    )


def test_an_item_with_an_open_draft_is_reported(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    workbook = book(catalogue_export(user=manager.user))
    services.version_revise(actor=None, item=hall["food"].item)
    row = set_cell(workbook, "事项", "FOOD-01", "承诺办结时限", 4)

    expected = [f"事项 第{row}行：该事项已有未发布的版本，请在该版本上修改。"]
    assert run_import(manager, to_bytes(workbook)).messages == expected
    assert run_import(manager, to_bytes(workbook), dry_run=True).messages == expected


# --------------------------------------------------------------------------------------------
# Files


def test_files_that_are_not_xlsx_are_rejected(hall: dict[str, Any]) -> None:
    manager = hall["manager"]
    before = counts()
    assert catalogue_import(
        user=manager.user, file=upload(b"a,b\n1,2\n", "清单.csv"), dry_run=False
    ).messages == ["只能导入 Excel 工作簿（.xlsx）文件。"]
    assert catalogue_import(user=manager.user, file=upload(b"not a zip"), dry_run=False).messages == [
        "文件不是有效的 Excel 工作簿（.xlsx）。"
    ]
    assert catalogue_import(
        user=manager.user, file=upload(b"\xd0\xcf\x11\xe0rest", "旧.xls"), dry_run=False
    ).messages == ["不支持旧版 Excel（.xls）文件，请另存为 .xlsx 后再导入。"]
    workbook = Workbook()
    assert catalogue_import(user=manager.user, file=upload(to_bytes(workbook)), dry_run=False).messages == [
        "缺少“事项”工作表。"
    ]
    assert counts() == before


def test_the_page_rejects_wrong_types_and_large_files(client: Client, hall: dict[str, Any]) -> None:
    client.force_login(hall["manager"].user)
    before = counts()
    response = client.post(
        "/catalog/spreadsheet/", {"file": upload(b"a,b\n", "清单.csv"), "action": "import"}
    )
    assert response.status_code == 200
    assert "只能导入 Excel 工作簿（.xlsx）文件。" in response.content.decode()
    big = upload(b"0" * (10 * 1024 * 1024 + 1))
    response = client.post("/catalog/spreadsheet/", {"file": big, "action": "import"})
    assert "文件超过10 MB，请分批导入。" in response.content.decode()
    response = client.post("/catalog/spreadsheet/", {"file": upload(b"garbage"), "action": "import"})
    assert "文件不是有效的 Excel 工作簿（.xlsx）。" in response.content.decode()
    assert counts() == before


# --------------------------------------------------------------------------------------------
# The page, permissions and scope


def test_the_page_exports_checks_and_imports(client: Client, hall: dict[str, Any]) -> None:
    client.force_login(hall["manager"].user)
    page = client.get("/catalog/spreadsheet/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "试导入（只检查）" in html and "/catalog/spreadsheet/export.xlsx" in html
    assert "示范市政务服务中心" in html and "示范区政务服务中心" in html and "邻市政务服务中心" not in html

    export = client.get("/catalog/spreadsheet/export.xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in export["Content-Disposition"]
    workbook = book(export.content)
    set_cell(workbook, "事项", "FOOD-01", "承诺办结时限", 4)
    data = to_bytes(workbook)

    checked = client.post("/catalog/spreadsheet/", {"file": upload(data), "action": "dry_run"})
    assert "检查通过，未写入任何数据。导入后将新增 0 个事项、更新 1 个事项，3 个事项未变化。" in (
        checked.content.decode()
    )
    assert ItemVersion.objects.filter(item__implementation_code="FOOD-01").count() == 1

    imported = client.post("/catalog/spreadsheet/", {"file": upload(data), "action": "import"})
    assert (
        "导入完成：新增 0 个事项，更新 1 个事项（已发布新版本），3 个事项未变化。"
        in imported.content.decode()
    )
    assert ItemVersion.objects.filter(item__implementation_code="FOOD-01").count() == 2
    event = Event.objects.get(kind="catalog.spreadsheet.import")
    assert (
        event.payload["after"]["updated"] == 1
        and event.payload["after"]["unchanged"] == 3
        and event.payload["after"]["file"] == "清单.xlsx"
    )


def test_the_page_lists_every_error(client: Client, hall: dict[str, Any]) -> None:
    client.force_login(hall["manager"].user)
    workbook = book(catalogue_export(user=hall["manager"].user))
    row = set_cell(workbook, "事项", "FOOD-01", "承诺办结时限", 30)
    response = client.post("/catalog/spreadsheet/", {"file": upload(to_bytes(workbook)), "action": "import"})
    html = response.content.decode()
    assert "发现 1 处错误，未导入任何数据。" in html
    assert f"事项 第{row}行 “承诺办结时限”：承诺办结时限（30）不能超过法定办结时限（20）。" in html


def test_a_clerk_without_publish_permission_is_refused(client: Client, hall: dict[str, Any]) -> None:
    clerk = StaffFactory(centre=hall["city"], department=hall["market"], roles=[Role.WINDOW_CLERK])
    chief = StaffFactory(centre=hall["city"], department=hall["market"], roles=[Role.CHIEF_REPRESENTATIVE])
    for staff in (clerk, chief):
        client.force_login(staff.user)
        assert client.get("/catalog/spreadsheet/").status_code == 403
        assert client.get("/catalog/spreadsheet/export.xlsx").status_code == 403
        assert client.post("/catalog/spreadsheet/", {"action": "import"}).status_code == 403
    client.logout()
    response = client.get("/catalog/spreadsheet/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with pytest.raises(PermissionDenied):
        run_import(clerk, b"")


def test_a_district_manager_exports_and_imports_only_their_centre(hall: dict[str, Any]) -> None:
    city_export = catalogue_export(user=hall["manager"].user)
    district_manager = StaffFactory(centre=hall["district"], department=None, roles=[Role.CENTRE_MANAGER])

    exported = book(catalogue_export(user=district_manager.user))
    assert [row["实施编码"] for row in records(sheet(exported, "事项"))] == ["ESC-01"]

    back = run_import(district_manager, catalogue_export(user=district_manager.user))
    assert back.ok and [item.implementation_code for item in back.unchanged] == ["ESC-01"], back.messages

    report = run_import(district_manager, city_export, dry_run=True)
    city_rows = [row_of(sheet(book(city_export), "事项"), code) for code in ("FOOD-01", "IMM-01", "JOINT-01")]
    for row in city_rows:
        assert f"事项 第{row}行 “实施中心编码”：中心“CITY”不在您的管理范围内。" in report.messages


def test_export_reads_in_a_bounded_number_of_queries(
    hall: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    user = hall["manager"].user
    for number in range(5):
        publish_item(hall["market"], f"MORE-{number}", template="promised-2")
    with django_assert_max_num_queries(30):
        catalogue_export(user=user)
