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
from django.utils.translation import gettext

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
            Refusal(
                "no_components",
                gettext("%(name)s%(level_label)s没有现行标准的考核科目")
                % {"name": plan.occupation.name, "level_label": level_label(registration.level)},
            )
        ]
    scores = {cs.component: cs for cs in ComponentScore.objects.filter(registration=registration)}
    refusals = []
    for component in components:
        label = ComponentKind(component.kind).label
        cs = scores.get(component.kind)
        if cs is None or cs.score is None:
            reason = gettext("缺考") if cs is not None and cs.absent else gettext("没有成绩")
            refusals.append(Refusal("component_missing", f"{label}：{reason}"))
        elif cs.absent:
            refusals.append(Refusal("component_absent", gettext("%(label)s：缺考") % {"label": label}))
        elif cs.voided:
            refusals.append(Refusal("component_voided", gettext("%(label)s：因违纪成绩无效") % {"label": label}))
        elif cs.score < component.pass_mark:
            refusals.append(
                Refusal(
                    "component_failed",
                    gettext("%(label)s：成绩%(score)s低于合格分%(pass_mark)s（须每科合格）")
                    % {"label": label, "score": cs.score, "pass_mark": component.pass_mark},
                )
            )
        elif not cs.locked:
            refusals.append(Refusal("component_unlocked", gettext("%(label)s：成绩尚未确认锁定") % {"label": label}))
    return refusals


def _finality_refusals(registration: Registration, result: Result, today: datetime.date) -> list[Refusal]:
    refusals = []
    publication = current_publication(registration)
    if publication is None:
        return [Refusal("not_published", gettext("成绩尚未公示：公示期满且无未办结的异议、复核后方可发证"))]
    if today <= publication.publicity_ends_on:
        refusals.append(
            Refusal(
                "publicity_running",
                gettext("成绩公示期至%(publicity_ends_on)s结束，公示期内不能发证")
                % {"publicity_ends_on": publication.publicity_ends_on},
            )
        )
    objections = Objection.objects.filter(publication__plan_id=registration.plan_id, status=CaseStatus.OPEN)
    objections = objections.filter(Q(registration=registration) | Q(registration__isnull=True))
    if objections.exists():
        refusals.append(
            Refusal("objection_open", gettext("有%(count)s件未办结的公示异议") % {"count": objections.count()})
        )
    rechecks = RecheckRequest.objects.filter(registration=registration, status=CaseStatus.OPEN).count()
    if rechecks:
        refusals.append(
            Refusal("recheck_open", gettext("有%(rechecks)s件未办结的成绩复核申请") % {"rechecks": rechecks})
        )
    if (result.final_at is None or publication.status != PublicationStatus.FINAL) and not refusals:
        refusals.append(
            Refusal(
                "not_final",
                gettext("认定结果尚未确认（复核申请期至%(recheck_deadline)s）：结果确认后方可发证")
                % {"recheck_deadline": publication.recheck_deadline},
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
            refusals.append(
                Refusal(
                    "out_of_scope",
                    gettext("%(target)s在考核日%(day)s不在%(filed_name)s的备案范围内")
                    % {"target": target, "day": day, "filed_name": root.filed_name},
                )
            )
        if not institution.filing_valid_on(day):
            refusals.append(
                Refusal(
                    "filing_invalid",
                    gettext("%(filed_name)s在考核日%(day)s不在备案有效期内")
                    % {"filed_name": root.filed_name, "day": day},
                )
            )
        for who in {institution.pk: institution, root.pk: root}.values():
            status = status_on(who, day)
            if status not in OPERATING_STATUSES:
                label = InstitutionStatus(status).label if status else gettext("未备案")
                refusals.append(
                    Refusal(
                        "inactive_on_exam_date",
                        gettext("%(filed_name)s在考核日%(day)s的状态为“%(label)s”，不能开展认定")
                        % {"filed_name": who.filed_name, "day": day, "label": label},
                    )
                )
    for who in {institution.pk: institution, root.pk: root}.values():
        if who.status not in OPERATING_STATUSES:
            refusals.append(
                Refusal(
                    "institution_stopped",
                    gettext("%(filed_name)s当前状态为“%(status)s”，不能颁发证书")
                    % {"filed_name": who.filed_name, "status": who.get_status_display()},
                )
            )
    return refusals


def printable_refusals(registration: Registration, institution: Institution) -> list[Refusal]:
    """Printed fields with characters the shipped font lacks would print as boxes: refused (R-CERT-3)."""
    plan = registration.plan
    fields = [
        (gettext("姓名"), registration.name),
        (gettext("职业"), plan.occupation.name),
        (gettext("工种"), display_work_type(plan.work_type)),
        (gettext("评价机构名称"), institution.root.filed_name),
    ]
    refusals = []
    for label, value in fields:
        missing = unsupported_characters(value)
        if missing:
            shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:5])
            refusals.append(
                Refusal(
                    "unprintable",
                    gettext("%(label)s含有证书字体无法显示的字符%(shown)s：请先更正为规范汉字，不能打印为空白方框")
                    % {"label": label, "shown": shown},
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
        refusals.append(
            Refusal(
                "not_approved",
                gettext("报名状态为“%(status)s”，未通过资格审核") % {"status": registration.get_status_display()},
            )
        )
    result = Result.objects.filter(registration=registration).first()
    if result is None:
        refusals.append(Refusal("no_result", gettext("尚无认定结果：成绩确认后方可发证")))
    else:
        if not result.passed:
            refusals.append(Refusal("not_passed", gettext("认定结果为不合格")))
        refusals.extend(_component_refusals(registration))
        refusals.extend(_finality_refusals(registration, result, today))
    refusals.extend(_institution_refusals(institution, exam_dates(registration), registration))
    if plan.filed_on_time is not True:
        if plan.filed_at is None:
            refusals.append(Refusal("plan_not_filed", gettext("认定计划未在平台报送，不能发证")))
        else:
            lead = (
                ""
                if plan.lead_working_days is None
                else gettext("（距首场考试仅%(lead_working_days)s个工作日）")
                % {"lead_working_days": plan.lead_working_days}
            )
            refusals.append(
                Refusal("plan_late", gettext("认定计划未按规定时限提前报送%(lead)s，不能发证") % {"lead": lead})
            )
    if resolve_site_serial(institution, plan.venue) is None:
        refusals.append(
            Refusal(
                "no_site_serial",
                gettext("%(filed_name)s（考点：%(name)s）尚未分配站点序号：请自治区人社厅在站点序号登记中分配")
                % {"filed_name": institution.filed_name, "name": plan.venue.name},
            )
        )
    refusals.extend(printable_refusals(registration, institution))
    # One message per reason, in order (several exam days may repeat one).
    return list(dict.fromkeys(refusals))
