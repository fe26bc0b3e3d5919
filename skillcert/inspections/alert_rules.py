"""Alert rules of quality supervision and 双随机、一公开 (R-SUP-2, R-SUP-3, R-SUP-4, R-SUP-9),
discovered by the supervision app's registry (`skillcert/supervision/registry.py`).

Each rule returns every finding true today. Due dates count working days, so the query first
narrows with calendar days (N working days are at least N calendar days) and the exact due
date is computed for the few rows left.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.core.workdays import add_working_days
from skillcert.exams.choices import PlanStatus, SessionStaffRole
from skillcert.exams.models import ExamSession, SessionStaff
from skillcert.inspections.choices import CampaignStatus, OrderStatus, ReportStatus
from skillcert.inspections.models import Inspection, InternalRecord, RectificationOrder, SupervisionReport
from skillcert.sanctions.choices import Status as SanctionStatus
from skillcert.supervision.choices import Severity
from skillcert.supervision.registry import Finding, RuleContext, alert_rule

SCORING_DONE = (PlanStatus.PUBLICITY, PlanStatus.FINAL)
"""A plan in publicity or final has finished scoring: every session should have its internal record."""


@alert_rule(
    kind="inspections.report_overdue",
    severity=Severity.MEDIUM,
    label=_("质量督导报告逾期"),
    spec="R-SUP-3",
    clause="§5(二)",  # i18n: data (notice clause)
)
def report_overdue(ctx: RuleContext) -> Iterable[Finding]:
    """An external supervisor has not submitted the report of a session within N working days (R-SUP-3)."""
    days = int(ctx.policy("inspections.report_working_days"))
    submitted = SupervisionReport.objects.filter(
        session_id=OuterRef("session_id"), supervisor_id=OuterRef("person_id"), status=ReportStatus.SUBMITTED
    )
    cutoff = timezone.make_aware(datetime.datetime.combine(ctx.today - datetime.timedelta(days=days), datetime.time()))
    rows = (
        SessionStaff.objects.filter(role=SessionStaffRole.EXTERNAL_SUPERVISOR, session__ends_at__lt=cutoff)
        .exclude(Exists(submitted))
        .values(
            "id",
            "session_id",
            "session__ends_at",
            "person__name",
            "session__plan__number",
            "session__plan__league_id",
            "session__plan__institution_id",
        )
    )
    if ctx.institution_ids is not None:
        rows = rows.filter(session__plan__institution_id__in=ctx.institution_ids)
    for row in rows:
        due = add_working_days(timezone.localtime(row["session__ends_at"]).date(), days)
        if due >= ctx.today:
            continue
        yield Finding(
            subject_type="exams.SessionStaff",
            subject_id=row["id"],
            subject_label=f"{row['session__plan__number']} {row['person__name']}"[:300],
            jurisdiction_id=row["session__plan__league_id"],
            institution_id=row["session__plan__institution_id"],
            observed_on=due,
            evidence={
                "supervisor": row["person__name"],
                "session_ended": str(timezone.localtime(row["session__ends_at"]).date()),
                "due_on": str(due),
                "working_days": days,
                "links": [{"label": gettext("督导报告"), "url": reverse("inspections:reports") + "?overdue=true"}],
            },
        )


@alert_rule(
    kind="inspections.internal_record_missing",
    severity=Severity.LOW,
    label=_("场次缺少内部督导记录"),
    spec="R-SUP-9",
    clause="§4(五)",  # i18n: data (notice clause)
)
def internal_record_missing(ctx: RuleContext) -> Iterable[Finding]:
    """A session of a plan whose scoring is over has no internal supervision record (R-SUP-9, seed §4(五))."""
    recorded = InternalRecord.objects.filter(session_id=OuterRef("pk"))
    rows = (
        ExamSession.objects.filter(plan__status__in=SCORING_DONE)
        .exclude(Exists(recorded))
        .values("id", "ends_at", "plan__number", "plan__league_id", "plan__institution_id", "plan_id")
    )
    if ctx.institution_ids is not None:
        rows = rows.filter(plan__institution_id__in=ctx.institution_ids)
    if ctx.since is not None:
        rows = rows.filter(ends_at__date__gte=ctx.since)
    for row in rows:
        ended = timezone.localtime(row["ends_at"]).date()
        yield Finding(
            subject_type="exams.ExamSession",
            subject_id=row["id"],
            subject_label=f"{row['plan__number']} {ended}"[:300],
            jurisdiction_id=row["plan__league_id"],
            institution_id=row["plan__institution_id"],
            observed_on=ended,
            evidence={
                "plan": row["plan__number"],
                "session_ended": str(ended),
                "links": [{"label": gettext("认定计划"), "url": f"/exams/plans/{row['plan_id']}/"}],
            },
        )


@alert_rule(
    kind="inspections.results_overdue",
    severity=Severity.MEDIUM,
    label=_("双随机检查结果逾期未公开"),
    spec="R-SUP-4",
    clause="§5(三)",  # i18n: data (notice clause)
)
def results_overdue(ctx: RuleContext) -> Iterable[Finding]:
    """An inspection's result is not public N working days after the inspection (一公开, R-SUP-4)."""
    days = int(ctx.policy("inspections.publish_working_days"))
    rows = Inspection.objects.filter(
        inspected_on__lt=ctx.today - datetime.timedelta(days=days), campaign__status=CampaignStatus.DRAWN
    ).values(
        "id",
        "inspected_on",
        "campaign_id",
        "campaign__number",
        "campaign__jurisdiction_id",
        "institution_id",
        "institution__filed_name",
    )
    if ctx.institution_ids is not None:
        rows = rows.filter(institution_id__in=ctx.institution_ids)
    for row in rows:
        if row["inspected_on"] is None:
            continue
        due = add_working_days(row["inspected_on"], days)
        if due >= ctx.today:
            continue
        yield Finding(
            subject_type="inspections.Inspection",
            subject_id=row["id"],
            subject_label=f"{row['campaign__number']} {row['institution__filed_name']}"[:300],
            jurisdiction_id=row["campaign__jurisdiction_id"],
            institution_id=row["institution_id"],
            observed_on=due,
            evidence={
                "inspected_on": str(row["inspected_on"]),
                "publish_due_on": str(due),
                "working_days": days,
                "links": [
                    {"label": gettext("检查任务"), "url": reverse("inspections:campaign", args=[row["campaign_id"]])}
                ],
            },
        )


@alert_rule(
    kind="inspections.follow_up_overdue",
    severity=Severity.MEDIUM,
    label=_("整改逾期未复查"),
    spec="R-SUP-6",
    clause="§5(五)",  # i18n: data (notice clause)
)
def follow_up_overdue(ctx: RuleContext) -> Iterable[Finding]:
    """An issued rectification order is past its planned follow-up date without a follow-up check, recorded
    here or on the 限期整改 it became (R-SUP-3, R-SUP-6)."""
    rows = (
        RectificationOrder.objects.filter(status=OrderStatus.ISSUED, follow_up_on__lt=ctx.today)
        .filter(Q(sanction__isnull=True) | Q(sanction__status=SanctionStatus.OPEN))
        .values("id", "follow_up_on", "deadline", "league_id", "institution_id", "institution__filed_name")
    )
    if ctx.institution_ids is not None:
        rows = rows.filter(institution_id__in=ctx.institution_ids)
    for row in rows:
        yield Finding(
            subject_type="inspections.RectificationOrder",
            subject_id=row["id"],
            subject_label=str(row["institution__filed_name"])[:300],
            jurisdiction_id=row["league_id"],
            institution_id=row["institution_id"],
            observed_on=row["follow_up_on"],
            evidence={
                "deadline": str(row["deadline"]),
                "follow_up_on": str(row["follow_up_on"]),
                "links": [{"label": gettext("整改通知"), "url": reverse("inspections:order", args=[row["id"]])}],
            },
        )
