"""The R-SUP-2 alert kinds of the supervision app, each a small set-based rule (R-SUP-2).

Every rule aggregates in the database and returns the findings true now (see
`skillcert.supervision.registry` for the contract). Thresholds come from
`skillcert/supervision/policies.py` and the owning apps' policies. Stale item banks and the
item-level answer data belong to the item-bank app, which contributes its own rules; this
module's `answer_similarity` rule reads the item bank's item-level responses and
`skillcert.supervision.copying` computes the index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import ComponentKind
from skillcert.catalog.models import Occupation
from skillcert.catalog.selectors import ratios_for
from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.certificates.selectors import export_deadline
from skillcert.core.workdays import WorkingCalendar
from skillcert.exams.choices import PlanStatus, PublicationStatus, RegistrationStatus, SessionStaffRole
from skillcert.exams.models import (
    ExamPlan,
    ExamSession,
    PlanLevel,
    Registration,
    ResultPublication,
    Seat,
    SessionStaff,
)
from skillcert.exams.models import Result as ExamResult
from skillcert.institutions.choices import BranchFilingStatus, FeeStatus, InstitutionStatus, RuleDocumentKind
from skillcert.institutions.models import (
    BranchFiling,
    Commitment,
    Fee,
    Institution,
    RuleDocument,
    ScopeItem,
)
from skillcert.institutions.selectors import out_of_band_q, required_rule_documents
from skillcert.personnel.choices import BARRING_SANCTIONS, AppointmentStatus
from skillcert.personnel.models import Appointment, StaffSanction
from skillcert.supervision.choices import Severity
from skillcert.supervision.registry import Finding, RuleContext, alert_rule
from skillcert.supervision.statistics import pass_rate_outliers

LIVE_PLAN = (
    PlanStatus.FILED,
    PlanStatus.QUESTIONED,
    PlanStatus.OPEN,
    PlanStatus.CLOSED,
    PlanStatus.IN_PROGRESS,
    PlanStatus.SCORING,
    PlanStatus.PUBLICITY,
)
"""Plans whose activity is still under way (filed, not stopped, cancelled or final)."""
STOPPED_INSTITUTION = (InstitutionStatus.SUSPENDED, InstitutionStatus.REVOKED, InstitutionStatus.WITHDRAWN)


def _link(label: str, url: str) -> dict[str, str]:
    return {"label": label, "url": url}


def _plan_link(plan_id: int) -> dict[str, str]:
    return _link(str(_("认定计划")), reverse("exams:plan", args=[plan_id]))


def _institution_link(institution_id: int) -> dict[str, str]:
    return _link(str(_("评价机构")), reverse("institutions:detail", args=[institution_id]))


def _plans_in_window(ctx: RuleContext, statuses: Iterable[str] = LIVE_PLAN) -> Any:
    plans = ExamPlan.objects.filter(status__in=list(statuses))
    if ctx.since:
        plans = plans.filter(last_session_on__gte=ctx.since)
    if ctx.institution_ids is not None:
        plans = plans.filter(institution_id__in=ctx.institution_ids)
    return plans


@alert_rule(
    kind="plan_filed_late",
    severity=Severity.MEDIUM,
    label=_("认定计划报备逾期"),
    spec="R-SUP-2, R-EXAM-1",
    clause="§5(一)",  # i18n: data (notice clause)
    cheap=True,
)
def plan_filed_late(ctx: RuleContext) -> Iterator[Finding]:
    """A plan filed fewer working days before its first session than the lead time asks
    (R-SUP-2 "plan filed late", R-EXAM-1; notice §5(一): the platform watches every step;
    lead time `exams.plan_lead_working_days`)."""
    plans = ExamPlan.objects.filter(filed_on_time=False, filed_at__isnull=False).exclude(
        status__in=[PlanStatus.DRAFT, PlanStatus.CANCELLED]
    )
    if ctx.since:
        plans = plans.filter(first_session_on__gte=ctx.since)
    if ctx.institution_ids is not None:
        plans = plans.filter(institution_id__in=ctx.institution_ids)
    required = int(ctx.policy("exams.plan_lead_working_days"))
    for row in plans.values(
        "id", "number", "title", "league_id", "institution_id", "first_session_on", "filed_at", "lead_working_days"
    ).iterator():
        yield Finding(
            subject_type="exams.ExamPlan",
            subject_id=row["id"],
            subject_label=f"{row['number']} {row['title']}",
            jurisdiction_id=row["league_id"],
            institution_id=row["institution_id"],
            observed_on=row["first_session_on"],
            evidence={
                "filed_at": row["filed_at"].isoformat() if row["filed_at"] else None,
                "first_session_on": row["first_session_on"].isoformat(),
                "lead_working_days": row["lead_working_days"],
                "required_working_days": required,
                "links": [_plan_link(row["id"])],
            },
        )


def _covered_on(day_field: str) -> Exists:
    """A scope item of the institution (a branch: its parent) in force on the plan's date covers the level."""
    return Exists(
        ScopeItem.objects.filter(
            version__institution_id=Coalesce(
                OuterRef("plan__institution__parent_id"), OuterRef("plan__institution_id")
            ),
            version__valid_from__lte=OuterRef(day_field),
            occupation_id=OuterRef("plan__occupation_id"),
            level=OuterRef("level"),
        ).filter(
            Q(version__valid_to__isnull=True) | Q(version__valid_to__gt=OuterRef(day_field)),
            Q(work_type__isnull=True) | Q(work_type_id=OuterRef("plan__work_type_id")),
        )
    )


@alert_rule(
    kind="outside_scope",
    severity=Severity.HIGH,
    label=_("超范围或超区域开展认定"),
    spec="R-SUP-2, R-INS-2, R-INS-8",
    clause="§2(三), §3",  # i18n: data (notice clause)
    cheap=True,
)
def outside_scope(ctx: RuleContext) -> Iterator[Finding]:
    """A live plan outside the institution's filed scope on an exam date, outside its area (or a
    branch without accepted 报备 in the league), or run by an institution suspended, revoked or
    withdrawn since — including every change after the plan was filed (R-SUP-2 "activity outside
    scope or area", R-INS-2, R-INS-8; notice §2(三), §3(一)–(五))."""
    plans = _plans_in_window(ctx)
    reasons: dict[int, list[str]] = defaultdict(list)
    levels = (
        PlanLevel.objects.filter(plan__in=plans.values("pk"))
        .annotate(first_ok=_covered_on("plan__first_session_on"), last_ok=_covered_on("plan__last_session_on"))
        .filter(Q(first_ok=False) | Q(last_ok=False))
        .values("plan_id", "level")
    )
    for row in levels:
        reasons[row["plan_id"]].append(str(_("等级%(level)s不在考试日期有效的备案范围内")) % {"level": row["level"]})
    root_status = Coalesce(F("institution__parent__status"), F("institution__status"))
    for row in (
        plans.annotate(root_status=root_status).filter(root_status__in=STOPPED_INSTITUTION).values("id", "root_status")
    ):
        reasons[row["id"]].append(
            str(_("评价机构状态为“%(status)s”")) % {"status": InstitutionStatus(row["root_status"]).label}
        )
    accepted = BranchFiling.objects.filter(
        branch_id=OuterRef("institution_id"), league_id=OuterRef("league_id"), status=BranchFilingStatus.ACCEPTED
    )
    outside_area = plans.filter(
        Q(institution__parent__isnull=True, institution__area__level="league") & ~Q(institution__area_id=F("league_id"))
        | Q(institution__parent__isnull=False) & ~Exists(accepted)
    )
    for pk in outside_area.values_list("id", flat=True):
        reasons[pk].append(str(_("考点所在盟市不在机构的区域范围内（分支机构：未在该盟市报备）")))
    if not reasons:
        return
    for plan in ExamPlan.objects.filter(pk__in=list(reasons)).values(
        "id", "number", "title", "league_id", "institution_id", "first_session_on", "last_session_on"
    ):
        yield Finding(
            subject_type="exams.ExamPlan",
            subject_id=plan["id"],
            subject_label=f"{plan['number']} {plan['title']}",
            jurisdiction_id=plan["league_id"],
            institution_id=plan["institution_id"],
            observed_on=plan["last_session_on"],
            evidence={
                "reasons": reasons[plan["id"]],
                "exam_dates": [plan["first_session_on"].isoformat(), plan["last_session_on"].isoformat()],
                "links": [_plan_link(plan["id"]), _institution_link(plan["institution_id"])],
            },
        )


MAIN_ROLE = {
    ComponentKind.THEORY: SessionStaffRole.PROCTOR,
    ComponentKind.SKILLS: SessionStaffRole.SKILLS_EXAMINER,
    ComponentKind.REVIEW: SessionStaffRole.REVIEW_PANEL,
}


@alert_rule(
    kind="staffing_broken",
    severity=Severity.HIGH,
    label=_("考评人员配比或回避不符合要求"),
    spec="R-SUP-2, R-EXAM-6, R-PER-2, R-SUP-7",
    clause="§4(四), §4(五), §5(六)",  # i18n: data (notice clause)
    cheap=True,
)
def staffing_broken(ctx: RuleContext) -> Iterator[Finding]:
    """A session with confirmed staffing that no longer meets the standard's ratios (candidates
    seated after the confirmation) or whose staff had no valid card or were barred by a sanction
    on the exam day (a card expired or a sanction started after the assignment) (R-SUP-2
    "staffing ratio or avoidance broken", R-EXAM-6, R-PER-2, R-SUP-7; notice §4(四)(五), §5(六))."""
    sessions = ExamSession.objects.filter(
        staffing_confirmation__isnull=False, plan__status__in=[*LIVE_PLAN, PlanStatus.FINAL]
    )
    if ctx.since:
        sessions = sessions.filter(starts_at__date__gte=ctx.since)
    if ctx.institution_ids is not None:
        sessions = sessions.filter(plan__institution_id__in=ctx.institution_ids)
    problems: dict[int, list[str]] = defaultdict(list)
    valid_card = Appointment.objects.filter(
        person_id=OuterRef("person_id"),
        status=AppointmentStatus.ACTIVE,
        card_valid_until__gte=OuterRef("session__starts_at__date"),
    )
    barred = StaffSanction.objects.filter(
        person_id=OuterRef("person_id"),
        kind__in=list(BARRING_SANCTIONS),
        starts_on__lte=OuterRef("session__starts_at__date"),
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("session__starts_at__date")))
    staff = (
        SessionStaff.objects.filter(session__in=sessions.values("pk"))
        .annotate(card_ok=Exists(valid_card), barred=Exists(barred))
        .filter(Q(card_ok=False) | Q(barred=True))
        .values("session_id", "person__name", "card_ok", "barred")
    )
    for row in staff:
        if not row["card_ok"]:
            problems[row["session_id"]].append(
                str(_("%(name)s：考试日证卡已过期或无有效证卡")) % {"name": row["person__name"]}
            )
        if row["barred"]:
            problems[row["session_id"]].append(
                str(_("%(name)s：考试日处于暂停或取消资格处分期内")) % {"name": row["person__name"]}
            )
    unseated_late = (
        Registration.objects.filter(
            plan_id=OuterRef("plan_id"),
            level=OuterRef("level"),
            status=RegistrationStatus.APPROVED,
            reviewed_at__gt=OuterRef("staffing_confirmation__confirmed_at"),
        )
        .exclude(Exists(Seat.objects.filter(session_id=OuterRef(OuterRef("pk")), registration_id=OuterRef("pk"))))
        .order_by()
        .values("plan_id")
        .annotate(c=Count("id"))
        .values("c")
    )
    counted = sessions.annotate(
        seated=Count("seats", distinct=True),
        late=Coalesce(Subquery(unseated_late), 0),
        proctors=Count("staff", filter=Q(staff__role=SessionStaffRole.PROCTOR), distinct=True),
        examiners=Count("staff", filter=Q(staff__role=SessionStaffRole.SKILLS_EXAMINER), distinct=True),
        panel=Count("staff", filter=Q(staff__role=SessionStaffRole.REVIEW_PANEL), distinct=True),
        internal=Count("staff", filter=Q(staff__role=SessionStaffRole.INTERNAL_SUPERVISOR), distinct=True),
    ).values("id", "component", "seated", "late", "proctors", "examiners", "panel", "internal", "plan__occupation_id")
    ratios: dict[int, Any] = {}

    for row in counted.iterator():
        occ_id = row["plan__occupation_id"]
        if occ_id not in ratios:
            ratios[occ_id] = ratios_for(Occupation.objects.get(pk=occ_id))
        ratio = ratios[occ_id]
        seated = row["seated"] + row["late"]
        if row["late"]:
            problems[row["id"]].append(
                str(_("人员配备确认后又审核通过%(n)s名考生，尚未重新核对配比")) % {"n": row["late"]}
            )
        if row["internal"] < 1:
            problems[row["id"]].append(str(_("缺少内部质量督导员")))
        if row["component"] == ComponentKind.THEORY:
            need, have, label = ratio.proctors_needed(seated), row["proctors"], _("监考人员")
        elif row["component"] == ComponentKind.SKILLS:
            need, have, label = ratio.examiners_needed(seated), row["examiners"], _("考评员")
        else:
            need, have, label = ratio.review_panel_needed(), row["panel"], _("综合评审委员")
        if seated and have < need:
            problems[row["id"]].append(
                str(_("%(label)s：%(seated)s名考生需要%(need)s名，现有%(have)s名"))
                % {"label": label, "seated": seated, "need": need, "have": have}
            )
    if not problems:
        return
    for session in ExamSession.objects.filter(pk__in=list(problems)).values(
        "id", "plan_id", "plan__number", "plan__league_id", "plan__institution_id", "starts_at", "component", "level"
    ):
        yield Finding(
            subject_type="exams.ExamSession",
            subject_id=session["id"],
            subject_label=" ".join(
                [
                    session["plan__number"],
                    f"{session['starts_at']:%Y-%m-%d %H:%M}",
                    str(ComponentKind(session["component"]).label),
                ]
            ),
            jurisdiction_id=session["plan__league_id"],
            institution_id=session["plan__institution_id"],
            observed_on=session["starts_at"].date(),
            evidence={"problems": problems[session["id"]], "links": [_plan_link(session["plan_id"])]},
        )


@alert_rule(
    kind="certificate_before_publicity_end",
    severity=Severity.HIGH,
    label=_("公示期未满发放证书"),
    spec="R-SUP-2, R-CERT-2, R-EXAM-9",
    clause="§4(七), §5(一)",  # i18n: data (notice clause)
    cheap=True,
)
def certificate_before_publicity_end(ctx: RuleContext) -> Iterator[Finding]:
    """Certificates of a plan issued on or before the publicity's last day, or a plan whose
    publicity was reopened after certificates were issued (R-SUP-2 "certificate before publicity
    end", R-CERT-2, R-EXAM-9; notice §4(七))."""
    certs = Certificate.objects.exclude(status=CertificateStatus.VOIDED)
    if ctx.since:
        certs = certs.filter(issued_on__gte=ctx.since)
    if ctx.institution_ids is not None:
        certs = certs.filter(institution_id__in=ctx.institution_ids)
    early = Q(issued_on__lte=F("plan__publications__publicity_ends_on")) | Q(
        plan__publications__status=PublicationStatus.PUBLICITY
    )
    rows = (
        certs.filter(plan__publications__isnull=False)
        .filter(early)
        .values("plan_id", "plan__number", "plan__title", "league_id", "institution_id")
        .annotate(n=Count("id", distinct=True), first=Min("issued_on"), last=Max("issued_on"))
        .order_by()
    )
    ends = {
        row["plan_id"]: row
        for row in ResultPublication.objects.values("plan_id").annotate(
            ends=Max("publicity_ends_on"), open=Count("id", filter=Q(status=PublicationStatus.PUBLICITY))
        )
    }
    for row in rows:
        pub = ends.get(row["plan_id"], {})
        yield Finding(
            subject_type="exams.ExamPlan",
            subject_id=row["plan_id"],
            subject_label=f"{row['plan__number']} {row['plan__title']}",
            jurisdiction_id=row["league_id"],
            institution_id=row["institution_id"],
            observed_on=row["first"],
            evidence={
                "certificates": row["n"],
                "first_issued_on": row["first"].isoformat(),
                "last_issued_on": row["last"].isoformat(),
                "publicity_ends_on": pub["ends"].isoformat() if pub.get("ends") else None,
                "publicity_reopened": bool(pub.get("open")),
                "links": [
                    _plan_link(row["plan_id"]),
                    _link(str(_("证书列表")), reverse("certificates:list") + f"?plan={row['plan_id']}"),
                ],
            },
        )


def _filed_institutions(ctx: RuleContext) -> Any:
    qs = Institution.objects.filter(parent__isnull=True, filing_number__isnull=False).exclude(
        status__in=STOPPED_INSTITUTION
    )
    if ctx.institution_ids is not None:
        qs = qs.filter(pk__in=ctx.institution_ids)
    return qs


@alert_rule(
    kind="readiness_missing",
    severity=Severity.MEDIUM,
    label=_("规章制度、诚信承诺或收费标准缺失"),
    spec="R-SUP-2, R-INS-3, R-INS-4, R-INS-5",
    clause="§4(一), §4(二), §5(四)",  # i18n: data (notice clause)
    cheap=True,
)
def readiness_missing(ctx: RuleContext) -> Iterator[Finding]:
    """A filed institution that has not published every required rule document (the seven of
    §4(一), and the examiner management rules of §4(四) while the region requires them), has no countersigned
    integrity commitment, or has scope items without a published fee (R-SUP-2 "missing rule
    documents, commitment or fees", R-INS-3..5; notice §4(一)(二), §5(四))."""
    all_kinds = {k.value for k in required_rule_documents()}
    published = defaultdict(set)
    institutions = _filed_institutions(ctx)
    for row in (
        RuleDocument.objects.filter(institution__in=institutions.values("pk"), published_at__isnull=False)
        .values("institution_id", "kind")
        .distinct()
    ):
        published[row["institution_id"]].add(row["kind"])
    fee = Fee.objects.filter(
        institution_id=OuterRef("version__institution_id"),
        occupation_id=OuterRef("occupation_id"),
        level=OuterRef("level"),
        status=FeeStatus.PUBLISHED,
    ).filter(Q(work_type__isnull=True) | Q(work_type_id=OuterRef("work_type_id")))
    unpriced = dict(
        ScopeItem.objects.filter(version__institution__in=institutions.values("pk"), version__valid_to__isnull=True)
        .annotate(priced=Exists(fee))
        .filter(priced=False)
        .values("version__institution_id")
        .annotate(n=Count("id"))
        .values_list("version__institution_id", "n")
    )
    signed = Commitment.objects.filter(institution_id=OuterRef("pk"), countersigned_at__isnull=False)
    for row in institutions.annotate(signed=Exists(signed)).values("id", "filed_name", "area_id", "signed").iterator():
        missing_docs = sorted(all_kinds - published.get(row["id"], set()))
        gaps: dict[str, Any] = {}
        if missing_docs:
            gaps["rule_documents"] = [str(RuleDocumentKind(k).label) for k in missing_docs]
        if not row["signed"]:
            gaps["commitment"] = str(_("无已会签的诚信承诺书"))
        if unpriced.get(row["id"]):
            gaps["scope_items_without_fee"] = unpriced[row["id"]]
        if not gaps:
            continue
        yield Finding(
            subject_type="institutions.Institution",
            subject_id=row["id"],
            subject_label=row["filed_name"],
            jurisdiction_id=row["area_id"],
            institution_id=row["id"],
            evidence={**gaps, "links": [_institution_link(row["id"])]},
        )


@alert_rule(
    kind="fee_out_of_band",
    severity=Severity.MEDIUM,
    label=_("收费明显偏离评价成本"),
    spec="R-SUP-2, R-INS-5",
    clause="§5(四)",  # i18n: data (notice clause)
    cheap=True,
)
def fee_out_of_band(ctx: RuleContext) -> Iterator[Finding]:
    """A published fee more than `fees.band_percent` above or below its estimated cost, or
    charged on a zero cost (R-SUP-2 "fee out of band", R-INS-5; notice §5(四))."""
    fees = Fee.objects.filter(out_of_band_q(), status=FeeStatus.PUBLISHED)
    if ctx.institution_ids is not None:
        fees = fees.filter(institution_id__in=ctx.institution_ids)
    band = ctx.policy("fees.band_percent")
    for row in fees.values(
        "id",
        "institution_id",
        "institution__filed_name",
        "institution__area_id",
        "occupation__name",
        "level",
        "total_amount",
        "total_cost",
        "deviation_percent",
    ).iterator():
        yield Finding(
            subject_type="institutions.Fee",
            subject_id=row["id"],
            subject_label=gettext("%(value)s %(value2)s %(value3)s级")
            % {"value": row["institution__filed_name"], "value2": row["occupation__name"], "value3": row["level"]},
            jurisdiction_id=row["institution__area_id"],
            institution_id=row["institution_id"],
            evidence={
                "amount": str(row["total_amount"]),
                "cost": str(row["total_cost"]),
                "deviation_percent": None if row["deviation_percent"] is None else str(row["deviation_percent"]),
                "band_percent": band,
                "links": [_institution_link(row["institution_id"])],
            },
        )


@alert_rule(
    kind="pass_rate_outlier",
    severity=Severity.MEDIUM,
    label=_("合格率明显偏离同类机构"),
    spec="R-SUP-2, R-SUP-1",
    clause="§4(三), §5(一)",  # i18n: data (notice clause)
)
def pass_rate_outlier(ctx: RuleContext) -> Iterator[Finding]:
    """An institution whose pass rate for an occupation and level in a year lies far from its
    peers' (the other institutions of the same cell): a beta-binomial test against the peers'
    spread, with a minimum sample and shrinkage (`supervision.pass_rate_*`) (R-SUP-2 "pass rate
    far from peers of the same occupation/level"; notice §4(三): results must stand the market's test)."""
    results = ExamResult.objects.all()
    if ctx.since:
        results = results.filter(decided_at__date__gte=date(ctx.since.year, 1, 1))
    rows = (
        results.annotate(year=ExtractYear("decided_at"))
        .values(
            "year",
            "registration__plan__occupation_id",
            "registration__plan__occupation__code",
            "registration__level",
            "registration__plan__institution_id",
        )
        .annotate(n=Count("id"), passed=Count("id", filter=Q(passed=True)))
        .order_by()
    )
    cells: dict[tuple[int, int, str, int], dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        key = (
            row["year"],
            row["registration__plan__occupation_id"],
            row["registration__plan__occupation__code"],
            row["registration__level"],
        )
        cells[key][row["registration__plan__institution_id"]] = (row["n"], row["passed"])
    min_n = int(ctx.policy("supervision.pass_rate_min_n"))
    min_peer = int(ctx.policy("supervision.pass_rate_min_peer_n"))
    alpha = float(ctx.policy("supervision.pass_rate_alpha"))
    flagged: list[tuple[tuple[int, int, str, int], int, dict[str, Any]]] = []
    for key, counts in cells.items():
        for inst_id, evidence in pass_rate_outliers(counts, min_n=min_n, min_peer_n=min_peer, alpha=alpha).items():
            flagged.append((key, inst_id, evidence))
    if not flagged:
        return
    info = {
        row["id"]: row
        for row in Institution.objects.filter(pk__in={f[1] for f in flagged}).values("id", "filed_name", "area_id")
    }
    for (year, occupation_id, code, level), inst_id, evidence in flagged:
        if ctx.institution_ids is not None and inst_id not in ctx.institution_ids:
            continue
        inst = info[inst_id]
        yield Finding(
            subject_type="institutions.Institution",
            subject_id=inst_id,
            subject_label=gettext("%(value)s %(code)s %(level)s级 %(year)s年")
            % {"value": inst["filed_name"], "code": code, "level": level, "year": year},
            jurisdiction_id=inst["area_id"],
            institution_id=inst_id,
            period=f"{year}/{code}/{level}",
            observed_on=date(year, 12, 31),
            evidence={
                **evidence,
                "year": year,
                "occupation_id": occupation_id,
                "occupation_code": code,
                "level": level,
                "links": [_institution_link(inst_id)],
            },
        )


@alert_rule(
    kind="inactive_institution",
    severity=Severity.LOW,
    label=_("一年内未开展认定活动"),
    spec="R-SUP-2, R-SUP-6",
    clause="§5(五)",  # i18n: data (notice clause)
)
def inactive_institution(ctx: RuleContext) -> Iterator[Finding]:
    """A filed institution, filed longer ago than `supervision.inactivity_days` (365), with no
    exam session and no certificate in that many days (R-SUP-2 "no certification activity for
    365 days", R-SUP-6; notice §5(五): 一年内无理由未开展工作)."""
    days = int(ctx.policy("supervision.inactivity_days"))
    cutoff = ctx.today - timedelta(days=days)
    institutions = _filed_institutions(ctx).filter(filed_on__lte=cutoff)
    recent_plan = ExamPlan.objects.filter(
        Q(institution_id=OuterRef("pk")) | Q(institution__parent_id=OuterRef("pk")),
        last_session_on__gte=cutoff,
        last_session_on__lte=ctx.today,
    ).exclude(status__in=[PlanStatus.DRAFT, PlanStatus.CANCELLED, PlanStatus.STOPPED])
    recent_cert = Certificate.objects.filter(
        Q(institution_id=OuterRef("pk")) | Q(institution__parent_id=OuterRef("pk")), issued_on__gte=cutoff
    )
    last_session = (
        ExamPlan.objects.filter(Q(institution_id=OuterRef("pk")) | Q(institution__parent_id=OuterRef("pk")))
        .exclude(status__in=[PlanStatus.DRAFT, PlanStatus.CANCELLED, PlanStatus.STOPPED])
        .filter(last_session_on__lte=ctx.today)
        .order_by("-last_session_on")
        .values("last_session_on")[:1]
    )
    for row in (
        institutions.annotate(active=Exists(recent_plan) | Exists(recent_cert), last=Subquery(last_session))
        .filter(active=False)
        .values("id", "filed_name", "area_id", "filed_on", "last")
        .iterator()
    ):
        yield Finding(
            subject_type="institutions.Institution",
            subject_id=row["id"],
            subject_label=row["filed_name"],
            jurisdiction_id=row["area_id"],
            institution_id=row["id"],
            evidence={
                "filed_on": row["filed_on"].isoformat(),
                "last_exam_on": row["last"].isoformat() if row["last"] else None,
                "days": days,
                "links": [_institution_link(row["id"])],
            },
        )


@alert_rule(
    kind="export_overdue",
    severity=Severity.MEDIUM,
    label=_("证书数据逾期未上报"),
    spec="R-SUP-2, R-CERT-6",
    clause="§4(七)",  # i18n: data (notice clause)
    cheap=True,
)
def export_overdue(ctx: RuleContext) -> Iterator[Finding]:
    """Certificates not exported for the national database within `certificates.export_working_days`
    working days after publicity ended, per institution (R-SUP-2 "certificate export overdue",
    R-CERT-6; notice §4(七): national unified numbering)."""
    pending = Certificate.objects.filter(export_batch__isnull=True).exclude(status=CertificateStatus.VOIDED)
    if ctx.institution_ids is not None:
        pending = pending.filter(institution_id__in=ctx.institution_ids)
    dates = sorted(pending.values_list("publicity_ended_on", flat=True).distinct().order_by())
    if not dates:
        return
    calendar = WorkingCalendar()
    calendar.prefetch(dates[0], ctx.today)
    overdue = [d for d in dates if export_deadline(d, calendar) < ctx.today]
    if not overdue:
        return
    rows = (
        pending.filter(publicity_ended_on__lte=overdue[-1])
        .filter(publicity_ended_on__in=overdue)
        .values("institution_id", "institution__filed_name", "league_id")
        .annotate(n=Count("id"), oldest=Min("publicity_ended_on"))
        .order_by()
    )
    for row in rows:
        yield Finding(
            subject_type="institutions.Institution",
            subject_id=row["institution_id"],
            subject_label=row["institution__filed_name"],
            jurisdiction_id=row["league_id"],
            institution_id=row["institution_id"],
            period=f"league-{row['league_id']}",
            observed_on=row["oldest"],
            evidence={
                "certificates": row["n"],
                "oldest_publicity_end": row["oldest"].isoformat(),
                "deadline": export_deadline(row["oldest"], calendar).isoformat(),
                "links": [_link(str(_("逾期未上报证书")), reverse("certificates:exports"))],
            },
        )


CHOICE_ITEM_TYPES = ("single", "multiple", "true_false")  # i18n: data
"""Item types whose responses are options: the ones the ω index compares (item bank `ItemType`)."""


def _option(response: Any) -> str | None:
    """One comparable answer per item: the chosen options, sorted and joined; None when blank."""
    chosen = sorted({str(r) for r in (response or []) if str(r).strip()})
    return ",".join(chosen) if chosen else None


@alert_rule(
    kind="answer_similarity",
    severity=Severity.HIGH,
    label=_("考生作答雷同"),
    spec="R-SUP-2, R-BANK-4",
    clause="§4(三), §5(一)",  # i18n: data (notice clause)
)
def answer_similarity(ctx: RuleContext) -> Iterator[Finding]:
    """Two candidates of one computer-based session (one room) whose choice answers agree far more
    than chance allows: Wollack's ω over the item-level responses the item bank records, with the
    identical incorrect answers and the count chance predicts from each item's answer distribution
    (`skillcert.supervision.copying`); at least `supervision.copying_min_items` common items and a
    one-sided p-value below `supervision.copying_alpha` (R-SUP-2 "answer patterns too similar",
    R-BANK-4; notice §4(三): results must be true, §5(一): full-process monitoring)."""
    from skillcert.itembank.choices import SittingStatus
    from skillcert.itembank.models import Answer, Sitting
    from skillcert.supervision.copying import similar_pairs

    alpha = float(ctx.policy("supervision.copying_alpha"))
    min_items = int(ctx.policy("supervision.copying_min_items"))
    sittings = Sitting.objects.filter(status=SittingStatus.SUBMITTED)
    if ctx.since:
        sittings = sittings.filter(cbt_session__exam_session__starts_at__date__gte=ctx.since)
    if ctx.institution_ids is not None:
        sittings = sittings.filter(cbt_session__exam_session__plan__institution_id__in=ctx.institution_ids)
    seat = Seat.objects.filter(
        session_id=OuterRef("cbt_session__exam_session_id"), registration_id=OuterRef("registration_id")
    ).values("seat_number")[:1]
    rows = list(
        sittings.annotate(seat=Subquery(seat)).values(
            "id",
            "paper_id",
            "item_meta",
            "seat",
            "registration__exam_number",
            "cbt_session_id",
            "cbt_session__exam_session_id",
            "cbt_session__exam_session__room_id",
            "cbt_session__exam_session__room__name",
            "cbt_session__exam_session__starts_at",
            "cbt_session__exam_session__plan__league_id",
            "cbt_session__exam_session__plan__institution_id",
        )
    )
    if not rows:
        return
    # Every sitting's answers in one query; each sheet is compared only with sheets of the same paper.
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    correct: dict[tuple[int, str], str] = {}
    by_id = {row["id"]: row for row in rows}
    for answer in Answer.objects.filter(sitting_id__in=list(by_id)).values("sitting_id", "key", "response", "score"):
        option = _option(answer["response"])
        answers[answer["sitting_id"]][answer["key"]] = option
        if option is not None and answer["score"]:
            # Objective items score all or nothing, so a scored answer is the key; an item nobody got
            # right has no key here, and every answer to it is then, rightly, an incorrect one.
            correct[(by_id[answer["sitting_id"]]["paper_id"], answer["key"])] = option
    papers: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        papers[(row["cbt_session_id"], row["paper_id"])].append(row)
    for (_cbt_id, paper_id), members in papers.items():
        keys = sorted(k for k, meta in members[0]["item_meta"].items() if meta.get("type") in CHOICE_ITEM_TYPES)
        if len(keys) < min_items or len(members) < 2:
            continue
        pairs = similar_pairs(
            {m["id"]: [answers[m["id"]].get(k) for k in keys] for m in members},
            [correct.get((paper_id, k), "") for k in keys],
            {m["id"]: m["cbt_session__exam_session__room_id"] for m in members},
            seats={m["id"]: m["seat"] for m in members},
            alpha=alpha,
            min_items=min_items,
        )
        for pair in pairs:
            copier, source = by_id[int(pair.copier)], by_id[int(pair.source)]  # type: ignore[call-overload]
            numbers = sorted([copier["registration__exam_number"], source["registration__exam_number"]])
            starts = copier["cbt_session__exam_session__starts_at"]
            yield Finding(
                subject_type="exams.ExamSession",
                subject_id=copier["cbt_session__exam_session_id"],
                subject_label=str(
                    _("%(room)s %(day)s 准考证号 %(a)s 与 %(b)s")
                    % {
                        "room": copier["cbt_session__exam_session__room__name"],
                        "day": starts.date().isoformat(),
                        "a": numbers[0],
                        "b": numbers[1],
                    }
                ),
                jurisdiction_id=copier["cbt_session__exam_session__plan__league_id"],
                institution_id=copier["cbt_session__exam_session__plan__institution_id"],
                period="/".join(numbers),
                observed_on=starts.date(),
                evidence={
                    **pair.evidence(),
                    "copier": copier["registration__exam_number"],
                    "source": source["registration__exam_number"],
                    "room": copier["cbt_session__exam_session__room__name"],
                    "alpha": alpha,
                    "links": [
                        _link(str(_("机考监考台")), reverse("itembank:console", args=[copier["cbt_session_id"]])),
                        _link(
                            str(_("考试场次")), reverse("exams:session", args=[copier["cbt_session__exam_session_id"]])
                        ),
                    ],
                },
            )
