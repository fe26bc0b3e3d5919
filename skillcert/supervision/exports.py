"""The alert inbox and the dashboard's tables as list exports, Excel and PDF through core.listing
(R-SUP-1, R-SUP-2, R-REP-2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from skillcert.core.listing import Column, ListExport

ALERTS = ListExport(
    _("监管预警"),
    [
        Column(_("预警类型"), lambda a: a.kind_label),
        Column(_("严重程度"), lambda a: a.get_severity_display()),
        Column(_("对象"), lambda a: a.subject_label),
        Column(_("期间"), lambda a: a.period),
        Column(_("所属辖区"), lambda a: a.jurisdiction.name),
        Column(_("评价机构"), lambda a: a.institution.filed_name if a.institution is not None else ""),
        Column(_("首次发现"), lambda a: a.first_seen_at),
        Column(_("最近发现"), lambda a: a.last_seen_at),
        Column(_("状态"), lambda a: a.get_status_display()),
        Column(_("处理说明"), lambda a: a.status_reason),
    ],
)


def _rate(value: Any) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


DASHBOARD = ListExport(
    _("监管仪表盘明细"),
    [
        Column(_("维度"), lambda r: r["dimension"]),
        Column(_("分项"), lambda r: r["item"]),
        Column(_("报备计划"), lambda r: r.get("plans")),
        Column(_("考生"), lambda r: r.get("candidates")),
        Column(_("评定人数"), lambda r: r.get("results")),
        Column(_("合格人数"), lambda r: r.get("passed")),
        Column(_("合格率"), lambda r: _rate(r.get("pass_rate"))),
        Column(_("发证数"), lambda r: r.get("certificates")),
        Column(_("待处理和已确认预警"), lambda r: r.get("count")),
    ],
)

BREAKDOWNS = (
    ("by_league", "league", _("盟市")),
    ("by_institution", "institution", _("评价机构")),
    ("by_month", "month", _("月份")),
    ("by_occupation", "occupation", _("职业")),
    ("by_level", "label", _("等级")),
    ("alerts", "label", _("预警类型")),
)


def dashboard_rows(figures: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every table of the dashboard as one list: the dimension, the item and its figures."""
    yield {
        "dimension": _("合计"),
        "item": figures["scope"]["title"],
        **figures["totals"],
        "count": figures["totals"].get("live_alerts"),
    }
    for key, label_key, dimension in BREAKDOWNS:
        for row in figures.get(key, []):
            yield {**row, "dimension": dimension, "item": row[label_key]}
