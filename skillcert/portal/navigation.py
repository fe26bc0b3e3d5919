"""Role-aware navigation: what each kind of user finds in the top bar (R-X-6).

Staff items sit in a few menus (机构与人员, 认定业务, 监管, 系统) so the bar fits on one line; a menu
with only one item the user may open is shown as that item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import OFFICE_ROLES, Role, ScopeLevel


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    roles: frozenset[str] | None = None  # None: every logged-in user
    levels: frozenset[str] | None = None  # organisation scope levels; None: all
    group: Any = None  # the menu it sits in; None: the bar itself

    def visible_to(self, user: Any) -> bool:
        if user.is_superuser:
            return True
        if self.roles is not None and not (user.role_codes & self.roles):
            return False
        return self.levels is None or user.organisation.scope_level in self.levels


STAFF = OFFICE_ROLES
AUTHORITY = frozenset({ScopeLevel.REGION, ScopeLevel.LEAGUE})
REGION = frozenset({ScopeLevel.REGION})
ORGS = _("机构与人员")
WORK = _("认定业务")
WATCH = _("监管")
SYSTEM = _("系统")
LOOKUP = _("公开查询")
SERVICES = _("办事服务")

STAFF_NAV: list[NavItem] = [
    NavItem(_("工作台"), "portal:dashboard"),
    NavItem(_("机构"), "accounts:organisations", STAFF, group=ORGS),
    NavItem(_("职业目录"), "catalog:occupation_list", group=WORK),
    NavItem(_("评价机构"), "institutions:list", STAFF, AUTHORITY, group=ORGS),
    NavItem(_("征集公告"), "institutions:calls", STAFF, AUTHORITY, group=ORGS),
    NavItem(_("本机构"), "institutions:mine", STAFF, frozenset({ScopeLevel.INSTITUTION}), group=ORGS),
    NavItem(_("考评督导人员"), "personnel:people", STAFF, group=ORGS),
    NavItem(_("认定计划"), "exams:plan_list", STAFF, group=WORK),
    NavItem(_("考试场次"), "exams:session_list", STAFF, group=WORK),
    NavItem(_("题库与机考"), "itembank:banks", STAFF | frozenset({Role.EXPERT}), group=WORK),
    NavItem(_("我的报名"), "exams:my_registrations", frozenset({Role.CANDIDATE})),
    NavItem(_("报名公告"), "exams:announcements", frozenset({Role.CANDIDATE})),
    NavItem(_("证书"), "certificates:list", STAFF, group=WORK),
    NavItem(_("监管总览"), "supervision:dashboard", STAFF, AUTHORITY, group=WATCH),
    NavItem(_("预警"), "supervision:inbox", STAFF, group=WATCH),
    NavItem(_("投诉举报"), "complaints:inbox", STAFF, AUTHORITY, group=WATCH),
    NavItem(_("机构处理"), "sanctions:list", STAFF, group=WATCH),
    NavItem(_("双随机检查"), "inspections:campaigns", STAFF, AUTHORITY, group=WATCH),
    NavItem(_("质量督导"), "inspections:reports", STAFF, group=WATCH),
    NavItem(_("督导任务"), "inspections:my_supervision", frozenset({Role.EXTERNAL_SUPERVISOR})),
    NavItem(_("内部督导"), "inspections:internal", frozenset({Role.INTERNAL_SUPERVISOR})),
    NavItem(_("我的证书"), "certificates:mine", frozenset({Role.CANDIDATE})),
    NavItem(_("档案"), "archives:list", STAFF, group=WATCH),
    NavItem(_("年度总结"), "reports:board", STAFF, AUTHORITY, group=WATCH),
    NavItem(_("账号"), "accounts:users", frozenset({Role.ADMIN, Role.MANAGER}), group=ORGS),
    NavItem(_("审计日志"), "portal:audit_log", frozenset({Role.ADMIN, Role.AUDITOR}), AUTHORITY, group=SYSTEM),
    NavItem(_("规则参数"), "portal:policies", frozenset({Role.ADMIN}), REGION, group=SYSTEM),
    NavItem(_("节假日"), "portal:calendar", frozenset({Role.ADMIN}), REGION, group=SYSTEM),
]

PUBLIC_NAV: list[NavItem] = [
    NavItem(_("首页"), "portal:home"),
    NavItem(_("职业目录"), "catalog:occupation_list", group=LOOKUP),
    NavItem(_("评价机构名录"), "institutions:register", group=LOOKUP),
    NavItem(_("失信黑名单"), "institutions:blacklist", group=LOOKUP),
    NavItem(_("认定报名公告"), "exams:announcements"),
    NavItem(_("成绩公示"), "exams:public_results", group=LOOKUP),
    NavItem(_("证书查验"), "certificates:verify"),
    NavItem(_("投诉举报"), "complaints:file", group=SERVICES),
    NavItem(_("通报批评"), "sanctions:public", group=LOOKUP),
    NavItem(_("双随机检查公开"), "inspections:public_campaigns", group=LOOKUP),
    NavItem(_("考生注册"), "exams:signup", group=SERVICES),
    NavItem(_("机构征集"), "institutions:public_calls", group=SERVICES),
    NavItem(_("机构备案申请"), "institutions:apply", group=SERVICES),
]


def _resolve(items: list[NavItem], user: Any) -> list[dict[str, Any]]:
    """The bar's entries in order: links, and menus ({"label", "children"}) placed where their first item is."""
    out: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for item in items:
        if user is not None and not item.visible_to(user):
            continue
        try:
            link = {"label": item.label, "url": reverse(item.url_name)}
        except NoReverseMatch:
            continue  # an app not installed in this deployment
        if item.group is None:
            out.append(link)
            continue
        key = str(item.group)
        if key not in menus:
            menus[key] = {"label": item.group, "children": []}
            out.append(menus[key])
        menus[key]["children"].append(link)
    return [entry["children"][0] if len(entry.get("children", ())) == 1 else entry for entry in out]


def navigation_for(user: Any) -> list[dict[str, Any]]:
    if user is None or not user.is_authenticated:
        return _resolve(PUBLIC_NAV, None)
    return _resolve(STAFF_NAV, user)
