"""What each exams list writes to Excel and PDF; ID numbers and phones are masked (R-REP-2, R-X-3)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import level_label
from skillcert.core.listing import Column, ListExport

__all__ = ["ANNOUNCEMENTS", "MY_REGISTRATIONS", "PLANS", "REGISTRATIONS", "SESSIONS"]

PLANS = ListExport(
    _("认定计划"),
    [
        Column(_("计划编号"), lambda p: p.number),
        Column(_("计划名称"), lambda p: p.title),
        Column(_("评价机构"), lambda p: p.institution.filed_name),
        Column(_("实施盟市"), lambda p: p.league.name),
        Column(_("职业（工种）"), lambda p: p.target_label),
        Column(_("等级"), lambda p: "、".join(level_label(pl.level) for pl in p.levels.all())),
        Column(_("首场考试"), lambda p: p.first_session_on),
        Column(_("报名截止"), lambda p: p.registration_deadline),
        Column(_("状态"), lambda p: p.get_status_display()),
        Column(_("报名人数"), lambda p: getattr(p, "registration_count", 0)),
    ],
)

ANNOUNCEMENTS = ListExport(
    _("报名公告"),
    [
        Column(_("公告"), lambda p: p.title),
        Column(_("评价机构"), lambda p: p.institution.filed_name),
        Column(_("职业（工种）"), lambda p: p.target_label),
        Column(_("等级"), lambda p: "、".join(level_label(pl.level) for pl in p.levels.all())),
        Column(_("考试日期"), lambda p: p.first_session_on),
        Column(_("报名截止"), lambda p: p.registration_deadline),
        Column(_("状态"), lambda p: p.get_status_display()),
    ],
)

MY_REGISTRATIONS = ListExport(
    _("我的报名"),
    [
        Column(_("认定计划"), lambda r: r.plan.title),
        Column(_("评价机构"), lambda r: r.plan.institution.filed_name),
        Column(_("申报等级"), lambda r: r.level_label),
        Column(_("考试日期"), lambda r: r.plan.first_session_on),
        Column(_("审核结果"), lambda r: r.get_status_display()),
        Column(_("审核意见"), lambda r: r.review_reason),
        Column(_("准考证号"), lambda r: r.exam_number),
    ],
)

REGISTRATIONS = ListExport(
    _("报名名单"),
    [
        Column(_("准考证号"), lambda r: r.exam_number),
        Column(_("姓名"), lambda r: r.name),
        Column(_("证件号码"), lambda r: r.masked_id_number),
        Column(_("手机号码"), lambda r: r.masked_mobile),
        Column(_("申报等级"), lambda r: r.level_label),
        Column(_("工作单位/学校"), lambda r: r.employer_name),
        Column(_("报名方式"), lambda r: r.get_source_display()),
        Column(_("状态"), lambda r: r.get_status_display()),
        Column(_("审核意见"), lambda r: r.review_reason),
    ],
)

SESSIONS = ListExport(
    _("考试场次"),
    [
        Column(_("开始时间"), lambda s: timezone.localtime(s.starts_at)),
        Column(_("评价机构"), lambda s: s.plan.institution.filed_name),
        Column(_("认定计划"), lambda s: s.plan.number),
        Column(_("职业"), lambda s: s.plan.occupation.name),
        Column(_("等级"), lambda s: s.get_level_display()),
        Column(_("科目"), lambda s: s.get_component_display()),
        Column(_("考场"), lambda s: f"{s.room.venue.name} {s.room.name}"),
        Column(_("已排座"), lambda s: getattr(s, "seated", 0)),
        Column(_("容量"), lambda s: s.capacity),
        Column(_("人员配备已确认"), lambda s: s.staffing_confirmation is not None),
        Column(_("签到"), lambda s: getattr(s, "checked_in", 0)),
        Column(_("考场情况"), lambda s: getattr(s, "incident_count", 0)),
    ],
)
