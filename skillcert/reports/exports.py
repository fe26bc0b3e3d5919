"""An annual summary (or the region roll-up) as PDF and as Excel (R-REP-1, R-REP-2)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from skillcert.core.documents import Document
from skillcert.core.excel import safe_cell
from skillcert.core.listing import Column, ListExport

SECTIONS = [
    (
        "institutions",
        gettext_lazy("评价机构（按类型和状态）"),
        [("type", gettext_lazy("机构类型")), ("status", gettext_lazy("状态")), ("count", gettext_lazy("数量"))],
    ),
    (
        "plans",
        gettext_lazy("认定计划、考生与合格率（按职业和等级）"),
        [("occupation", gettext_lazy("职业")), ("level", gettext_lazy("等级")), ("plans", gettext_lazy("计划数")),
         ("candidates", gettext_lazy("考生数")), ("passed", gettext_lazy("合格人数")),
         ("pass_rate", gettext_lazy("合格率（%）"))],
    ),
    (
        "certificates",
        gettext_lazy("证书（按等级和状态）"),
        [("level", gettext_lazy("等级")), ("status", gettext_lazy("状态")), ("count", gettext_lazy("数量"))],
    ),
    (
        "oversight",
        gettext_lazy("督导、检查、投诉与处罚"),
        [("item", gettext_lazy("项目")), ("count", gettext_lazy("数量"))],
    ),
    (
        "workforce",
        gettext_lazy("考评督导队伍与目标"),
        [("group", gettext_lazy("类别")), ("headcount_target", gettext_lazy("人数目标")),
         ("actual", gettext_lazy("在岗人数")), ("trained_target", gettext_lazy("培训目标")),
         ("trained", gettext_lazy("培训人数"))],
    ),
]  # fmt: skip

NARRATIVE = [
    ("overview", gettext_lazy("工作概况")),
    ("achievements", gettext_lazy("主要成效")),
    ("problems", gettext_lazy("存在问题")),
    ("next_year", gettext_lazy("下一年度工作计划")),
]


def _cell(value: Any) -> Any:
    return "—" if value is None else value


def statistics_pdf(doc: Document, statistics: dict[str, Any]) -> None:
    for key, title, columns in SECTIONS:
        doc.heading(str(title))
        doc.table(
            [str(c[1]) for c in columns], [[_cell(r.get(c[0])) for c in columns] for r in statistics.get(key, [])]
        )
    if statistics.get("oversight_absent"):
        doc.note(_("平台尚无以下记录：%(apps)s") % {"apps": "、".join(statistics["oversight_absent"])})


def summary_pdf(summary: Any) -> bytes:
    doc = Document(str(summary), subtitle=f"{summary.get_status_display()}  {_('截止')} {summary.deadline}")
    doc.pairs(
        [
            (_("盟市"), summary.league.name),
            (_("年度"), summary.year),
            (_("报送时间"), summary.submitted_at and f"{summary.submitted_at:%Y-%m-%d %H:%M}"),
            (_("逾期报送"), _("是") if summary.submitted_late else _("否")),
        ]
    )
    for name, title in NARRATIVE:
        doc.heading(str(title))
        doc.paragraph(getattr(summary, name))
    statistics_pdf(doc, summary.statistics)
    return doc.render()


def rollup_pdf(statistics: dict[str, Any], board: list[Any]) -> bytes:
    doc = Document(_("%(year)s年度全区职业技能等级认定工作汇总") % {"year": statistics["year"]})
    doc.heading(_("各盟市报送情况"))
    doc.table(
        [_("盟市"), _("状态"), _("截止日期"), _("逾期")],
        [[r.league.name, r.status_label, r.deadline, _("逾期") if r.late else ""] for r in board],
    )
    statistics_pdf(doc, statistics)
    return doc.render()


def statistics_xlsx(statistics: dict[str, Any], narrative: list[tuple[str, str]] | None = None) -> bytes:
    """One sheet per part; the narrative on the first sheet when given."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = str(_("概况"))
    first.append([_("盟市"), safe_cell(statistics.get("league", ""))])
    first.append([_("年度"), safe_cell(statistics.get("year", ""))])
    for heading, text in narrative or []:
        first.append([safe_cell(heading), safe_cell(text)])
    for key, part, columns in SECTIONS:
        sheet = wb.create_sheet(str(part)[:28])
        sheet.append([str(c[1]) for c in columns])
        for row in statistics.get(key, []):
            sheet.append([safe_cell(row.get(c[0])) for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_xlsx(summary: Any) -> bytes:
    return statistics_xlsx(summary.statistics, [(str(t), getattr(summary, n)) for n, t in NARRATIVE])


def tables(statistics: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Each part of the statistics as (title, headers, rows), for pages."""
    return [
        (
            str(title),
            [str(c[1]) for c in columns],
            [[_cell(r.get(c[0])) for c in columns] for r in statistics.get(key, [])],
        )
        for key, title, columns in SECTIONS
    ]


BOARD = ListExport(
    gettext_lazy("年度工作总结报送情况"),
    [
        Column(gettext_lazy("盟市"), lambda r: r.league.name),
        Column(gettext_lazy("状态"), lambda r: r.status_label),
        Column(gettext_lazy("截止日期"), lambda r: r.deadline),
        Column(gettext_lazy("报送时间"), lambda r: r.summary.submitted_at if r.summary else None),
        Column(gettext_lazy("逾期"), lambda r: r.late),
    ],
)
"""The region's status board of the leagues' summaries (R-REP-1)."""
