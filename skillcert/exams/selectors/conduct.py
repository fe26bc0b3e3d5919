"""Reads of sessions, seats, staffing, scores, publicity and cases, scoped to the actor (R-EXAM-5..9, R-ORG-2).

The public reads (`public_publications`, `public_result_rows`) show only plans in publicity,
with names and ID numbers masked (R-EXAM-9, R-X-3).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor, Visitor
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import Component
from skillcert.catalog.selectors import components_for
from skillcert.core.masking import mask_id_number, mask_name
from skillcert.core.scoping import RestrictedQuerySet
from skillcert.exams.choices import (
    CaseStatus,
    GapReviewStatus,
    PublicationStatus,
    RegistrationStatus,
)
from skillcert.exams.models import (
    Attendance,
    ComponentScore,
    ExamPlan,
    ExamSession,
    GapReview,
    Incident,
    Objection,
    RecheckRequest,
    Registration,
    Result,
    ResultPublication,
    ScoreChange,
    Seat,
    SeatDraw,
    SessionStaff,
    StaffingConfirmation,
)


def sessions_in_scope(actor: Visitor) -> QuerySet[ExamSession]:
    """Sessions of the plans in the actor's scope: the bureau sees every session in its league (R-EXAM-6).
    Bare rows, for counting: the list's per-session counts join seats, staff and attendance."""
    return ExamSession.objects.restrict(actor, "view")


def sessions_visible_to(actor: Visitor) -> QuerySet[ExamSession]:
    """Sessions of the plans in the actor's scope, with what the session list shows of each (R-EXAM-6)."""
    qs: QuerySet[ExamSession] = (
        sessions_in_scope(actor)
        .select_related("plan__institution", "plan__occupation", "plan__league", "room__venue", "staffing_confirmation")
        .annotate(
            seated=Count("seats", distinct=True),
            staff_count=Count("staff", distinct=True),
            external_count=Count("staff", filter=Q(staff__role="external_supervisor"), distinct=True),
            checked_in=Count("attendance", distinct=True),
            incident_count=Count("incidents", distinct=True),
        )
        .order_by("-starts_at", "-id")
    )
    return qs


def seat_draws_visible_to(actor: Visitor) -> RestrictedQuerySet[SeatDraw]:
    return SeatDraw.objects.restrict(actor, "view").select_related("session__plan", "session__room", "drawn_by")


def seats_visible_to(actor: Visitor) -> RestrictedQuerySet[Seat]:
    return Seat.objects.restrict(actor, "view").select_related("session__room__venue", "session__plan", "registration")


def staff_visible_to(actor: Visitor) -> RestrictedQuerySet[SessionStaff]:
    return SessionStaff.objects.restrict(actor, "view").select_related("session__plan", "person", "draw")


def attendance_visible_to(actor: Visitor) -> RestrictedQuerySet[Attendance]:
    return Attendance.objects.restrict(actor, "view").select_related("session__plan", "registration")


def incidents_visible_to(actor: Visitor) -> RestrictedQuerySet[Incident]:
    return Incident.objects.restrict(actor, "view").select_related("session__plan", "registration")


def scores_visible_to(actor: Visitor) -> RestrictedQuerySet[ComponentScore]:
    return (
        ComponentScore.objects.restrict(actor, "view")
        .select_related("registration__plan")
        .prefetch_related("examiner_scores__examiner")
        .order_by("registration__plan_id", "registration__exam_number", "component")
    )


def score_changes_visible_to(actor: Visitor) -> RestrictedQuerySet[ScoreChange]:
    return ScoreChange.objects.restrict(actor, "view").select_related("component_score__registration", "changed_by")


def results_visible_to(actor: Visitor) -> RestrictedQuerySet[Result]:
    return Result.objects.restrict(actor, "view").select_related("registration__plan")


def publications_visible_to(actor: Visitor) -> RestrictedQuerySet[ResultPublication]:
    return ResultPublication.objects.restrict(actor, "view").select_related("plan__institution", "plan__occupation")


def objections_visible_to(actor: Visitor) -> RestrictedQuerySet[Objection]:
    return Objection.objects.restrict(actor, "view").select_related("publication__plan", "registration", "handled_by")


def rechecks_visible_to(actor: Visitor) -> RestrictedQuerySet[RecheckRequest]:
    return RecheckRequest.objects.restrict(actor, "view").select_related(
        "registration__plan", "score_change", "handled_by"
    )


# --- the candidate's own records ------------------------------------------------------------------


def my_registrations(actor: Actor) -> QuerySet[Registration]:
    """The candidate's registrations with seats, scores and results (R-EXAM-5, R-EXAM-8, R-EXAM-9)."""
    if not getattr(actor, "is_authenticated", False):
        return Registration.objects.none()
    return (
        Registration.objects.restrict(actor, "view")
        .filter(user=actor)
        .select_related("plan__occupation", "plan__work_type", "plan__institution", "plan__venue", "result")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related("session__room").order_by("session__starts_at"),  # type: ignore[type-var]
            ),
            Prefetch("scores", queryset=ComponentScore.objects.prefetch_related("changes").order_by("component")),
            Prefetch("plan__publications", queryset=ResultPublication.objects.order_by("-published_at")),
            Prefetch("rechecks", queryset=RecheckRequest.objects.order_by("-requested_at")),
        )
        .order_by("-submitted_at", "-id")
    )


# --- public (no login) ---------------------------------------------------------------------------


def public_publications(on: datetime.date | None = None) -> QuerySet[ResultPublication]:
    """Publications whose publicity is running today: the only results the public sees (R-EXAM-9)."""
    day = on or timezone.localdate()
    return (
        ResultPublication.objects.filter(status=PublicationStatus.PUBLICITY, publicity_ends_on__gte=day)
        .select_related("plan__institution", "plan__occupation", "plan__work_type", "plan__league")
        .order_by("-published_at", "-id")
    )


@dataclass(frozen=True)
class PublicRow:
    exam_number: str
    name: str
    id_number: str
    level: str
    scores: dict[str, str]
    passed: bool


def public_result_rows(publication: ResultPublication) -> list[PublicRow]:
    """The publicity list: masked name and ID number, level, component scores and the result (R-EXAM-9, R-X-3)."""
    registrations = list(
        Registration.objects.filter(plan_id=publication.plan_id, status=RegistrationStatus.APPROVED)
        .select_related("result")
        .order_by("-level", "exam_number")
    )
    scores: dict[int, dict[str, str]] = defaultdict(dict)
    for cs in ComponentScore.objects.filter(registration__in=registrations):
        if cs.voided:
            shown = gettext("无效")
        elif cs.absent:
            shown = gettext("缺考")
        else:
            shown = "" if cs.score is None else f"{cs.score:.2f}".rstrip("0").rstrip(".")
        scores[cs.registration_id][cs.get_component_display()] = shown
    rows: list[PublicRow] = []
    for r in registrations:
        result = getattr(r, "result", None)
        rows.append(
            PublicRow(
                exam_number=r.exam_number,
                name=mask_name(r.name),
                id_number=mask_id_number(r.id_number),
                level=level_label(r.level),
                scores=scores.get(r.pk, {}),
                passed=bool(result and result.passed),
            )
        )
    return rows


def case_counts(actor: Visitor) -> dict[str, int]:
    """Open objections and re-checks in the actor's scope (workbench tiles)."""
    return {
        "objections": objections_visible_to(actor).filter(status=CaseStatus.OPEN).count(),
        "rechecks": rechecks_visible_to(actor).filter(status=CaseStatus.OPEN).count(),
    }


def current_publication(plan: ExamPlan) -> ResultPublication | None:
    return plan.publications.order_by("-published_at", "-id").first()


def in_publicity(publication: ResultPublication, on: datetime.date | None = None) -> bool:
    day = on or timezone.localdate()
    return publication.status == PublicationStatus.PUBLICITY and day <= publication.publicity_ends_on


def objection_by_code(code: str) -> Objection | None:
    """The public look-up of one objection by its tracking code (R-EXAM-9)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Objection.objects.select_related("publication__plan").filter(tracking_code=code).first()


def open_cases(publication: ResultPublication) -> dict[str, int]:
    objections = publication.objections.filter(status=CaseStatus.OPEN).count()
    rechecks = RecheckRequest.objects.filter(registration__plan_id=publication.plan_id, status=CaseStatus.OPEN).count()
    return {"objections": objections, "rechecks": rechecks}


def sitting_summary(plan: ExamPlan) -> list[dict[str, Any]]:
    """Per (level, component): sessions, seats offered, approved candidates, whether seats are drawn."""
    sessions = list(
        plan.sessions.select_related("room").annotate(seated=Count("seats")).order_by("level", "component", "starts_at")
    )
    approved = dict(
        plan.registrations.filter(status=RegistrationStatus.APPROVED)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for s in sessions:
        g = groups.setdefault(
            (s.level, s.component),
            {
                "level": s.level,
                "level_label": level_label(s.level),
                "component": s.component,
                "component_label": s.get_component_display(),
                "sessions": [],
                "capacity": 0,
                "seated": 0,
                "approved": approved.get(s.level, 0),
            },
        )
        g["sessions"].append(s)
        g["capacity"] += s.capacity
        g["seated"] += s.seated
    for g in groups.values():
        g["drawn"] = g["seated"] > 0
    return sorted(groups.values(), key=lambda g: (-g["level"], g["component"]))


def score_problems(plan: ExamPlan) -> list[str]:
    """What still stops the institution confirming the plan's scores, in Chinese; empty when complete."""
    problems: list[str] = []
    unconfirmed = plan.sessions.exclude(
        pk__in=StaffingConfirmation.objects.filter(set_aside_at__isnull=True).values("session_id")
    )
    for session in unconfirmed[:5]:
        problems.append(gettext("场次“%(session)s”的人员配备尚未确认（或调整后尚未重新确认）") % {"session": session})
    registrations = list(plan.registrations.filter(status=RegistrationStatus.APPROVED).order_by("exam_number", "id"))
    scores: dict[tuple[int, str], ComponentScore] = {
        (s.registration_id, s.component): s for s in ComponentScore.objects.filter(registration__in=registrations)
    }
    chiefs = SessionStaff.objects.filter(session=OuterRef("session"), is_chief=True)
    gaps = dict(
        GapReview.objects.filter(component_score__registration__in=registrations, status=GapReviewStatus.OPEN)
        .annotate(has_chief=Exists(chiefs))
        .values_list("component_score_id", "has_chief")
    )
    seated = set(
        Seat.objects.filter(registration__in=registrations).values_list("registration_id", "session__component")
    )
    by_level: dict[int, list[Component]] = {}
    for registration in registrations:
        components = by_level.setdefault(registration.level, components_for(plan.occupation, registration.level))
        for component in components:
            label = gettext("准考证号%(number)s（%(name)s）%(component)s") % {
                "number": registration.exam_number or gettext("未分配"),
                "name": registration.name,
                "component": component.get_kind_display(),
            }
            cs = scores.get((registration.pk, component.kind))
            if (registration.pk, component.kind) not in seated:
                problems.append(gettext("%(label)s：尚未排座") % {"label": label})
            elif cs is not None and cs.pk in gaps:
                problems.append(
                    _("%(label)s：考评人员评分分差超过上限，待首席考评员裁定") % {"label": label}
                    if gaps[cs.pk]
                    else _("%(label)s：考评人员评分分差超过上限，本场次尚未指定首席考评员") % {"label": label}
                )
            elif cs is None or (not cs.voided and not cs.absent and cs.score is None):
                problems.append(gettext("%(label)s：成绩未录入完整") % {"label": label})
    return problems
