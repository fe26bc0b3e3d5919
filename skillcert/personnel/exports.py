"""What each personnel list writes to Excel and PDF; ID numbers and phones are masked (R-REP-2, R-X-3).

Each list page marks itself with `@exports(...)` and answers `?export=xlsx|pdf` through
`skillcert.core.listing`; the columns are declared here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import level_label
from skillcert.core.listing import Column, ListExport
from skillcert.personnel.choices import AppointmentStatus
from skillcert.personnel.models import Person, Qualification, StaffViolation
from skillcert.personnel.selectors import WorkforceRow, workforce_totals

__all__ = ["DRAWS", "PEOPLE", "QUALIFICATIONS", "VIOLATIONS", "WORKFORCE", "WorkforceLine", "workforce_lines"]


def _qualifications(person: Person) -> str:
    return "；".join(
        f"{q.occupation.code} {q.occupation.name} {level_label(q.level)}"
        for q in getattr(person, "active_qualifications", [])
    )


def _cards(person: Person) -> str:
    today = timezone.localdate()
    parts = []
    for a in person.appointments.all():
        text = f"{a.get_role_display()} {a.get_status_display()}"
        if a.status == AppointmentStatus.ACTIVE:
            state = gettext("有效") if a.card_valid_on(today) else gettext("已过期")
            until = a.card_valid_until.isoformat() if a.card_valid_until else ""
            text = f"{text} {a.card_number} {until} {state}"
        parts.append(text.strip())
    return "；".join(parts)


PEOPLE = ListExport(
    _("人员名册"),
    [
        Column(_("姓名"), lambda p: p.name),
        Column(_("身份证号码（脱敏）"), lambda p: p.id_number_masked),
        Column(_("手机号码（脱敏）"), lambda p: p.mobile_masked),
        Column(_("工作单位"), lambda p: p.employer_display),
        Column(_("工作所在地"), lambda p: p.jurisdiction.name),
        Column(_("职务/职称"), lambda p: p.job_title),
        Column(_("人员类别与证卡"), _cards),
        Column(_("职业资格"), _qualifications),
        Column(_("在册"), lambda p: p.is_active),
    ],
)


def _qualification_state(q: Qualification) -> str:
    if q.is_active:
        return gettext("有效")
    return gettext("已撤销（%(reason)s）") % {"reason": q.revoked_reason}


QUALIFICATIONS = ListExport(
    _("职业资格"),
    [
        Column(_("姓名"), lambda q: q.person.name),
        Column(_("身份证号码（脱敏）"), lambda q: q.person.id_number_masked),
        Column(_("工作单位"), lambda q: q.person.employer_display),
        Column(_("工作所在地"), lambda q: q.person.jurisdiction.name),
        Column(_("职业编码"), lambda q: q.occupation.code),
        Column(_("职业名称"), lambda q: q.occupation.name),
        Column(_("最高可考评等级"), lambda q: level_label(q.level)),
        Column(_("取得日期"), lambda q: q.granted_on),
        Column(_("认定单位"), lambda q: q.granted_by.name if q.granted_by else ""),
        Column(_("状态"), _qualification_state),
    ],
)


def _sanctions(v: StaffViolation) -> str:
    return "；".join(f"{s.get_kind_display()}（{s.period_display}）" for s in v.sanctions.all())


VIOLATIONS = ListExport(
    _("违规违纪与处分"),
    [
        Column(_("发生日期"), lambda v: v.occurred_on),
        Column(_("姓名"), lambda v: v.person.name),
        Column(_("工作单位"), lambda v: v.person.employer_display),
        Column(_("情况"), lambda v: v.description),
        Column(_("处理状态"), lambda v: v.get_status_display()),
        Column(_("处分"), _sanctions),
        Column(_("移交"), lambda v: v.referred_to if v.referred_on else ""),
    ],
)


DRAWS = ListExport(
    _("督导人员抽取记录"),
    [
        Column(_("日期"), lambda d: d.on),
        Column(_("被督导机构"), lambda d: d.institution.name),
        Column(_("人员类别"), lambda d: d.get_role_display()),
        Column(_("场次"), lambda d: getattr(d, "session_label", "") or d.session_ref),
        Column(_("候选"), lambda d: len(d.pool)),
        Column(_("排除"), lambda d: len(d.exclusions)),
        Column(_("抽取"), lambda d: len(d.selected)),
        Column(_("随机种子"), lambda d: d.seed),
        Column(_("抽取单位"), lambda d: d.drawn_by.name if d.drawn_by else gettext("系统")),
    ],
)


@dataclass(frozen=True)
class WorkforceLine:
    """One jurisdiction (or the total) and one staff group of the workforce table."""

    area: str
    group: str
    headcount_target: int | None
    actual: int
    trained_target: int | None
    trained: int
    hours: Any

    @property
    def headcount_gap(self) -> int | None:
        return None if self.headcount_target is None else self.actual - self.headcount_target

    @property
    def trained_gap(self) -> int | None:
        return None if self.trained_target is None else self.trained - self.trained_target


def workforce_lines(summary: list[WorkforceRow]) -> list[WorkforceLine]:
    """The workforce table flattened to one line per jurisdiction and group, then the totals."""
    lines = [
        WorkforceLine(
            row.jurisdiction.name,
            cell.label,
            cell.headcount_target,
            cell.actual,
            cell.trained_target,
            cell.trained,
            cell.hours,
        )
        for row in summary
        for cell in row.cells
    ]
    lines += [
        WorkforceLine(
            gettext("合计"),
            t["label"],
            t["headcount_target"],
            t["actual"],
            t["trained_target"],
            t["trained"],
            t["hours"],
        )
        for t in workforce_totals(summary)
    ]
    return lines


WORKFORCE = ListExport(
    _("队伍建设规划"),
    [
        Column(_("辖区"), lambda w: w.area),
        Column(_("人员类别"), lambda w: w.group),
        Column(_("目标人数"), lambda w: w.headcount_target),
        Column(_("实有人数"), lambda w: w.actual),
        Column(_("差额"), lambda w: w.headcount_gap),
        Column(_("目标培训人数"), lambda w: w.trained_target),
        Column(_("培训合格人数"), lambda w: w.trained),
        Column(_("培训差额"), lambda w: w.trained_gap),
        Column(_("培训学时"), lambda w: w.hours),
    ],
)
