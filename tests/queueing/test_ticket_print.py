"""The paper ticket: ESC/POS bytes a Chinese thermal printer understands, and the HTML slip's QR."""

from __future__ import annotations

from datetime import datetime

import segno
from django.utils import timezone

from govhall.queueing.ticket_print import CHINESE_MODE, TicketSlip, escpos_bytes

GS_V_FULL_CUT = b"\x1dV\x00"
QR_STORE = b"\x1d(k"


def slip(**changes: object) -> TicketSlip:
    values: dict[str, object] = {
        "centre_name": "潍坊市政务服务中心",
        "number": "A012",
        "queue_name": "综合受理",
        "item_name": "",
        "people_ahead": 3,
        "estimated_wait_minutes": 12,
        "issued_at": timezone.make_aware(datetime(2026, 3, 2, 9, 30)),
        "position_url": "https://zwfw.example.gov.cn/q/abcDEF123/",
        "priority_label": "",
    }
    values.update(changes)
    return TicketSlip(**values)  # type: ignore[arg-type]


def test_chinese_text_is_gb18030_in_chinese_mode() -> None:
    payload = escpos_bytes(slip())

    assert payload.startswith(b"\x1b@")  # ESC @: initialise
    assert CHINESE_MODE in payload
    for text in (
        "潍坊市政务服务中心",
        "综合受理",
        "您前面还有 3 人",
        "预计等候约 12 分钟",
        "取号时间：2026-03-02 09:30",
    ):
        assert text.encode("gb18030") in payload
    assert b"A012" in payload
    assert "综合受理".encode() not in payload  # no UTF-8 text for the printer


def test_big_number_native_qr_and_cut() -> None:
    payload = escpos_bytes(slip())

    assert b"\x1d!\x33" in payload  # GS ! : 4× width and height for the number
    assert QR_STORE in payload and b"https://zwfw.example.gov.cn/q/abcDEF123/" in payload
    assert payload.index(QR_STORE) < payload.index(GS_V_FULL_CUT)
    assert payload.endswith(GS_V_FULL_CUT)


def test_the_item_chosen_is_printed_under_the_queue() -> None:
    payload = escpos_bytes(slip(item_name="营业执照办理"))

    item = "事项：营业执照办理".encode("gb18030")
    assert item in payload
    assert payload.index("综合受理".encode("gb18030")) < payload.index(item)
    assert "事项".encode("gb18030") not in escpos_bytes(slip())


def test_punctuation_only_text_is_not_replaced_by_question_marks() -> None:
    payload = escpos_bytes(slip(priority_label="绿色通道", queue_name="（Ａ）"))
    assert "（Ａ）".encode("gb18030") in payload
    assert "【绿色通道】".encode("gb18030") in payload


def test_html_slip_qr_encodes_the_position_url() -> None:
    svg = slip().qr_svg()
    expected = segno.make("https://zwfw.example.gov.cn/q/abcDEF123/", error="m").svg_inline(scale=4, border=2)
    assert svg.startswith("<svg") and svg == expected
