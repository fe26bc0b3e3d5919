"""The sanctions register, inactivity inquiries and the public criticisms as list exports,
Excel and PDF through core.listing (R-SUP-6, R-REP-2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from skillcert.core.listing import Column, ListExport

REGISTER = ListExport(
    _("机构处理登记簿"),
    [
        Column(_("评价机构"), lambda s: s.institution.filed_name),
        Column(_("统一社会信用代码"), lambda s: s.institution.credit_code),
        Column(_("处理类别"), lambda s: s.get_kind_display()),
        Column(_("状态"), lambda s: s.get_status_display()),
        Column(_("事实与依据"), lambda s: s.grounds),
        Column(_("决定机关"), lambda s: s.authority.name),
        Column(_("作出日期"), lambda s: s.created_at),
        Column(_("整改期限"), lambda s: s.deadline),
        Column(_("复查结果"), lambda s: s.get_follow_up_result_display() if s.follow_up_result else ""),
        Column(_("陈述申辩截止日"), lambda s: s.statement_due),
        Column(_("拟定人"), lambda s: s.decided_by.full_name if s.decided_by else ""),
        Column(_("复核人"), lambda s: s.approved_by.full_name if s.approved_by else ""),
    ],
)

INQUIRIES = ListExport(
    _("未开展认定情况核查记录"),
    [
        Column(_("评价机构"), lambda c: c.institution.filed_name),
        Column(_("状态"), lambda c: c.get_status_display()),
        Column(_("要求说明日期"), lambda c: c.requested_on),
        Column(_("说明期限"), lambda c: c.explain_by),
        Column(_("决定机关"), lambda c: c.authority.name),
    ],
)

CRITICISMS = ListExport(
    _("评价机构通报批评"),
    [
        Column(_("评价机构"), lambda s: s.institution.filed_name),
        Column(_("事实与依据"), lambda s: s.grounds),
        Column(_("决定机关"), lambda s: s.authority.name),
        Column(_("公布起始日"), lambda s: s.publish_from),
        Column(_("公布截止日"), lambda s: s.publish_until),
    ],
)

PROPOSALS = ListExport(
    _("双随机检查处理建议"),
    [
        Column(_("评价机构"), lambda p: p.institution.filed_name),
        Column(_("统一社会信用代码"), lambda p: p.institution.credit_code),
        Column(_("检查任务"), lambda p: p.inspection.campaign.number),
        Column(_("建议处理类别"), lambda p: p.get_measure_display()),
        Column(_("事实与依据（检查发现）"), lambda p: p.grounds),
        Column(_("决定盟市"), lambda p: p.league.name),
        Column(_("提出日期"), lambda p: p.created_at),
        Column(_("状态"), lambda p: p.get_status_display()),
        Column(_("决定人"), lambda p: p.decided_by.full_name if p.decided_by else ""),
        Column(_("决定意见"), lambda p: p.decision_note),
        Column(_("据此作出的处理"), lambda p: p.sanction.get_status_display() if p.sanction else ""),
    ],
)
