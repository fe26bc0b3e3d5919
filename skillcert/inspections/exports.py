"""The inspections lists as list exports, Excel and PDF through core.listing: campaigns, supervision
reports, rectification orders and a campaign's results (R-SUP-3, R-SUP-4, R-REP-2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from skillcert.core.listing import Column, ListExport

CAMPAIGNS = ListExport(
    _("双随机检查任务"),
    [
        Column(_("任务编号"), lambda c: c.number),
        Column(_("任务名称"), lambda c: c.title),
        Column(_("组织单位"), lambda c: c.organiser.name),
        Column(_("检查期间自"), lambda c: c.period_start),
        Column(_("检查期间至"), lambda c: c.period_end),
        Column(_("检查方式"), lambda c: c.get_method_display()),
        Column(_("会同部门"), lambda c: c.partner_departments),
        Column(_("抽取比例（%）"), lambda c: c.sampling_percent),
        Column(_("每家检查人员数"), lambda c: c.inspectors_per_inspection),
        Column(_("状态"), lambda c: c.get_status_display()),
        Column(_("种子承诺（SHA-256）"), lambda c: c.seed_commitment),
        Column(_("随机种子"), lambda c: c.seed),
    ],
)

REPORTS = ListExport(
    _("质量督导报告"),
    [
        Column(_("场次"), lambda r: str(r.session)),
        Column(_("评价机构"), lambda r: r.institution.filed_name),
        Column(_("外部质量督导员"), lambda r: r.supervisor.name),
        Column(_("状态"), lambda r: r.get_status_display()),
        Column(_("到场时间"), lambda r: r.arrived_at),
        Column(_("发现问题等级"), lambda r: r.get_grade_display()),
        Column(_("发现的问题"), lambda r: r.findings),
        Column(_("机构签字人"), lambda r: r.countersigned_by),
        Column(_("报告截止日期"), lambda r: r.due_on),
        Column(_("提交时间"), lambda r: r.submitted_at),
        Column(_("逾期提交"), lambda r: r.submitted_late),
    ],
)

ORDERS = ListExport(
    _("整改通知"),
    [
        Column(_("评价机构"), lambda o: o.institution.filed_name),
        Column(_("来源"), lambda o: o.get_source_display()),
        Column(_("状态"), lambda o: o.get_status_display()),
        Column(_("整改建议"), lambda o: o.proposal),
        Column(_("决定依据"), lambda o: o.grounds),
        Column(_("整改期限"), lambda o: o.deadline),
        Column(_("复查日期"), lambda o: o.follow_up_on),
        Column(_("提出时间"), lambda o: o.created_at),
    ],
)

RESULTS = ListExport(
    _("检查结果"),
    [
        Column(_("评价机构"), lambda r: r["institution"]),
        Column(_("统一社会信用代码"), lambda r: r["credit_code"]),
        Column(_("盟市"), lambda r: r["league"]),
        Column(_("检查日期"), lambda r: r["inspected_on"]),
        Column(_("检查人员"), lambda r: "、".join(r["inspectors"])),
        Column(_("检查发现"), lambda r: r["findings"]),
        Column(_("检查结论"), lambda r: r["outcome_label"]),
        Column(_("结论说明"), lambda r: r["outcome_note"]),
    ],
)
