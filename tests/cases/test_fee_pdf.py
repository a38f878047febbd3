"""The cashier's paperwork as real PDFs: the 缴费通知单 with the bill's number, lines, amounts in
figures and capitals, where to pay and a QR code; the 收费收据 once paid; both from the case page and
the cashier's desk, for those who may see the case."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from tests.cases.conftest import Hall, accepted_case
from tests.factories import WindowFactory

from govhall.cases.fees import bill_issue, bill_pay
from govhall.cases.models import Bill, Decision
from govhall.cases.services import DecisionInput, step_decide, step_pass
from govhall.org.models import StaffProfile, WindowKind

pytestmark = pytest.mark.django_db

GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="SC13707050001")


def _text(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils poppler-data)")
    source = tmp_path / "paper.pdf"
    source.write_bytes(pdf)
    run = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=False
    )
    if "Missing language pack" in run.stderr.decode(errors="replace"):
        pytest.skip("poppler-data is not installed: pdftotext cannot map the Adobe-GB1 Chinese font")
    assert run.returncode == 0
    return re.sub(r"\s+", "", run.stdout.decode())


@pytest.fixture
def bill(hall: Hall) -> Bill:
    hall.centre.fee_payee = "奎文区财政局非税收入汇缴结算户"
    hall.centre.fee_account = "3705 0166 6201 0000 0002"
    hall.centre.fee_bank = "中国建设银行潍坊奎文支行"
    hall.centre.save()
    WindowFactory(centre=hall.centre, department=None, kind=WindowKind.CASHIER, number="21", name="银行收费1")
    case = accepted_case(hall, version=hall.paid)
    assert case.current_step is not None
    approve = step_pass(step=case.current_step, user=hall.reviewer, opinion="材料齐全")
    assert approve is not None
    return bill_issue(case=step_decide(step=approve, user=hall.approver, data=GRANT), user=hall.clerk)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_bill_notice_says_what_to_pay_and_where(hall: Hall, bill: Bill, tmp_path: Path) -> None:
    response = _client(hall.clerk).get(reverse("cases:bill_pdf", args=[bill.case.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = bytes(response.content)
    assert f"/URI (http://testserver/track/?number={bill.case.number})".encode() in pdf
    text = _text(pdf, tmp_path)
    assert text.startswith("奎文区政务服务中心缴费通知单")
    for expected in (
        f"缴费单号：{bill.number}",
        bill.case.number,
        "食品生产许可",
        "工本费",
        "每证10元",
        "价费字〔2020〕1号",
        "10.00",
        "人民币（大写）壹拾元整",
        "收款单位奎文区财政局非税收入汇缴结算户",
        "收款账号37050166620100000002",
        "开户银行中国建设银行潍坊奎文支行",
        "缴费地点21号窗口（银行收费1）",
        "执收单位区市场监督管理局",
        "张三（1101**********1239）",
        "待缴费",
    ):
        assert expected in text, expected
    assert "110105199003071239" not in text


def test_the_receipt_exists_once_paid_and_names_the_cashier(hall: Hall, bill: Bill, tmp_path: Path) -> None:
    url = reverse("cases:receipt_pdf", args=[bill.case.number])
    cashier = _client(hall.cashier)
    assert cashier.get(url).status_code == 404
    StaffProfile.objects.filter(user=hall.cashier).update(name="吴芳")
    bill_pay(bill=bill, user=hall.cashier, receipt_number="PJ370700000123")

    response = cashier.get(url)
    assert response.status_code == 200
    text = _text(bytes(response.content), tmp_path)
    assert text.startswith("奎文区政务服务中心收费收据")
    for expected in (
        "票据号码：PJ370700000123",
        f"缴费单号：{bill.number}",
        "合计人民币10.00元（壹拾元整）",
        "工本费",
        "收费员吴芳",
        "已缴费",
        "（收费专用章）",
    ):
        assert expected in text, expected


def test_the_papers_are_linked_from_the_case_page_and_the_cashier_desk(hall: Hall, bill: Bill) -> None:
    number = bill.case.number
    bill_url = reverse("cases:bill_pdf", args=[number])
    receipt_url = reverse("cases:receipt_pdf", args=[number])
    cashier = _client(hall.cashier)
    desk = cashier.get(reverse("cases:cashier")).content.decode()
    assert f'href="{bill_url}"' in desk
    case_page = _client(hall.clerk).get(reverse("cases:case_detail", args=[number])).content.decode()
    assert f'href="{bill_url}"' in case_page and f'href="{receipt_url}"' not in case_page

    bill_pay(bill=bill, user=hall.cashier, receipt_number="PJ370700000124")
    desk = cashier.get(reverse("cases:cashier")).content.decode()
    assert f'href="{receipt_url}"' in desk
    case_page = _client(hall.clerk).get(reverse("cases:case_detail", args=[number])).content.decode()
    assert f'href="{receipt_url}"' in case_page


def test_another_department_and_a_case_without_a_bill_get_404(hall: Hall, bill: Bill) -> None:
    other = _client(hall.other_clerk)
    assert other.get(reverse("cases:bill_pdf", args=[bill.case.number])).status_code == 404
    unbilled = accepted_case(hall)
    assert _client(hall.clerk).get(reverse("cases:bill_pdf", args=[unbilled.number])).status_code == 404
