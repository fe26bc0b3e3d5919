"""调阅资料: a read-only window onto one institution's platform records for the campaign's period
(plans, rosters, review evidence, sign-ins, scores and their changes, certificates, fees) (R-SUP-4).

Reads only; the caller writes the audit event of each opening (`services.campaigns.note_records_opened`).
Identity numbers are shown masked.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import level_label
from skillcert.certificates.models import Certificate
from skillcert.core.masking import mask_id_number
from skillcert.exams.models import Attendance, ComponentScore, EvidenceFile, ExamPlan, Registration, ScoreChange
from skillcert.inspections.models import Inspection
from skillcert.institutions.models import Fee

ROW_LIMIT = 500


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    headers: list[Any]
    rows: Callable[[Inspection, datetime.date, datetime.date], list[list[Any]]]


def _local(dt: datetime.datetime | None) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def _plans(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = ExamPlan.objects.filter(institution=i.institution, first_session_on__lte=b, last_session_on__gte=a)
    return [
        [p.number, p.title, p.first_session_on, p.last_session_on, p.get_status_display(), _local(p.filed_at)]
        for p in qs.order_by("first_session_on")[:ROW_LIMIT]
    ]


def _plans_in(i: Inspection, a: datetime.date, b: datetime.date) -> Any:
    return ExamPlan.objects.filter(institution=i.institution, first_session_on__lte=b, last_session_on__gte=a)


def _registrations(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = Registration.objects.filter(plan__in=_plans_in(i, a, b)).select_related("plan").order_by("plan_id", "id")
    return [
        [
            r.plan.number,
            r.name,
            mask_id_number(r.id_number),
            level_label(r.level),
            r.get_source_display(),
            r.get_status_display(),
            r.review_reason,
        ]
        for r in qs[:ROW_LIMIT]
    ]


def _evidence(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = (
        EvidenceFile.objects.filter(registration__plan__in=_plans_in(i, a, b))
        .select_related("registration__plan")
        .order_by("registration_id", "id")
    )
    return [
        [e.registration.plan.number, e.registration.name, e.get_kind_display(), e.original_name, e.size]
        for e in qs[:ROW_LIMIT]
    ]


def _attendance(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = (
        Attendance.objects.filter(session__plan__in=_plans_in(i, a, b))
        .select_related("session__plan", "registration")
        .order_by("session_id", "checked_in_at")
    )
    return [
        [str(x.session), x.registration.name, _local(x.checked_in_at), x.identity_verified, x.note]
        for x in qs[:ROW_LIMIT]
    ]


def _scores(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = (
        ComponentScore.objects.filter(registration__plan__in=_plans_in(i, a, b))
        .select_related("registration__plan")
        .order_by("registration_id", "component")
    )
    return [
        [s.registration.plan.number, s.registration.name, s.get_component_display(), s.score, s.voided, s.absent]
        for s in qs[:ROW_LIMIT]
    ]


def _score_changes(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = (
        ScoreChange.objects.filter(component_score__registration__plan__in=_plans_in(i, a, b))
        .select_related("component_score__registration", "changed_by")
        .order_by("changed_at")
    )
    return [
        [
            c.component_score.registration.name,
            c.component_score.get_component_display(),
            c.before,
            c.after,
            c.reason,
            _local(c.changed_at),
        ]
        for c in qs[:ROW_LIMIT]
    ]


def _certificates(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = Certificate.objects.filter(institution=i.institution, issued_on__range=(a, b)).order_by("issued_on", "id")
    return [
        [c.number, c.name, c.occupation_name, level_label(c.level), c.issued_on, c.get_status_display()]
        for c in qs[:ROW_LIMIT]
    ]


def _fees(i: Inspection, a: datetime.date, b: datetime.date) -> list[list[Any]]:
    qs = (
        Fee.objects.filter(institution=i.institution).select_related("occupation").order_by("occupation__code", "level")
    )
    return [
        [
            f.occupation.name,
            level_label(f.level),
            f.total_amount,
            f.total_cost,
            f.get_status_display(),
            _local(f.published_at),
        ]
        for f in qs[:ROW_LIMIT]
    ]


SECTIONS: list[Section] = [
    Section(
        "plans", _("认定计划"), [_("计划编号"), _("计划名称"), _("首场"), _("末场"), _("状态"), _("报送时间")], _plans
    ),
    Section(
        "registrations",
        _("报名名册与资格审核"),
        [_("计划编号"), _("姓名"), _("证件号码"), _("等级"), _("报名方式"), _("审核状态"), _("审核意见")],
        _registrations,
    ),
    Section(
        "evidence", _("审核证明材料"), [_("计划编号"), _("姓名"), _("材料类别"), _("文件名"), _("大小")], _evidence
    ),
    Section("attendance", _("签到"), [_("场次"), _("姓名"), _("签到时间"), _("身份核验"), _("说明")], _attendance),
    Section("scores", _("成绩"), [_("计划编号"), _("姓名"), _("科目"), _("成绩"), _("无效"), _("缺考")], _scores),
    Section(
        "score_changes",
        _("成绩变更"),
        [_("姓名"), _("科目"), _("变更前"), _("变更后"), _("原因"), _("变更时间")],
        _score_changes,
    ),
    Section(
        "certificates",
        _("证书"),
        [_("证书编号"), _("姓名"), _("职业"), _("等级"), _("发证日期"), _("状态")],
        _certificates,
    ),
    Section(
        "fees", _("收费标准"), [_("职业"), _("等级"), _("收费合计"), _("测算成本"), _("状态"), _("公示时间")], _fees
    ),
]
SECTION_KEYS = [s.key for s in SECTIONS]


def records_section(inspection: Inspection, key: str) -> tuple[Section, list[list[Any]]]:
    """One section of the window, limited to the campaign's records period."""
    section = next(s for s in SECTIONS if s.key == key)
    campaign = inspection.campaign
    return section, section.rows(inspection, campaign.records_from, campaign.records_to)
