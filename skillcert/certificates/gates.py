"""Whether a registration may receive a certificate, and every reason why not (R-CERT-2).

A certificate is issued only when: the candidate passed every required component; the
results are final (publicity over, no open objection or re-check); on each exam date the
occupation/工种/level was in the institution's filed scope, its filing was valid and it was
operating; it is not suspended, revoked or withdrawn today; the plan was filed in time; the
regional department has given the site a serial; and the printed fields can be printed.
Facts come from the history the other apps keep (scope versions, status changes), never
from "now" alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.catalog.models import display_work_type
from skillcert.catalog.selectors import components_for
from skillcert.certificates.models import SiteSerial
from skillcert.core.pdf import unsupported_characters
from skillcert.exams.choices import CaseStatus, PublicationStatus, RegistrationStatus
from skillcert.exams.models import (
    ComponentScore,
    ExamSession,
    Objection,
    RecheckRequest,
    Registration,
    Result,
    ResultPublication,
)
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import Institution, Venue
from skillcert.institutions.selectors import OPERATING_STATUSES, scope_covers, status_on


@dataclass(frozen=True)
class Refusal:
    """One reason a certificate may not be issued, with a stable code (R-CERT-2)."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def resolve_site_serial(institution: Institution, venue: Venue | None) -> SiteSerial | None:
    """The active serial of the exam's venue, else the institution's serial for all its sites (R-CERT-1)."""
    active = SiteSerial.objects.filter(institution=institution, retired_on__isnull=True)
    if venue is not None:
        own = active.filter(venue=venue).first()
        if own is not None:
            return own
    return active.filter(venue__isnull=True).first()


def exam_dates(registration: Registration) -> list[datetime.date]:
    """The days the candidate sat their components; the plan's first and last day without seats."""
    starts = ExamSession.objects.filter(seats__registration=registration).values_list("starts_at", flat=True)
    days = sorted({timezone.localtime(s).date() for s in starts})
    if days:
        return days
    plan = registration.plan
    return sorted({plan.first_session_on, plan.last_session_on})


def current_publication(registration: Registration) -> ResultPublication | None:
    return registration.plan.publications.order_by("-published_at", "-id").first()


def _component_refusals(registration: Registration) -> list[Refusal]:
    plan = registration.plan
    components = components_for(plan.occupation, registration.level)
    if not components:
        return [
            Refusal("no_components", f"{plan.occupation.name}{level_label(registration.level)}没有现行标准的考核科目")
        ]
    scores = {cs.component: cs for cs in ComponentScore.objects.filter(registration=registration)}
    refusals = []
    for component in components:
        label = ComponentKind(component.kind).label
        cs = scores.get(component.kind)
        if cs is None or cs.score is None:
            reason = "缺考" if cs is not None and cs.absent else "没有成绩"
            refusals.append(Refusal("component_missing", f"{label}：{reason}"))
        elif cs.absent:
            refusals.append(Refusal("component_absent", f"{label}：缺考"))
        elif cs.voided:
            refusals.append(Refusal("component_voided", f"{label}：因违纪成绩无效"))
        elif cs.score < component.pass_mark:
            refusals.append(
                Refusal("component_failed", f"{label}：成绩{cs.score}低于合格分{component.pass_mark}（须每科合格）")
            )
        elif not cs.locked:
            refusals.append(Refusal("component_unlocked", f"{label}：成绩尚未确认锁定"))
    return refusals


def _finality_refusals(registration: Registration, result: Result, today: datetime.date) -> list[Refusal]:
    refusals = []
    publication = current_publication(registration)
    if publication is None:
        return [Refusal("not_published", "成绩尚未公示：公示期满且无未办结的异议、复核后方可发证")]
    if today <= publication.publicity_ends_on:
        refusals.append(
            Refusal("publicity_running", f"成绩公示期至{publication.publicity_ends_on}结束，公示期内不能发证")
        )
    objections = Objection.objects.filter(publication__plan_id=registration.plan_id, status=CaseStatus.OPEN)
    objections = objections.filter(Q(registration=registration) | Q(registration__isnull=True))
    if objections.exists():
        refusals.append(Refusal("objection_open", f"有{objections.count()}件未办结的公示异议"))
    rechecks = RecheckRequest.objects.filter(registration=registration, status=CaseStatus.OPEN).count()
    if rechecks:
        refusals.append(Refusal("recheck_open", f"有{rechecks}件未办结的成绩复核申请"))
    if (result.final_at is None or publication.status != PublicationStatus.FINAL) and not refusals:
        refusals.append(
            Refusal(
                "not_final",
                f"认定结果尚未确认（复核申请期至{publication.recheck_deadline}）：结果确认后方可发证",
            )
        )
    return refusals


def _institution_refusals(
    institution: Institution, days: list[datetime.date], registration: Registration
) -> list[Refusal]:
    plan = registration.plan
    refusals = []
    root = institution.root
    target = f"{plan.occupation.name}（{display_work_type(plan.work_type)}）{level_label(registration.level)}"
    for day in days:
        if not scope_covers(institution, plan.occupation, plan.work_type, registration.level, on=day):
            refusals.append(Refusal("out_of_scope", f"{target}在考核日{day}不在{root.filed_name}的备案范围内"))
        if not institution.filing_valid_on(day):
            refusals.append(Refusal("filing_invalid", f"{root.filed_name}在考核日{day}不在备案有效期内"))
        for who in {institution.pk: institution, root.pk: root}.values():
            status = status_on(who, day)
            if status not in OPERATING_STATUSES:
                label = InstitutionStatus(status).label if status else "未备案"
                refusals.append(
                    Refusal("inactive_on_exam_date", f"{who.filed_name}在考核日{day}的状态为“{label}”，不能开展认定")
                )
    for who in {institution.pk: institution, root.pk: root}.values():
        if who.status not in OPERATING_STATUSES:
            refusals.append(
                Refusal(
                    "institution_stopped",
                    f"{who.filed_name}当前状态为“{who.get_status_display()}”，不能颁发证书",
                )
            )
    return refusals


def printable_refusals(registration: Registration, institution: Institution) -> list[Refusal]:
    """Printed fields with characters the shipped font lacks would print as boxes: refused (R-CERT-3)."""
    plan = registration.plan
    fields = [
        ("姓名", registration.name),
        ("职业", plan.occupation.name),
        ("工种", display_work_type(plan.work_type)),
        ("评价机构名称", institution.root.filed_name),
    ]
    refusals = []
    for label, value in fields:
        missing = unsupported_characters(value)
        if missing:
            shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:5])
            refusals.append(
                Refusal(
                    "unprintable", f"{label}含有证书字体无法显示的字符{shown}：请先更正为规范汉字，不能打印为空白方框"
                )
            )
    return refusals


def issuance_refusals(registration: Registration, *, on: datetime.date | None = None) -> list[Refusal]:
    """Every reason this registration may not receive a certificate today; empty when it may (R-CERT-2)."""
    today = on or timezone.localdate()
    plan = registration.plan
    institution = plan.institution
    refusals: list[Refusal] = []
    if registration.status != RegistrationStatus.APPROVED:
        refusals.append(Refusal("not_approved", f"报名状态为“{registration.get_status_display()}”，未通过资格审核"))
    result = Result.objects.filter(registration=registration).first()
    if result is None:
        refusals.append(Refusal("no_result", "尚无认定结果：成绩确认后方可发证"))
    else:
        if not result.passed:
            refusals.append(Refusal("not_passed", "认定结果为不合格"))
        refusals.extend(_component_refusals(registration))
        refusals.extend(_finality_refusals(registration, result, today))
    refusals.extend(_institution_refusals(institution, exam_dates(registration), registration))
    if plan.filed_on_time is not True:
        if plan.filed_at is None:
            refusals.append(Refusal("plan_not_filed", "认定计划未在平台报送，不能发证"))
        else:
            lead = "" if plan.lead_working_days is None else f"（距首场考试仅{plan.lead_working_days}个工作日）"
            refusals.append(Refusal("plan_late", f"认定计划未按规定时限提前报送{lead}，不能发证"))
    if resolve_site_serial(institution, plan.venue) is None:
        refusals.append(
            Refusal(
                "no_site_serial",
                f"{institution.filed_name}（考点：{plan.venue.name}）尚未分配站点序号：请自治区人社厅在站点序号登记中分配",
            )
        )
    refusals.extend(printable_refusals(registration, institution))
    # One message per reason, in order (several exam days may repeat one).
    return list(dict.fromkeys(refusals))
