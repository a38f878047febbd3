"""The paper ticket (号票): what it says, as an 80 mm HTML slip and as ESC/POS bytes.

Chinese thermal printers print Chinese in their Chinese character mode, which takes GB18030
(GBK) bytes. python-escpos sends a text as GB18030 only when it holds a character in
U+4E00–U+9FA5 and otherwise tries single-byte code pages (a full-width colon alone would print
as "?"), so every non-ASCII line is encoded as GB18030 here, after selecting Chinese mode (FS &).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import segno
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.printer import Dummy

from govhall.catalog.selectors import item_name
from govhall.queueing.models import Priority, Ticket

CHINESE_MODE = b"\x1c\x26"
"""FS & — select Chinese (Kanji) character mode: two-byte GB18030 characters from here on."""
ENCODING = "gb18030"


@dataclass(frozen=True)
class TicketSlip:
    """What the paper ticket shows; the figures are those of the moment the number was taken."""

    centre_name: str
    number: str
    queue_name: str
    item_name: str
    """The item chosen at the kiosk ("" when the number was taken for a queue)."""
    people_ahead: int
    estimated_wait_minutes: int
    issued_at: datetime
    position_url: str
    priority_label: str

    def qr_svg(self) -> SafeString:
        """The QR code to the position page as inline SVG (segno's output holds only our URL)."""
        svg = segno.make(self.position_url, error="m").svg_inline(scale=4, border=2)
        return mark_safe(svg)


def ticket_slip(ticket: Ticket, *, position_url: str) -> TicketSlip:
    priority = ""
    if ticket.priority == Priority.GREEN:
        priority = _("绿色通道")
    elif ticket.priority == Priority.APPOINTMENT:
        priority = _("预约")
    return TicketSlip(
        centre_name=ticket.centre.name,
        number=ticket.number,
        queue_name=ticket.queue.name,
        item_name=item_name(ticket.item_id),
        people_ahead=ticket.people_ahead_at_issue,
        estimated_wait_minutes=ticket.estimated_wait_minutes,
        issued_at=timezone.localtime(ticket.issued_at),
        position_url=position_url,
        priority_label=priority,
    )


def _line(printer: Escpos, text: str = "") -> None:
    if text.isascii():
        printer.textln(text)
    else:
        printer._raw((text + "\n").encode(ENCODING))


def escpos_bytes(slip: TicketSlip) -> bytes:
    """The ticket as ESC/POS commands for an 80 mm printer: centre, big number, queue, item, wait, QR,
    cut."""
    printer = Dummy()
    printer.hw("INIT")
    printer._raw(CHINESE_MODE)
    printer.set(align="center", bold=True, double_height=True)
    _line(printer, slip.centre_name)
    printer.set(normal_textsize=True, bold=False)
    _line(printer, _("排队号"))
    printer.set(custom_size=True, width=4, height=4, bold=True)
    _line(printer, slip.number)
    printer.set(normal_textsize=True, bold=True, double_height=True)
    _line(printer, slip.queue_name)
    if slip.item_name:
        printer.set(normal_textsize=True, bold=False)
        _line(printer, _("事项：%(item)s") % {"item": slip.item_name})
    if slip.priority_label:
        _line(printer, f"【{slip.priority_label}】")
    printer.set(normal_textsize=True, bold=False)
    _line(printer, _("您前面还有 %(count)d 人") % {"count": slip.people_ahead})
    _line(printer, _("预计等候约 %(minutes)d 分钟") % {"minutes": slip.estimated_wait_minutes})
    _line(printer, _("取号时间：%(time)s") % {"time": slip.issued_at.strftime("%Y-%m-%d %H:%M")})
    printer.ln()
    printer.qr(slip.position_url, ec=QR_ECLEVEL_M, size=6, native=True)
    _line(printer, _("扫码查看实时排队进度"))
    _line(printer, _("请留意大厅屏幕和语音叫号"))
    printer.cut()
    return printer.output
