"""Case notices (文书) as real PDFs: every kind says what it must, in extractable Chinese, drawn from
the stored notice only; the download is for the case's department and 404 for anyone else."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from tests.cases.conftest import PERSON, Hall, accepted_case, all_received, publish_item

from govhall.cases.applicants import applicant_create
from govhall.cases.documents.notice import notice_pdf
from govhall.cases.models import Case, CaseState, Channel, Decision, Notice, NoticeKind
from govhall.cases.notices import notice_issue, remedies_text
from govhall.cases.services import (
    DecisionInput,
    IntakeOutcome,
    case_complete,
    case_intake,
    delivery_receipt_issue,
    step_decide,
    step_pass,
)
from govhall.catalog.models import ItemVersion, Material
from govhall.core.working_days import TimeUnit
from govhall.org.models import Window

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 10, 13)
CASE_NUMBER = "WFKW2026093009001"
"""Not a number the series gives out in these tests (a case received through intake is 00001)."""
TRACKING_URL = f"http://testserver/track/?number={CASE_NUMBER}"

KIND_CONTENT: dict[str, dict[str, Any]] = {
    NoticeKind.ACCEPTANCE: {
        "accepted_on": "2026-09-30",
        "due_on": "2026-10-13",
        "limit": "5个工作日",
        "materials": [
            {"name": "营业执照", "originals": 1, "copies": 1},
            {"name": "食品经营许可申请书", "originals": 1, "copies": 0},
        ],
    },
    NoticeKind.CORRECTION: {
        "problems": [
            {"name": "营业执照", "outcome": "缺少", "problem": "", "requirement": "原件1份、复印件1份"},
            {
                "name": "食品经营许可申请书",
                "outcome": "不符合要求",
                "problem": "未加盖公章",
                "requirement": "原件1份；须加盖公章",
            },
            {"name": "健康证明", "outcome": "缺少", "problem": "", "requirement": "在有效期内"},
        ],
        "received": ["授权委托书"],
    },
    NoticeKind.NOT_ACCEPTED: {
        "reasons": ["申请事项依法不需要取得行政许可", "申请人不具备申请资格"],
        "detail": "该经营项目属于备案管理，请办理备案。",
        "remedies": remedies_text(),
    },
    NoticeKind.REFERRAL: {"reason": "药品经营许可由市级部门办理。", "go_to": "潍坊市市场监督管理局"},
    NoticeKind.SPECIAL_PROCEDURE: {
        "procedure": "专家评审",
        "reason": "经营场所涉及高风险食品，需组织专家评审。",
        "started_on": "2026-10-09",
    },
    NoticeKind.EXTENSION: {
        "days": 10,
        "reason": "需补充现场核查",
        "previous_due_on": "2026-10-13",
        "due_on": "2026-10-27",
        "approved_by": "李科长",
    },
    NoticeKind.GRANT: {
        "result_name": "食品经营许可证",
        "result_number": "JY13707050000123",
        "valid_from": "2026-10-12",
        "valid_until": "2031-10-11",
        "opinion": "材料齐全，符合条件",
    },
    NoticeKind.REFUSAL: {
        "reasons": "经营场所与申报不符。\n未配备专职食品安全管理人员。",
        "remedies": remedies_text(),
    },
    NoticeKind.COMPLETION: {
        "decision": "准予",
        "result_name": "食品经营许可证",
        "pickup": "请持受理通知书到10号窗口领取。",
    },
    NoticeKind.DELIVERY_RECEIPT: {
        "method": "邮寄送达",
        "recipient": "",
        "carrier": "中国邮政EMS",
        "tracking_number": "1187654321098",
        "documents": ["食品经营许可证", "准予许可决定书"],
        "delivered_on": "2026-10-14",
    },
}

EXPECTED: dict[str, list[str]] = {
    NoticeKind.ACCEPTANCE: [
        "（申请人联）",
        "你（单位）于2026年9月30日提出的《食品经营许可》申请，经审查，申请材料齐全、符合法定形式",
        "决定予以受理",
        "本机关将于2026年10月13日前（5个工作日）作出决定。",
        "营业执照",
        "食品经营许可申请书",
        "承诺办结日期2026年10月13日",
    ],
    NoticeKind.CORRECTION: [
        "一次性告知如下（共3项）",
        "营业执照",
        "食品经营许可申请书",
        "不符合要求：未加盖公章",
        "原件1份、复印件1份",
        "原件1份；须加盖公章",
        "健康证明",
        "在有效期内",
        "已收取的材料：授权委托书。",
        "暂不受理",
        "申请材料补齐之日起予以受理，并从当日开始计算办理时限",
    ],
    NoticeKind.NOT_ACCEPTED: [
        "决定不予受理。理由如下",
        "1.申请事项依法不需要取得行政许可",
        "2.申请人不具备申请资格",
        "该经营项目属于备案管理，请办理备案。",
        "行政复议",
        "行政诉讼",
    ],
    NoticeKind.REFERRAL: [
        "不属于本机关职权范围",
        "申请材料予以退回",
        "药品经营许可由市级部门办理。",
        "请你（单位）向潍坊市市场监督管理局提出申请。",
    ],
    NoticeKind.SPECIAL_PROCEDURE: [
        "本机关自2026年10月9日起启动专家评审程序",
        "经营场所涉及高风险食品，需组织专家评审。",
        "专家评审所需时间不计算在办理期限内",
    ],
    NoticeKind.EXTENSION: [
        "原承诺办结日期2026年10月13日",
        "经李科长批准，办理期限延长10日，承诺办结日期延至2026年10月27日",
        "延期理由：需补充现场核查",
    ],
    NoticeKind.GRANT: [
        "决定准予行政许可",
        "食品经营许可证",
        "JY13707050000123",
        "2026年10月12日至2031年10月11日",
        "核准意见材料齐全，符合条件",
    ],
    NoticeKind.REFUSAL: [
        "决定不予行政许可。理由如下",
        "1.经营场所与申报不符。",
        "2.未配备专职食品安全管理人员。",
        "行政复议",
        "行政诉讼",
    ],
    NoticeKind.COMPLETION: [
        "已办理完毕，办理结果为：准予许可。",
        "请领取食品经营许可证。",
        "领取方式：请持受理通知书到10号窗口领取。",
    ],
    NoticeKind.DELIVERY_RECEIPT: [
        "送达文书",
        "食品经营许可证",
        "准予许可决定书",
        "受送达人张三",
        "送达方式邮寄送达中国邮政EMS",
        "送达时间2026年10月14日",
        "快递单号1187654321098",
        "受送达人签名",
        "送达人签名",
    ],
}


# --- reading PDFs -------------------------------------------------------------------------------


def _text(pdf: bytes, tmp_path: Path) -> str:
    """pdftotext's reading of the PDF, without whitespace (a phrase may wrap over two lines)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils poppler-data)")
    source = tmp_path / "notice.pdf"
    source.write_bytes(pdf)
    run = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=False
    )
    stderr = run.stderr.decode(errors="replace")
    if "Missing language pack" in stderr:
        pytest.skip("poppler-data is not installed: pdftotext cannot map the Adobe-GB1 Chinese font")
    assert run.returncode == 0, stderr
    return re.sub(r"\s+", "", run.stdout.decode())


# --- notices built directly ---------------------------------------------------------------------


def _case(hall: Hall) -> Case:
    version = hall.promised
    return Case.objects.create(
        number=CASE_NUMBER,
        centre=hall.centre,
        department=hall.market,
        item=version.item,
        item_version=version,
        item_name=version.name,
        kind=version.case_kind,
        state=CaseState.HANDLING,
        channel=Channel.WINDOW,
        applicant=applicant_create(PERSON, role="申请人"),
        received_on=date(2026, 9, 30),
        accepted_on=date(2026, 9, 30),
        due_on=date(2026, 10, 13),
        limit_days=5,
        limit_unit=TimeUnit.WORKING_DAY,
        legal_limit_days=20,
    )


def _notice(case: Case, kind: str, user: User) -> Notice:
    return notice_issue(case=case, kind=NoticeKind(kind), user=user, on=ISSUED_ON, **KIND_CONTENT[kind])


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_kind_renders_its_title_number_applicant_and_facts(
    hall: Hall, kind: str, tmp_path: Path
) -> None:
    notice = _notice(_case(hall), kind, hall.clerk)
    pdf = notice_pdf(notice, tracking_url=TRACKING_URL)
    assert pdf.startswith(b"%PDF-")
    assert f"/URI ({TRACKING_URL})".encode() in pdf  # the QR code is a live link to the tracking page
    text = _text(pdf, tmp_path)
    assert text.startswith("奎文区政务服务中心" + notice.title)
    assert notice.number in text
    assert "张三" in text
    for expected in [
        CASE_NUMBER,
        "食品经营许可",
        "区市场监督管理局2026年10月13日（印章）",
        "扫码查询办理进度",
        *EXPECTED[kind],
    ]:
        assert re.sub(r"\s+", "", expected) in text, (kind, expected)
    assert "110105199003071239" not in text  # only the masked ID is ever printed
    if kind != NoticeKind.DELIVERY_RECEIPT:
        assert "张三：" in text
        assert "申请人张三（1101**********1239）" in text
    if kind != NoticeKind.ACCEPTANCE:
        assert "（申请人联）" not in text


def test_a_reprint_shows_what_the_notice_said_not_the_live_case(hall: Hall, tmp_path: Path) -> None:
    case = _case(hall)
    notice = _notice(case, NoticeKind.ACCEPTANCE, hall.clerk)
    first = _text(notice_pdf(notice, tracking_url=TRACKING_URL), tmp_path)
    Case.objects.filter(pk=case.pk).update(item_name="食品生产许可", due_on=date(2026, 11, 30))
    case.applicant.name = "李四"
    case.applicant.save(update_fields=["name"])
    hall.market.name = "区市场监管局（改名）"
    hall.market.save(update_fields=["name"])
    again = Notice.objects.get(pk=notice.pk)
    second = _text(notice_pdf(again, tracking_url=TRACKING_URL), tmp_path)
    assert second == first
    assert "李四" not in second and "食品生产许可" not in second


def test_long_correction_lists_every_material_over_pages(hall: Hall, tmp_path: Path) -> None:
    names = [f"第{number:02d}号补正材料" for number in range(1, 41)]
    notice = notice_issue(
        case=_case(hall),
        kind=NoticeKind.CORRECTION,
        user=hall.clerk,
        on=ISSUED_ON,
        problems=[{"name": name, "outcome": "缺少", "problem": "须提交原件"} for name in names],
        received=[],
    )
    text = _text(notice_pdf(notice, tracking_url=TRACKING_URL), tmp_path)
    for name in names:
        assert name in text
    assert "第1页/共2页" in text and "第2页/共2页" in text


# --- the download -------------------------------------------------------------------------------


def _url(case: Case, notice: Notice) -> str:
    return reverse("cases:notice_pdf", kwargs={"number": case.number, "notice_id": notice.pk})


def test_the_clerk_of_the_department_gets_the_pdf_inline(hall: Hall, client: Client, tmp_path: Path) -> None:
    case = accepted_case(hall, on=date(2026, 9, 30))
    notice = Notice.objects.get(case=case, kind=NoticeKind.ACCEPTANCE)
    client.force_login(hall.clerk)

    response = client.get(_url(case, notice))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'inline; filename="acceptance-{case.number}.pdf"; ')
    assert f"filename*=UTF-8''{quote(f'受理通知书{notice.number}.pdf')}" in disposition
    pdf = bytes(response.content)
    assert pdf.startswith(b"%PDF-")
    tracking = f"http://testserver/track/?number={case.number}"
    assert f"/URI ({tracking})".encode() in pdf
    text = _text(pdf, tmp_path)
    assert "受理通知书" in text and notice.number in text and "张三：" in text
    assert "本机关将于2026年10月13日前（5个工作日）作出决定。" in text


def test_a_clerk_of_another_department_gets_404(hall: Hall, client: Client) -> None:
    case = _case(hall)
    notice = _notice(case, NoticeKind.ACCEPTANCE, hall.clerk)
    client.force_login(hall.other_clerk)
    assert client.get(_url(case, notice)).status_code == 404


def test_a_notice_of_another_case_is_404(hall: Hall, client: Client) -> None:
    case = _case(hall)
    other = accepted_case(hall, on=date(2026, 9, 30))
    notice = Notice.objects.get(case=other, kind=NoticeKind.ACCEPTANCE)
    client.force_login(hall.clerk)
    assert client.get(_url(case, notice)).status_code == 404
    assert client.get(_url(other, notice)).status_code == 200


def test_anonymous_is_sent_to_login(hall: Hall, client: Client) -> None:
    case = _case(hall)
    notice = _notice(case, NoticeKind.ACCEPTANCE, hall.clerk)
    url = _url(case, notice)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(url)}"


def test_only_reading_is_allowed(hall: Hall, client: Client) -> None:
    case = _case(hall)
    notice = _notice(case, NoticeKind.ACCEPTANCE, hall.clerk)
    client.force_login(hall.clerk)
    assert client.post(_url(case, notice)).status_code == 405


# --- wording that follows the case ----------------------------------------------------------------

GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意登记", result_number="WF2026000123")


def _decided(hall: Hall, version: ItemVersion, data: DecisionInput = GRANT) -> Case:
    case = accepted_case(hall, version=version)
    assert case.current_step is not None
    approve = step_pass(step=case.current_step, user=hall.reviewer, opinion="材料齐全")
    assert approve is not None
    return step_decide(step=approve, user=hall.approver, data=data)


def _pdf_text(notice: Notice, tmp_path: Path) -> str:
    return _text(notice_pdf(notice, tracking_url=TRACKING_URL), tmp_path)


@pytest.mark.parametrize(
    ("item_type", "grant_title", "refusal_title", "granted", "refused", "outcome"),
    [
        (
            "01",
            "准予行政许可决定书",
            "不予行政许可决定书",
            "决定准予行政许可",
            "决定不予行政许可",
            "准予许可",
        ),
        ("07", "行政确认决定书", "不予行政确认决定书", "决定予以确认", "决定不予确认", "予以确认"),
        ("20", "办理结果通知书", "不予办理通知书", "决定准予办理", "决定不予办理", "准予办理"),
    ],
)
def test_the_decision_is_titled_and_worded_by_the_items_type(
    hall: Hall,
    tmp_path: Path,
    item_type: str,
    grant_title: str,
    refusal_title: str,
    granted: str,
    refused: str,
    outcome: str,
) -> None:
    version = publish_item(hall.market, code=f"SCJG-T{item_type}", item_type=item_type, name="不动产登记")
    case = case_complete(case=_decided(hall, version), user=hall.clerk)
    grant = Notice.objects.get(case=case, kind=NoticeKind.GRANT)
    assert grant.title == grant_title
    text = _pdf_text(grant, tmp_path)
    assert text.startswith("奎文区政务服务中心" + grant_title)
    assert granted in text and "核准意见同意登记" in text and "审查意见" not in text
    assert ("行政许可法" in text) == (item_type == "01")
    completion = _pdf_text(Notice.objects.get(case=case, kind=NoticeKind.COMPLETION), tmp_path)
    assert f"办理结果为：{outcome}。" in completion

    refusal_data = DecisionInput(decision=Decision.REFUSED, reasons="不符合登记条件")
    refusal = Notice.objects.get(case=_decided(hall, version, refusal_data), kind=NoticeKind.REFUSAL)
    assert refusal.title == refusal_title
    refusal_text = _pdf_text(refusal, tmp_path)
    assert refusal_text.startswith("奎文区政务服务中心" + refusal_title) and refused in refusal_text


def test_the_window_prints_as_number_and_name(hall: Hall, tmp_path: Path) -> None:
    window = Window.objects.get(centre=hall.centre, number="10")
    window.name = "企业开办1"
    window.save(update_fields=["name"])
    case = accepted_case(hall, window=window)
    notice = Notice.objects.get(case=case, kind=NoticeKind.ACCEPTANCE)
    assert notice.content["window"] == "10号窗口（企业开办1）"
    assert "受理窗口10号窗口（企业开办1）" in _pdf_text(notice, tmp_path)


def test_a_one_time_notice_states_what_each_missing_material_needs(hall: Hall, tmp_path: Path) -> None:
    Material.objects.filter(name="食品经营许可申请书").update(acceptance_standard="须由法定代表人签字")
    case = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised, missing=(1, 2)),
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    notice = Notice.objects.get(case=case, kind=NoticeKind.CORRECTION)
    assert [row["requirement"] for row in notice.content["problems"]] == [
        "原件1份、复印件1份",
        "原件1份、复印件1份；须由法定代表人签字",
    ]
    text = _pdf_text(notice, tmp_path)
    assert "须由法定代表人签字" in text and "原件1份、复印件1份" in text
    table = text[text.index("补正要求") : text.index("请按上述要求")]
    assert "—" not in table


def test_the_delivery_receipt_is_printed_blank_before_delivery(hall: Hall, tmp_path: Path) -> None:
    case = case_complete(case=_decided(hall, hall.promised), user=hall.clerk)
    grant = Notice.objects.get(case=case, kind=NoticeKind.GRANT)
    receipt = delivery_receipt_issue(case=case, user=hall.clerk)
    text = _pdf_text(receipt, tmp_path)
    assert f"准予行政许可决定书（{grant.number}）" in text
    assert "送达方式□窗口领取□邮寄送达" in text
    assert "签收人" in text and "张三" in text
    assert "受送达人签名" in text and "年月日" in text
