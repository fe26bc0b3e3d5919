"""Demo organisations and users for every role in three leagues (seed_demo)."""

from __future__ import annotations

from typing import Any

from skillcert.accounts import services
from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.accounts.totp import demo_secret
from skillcert.demo.builders import DEMO_PASSWORD

DEMO_LEAGUES = ["150100", "150200", "150600"]  # 呼和浩特市, 包头市, 鄂尔多斯市

# (username, full name, organisation code, roles, printed as the account for this role)
DEMO_USERS: list[tuple[str, str, str, list[str], str]] = [
    ("region_admin", "王海峰", "region_dept", [Role.ADMIN], "自治区人社厅 系统管理员"),
    ("region_auditor", "赵敏", "region_dept", [Role.AUDITOR], "自治区人社厅 审计员"),
    ("region_center", "孙立新", "region_center", [Role.CLERK, Role.MANAGER], "自治区就业服务中心 经办人"),
]
for _code, _name in (("150100", "呼和浩特"), ("150200", "包头"), ("150600", "鄂尔多斯")):
    _inst = f"demo-inst-{_code}"
    DEMO_USERS += [
        (
            f"bureau_{_code}",
            f"{_name}人社局经办",
            f"bureau-{_code}",
            [Role.CLERK, Role.MANAGER],
            f"{_name}人社局 经办人",
        ),
        (f"center_{_code}", f"{_name}中心经办", f"center-{_code}", [Role.CLERK], f"{_name}就业服务中心 经办人"),
        (f"inst_{_code}_manager", f"{_name}机构负责人", _inst, [Role.MANAGER], f"{_name}评价机构 负责人"),
        (f"inst_{_code}_clerk", f"{_name}机构经办", _inst, [Role.CLERK], f"{_name}评价机构 经办人"),
        (f"examiner_{_code}", f"{_name}考评员", _inst, [Role.EXAMINER], f"{_name}评价机构 考评员"),
    ]
DEMO_USERS += [
    ("supervisor_ext", "周督导", "region_center", [Role.EXTERNAL_SUPERVISOR], "外部质量督导员"),
    ("candidate_demo", "李明", "individuals", [Role.CANDIDATE], "考生"),
]

DEMO_INSTITUTIONS = {
    "150100": "呼和浩特市职业技能评价示范中心",
    "150200": "包头钢铁集团职业技能等级认定中心",
    "150600": "鄂尔多斯市技师学院",
}


DEMO_USERNAMES = frozenset(u[0] for u in DEMO_USERS)


def seed(ctx: dict[str, Any]) -> None:
    """Create (once) the demo institutions' organisations and the demo users, through the services.

    Accounts that must use a second factor are bound to a TOTP secret derived from a fixed
    demo seed, so `python manage.py demo_totp <username>` can print their current code.
    """
    for code, name in DEMO_INSTITUTIONS.items():
        Organisation.objects.get_or_create(
            code=f"demo-inst-{code}",
            defaults={
                "kind": OrgKind.INSTITUTION,
                "name": name,
                "short_name": name[:12],
                "jurisdiction": Jurisdiction.objects.get(code=code),
            },
        )
    created = 0
    for username, full_name, org_code, roles, label in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.create_user(
                actor=None,
                organisation=Organisation.objects.get(code=org_code),
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                roles=list(roles),
                email=f"{username}@demo.skillcert.cn",
                must_change_password=False,
            )
            created += 1
        if user.requires_second_factor and not user.totp_enrolled:
            services.provision_totp(actor=None, user=user, secret=demo_secret(username))
        ctx.setdefault("accounts", []).append((label, username, DEMO_PASSWORD))
    ctx.setdefault("summary", []).append(f"演示账号 {len(DEMO_USERS)} 个（本次新建 {created} 个）")
    ctx.setdefault("notes", []).append(
        "监管部门人员和评价机构负责人的演示账号已预先绑定动态口令：登录时运行 "
        "`python manage.py demo_totp <用户名>` 获取当前 6 位动态口令（仅限演示账号，且仅在 DEBUG 模式下可用）。"
    )
