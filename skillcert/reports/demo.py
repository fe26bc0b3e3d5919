"""Demo annual summaries in each state (R-REP-1): last year accepted, returned, submitted late and
not submitted at all; this year one being written and one submitted on time."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from skillcert.accounts.models import User
from skillcert.reports.models import AnnualSummary
from skillcert.reports.services import (
    accept_summary,
    open_summary,
    return_summary,
    save_narrative,
    submit_summary,
)

OVERVIEW = "本年度共组织职业技能等级认定{n}批次，评价机构均按计划报送，考务组织规范。"


def _summary(writer: User, year: int, *, submit: bool) -> AnnualSummary:
    existing = AnnualSummary.objects.filter(league=writer.organisation.jurisdiction, year=year).first()
    if existing is not None:
        return existing
    summary = open_summary(actor=writer, year=year)
    save_narrative(
        actor=writer,
        summary=summary,
        overview=OVERVIEW.format(n=(summary.statistics.get("plans") and len(summary.statistics["plans"])) or 0),
        achievements="认定质量稳步提升，考评员队伍持续壮大。",
        problems="部分工种考评员数量不足。",
        next_year="加强考评员培训，推进全过程监管。",
    )
    if submit:
        summary = submit_summary(actor=writer, summary=summary)
    return summary


def seed(ctx: dict[str, Any]) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["center_150100", "center_150200", "center_150600", "region_center"])
    }
    if len(users) < 4:
        ctx.setdefault("notes", []).append("年度总结演示：缺少盟市或自治区就业服务中心演示账号，未生成")
        return
    year = timezone.localdate().year
    region = users["region_center"]
    accepted = _summary(users["center_150100"], year - 1, submit=True)
    if accepted.status == "submitted":
        accept_summary(actor=region, summary=accepted)
    returned = _summary(users["center_150200"], year - 1, submit=True)
    if returned.status == "submitted":
        return_summary(actor=region, summary=returned, comments="请补充考评员培训和督导检查情况后重新报送。")
    _summary(users["center_150600"], year - 1, submit=True)  # after last year's deadline: late
    _summary(users["center_150100"], year, submit=False)  # being written
    _summary(users["center_150200"], year, submit=True)  # on time
    ctx.setdefault("summary", []).append(
        f"年度工作总结：{AnnualSummary.objects.count()}份（已接收、已退回、逾期报送、编写中、按时报送各有示例）"
    )
