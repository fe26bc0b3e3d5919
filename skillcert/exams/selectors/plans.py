"""Reads of plans: actor-scoped lists, the filing check, announcements for the public portal (R-EXAM-1, R-EXAM-2)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.types import Visitor
from skillcert.catalog.choices import level_label
from skillcert.catalog.eligibility import DescribedAlternative
from skillcert.catalog.selectors import components_for, current_eligibility_rule
from skillcert.core.policy import get_policy
from skillcert.core.workdays import add_working_days, working_days_between
from skillcert.exams.choices import ACTIVE_REGISTRATION_STATUSES, ANNOUNCED_STATUSES, PlanStatus
from skillcert.exams.models import ExamPlan, PlanLevel, PlanQuery, Registration
from skillcert.institutions.models import Fee
from skillcert.institutions.selectors import institution_readiness, published_fees, scope_covers


@dataclass(frozen=True)
class Problem:
    """One reason a plan may not be filed yet (R-EXAM-1)."""

    code: str
    message: str


def _levels_prefetch() -> Prefetch:
    return Prefetch("levels", queryset=PlanLevel.objects.order_by("-level"))


def plans_visible_to(actor: Visitor) -> Any:
    """Plans in the actor's scope with what list pages print, in a fixed number of queries."""
    return (
        ExamPlan.objects.restrict(actor, "view")
        .select_related("institution", "league", "occupation", "work_type", "venue")
        .prefetch_related(_levels_prefetch())
        .annotate(
            registration_count=_count_per_plan(Registration.objects.filter(status__in=ACTIVE_REGISTRATION_STATUSES)),
            open_query_count=_count_per_plan(PlanQuery.objects.filter(answered_at__isnull=True)),
        )
        .order_by("-first_session_on", "-id")
    )


def _count_per_plan(rows: QuerySet[Any]) -> Coalesce:
    # A correlated subquery per printed plan (index on plan): PostgreSQL evaluates it for the
    # page's rows only, where COUNT over a join would group every registration of every plan.
    counted = rows.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plan_detail_queryset(actor: Visitor) -> Any:
    return plans_visible_to(actor).prefetch_related(
        "rooms",
        "proposed_staff",
        Prefetch("queries", queryset=PlanQuery.objects.select_related("asked_by", "answered_by").order_by("asked_at")),
    )


def lead_working_days() -> int:
    return int(get_policy("exams.plan_lead_working_days"))


def earliest_first_session(today: datetime.date | None = None) -> datetime.date:
    """The first date a plan filed today may hold its first session on (R-EXAM-1, R-EXAM-10)."""
    return add_working_days(today or timezone.localdate(), lead_working_days())


def plan_filing_problems(plan: ExamPlan, *, today: datetime.date | None = None) -> list[Problem]:
    """Everything that stops a draft plan from being filed today; empty when it may be filed (R-EXAM-1).

    The institution's readiness gate for the plan's league (R-INS-7, incl. area scope and a
    branch's 报备), the filed scope and filing validity on every exam date (R-INS-2), the
    standard's components and application conditions for each level (R-CAT-3, R-CAT-4), and
    the lead time in working days (R-EXAM-10).
    """
    day = today or timezone.localdate()
    problems: list[Problem] = []
    if plan.status != PlanStatus.DRAFT:
        problems.append(
            Problem(
                "status",
                gettext("计划状态为“%(get_status_display)s”，只有草稿可以报送")
                % {"get_status_display": plan.get_status_display()},
            )
        )
    institution = plan.institution
    for missing in institution_readiness(institution, plan.league, on=day):
        problems.append(
            Problem(f"readiness:{missing.code}", gettext("机构准备情况：%(message)s") % {"message": missing.message})
        )
    levels = list(plan.levels.all())
    if not levels:
        problems.append(Problem("levels", gettext("认定等级：至少选择一个等级")))
    dates = sorted({plan.first_session_on, plan.last_session_on})
    for pl in levels:
        label = f"{plan.target_label} {level_label(pl.level)}"
        for on in dates:
            if not scope_covers(institution, plan.occupation, plan.work_type, pl.level, on=on):
                problems.append(
                    Problem(
                        f"scope:{pl.level}",
                        gettext("认定范围：%(label)s在%(on)s不在本机构备案范围内") % {"label": label, "on": on},
                    )
                )
                break
        if not components_for(plan.occupation, pl.level):
            problems.append(
                Problem(
                    f"standard:{pl.level}",
                    gettext("职业技能标准：%(label)s没有现行标准规定的考核科目") % {"label": label},
                )
            )
        if current_eligibility_rule(plan.occupation, pl.level) is None:
            problems.append(
                Problem(
                    f"eligibility:{pl.level}",
                    gettext("申报条件：%(label)s没有现行的申报条件，无法审核报名") % {"label": label},
                )
            )
    for on in dates:
        if not institution.filing_valid_on(on):
            problems.append(
                Problem("filing_valid", gettext("备案有效期：考试日期%(on)s不在本机构备案有效期内") % {"on": on})
            )
            break
    if plan.venue.institution_id != institution.pk or not plan.venue.is_active:
        problems.append(Problem("venue", gettext("考点：应为本机构已启用的考点")))
    if not plan.rooms.exists():
        problems.append(Problem("rooms", gettext("考场：至少选择一个考场")))
    lead = lead_working_days()
    have = working_days_between(day, plan.first_session_on) if plan.first_session_on > day else 0
    if have < lead:
        problems.append(
            Problem(
                "lead_time",
                gettext(
                    "报送时限：认定计划须在首场考试前至少%(lead)s个工作日报送；首场考试%(first_session_on)s距今仅%(have)s个工作日，最早可安排在%(earliest_first_session)s"
                )
                % {
                    "lead": lead,
                    "first_session_on": plan.first_session_on,
                    "have": have,
                    "earliest_first_session": earliest_first_session(day),
                },
            )
        )
    if plan.registration_deadline < day:
        problems.append(
            Problem(
                "deadline",
                gettext("报名截止日期：%(registration_deadline)s已过")
                % {"registration_deadline": plan.registration_deadline},
            )
        )
    if plan.registration_deadline >= plan.first_session_on:
        problems.append(Problem("deadline", gettext("报名截止日期：应早于首场考试日期")))
    return problems


def places_left(plan: ExamPlan) -> dict[int, int]:
    """Places still free per level: capacity less submitted and approved registrations (R-EXAM-3)."""
    taken = dict(
        Registration.objects.filter(plan=plan, status__in=ACTIVE_REGISTRATION_STATUSES)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return {pl.level: max(0, pl.capacity - taken.get(pl.level, 0)) for pl in plan.levels.all()}


# --- the public portal (R-EXAM-2) ------------------------------------------------------------------


def announced_plans() -> QuerySet[ExamPlan]:
    """Plans whose registration announcement is public: opened by the institution, not stopped (R-EXAM-2)."""
    return (
        ExamPlan.objects.filter(status__in=ANNOUNCED_STATUSES)
        .select_related("institution", "league", "occupation", "work_type", "venue")
        .prefetch_related(_levels_prefetch())
        .order_by("-announced_at", "-id")
    )


@dataclass(frozen=True)
class LevelAnnouncement:
    level: int
    label: str
    capacity: int
    places_left: int
    conditions: list[DescribedAlternative]
    fees: list[Fee]


def announcement_levels(plan: ExamPlan) -> list[LevelAnnouncement]:
    """Per level: places, the application conditions in force and the published fees (R-EXAM-2, R-INS-5)."""
    left = places_left(plan)
    fees = published_fees(plan.institution)
    out = []
    for pl in plan.levels.all():
        rule = current_eligibility_rule(plan.occupation, pl.level)
        matching = [
            f
            for f in fees
            if f.occupation_id == plan.occupation_id
            and f.level == pl.level
            and (f.work_type_id is None or f.work_type_id == plan.work_type_id)
        ]
        out.append(
            LevelAnnouncement(
                level=pl.level,
                label=level_label(pl.level),
                capacity=pl.capacity,
                places_left=left.get(pl.level, 0),
                conditions=rule.describe() if rule else [],
                fees=matching,
            )
        )
    return out


def registration_open(plan: ExamPlan, *, today: datetime.date | None = None) -> bool:
    """Whether candidates may still register: announced, open and before the deadline (R-EXAM-3)."""
    day = today or timezone.localdate()
    return plan.status == PlanStatus.OPEN and plan.registration_deadline >= day


def reopen_problem(plan: ExamPlan, *, today: datetime.date | None = None) -> str | None:
    """Why closed registration may not open again, or None (R-EXAM-3).

    Only a plan whose registration was closed, while its announced deadline has not passed and
    before any seat is drawn: seats and exam numbers are made from the closed list.
    """
    if plan.status != PlanStatus.CLOSED:
        return gettext("计划状态为“%(get_status_display)s”，不能重新开放报名") % {
            "get_status_display": plan.get_status_display()
        }
    if plan.registration_deadline < (today or timezone.localdate()):
        return gettext("报名截止日期%(registration_deadline)s已过，不能重新开放报名") % {
            "registration_deadline": format(plan.registration_deadline, "%Y-%m-%d")
        }
    if plan.sessions.filter(seats__isnull=False).exists():
        return gettext("已抽签排座，不能重新开放报名")
    return None
