"""Multi-page A4 report PDFs: headings, paragraphs, label/value blocks and tables, flowing over
as many pages as they need, with the shipped CJK font (`skillcert.core.pdf`) embedded.

For documents built from records (dossier volumes, contents lists, traceability reports, annual
summaries), not one-page forms. Characters the font lacks print as “□” rather than refusing the
whole report; the underlying records keep the exact text.

    doc = Document("认定档案 第一卷", subtitle="计划 JH-2026-001")
    doc.heading("报名情况")
    doc.pairs([("计划编号", plan.number), ("考生人数", 12)])
    doc.table(["序号", "姓名", "状态"], rows, widths=[12, 40, 30])
    data = doc.render()
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext

from skillcert.core.pdf import FONT_NAME, MM, register_font, unsupported_characters

__all__ = ["Document"]


def _safe(value: Any) -> str:
    text = "" if value is None else str(value)
    for ch in set(unsupported_characters(text)):
        text = text.replace(ch, "□")
    return escape(text)


class Document:
    """Collects blocks, then renders one reproducible A4 PDF with page numbers."""

    def __init__(self, title: str, *, subtitle: str = "", landscape: bool = False) -> None:
        self.title = title
        self.subtitle = subtitle
        self.landscape = landscape
        self._blocks: list[Any] = []
        self._styles = self._make_styles()
        self._blocks.append(self._para(title, "title"))
        if subtitle:
            self._blocks.append(self._para(subtitle, "subtitle"))

    @staticmethod
    def _make_styles() -> dict[str, Any]:
        from reportlab.lib.styles import ParagraphStyle

        register_font()
        base = ParagraphStyle("base", fontName=FONT_NAME, fontSize=9.5, leading=14, wordWrap="CJK")
        return {
            "base": base,
            "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1, spaceAfter=4),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, alignment=1, spaceAfter=8),
            "h": ParagraphStyle("h", parent=base, fontSize=12.5, leading=18, spaceBefore=9, spaceAfter=4),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
            "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, textColor="#555555"),
        }

    def _para(self, text: Any, style: str) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(_safe(text).replace("\n", "<br/>"), self._styles[style])

    def heading(self, text: str) -> None:
        self._blocks.append(self._para(text, "h"))

    def paragraph(self, text: Any) -> None:
        self._blocks.append(self._para(text if str(text or "").strip() else "—", "base"))

    def note(self, text: Any) -> None:
        self._blocks.append(self._para(text, "note"))

    def pairs(self, items: Iterable[tuple[str, Any]]) -> None:
        """A two-column block of labels and values."""
        rows = [[label, "—" if value in (None, "") else value] for label, value in items]
        if rows:
            self.table(None, rows, widths=[40, None])

    def table(
        self,
        headers: Sequence[str] | None,
        rows: Iterable[Sequence[Any]],
        *,
        widths: Sequence[float | None] | None = None,
        empty: str = "",
    ) -> None:
        """A table repeating its header row on each page; `widths` in millimetres (None shares the rest)."""
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        body = [[self._para(cell, "cell") for cell in row] for row in rows]
        if not body:
            self._blocks.append(self._para(empty or gettext("（无）"), "note"))
            return
        data = ([[self._para(h, "cell") for h in headers]] if headers else []) + body
        columns = len(data[0])
        usable = (297 if self.landscape else 210) - 30
        col_widths: list[float] | None = None
        if widths:
            fixed = sum(w for w in widths if w)
            free = [w for w in widths if not w]
            share = (usable - fixed) / len(free) if free else 0
            col_widths = [(w or share) * MM for w in widths]
        else:
            col_widths = [usable / columns * MM] * columns
        table = Table(data, colWidths=col_widths, repeatRows=1 if headers else 0)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if headers:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F7")))
        table.setStyle(TableStyle(style))
        self._blocks.append(table)

    def spacer(self, height_mm: float = 4) -> None:
        from reportlab.platypus import Spacer

        self._blocks.append(Spacer(1, height_mm * MM))

    def render(self) -> bytes:
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.platypus import SimpleDocTemplate

        buffer = io.BytesIO()
        size = landscape(A4) if self.landscape else A4
        title = self.title

        def footer(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(FONT_NAME, 8)
            canvas.drawCentredString(
                size[0] / 2, 8 * MM, gettext("%(safe)s · 第 %(page)s 页") % {"safe": _safe(title), "page": doc.page}
            )
            canvas.restoreState()

        doc = SimpleDocTemplate(
            buffer,
            pagesize=size,
            leftMargin=15 * MM,
            rightMargin=15 * MM,
            topMargin=14 * MM,
            bottomMargin=16 * MM,
            title=title,
            author=gettext("职业技能等级认定监管平台"),
            creator="SkillCert",
            invariant=1,
        )
        doc.build(list(self._blocks), onFirstPage=footer, onLaterPages=footer)
        return buffer.getvalue()
