"""The complaint register as a list export, Excel and PDF through core.listing (R-SUP-5, R-REP-2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from skillcert.core.listing import Column, ListExport

REGISTER = ListExport(
    _("投诉举报登记簿"),
    [
        Column(_("查询码"), lambda c: c.tracking_code),
        Column(_("来源"), lambda c: c.get_source_display()),
        Column(_("标题"), lambda c: c.title),
        Column(
            _("被投诉对象"), lambda c: c.institution.filed_name if c.institution is not None else c.subject_reference
        ),
        Column(_("办理机关"), lambda c: c.handler.name),
        Column(_("状态"), lambda c: c.get_status_display()),
        Column(_("收到日期"), lambda c: c.received_on),
        Column(_("受理期限"), lambda c: c.accept_due),
        Column(_("办结期限"), lambda c: c.conclude_due),
        Column(_("延长天数"), lambda c: c.extension_days),
        Column(_("已逾期"), lambda c: c.is_overdue()),
        Column(_("办理结果"), lambda c: c.get_outcome_display() if c.outcome else ""),
        Column(_("办结日期"), lambda c: c.concluded_on),
    ],
)
