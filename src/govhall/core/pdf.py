"""The building blocks of every printable PDF (guides, notices): A4 pages drawn with reportlab.

Text is set in the Adobe CID font ``STSong-Light``: the standard font for Chinese PDFs, not
embedded, so the viewer supplies the glyphs (Acrobat, the browsers' PDF viewers, Preview and
poppler with poppler-data all do) and the text stays extractable and searchable. QR codes (segno)
are drawn as vector rectangles and are live links too; a document that runs over more than one
page says "第 1 页 / 共 N 页".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from datetime import date
from io import BytesIO
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import segno
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TOP_MARGIN = 16 * mm
BOTTOM_MARGIN = 17 * mm
QR_SIZE = 30 * mm
INK = colors.HexColor("#1f2933")
MUTED_HEX = "#5f6b7a"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f4")
ACCENT = colors.HexColor("#b3261e")
DASH = "—"
SEPARATOR = "｜"
CELL_PADDING = 3
HEADING_ROOM = 30 * mm
MAX_ROW_HEIGHT = 70 * mm
"""Taller cells go on in the next row, so a table row never outgrows a page."""


@functools.cache
def register_font() -> None:
    """The CID font, once per process; <b> falls back to the same face (no bold Song exists)."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)


# --- text -------------------------------------------------------------------------------------


@functools.cache
def paragraph_styles() -> dict[str, ParagraphStyle]:
    register_font()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=15, textColor=INK, wordWrap="CJK", spaceAfter=2
    )
    return {
        "body": body,
        "meta": ParagraphStyle("meta", parent=body, fontSize=9.5, leading=14, spaceAfter=0),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=12.5, textColor=MUTED),
        "caption": ParagraphStyle(
            "caption", parent=body, fontSize=7.5, leading=10, textColor=MUTED, alignment=TA_CENTER
        ),
        "signature": ParagraphStyle(
            "signature", parent=body, fontSize=11.5, leading=20, alignment=TA_CENTER, spaceAfter=0
        ),
        "label": ParagraphStyle("label", parent=body, fontSize=9.5, leading=14, textColor=MUTED),
        "value": ParagraphStyle("value", parent=body, fontSize=9.5, leading=14, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=12, spaceAfter=0),
        "cell_center": ParagraphStyle(
            "cell_center", parent=body, fontSize=8.5, leading=12, spaceAfter=0, alignment=TA_CENTER
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=5,
            backColor=SHADE,
            borderPadding=(3, 4, 3, 4),
            leftIndent=4,
            rightIndent=4,
        ),
    }


def markup(text: object) -> str:
    """Plain text (with line breaks) as Paragraph markup."""
    return escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def _style(style: str | ParagraphStyle) -> ParagraphStyle:
    return paragraph_styles()[style] if isinstance(style, str) else style


def para(text: object, style: str | ParagraphStyle = "body") -> Paragraph:
    return Paragraph(markup(text), _style(style))


def para_lines(texts: Iterable[object], style: str | ParagraphStyle = "body") -> Paragraph:
    """One paragraph, one line per text."""
    return Paragraph("<br/>".join(markup(line) for line in texts), _style(style))


def chinese_date(day: date) -> str:
    """A date as official documents write it: 2026年10月13日."""
    return _("%(year)s年%(month)s月%(day)s日") % {"year": day.year, "month": day.month, "day": day.day}


def clip(text: str, width: float, font_size: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` on one line."""
    if pdfmetrics.stringWidth(text, FONT, font_size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, font_size) > width:
        text = text[:-1]
    return text + "…"


# --- flowables --------------------------------------------------------------------------------


class QrCode(Flowable):
    """A QR code drawn as vector rectangles (crisp at any zoom and print resolution)."""

    def __init__(self, data: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.matrix = [list(row) for row in segno.make(data, error="m").matrix_iter(scale=1, border=4)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.size / count
        path = self.canv.beginPath()
        for row_index, row in enumerate(self.matrix):
            y = (count - row_index - 1) * module
            column = 0
            while column < count:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < count and row[column]:
                    column += 1
                path.rect(start * module, y, (column - start) * module, module)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.linkURL(self.data, (0, 0, self.size, self.size), relative=1)


class Title(Flowable):
    """A short title in a heavier Song: the glyphs are filled and stroked (no bold CID face).

    Set flush left, or centred on the frame with ``centred=True``.
    """

    def __init__(self, text: str, font_size: float, color: Any = INK, *, centred: bool = False) -> None:
        super().__init__()
        self.text = text
        self.font_size = font_size
        self.color = color
        self.centred = centred

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.font_size * 1.35

    def draw(self) -> None:
        canvas = self.canv
        char_space = self.font_size * 0.08
        x = 0.0
        if self.centred:
            text_width = pdfmetrics.stringWidth(self.text, FONT, self.font_size)
            text_width += char_space * max(len(self.text) - 1, 0)
            x = max((self.width - text_width) / 2, 0)
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(self.font_size * 0.035)
        text = canvas.beginText(x, self.font_size * 0.3)
        text.setFont(FONT, self.font_size)
        text.setTextRenderMode(2)
        text.setCharSpace(char_space)
        text.textOut(self.text)
        canvas.drawText(text)
        canvas.restoreState()


def qr_and_seal(url: str, caption: str, signature: Sequence[str], *, qr_size: float = 26 * mm) -> Flowable:
    """The foot of an official document: a QR code opening ``url`` with its caption on the left;
    the issuer, date and seal (``signature``, one line each) on the right; kept together."""
    signature_width = 70 * mm
    left: list[Flowable] = [QrCode(url, qr_size), para(caption, "caption")]
    right: list[Flowable] = [Spacer(1, 6 * mm), *(para(line, "signature") for line in signature)]
    table = Table(
        [[left, "", right]],
        colWidths=[qr_size + 4 * mm, CONTENT_WIDTH - qr_size - 4 * mm - signature_width, signature_width],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


def heading(text: str) -> list[Flowable]:
    """A section heading, moved to the next page rather than left alone at the bottom of one."""
    return [CondPageBreak(HEADING_ROOM), para(text, "heading")]


# --- tables -----------------------------------------------------------------------------------

CELL_STYLE = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def grid(data: list[list[Any]], widths: Sequence[float], *, header: bool = True) -> Table:
    """A ruled table; with ``header`` the first row is shaded and repeats on every page."""
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [*CELL_STYLE, ("GRID", (0, 0), (-1, -1), 0.4, RULE)]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    table.setStyle(TableStyle(style))
    return table


def pieces(paragraph: Paragraph, width: float, height: float) -> list[Paragraph]:
    """A long paragraph cut into pieces no taller than ``height``, for continuation rows."""
    parts_so_far: list[Paragraph] = []
    rest = paragraph
    while rest.wrap(width, height)[1] > height:
        parts = rest.split(width, height)
        if len(parts) < 2:
            break
        parts_so_far.append(parts[0])
        rest = parts[1]
    parts_so_far.append(rest)
    return parts_so_far


def facts(rows: Sequence[tuple[str, str | list[str]]], *, label_width: float = 30 * mm) -> Table:
    """A two-column table of label → value (a value may be several lines; a very long one goes on
    in the rows below, since a table row must fit on one page)."""
    widths = [label_width, CONTENT_WIDTH - label_width]
    data: list[list[Any]] = []
    for label, value in rows:
        value_lines = value if isinstance(value, list) else [value]
        cut = pieces(para_lines(value_lines, "value"), widths[1] - 2 * CELL_PADDING, MAX_ROW_HEIGHT)
        data.append([para(label, "label"), cut[0]])
        data.extend(["", piece] for piece in cut[1:])
    table = grid(data, widths, header=False)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), SHADE)]))
    return table


# --- pages ------------------------------------------------------------------------------------


class PagedCanvas(Canvas):
    """Draws the running header and "第 n 页 / 共 N 页" once the number of pages is known."""

    def __init__(self, *args: Any, running_title: str, footer: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._running_title = running_title
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        page = self.getPageNumber()
        running_title = clip(self._running_title, CONTENT_WIDTH, 8)
        footer = clip(self._footer, CONTENT_WIDTH - 35 * mm, 8)
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        if page > 1:
            self.drawString(MARGIN, PAGE_HEIGHT - 11 * mm, running_title)
            self.line(MARGIN, PAGE_HEIGHT - 12.5 * mm, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 12.5 * mm)
        self.line(MARGIN, 12.5 * mm, PAGE_WIDTH - MARGIN, 12.5 * mm)
        self.drawString(MARGIN, 9 * mm, footer)
        if total > 1:
            self.drawRightString(
                PAGE_WIDTH - MARGIN,
                9 * mm,
                _("第 %(page)s 页 / 共 %(pages)s 页") % {"page": page, "pages": total},
            )
        self.restoreState()


def render(
    story: list[Flowable], *, title: str, subject: str, author: str, running_title: str, footer: str
) -> bytes:
    """The A4 PDF of ``story``: one frame inside the margins, header from page 2, footer on each."""
    register_font()
    buffer = BytesIO()
    frame = Frame(
        MARGIN,
        BOTTOM_MARGIN,
        CONTENT_WIDTH,
        PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        title=title,
        subject=subject,
        author=author,
        creator="govhall",
        lang="zh-CN" if get_language().startswith("zh") else get_language(),
    )
    canvasmaker = functools.partial(PagedCanvas, running_title=running_title, footer=footer)
    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


# --- HTTP -------------------------------------------------------------------------------------


def content_disposition(ascii_name: str, name: str) -> str:
    """``inline`` with an ASCII fallback and the RFC 5987 UTF-8 name for current browsers."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-") or "document.pdf"
    readable = re.sub(r'[\x00-\x1f\x7f/\\"]+', "-", name)
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(readable, safe='')}"


def pdf_response(content: bytes, *, ascii_name: str, name: str) -> HttpResponse:
    """A PDF shown in the browser (not saved straight away), never served stale from a cache."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(ascii_name, name)
    response["Cache-Control"] = "no-cache"
    return response
