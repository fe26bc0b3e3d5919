"""Role-aware navigation: what each kind of user finds in the top bar (R-X-6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from skillcert.accounts.choices import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every logged-in user
    levels: frozenset[str] | None = None  # organisation scope levels; None: all

    def visible_to(self, user: Any) -> bool:
        if user.is_superuser:
            return True
        if self.roles is not None and not (user.role_codes & self.roles):
            return False
        return self.levels is None or user.organisation.scope_level in self.levels


STAFF = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
AUTHORITY = frozenset({"region", "league"})

STAFF_NAV: list[NavItem] = [
    NavItem("工作台", "portal:dashboard"),
    NavItem("机构", "accounts:organisations", STAFF),
    NavItem("职业目录", "catalog:occupation_list"),
    NavItem("评价机构", "institutions:list", STAFF, AUTHORITY),
    NavItem("征集公告", "institutions:calls", STAFF, AUTHORITY),
    NavItem("本机构", "institutions:mine", STAFF, frozenset({"institution"})),
    NavItem("考评督导人员", "personnel:people", STAFF),
    NavItem("认定计划", "exams:plan_list", STAFF),
    NavItem("考试场次", "exams:session_list", STAFF),
    NavItem("题库与机考", "itembank:banks", STAFF | frozenset({Role.EXPERT})),
    NavItem("我的报名", "exams:my_registrations", frozenset({Role.CANDIDATE})),
    NavItem("报名公告", "exams:announcements", frozenset({Role.CANDIDATE})),
    NavItem("证书", "certificates:list", STAFF),
    NavItem("监管", "supervision:dashboard", STAFF, AUTHORITY),
    NavItem("预警", "supervision:inbox", STAFF),
    NavItem("投诉举报", "complaints:inbox", STAFF, AUTHORITY),
    NavItem("机构处理", "sanctions:list", STAFF),
    NavItem("双随机检查", "inspections:campaigns", STAFF, AUTHORITY),
    NavItem("质量督导", "inspections:reports", STAFF),
    NavItem("督导任务", "inspections:my_supervision", frozenset({Role.EXTERNAL_SUPERVISOR})),
    NavItem("内部督导", "inspections:internal", frozenset({Role.INTERNAL_SUPERVISOR})),
    NavItem("我的证书", "certificates:mine", frozenset({Role.CANDIDATE})),
    NavItem("档案", "archives:list", STAFF),
    NavItem("年度总结", "reports:board", STAFF, AUTHORITY),
    NavItem("账号", "accounts:users", frozenset({Role.ADMIN, Role.MANAGER})),
    NavItem("审计日志", "portal:audit_log", frozenset({Role.ADMIN, Role.AUDITOR}), AUTHORITY),
    NavItem("规则参数", "portal:policies", frozenset({Role.ADMIN}), frozenset({"region"})),
    NavItem("节假日", "portal:calendar", frozenset({Role.ADMIN}), frozenset({"region"})),
]

PUBLIC_NAV: list[NavItem] = [
    NavItem("首页", "portal:home"),
    NavItem("职业目录", "catalog:occupation_list"),
    NavItem("评价机构名录", "institutions:register"),
    NavItem("失信黑名单", "institutions:blacklist"),
    NavItem("认定报名公告", "exams:announcements"),
    NavItem("成绩公示", "exams:public_results"),
    NavItem("证书查验", "certificates:verify"),
    NavItem("投诉举报", "complaints:file"),
    NavItem("通报批评", "sanctions:public"),
    NavItem("双随机检查公开", "inspections:public_campaigns"),
    NavItem("考生注册", "exams:signup"),
    NavItem("机构征集", "institutions:public_calls"),
    NavItem("机构备案申请", "institutions:apply"),
]


def _resolve(items: list[NavItem], user: Any) -> list[dict[str, str]]:
    out = []
    for item in items:
        if user is not None and not item.visible_to(user):
            continue
        try:
            out.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue  # an app not installed in this deployment
    return out


def navigation_for(user: Any) -> list[dict[str, str]]:
    if user is None or not user.is_authenticated:
        return _resolve(PUBLIC_NAV, None)
    return _resolve(STAFF_NAV, user)
