"""One-page A4 PDFs with the shipped CJK font embedded (R-EXAM-5 admission tickets, R-CERT-3 certificates).

Every PDF embeds a subset of WenQuanYi Micro Hei (`core/fonts/wqy-microhei.ttc`, TrueType
outlines), registered once per process under `FONT_NAME`. Text the font has no glyph for
(rare characters outside its 34,000-odd code points, e.g. CJK Extension B names) would print
as empty boxes on an official document, so it is refused before anything is drawn:
`check_text` raises a `DomainError` naming the field and each missing character.

`one_page_a4(draw, title=...)` returns the bytes of a one-page A4 document; `draw` receives
a `PageWriter`, which works in millimetres from the top-left corner (as a form designer
measures) and checks every string it is given. Output is byte-for-byte reproducible for the
same input (`invariant` canvas), so a re-printed ticket is the same file.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext

from skillcert.core.errors import DomainError

__all__ = [
    "FONT_NAME",
    "FONT_PATH",
    "PageWriter",
    "check_text",
    "one_page_a4",
    "pdf_response",
    "register_font",
    "table_pdf",
    "unsupported_characters",
]

FONT_NAME = "WQYMicroHei"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"
MM = 72 / 25.4
"""Points per millimetre."""
A4_MM = (210.0, 297.0)

_register_lock = threading.Lock()
_IGNORED = frozenset("\n\r\t")


@cache
def _font() -> Any:
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0)


def register_font() -> str:
    """Register the CJK font with reportlab once per process; returns its name."""
    from reportlab.pdfbase import pdfmetrics

    with _register_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_font())
    return FONT_NAME


@cache
def _covered() -> frozenset[int]:
    return frozenset(_font().face.charToGlyph)


def unsupported_characters(text: str) -> list[str]:
    """The distinct characters of `text` the font cannot draw, in order of appearance."""
    covered = _covered()
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in _IGNORED and ord(ch) not in covered:
            seen.setdefault(ch, None)
    return list(seen)


def check_text(text: Any, *, label: str, field: str = "__all__") -> str:
    """The text as a string, or a DomainError naming the field and the characters the font lacks (R-X-4)."""
    value = "" if text is None else str(text)
    missing = unsupported_characters(value)
    if missing:
        shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:5])
        more = gettext("等%(len)s个字符") % {"len": len(missing)} if len(missing) > 5 else ""
        raise DomainError(
            gettext(
                "%(label)s：含有PDF字体无法显示的字符%(shown)s%(more)s，无法生成PDF；请改用规范汉字或联系管理员更正"
            )
            % {"label": label, "shown": shown, "more": more},
            field=field,
            code="unsupported_character",
        )
    return value


class PageWriter:
    """Draws on one page in millimetres measured from the top-left corner; every string is checked."""

    def __init__(self, canvas: Any, *, width_mm: float = A4_MM[0], height_mm: float = A4_MM[1]) -> None:
        self.canvas = canvas
        self.width = width_mm
        self.height = height_mm

    # coordinates: (x, y) in mm from the top-left; reportlab's origin is bottom-left in points
    def _pt(self, x: float, y: float) -> tuple[float, float]:
        return x * MM, (self.height - y) * MM

    @staticmethod
    def string_width(text: str, size: float) -> float:
        """Width of `text` at `size` points, in millimetres."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(text, FONT_NAME, size)) / MM

    def fit_size(self, text: str, max_width: float, size: float, min_size: float = 6.0) -> float:
        """The largest size not above `size` at which `text` fits `max_width` mm (never below `min_size`)."""
        while size > min_size and self.string_width(text, size) > max_width:
            size -= 0.5
        return size

    def text(
        self,
        x: float,
        y: float,
        text: Any,
        *,
        size: float = 10.5,
        align: str = "left",
        color: tuple[float, float, float] = (0, 0, 0),
        label: str = "",
        spacing: float = 0.0,
    ) -> None:
        """One line with its baseline at y; `align` is left, center or right of x."""
        value = check_text(text, label=label or gettext("文字"))
        c = self.canvas
        c.setFillColorRGB(*color)
        px, py = self._pt(x, y)
        if spacing:
            width = self.string_width(value, size) + spacing * max(len(value) - 1, 0)
            start = {"left": x, "center": x - width / 2, "right": x - width}[align]
            # Character spacing is part of the PDF text state: keep it inside saved graphics state.
            c.saveState()
            obj = c.beginText(*self._pt(start, y))
            obj.setFont(FONT_NAME, size)
            obj.setCharSpace(spacing * MM)
            obj.textOut(value)
            c.drawText(obj)
            c.restoreState()
        else:
            c.setFont(FONT_NAME, size)
            {"left": c.drawString, "center": c.drawCentredString, "right": c.drawRightString}[align](px, py, value)
        c.setFillColorRGB(0, 0, 0)

    def wrapped(
        self,
        x: float,
        y: float,
        width: float,
        text: Any,
        *,
        size: float = 9.5,
        leading: float = 1.5,
        label: str = "",
    ) -> float:
        """Text wrapped by character to `width` mm (Chinese has no spaces); returns the y below the last line."""
        value = check_text(text, label=label or gettext("文字"))
        line_height = size * leading / MM
        for paragraph in value.split("\n"):
            line = ""
            for ch in paragraph:
                if line and self.string_width(line + ch, size) > width:
                    self.text(x, y, line, size=size, label=label)
                    y += line_height
                    line = ch
                else:
                    line += ch
            self.text(x, y, line, size=size, label=label)
            y += line_height
        return y

    def line(
        self, x1: float, y1: float, x2: float, y2: float, *, width: float = 0.5, dash: Sequence[float] = ()
    ) -> None:
        c = self.canvas
        c.setLineWidth(width)
        c.setDash(list(dash) if dash else [])
        c.line(*self._pt(x1, y1), *self._pt(x2, y2))
        c.setDash([])

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        width: float = 0.5,
        fill: tuple[float, float, float] | None = None,
        stroke: bool = True,
    ) -> None:
        """A rectangle whose top-left corner is (x, y)."""
        c = self.canvas
        c.setLineWidth(width)
        if fill is not None:
            c.setFillColorRGB(*fill)
        px, py = self._pt(x, y + h)
        c.rect(px, py, w * MM, h * MM, stroke=int(stroke), fill=int(fill is not None))
        c.setFillColorRGB(0, 0, 0)

    def image(self, data: bytes | None, x: float, y: float, w: float, h: float) -> bool:
        """A picture scaled into the box (top-left x, y), keeping its proportions; False when unreadable."""
        if not data:
            return False
        from reportlab.lib.utils import ImageReader

        try:
            reader = ImageReader(io.BytesIO(data))
            iw, ih = reader.getSize()
        except Exception:  # noqa: BLE001 - any undecodable upload is simply not drawn
            return False
        if not iw or not ih:
            return False
        scale = min(w / iw, h / ih)
        dw, dh = iw * scale, ih * scale
        px, py = self._pt(x + (w - dw) / 2, y + (h - dh) / 2 + dh)
        self.canvas.drawImage(reader, px, py, dw * MM, dh * MM, mask="auto")
        return True

    def grid(
        self,
        x: float,
        y: float,
        widths: Sequence[float],
        rows: Iterable[Sequence[Any]],
        *,
        row_height: float = 9.0,
        size: float = 10.5,
        label_columns: Iterable[int] = (),
        label_fill: tuple[float, float, float] = (0.94, 0.95, 0.97),
        line_width: float = 0.6,
    ) -> float:
        """A ruled table; cells in `label_columns` are shaded captions. Returns the y below the table."""
        shaded = set(label_columns)
        top = y
        for row in rows:
            cx = x
            for index, (cell_width, value) in enumerate(zip(widths, row, strict=False)):
                self.rect(cx, y, cell_width, row_height, width=line_width, fill=label_fill if index in shaded else None)
                text = "" if value is None else str(value)
                if text:
                    fitted = self.fit_size(text, cell_width - 3, size)
                    baseline = y + row_height / 2 + fitted / MM * 0.35
                    if index in shaded:
                        self.text(cx + cell_width / 2, baseline, text, size=fitted, align="center")
                    else:
                        self.text(cx + 1.8, baseline, text, size=fitted)
                cx += cell_width
            y += row_height
        if y == top:
            return y
        return y


def one_page_a4(
    draw: Callable[[PageWriter], None],
    *,
    title: str,
    subject: str = "",
    author: str = "",
) -> bytes:
    """A one-page A4 PDF drawn by `draw`; the font is embedded as a subset, the output reproducible."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    register_font()
    check_text(title, label=gettext("标题"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, initialFontName=FONT_NAME)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author or gettext("职业技能等级认定监管平台"))
    canvas.setCreator("SkillCert")
    draw(PageWriter(canvas))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def printable(text: Any) -> str:
    """`text` with any character the embedded font lacks shown as 〓 (lists print, never refuse)."""
    value = "" if text is None else str(text)
    missing = set(unsupported_characters(value))
    return "".join("〓" if ch in missing else ch for ch in value) if missing else value


def table_pdf(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    note: str = "",
    landscape: bool = True,
    author: str = "",
) -> bytes:
    """A list as a ruled table over as many A4 pages as it needs, the header row repeated on each page."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    title, note, headers = str(title), str(note), [str(header) for header in headers]  # labels may be lazy
    register_font()
    size = turned(A4) if landscape else A4
    margin = 12 * MM
    cell = ParagraphStyle("cell", fontName=FONT_NAME, fontSize=8, leading=10, wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, textColor=colors.HexColor("#1f3b63"))
    heading = ParagraphStyle("title", fontName=FONT_NAME, fontSize=14, leading=18, spaceAfter=4)
    small = ParagraphStyle("note", fontName=FONT_NAME, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))

    def para(value: Any, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(printable(value)).replace("\n", "<br/>"), style)

    width = size[0] - 2 * margin
    lengths = [max([len(str(h))] + [len(str(r[i])) for r in rows[:200] if i < len(r)]) for i, h in enumerate(headers)]
    weights = [min(max(n, 2), 30) for n in lengths] or [1]
    total = sum(weights)
    widths = [width * w / total for w in weights]
    data = [[para(h, head) for h in headers]] + [[para(v, cell) for v in row] for row in rows]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=printable(title),
        author=author or gettext("职业技能等级认定监管平台"),
        creator="SkillCert",
        invariant=1,
    )

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont(FONT_NAME, 8)
        canvas.drawRightString(size[0] - margin, margin / 2, f"{printable(title)} · {doc.page}")

    story = (
        [para(title, heading), para(note, small), Spacer(1, 4 * MM), table] if note else [para(title, heading), table]
    )
    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """Serve PDF bytes; `inline` opens in the browser's viewer, otherwise a download."""
    name = filename if filename.lower().endswith(".pdf") else f"{filename}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response
