"""The printable 一次性告知单 and 办事指南: real PDFs, Chinese extractable, every material listed."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from govhall.catalog.documents.guide import MARGIN, TOP_MARGIN
from govhall.catalog.models import (
    ItemFee,
    ItemMaterial,
    ItemVersion,
    Material,
    MaterialMedium,
    MaterialRequirement,
    ProcessTemplate,
)
from govhall.catalog.services import (
    item_create,
    version_apply_template,
    version_publish,
    version_revise,
    version_submit,
)
from govhall.org.models import Centre, Department, DepartmentNature, OpeningHours, Window
from tests.factories import CentreFactory, DepartmentFactory, WindowFactory

pytestmark = pytest.mark.django_db

ITEM_FIELDS: dict[str, Any] = {
    "name": "食品经营许可证核发",
    "item_type": "01",
    "service_objects": ["1", "2"],
    "handling_forms": ["1", "2"],
    "case_kind": "promised",
    "legal_limit": 20,
    "promised_limit": 7,
    "legal_basis": "《中华人民共和国食品安全法》第三十五条",
    "conditions": "申请人应当具有与经营的食品品种、数量相适应的经营场所。",
    "visits": 1,
    "visits_reason": "须现场核验原件",
    "result_name": "食品经营许可证",
    "faq": "问：许可证有效期多久？答：五年。",
    "location": "示范市民中心二楼B区",
    "hours": "工作日 上午9:00–12:00，下午13:00–17:00",
    "consultation_phone": "0536-8099001",
    "complaint_phone": "0536-8099002",
}


# --- building published items through the catalogue's services --------------------------------


def _centre() -> Centre:
    return cast(Centre, CentreFactory(code="PDF", name="示范市政务服务中心", address="示范市民中心"))


def _department(centre: Centre) -> Department:
    return cast(Department, DepartmentFactory(centre=centre, name="示范市市场监督管理局", code="SCJ"))


def _add_material(version: ItemVersion, order: int, name: str, **options: Any) -> ItemMaterial:
    material, _created = Material.objects.get_or_create(
        centre=version.item.centre,
        name=name,
        issuing_body=options.pop("issuing_body", "申请人"),
        defaults={"acceptance_standard": options.pop("standard", "")},
    )
    options.setdefault("requirement", MaterialRequirement.REQUIRED)
    if options.get("medium") != MaterialMedium.ELECTRONIC:
        options.setdefault("originals", 1)
    row = ItemMaterial(version=version, material=material, order=order, **options)
    row.full_clean()
    row.save()
    return row


def _published(
    *,
    centre: Centre | None = None,
    code: str = "SCJ-XK-001",
    template: str = "promised-2",
    materials: list[str | tuple[str, dict[str, Any]]] | None = None,
    windows: Sequence[Window] = (),
    fee: bool = True,
    **fields: Any,
) -> ItemVersion:
    """An item built and published the way a department and the centre do it."""
    centre = centre or _centre()
    department = Department.objects.filter(centre=centre).first() or _department(centre)
    draft = item_create(
        actor=None,
        centre=centre,
        department=department,
        implementation_code=code,
        fields={**ITEM_FIELDS, "charges_fees": fee, **fields},
    )
    version_apply_template(actor=None, version=draft, template=ProcessTemplate.objects.get(code=template))
    for order, material in enumerate(materials if materials is not None else ["营业执照复印件"], start=1):
        name, options = (material, {}) if isinstance(material, str) else material
        _add_material(draft, order, name, **options)
    draft.windows.set(windows)
    if fee:
        ItemFee.objects.create(
            version=draft,
            order=1,
            name="证书工本费",
            amount=Decimal("10.00"),
            standard="每证10元",
            legal_basis="发改价格〔2017〕1186号",
        )
    version_submit(actor=None, version=draft)
    return version_publish(actor=None, version=draft)


# --- reading the PDFs ---------------------------------------------------------------------------


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian: apt-get install poppler-utils poppler-data)")
    return path


def _text(pdf: bytes, tmp_path: Path) -> str:
    """pdftotext's reading of the PDF: what a search engine or a screen reader gets."""
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    run = subprocess.run(
        [_need("pdftotext"), "-enc", "UTF-8", str(source), "-"], capture_output=True, check=False
    )
    stderr = run.stderr.decode(errors="replace")
    if "Missing language pack" in stderr:
        pytest.skip("poppler-data is not installed: pdftotext cannot map the Adobe-GB1 Chinese font")
    assert run.returncode == 0, stderr
    return run.stdout.decode()


def _flat(text: str) -> str:
    """The text without whitespace, so a phrase wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def _pages(text: str) -> int:
    return text.count("\f")


def _get_pdf(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    content = bytes(response.content)
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    return content


def _notice_url(version: ItemVersion) -> str:
    return reverse("catalog:notice-pdf", kwargs={"item_id": version.item_id})


def _guide_url(version: ItemVersion) -> str:
    return reverse("catalog:guide-pdf", kwargs={"item_id": version.item_id})


# --- the 一次性告知单 ---------------------------------------------------------------------------


def test_urls() -> None:
    assert reverse("catalog:notice-pdf", kwargs={"item_id": 7}) == "/guide/7/notice.pdf"
    assert reverse("catalog:guide-pdf", kwargs={"item_id": 7}) == "/guide/7/guide.pdf"


def test_notice_lists_every_material_time_limits_fees_and_where_to_go(client: Client, tmp_path: Path) -> None:
    centre = _centre()
    window = cast(
        Window, WindowFactory(centre=centre, department=_department(centre), number="12", name="食品许可窗口")
    )
    rich = _published(
        centre=centre,
        code="SCJ-XK-002",
        name="小餐饮经营许可",
        materials=[
            ("小餐饮经营许可申请书", {"standard": "须由法定代表人签字并加盖公章"}),
            ("法定代表人身份证", {"originals": 1, "copies": 2, "issuing_body": "公安机关"}),
            (
                "委托书",
                {
                    "requirement": MaterialRequirement.CONDITIONAL,
                    "condition": "委托他人办理的",
                    "medium": MaterialMedium.ELECTRONIC,
                },
            ),
        ],
        windows=[window],
    )

    response = client.get(_notice_url(rich))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="notice-SCJ-XK-002.pdf"; ')
    assert f"filename*=UTF-8''{quote('一次性告知单-小餐饮经营许可.pdf')}" in disposition
    pdf = bytes(response.content)
    assert pdf.startswith(b"%PDF-")

    text = _text(pdf, tmp_path)
    flat = _flat(text)
    for expected in [
        "一次性告知单",
        "小餐饮经营许可",
        "SCJ-XK-002",
        "示范市市场监督管理局",
        "小餐饮经营许可申请书",
        "法定代表人身份证",
        "委托书",
        "原件1份",
        "复印件2份",
        "公安机关",
        "情形必要（容缺）",
        "委托他人办理的",
        "须由法定代表人签字并加盖公章",
        "电子",
        "受理条件",
        "申请人应当具有与经营的食品品种",
        "法定办结时限20个工作日",
        "承诺办结时限7个工作日",
        "证书工本费；10.00元；收费标准：每证10元",
        "最多跑1次",
        "示范市民中心二楼B区",
        "12号窗口（食品许可窗口）",
        "0536-8099001",
        "0536-8099002",
        "经办人签字",
        "日期",
        f"http://testserver/guide/{rich.item_id}/",
    ]:
        assert _flat(expected) in flat, expected
    assert "第1页" not in flat  # one page: no page numbers
    # the QR code is a live link to the guide page as well
    assert f"/URI (http://testserver/guide/{rich.item_id}/)".encode() in pdf


def test_immediate_item_without_fees_says_so(client: Client, tmp_path: Path) -> None:
    version = _published(
        template="immediate", case_kind="immediate", legal_limit=5, promised_limit=0, fee=False
    )
    flat = _flat(_text(_get_pdf(client, _notice_url(version)), tmp_path))
    assert "即办件" in flat
    assert "承诺办结时限即办（当场或当日办结）" in flat
    assert "法定办结时限5个工作日" in flat
    assert "收费标准不收费" in flat


def test_guide_url_in_the_qr_code_follows_the_request_host(client: Client) -> None:
    version = _published()
    pdf = bytes(client.get(_notice_url(version), HTTP_HOST="localhost", secure=True).content)
    assert f"/URI (https://localhost/guide/{version.item_id}/)".encode() in pdf


def test_long_item_spans_pages_with_page_numbers_and_keeps_every_material(
    client: Client, tmp_path: Path
) -> None:
    centre = _centre()
    names = [f"第{number:02d}号申请材料" for number in range(1, 31)]
    version = _published(centre=centre)
    revision = version_revise(actor=None, item=version.item)
    revision.materials.all().delete()
    standard = "材料须真实、完整、有效，复印件须注明“与原件一致”并由申请人签字确认。" * 6
    for order, name in enumerate(names, start=1):
        _add_material(revision, order, name, standard=f"{standard}（{name}）", copies=2)
    version_submit(actor=None, version=revision)
    version_publish(actor=None, version=revision)

    for url in (_notice_url(revision), _guide_url(revision)):
        text = _text(_get_pdf(client, url), tmp_path)
        pages = _pages(text)
        assert pages >= 2, url
        flat = _flat(text)
        for name in names:
            assert name in flat, (url, name)
        assert f"第1页/共{pages}页" in flat
        assert f"第{pages}页/共{pages}页" in flat
        assert flat.count("受理标准") >= 2  # the table header repeats on the next page


def test_a_standard_longer_than_a_page_still_renders(client: Client, tmp_path: Path) -> None:
    version = _published()
    revision = version_revise(actor=None, item=version.item)
    _add_material(revision, 2, "超长说明材料", standard="这是一段非常长的受理标准。" * 400)
    version_submit(actor=None, version=revision)
    version_publish(actor=None, version=revision)
    text = _text(_get_pdf(client, _notice_url(revision)), tmp_path)
    assert _pages(text) >= 3
    assert "超长说明材料" in _flat(text)


def test_page_one_renders_to_an_a4_png(client: Client, tmp_path: Path) -> None:
    version = _published()
    for url in (_notice_url(version), _guide_url(version)):
        source = tmp_path / "document.pdf"
        source.write_bytes(_get_pdf(client, url))
        run = subprocess.run(
            [
                _need("pdftoppm"),
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(source),
                str(tmp_path / "page"),
            ],
            capture_output=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr.decode(errors="replace")
        (image,) = tmp_path.glob("page*.png")
        data = image.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", data[16:24])
        assert abs(height / width - 297 / 210) < 0.01
        assert abs(width - 210 / 25.4 * 60) <= 1
        image.unlink()


def _title_glyph(pdf: bytes, tmp_path: Path, dpi: int = 100) -> bytes:
    """Page 1 rendered around the first character of the title, as 8-bit grey pixels."""
    source = tmp_path / "title.pdf"
    source.write_bytes(pdf)
    scale = dpi / 72
    box = [MARGIN, TOP_MARGIN, 22, 22 * 1.35]  # the title is 22 pt at the top-left of the frame
    x, y, width, height = (str(round(value * scale)) for value in box)
    crop = ["-x", x, "-y", y, "-W", width, "-H", height]
    run = subprocess.run(
        [
            _need("pdftoppm"),
            "-gray",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            *crop,
            str(source),
            str(tmp_path / "glyph"),
        ],
        capture_output=True,
        check=True,
    )
    assert not run.stderr
    (image,) = tmp_path.glob("glyph*.pgm")
    data = image.read_bytes()
    image.unlink()
    return data.split(b"\n", 3)[3]  # P5, size and maxval lines, then the pixels


def test_chinese_glyphs_are_drawn_not_empty_boxes(client: Client, tmp_path: Path) -> None:
    """With a Chinese font installed, poppler draws 一 and 办 differently (without one, both are □)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or not subprocess.run([fc_list, ":lang=zh"], capture_output=True).stdout.strip():
        pytest.skip("no Chinese font for poppler (Debian: apt-get install fonts-wqy-microhei)")
    version = _published()
    notice = _title_glyph(_get_pdf(client, _notice_url(version)), tmp_path)  # 一次性告知单
    guide = _title_glyph(_get_pdf(client, _guide_url(version)), tmp_path)  # 办事指南
    assert min(notice) < 100 and min(guide) < 100  # ink
    assert notice != guide


# --- the 办事指南 ------------------------------------------------------------------------------


def test_guide_pdf_shows_the_eight_public_sections(client: Client, tmp_path: Path) -> None:
    centre = _centre()
    OpeningHours.objects.create(
        centre=centre,
        name="夏季作息",
        from_month=5,
        from_day=1,
        morning_start="09:00",
        morning_end="12:00",
        afternoon_start="13:30",
        afternoon_end="17:30",
    )
    version = _published(centre=centre, hours="", materials=["食品经营许可申请书", "营业执照复印件"])
    response = client.get(_guide_url(version))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('inline; filename="guide-SCJ-XK-001.pdf"; ')
    assert quote("办事指南-食品经营许可证核发.pdf") in response["Content-Disposition"]
    flat = _flat(_text(bytes(response.content), tmp_path))
    for expected in [
        "办事指南",
        "食品经营许可证核发",
        "事项类型行政许可",
        "实施主体示范市市场监督管理局（法定机关）",
        "服务对象自然人、企业法人",
        "设定依据",
        "《中华人民共和国食品安全法》第三十五条",
        "受理条件",
        "申请材料（共2项）",
        "食品经营许可申请书",
        "营业执照复印件",
        "办理流程",
        "审查",
        "审查员",
        "核准员",
        "2个工作日",
        "合计3个工作日",
        "办理时限",
        "法定办结时限20个工作日",
        "承诺办结时限7个工作日",
        "服务承诺",
        "承诺时限较法定时限压缩65%",
        "收费标准",
        "证书工本费",
        "发改价格〔2017〕1186号",
        "审批结果",
        "食品经营许可证",
        "办理地点",
        "示范市民中心二楼B区",
        "夏季作息（5月1日起）：上午9:00-12:00，下午13:30-17:30",
        "咨询电话0536-8099001",
        "监督投诉电话0536-8099002",
        "常见问题",
        "问：许可证有效期多久？答：五年。",
        f"http://testserver/guide/{version.item_id}/",
    ]:
        assert _flat(expected) in flat, expected


def test_centre_phones_and_address_stand_in_for_missing_item_ones(client: Client, tmp_path: Path) -> None:
    centre = cast(
        Centre,
        CentreFactory(
            code="PDF2", name="示范县政务服务中心", address="示范县人民路1号", consultation_phone="0536-12345"
        ),
    )
    version = _published(centre=centre, location="", consultation_phone="", fee=False)
    flat = _flat(_text(_get_pdf(client, _guide_url(version)), tmp_path))
    assert "示范县人民路1号" in flat
    assert "咨询电话0536-12345" in flat
    assert "收费标准不收费" in flat


# --- what may not be printed --------------------------------------------------------------------


def test_unknown_item_is_404(client: Client) -> None:
    assert client.get("/guide/999999/notice.pdf").status_code == 404
    assert client.get("/guide/999999/guide.pdf").status_code == 404


def test_unpublished_items_are_404(client: Client) -> None:
    centre = _centre()
    department = _department(centre)
    draft = item_create(
        actor=None,
        centre=centre,
        department=department,
        implementation_code="SCJ-DRAFT",
        fields={**ITEM_FIELDS, "charges_fees": False},
    )
    version_apply_template(actor=None, version=draft, template=ProcessTemplate.objects.get(code="promised-2"))
    _add_material(draft, 1, "申请书")
    assert client.get(_notice_url(draft)).status_code == 404
    version_submit(actor=None, version=draft)
    assert client.get(_notice_url(draft)).status_code == 404
    assert client.get(_guide_url(draft)).status_code == 404


def test_items_of_an_inactive_centre_are_404(client: Client) -> None:
    version = _published()
    Centre.objects.filter(pk=version.item.centre_id).update(is_active=False)
    assert client.get(_notice_url(version)).status_code == 404


def test_the_draft_revision_does_not_show_before_publication(client: Client, tmp_path: Path) -> None:
    version = _published(materials=["旧版申请书"])
    revision = version_revise(actor=None, item=version.item)
    ItemVersion.objects.filter(pk=revision.pk).update(name="食品经营许可证核发（新版）", promised_limit=5)
    revision.refresh_from_db()
    _add_material(revision, 2, "新版增加的承诺书")

    for url in (_notice_url(version), _guide_url(version)):
        flat = _flat(_text(_get_pdf(client, url), tmp_path))
        assert "旧版申请书" in flat
        assert "新版增加的承诺书" not in flat
        assert "（新版）" not in flat
        assert "承诺办结时限7个工作日" in flat

    version_submit(actor=None, version=revision)
    assert "新版增加的承诺书" not in _flat(_text(_get_pdf(client, _notice_url(version)), tmp_path))
    version_publish(actor=None, version=revision)
    flat = _flat(_text(_get_pdf(client, _notice_url(version)), tmp_path))
    assert "新版增加的承诺书" in flat
    assert "食品经营许可证核发（新版）" in flat
    assert "承诺办结时限5个工作日" in flat


def test_only_get_and_head(client: Client) -> None:
    version = _published()
    assert client.post(_notice_url(version)).status_code == 405
    assert client.head(_guide_url(version)).status_code == 200


def test_very_long_names_wrap_and_are_clipped_in_the_running_header(client: Client, tmp_path: Path) -> None:
    long_name = "关于" + "某某特别冗长的行政许可事项名称" * 13
    version = _published(name=long_name[:200], materials=[f"材料{number}" for number in range(1, 26)])
    text = _text(_get_pdf(client, _notice_url(version)), tmp_path)
    assert _pages(text) >= 2
    assert long_name[:200] in _flat(text)
    assert "…" in text  # the running header on page 2 is cut to fit the line


def test_english_visitors_get_a_pdf_too(client: Client, tmp_path: Path) -> None:
    version = _published()
    response = client.get(_guide_url(version), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    flat = _flat(_text(bytes(response.content), tmp_path))
    assert "食品经营许可证核发" in flat
    with translation.override("en"):
        nature = str(DepartmentNature.STATUTORY.label)
    assert nature != "法定机关"
    assert _flat(nature) in flat  # labels from the English catalogue come out in English
