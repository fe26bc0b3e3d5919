"""The archives lists as list exports, Excel and PDF through core.listing: dossiers, the
certificates an examiner or a session touched, and every line of a certificate's trace with its
sessions, scores, objections, re-checks and audit events (R-ARC-1, R-ARC-3, R-REP-2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.core.listing import Column, ListExport

DOSSIERS = ListExport(
    _("认定档案"),
    [
        Column(_("认定计划"), lambda d: d.plan.number),
        Column(_("计划名称"), lambda d: d.plan.title),
        Column(_("评价机构"), lambda d: d.plan.institution.filed_name),
        Column(_("状态"), lambda d: d.get_status_display()),
        Column(_("封卷时间"), lambda d: d.sealed_at),
        Column(_("纸质档案保管至"), lambda d: d.paper_retain_until),
        Column(_("电子档案保管至"), lambda d: d.electronic_retain_until),
        Column(_("诉讼保留"), lambda d: d.on_hold),
    ],
)

TOUCHED = ListExport(
    _("经手的证书"),
    [
        Column(_("证书编号"), lambda c: c.number),
        Column(_("姓名"), lambda c: c.masked_name),
        Column(_("等级"), lambda c: c.level_label),
        Column(_("发证日期"), lambda c: c.issued_on),
    ],
)


def _events(line: Any) -> str:
    return "；".join(f"#{e.pk} {e.action} {timezone.localtime(e.occurred_at):%Y-%m-%d %H:%M}" for e in line.events)


TRACE = ListExport(
    _("证书追溯明细"),
    [
        Column(_("环节"), lambda r: r[0].title),
        Column(_("记录"), lambda r: r[1].label),
        Column(_("内容"), lambda r: r[1].text),
        Column(_("审计事件"), lambda r: _events(r[1])),
        Column(_("审计链校验"), lambda r: r[1].chain_ok),
    ],
)


def trace_rows(trace: Any) -> Iterator[tuple[Any, Any]]:
    """Each line of a trace with its section."""
    for section in trace.sections:
        for line in section.lines:
            yield section, line
