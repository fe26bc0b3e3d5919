"""Check-in with identity verification, and incidents and violations (违纪) with their handling (R-EXAM-7).

Handling takes effect on scoring at once: "component voided" marks the candidate's score in
the session's component void, "expelled" voids every component and refuses later check-ins;
a warning is recorded and changes nothing else.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor
from skillcert.catalog.selectors import components_for
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.fields import blind_index_for
from skillcert.core.locking import lock
from skillcert.core.validation import clean_text
from skillcert.exams.choices import ConductEvent, IncidentHandling, IncidentKind, PlanStatus, ScoreSource
from skillcert.exams.models import Attendance, ComponentScore, ExamPlan, ExamSession, Incident, Registration
from skillcert.exams.services.access import require_institution_staff, user_or_none
from skillcert.exams.services.staffing_checks import require_sound_staffing

CONDUCT_STATUSES = frozenset({PlanStatus.CLOSED, PlanStatus.IN_PROGRESS, PlanStatus.SCORING})
"""Plans whose sessions are being held (check-in, incidents)."""


def _seated(session: ExamSession, registration: Registration) -> None:
    if registration.plan_id != session.plan_id or not session.seats.filter(registration=registration).exists():
        raise DomainError(
            gettext("考生：%(name)s（准考证号%(number)s）不在本场次的座位表中")
            % {"name": registration.name, "number": registration.exam_number or gettext("未分配")},
            field="registration",
            code="not_seated",
        )


def expelled(registration: Registration) -> Incident | None:
    """The incident that took away the candidate's right to sit, if any (R-EXAM-7)."""
    return (
        Incident.objects.filter(registration=registration, handling=IncidentHandling.EXPELLED)
        .select_related("session")
        .first()
    )


def _start_plan(plan: ExamPlan) -> None:
    locked = ExamPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status == PlanStatus.CLOSED:
        locked.status = PlanStatus.IN_PROGRESS
        locked.save(update_fields=["status", "updated_at"])
        plan.status = locked.status


def check_in(
    *,
    actor: Actor,
    session: ExamSession,
    registration: Registration,
    identity_verified: bool,
    id_number: str = "",
    note: str = "",
) -> Attendance:
    """Record a candidate's arrival with the identity check against the registration (R-EXAM-7).

    Identity is verified only by the number on the presented document, typed or scanned, matching
    the registration (compared through the blind index); ticking "verified" without it is refused.
    A failed check is recorded with its note and the candidate is not admitted, so the component
    counts as absent. Refused while the session's staffing has problems (R-EXAM-6).
    """
    plan = session.plan
    require_institution_staff(actor, plan)
    note = clean_text(note, field="note", label=gettext("核验说明"), required=not identity_verified, max_length=200)
    typed = (id_number or "").strip().upper()
    if identity_verified and not typed:
        raise DomainError(
            _("证件号码：身份核验须录入或扫描考生所持证件的号码，并与报名登记一致；仅勾选“核验通过”不能签到"),
            field="id_number",
            code="id_required",
        )
    with transaction.atomic():
        lock(plan)
        if plan.status not in CONDUCT_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”，不能签到")
                % {"get_status_display": plan.get_status_display()},
                field="session",
                code="plan_status",
            )
        require_sound_staffing(session, what=_("签到入场"))
        _seated(session, registration)
        banned = expelled(registration)
        if banned is not None:
            raise DomainError(
                gettext("考生：%(name)s已在%(session)s被取消考试资格，不能入场")
                % {"name": registration.name, "session": banned.session},
                field="registration",
                code="expelled",
            )
        if Attendance.objects.filter(session=session, registration=registration).exists():
            raise DomainError(
                gettext("考生：%(name)s已签到") % {"name": registration.name},
                field="registration",
                code="already_checked_in",
            )
        if typed:
            try:
                matches = blind_index_for(Registration, "id_number", typed) == registration.id_number_index
            except ValueError:
                matches = False
            if not matches and identity_verified:
                raise DomainError(
                    gettext("证件号码：与该考生报名登记的证件号码不一致，身份核验未通过"),
                    field="id_number",
                    code="id_mismatch",
                )
        _start_plan(plan)
        attendance = Attendance.objects.create(
            session=session,
            registration=registration,
            checked_in_at=now(),
            identity_verified=bool(identity_verified),
            note=note,
            recorded_by=user_or_none(actor),
        )
        record_event(actor=actor, action=ConductEvent.CHECKED_IN, obj=attendance, after=snapshot(attendance))
    return attendance


def _void(registration: Registration, component: str, *, actor: Actor) -> None:
    score, _created = ComponentScore.objects.get_or_create(
        registration=registration, component=component, defaults={"source": ScoreSource.GRID}
    )
    if score.locked:
        raise DomainError(
            gettext("成绩已确认锁定，不能再据此作成绩无效处理；如需更正请走成绩变更并说明理由"),
            field="handling",
            code="locked",
        )
    if not score.voided:
        score.voided = True
        score.save(update_fields=["voided", "updated_at"])


def record_incident(
    *,
    actor: Actor,
    session: ExamSession,
    kind: str,
    description: str,
    handling: str = IncidentHandling.NONE,
    registration: Registration | None = None,
) -> Incident:
    """Record what happened in a session and how it was handled; scoring respects the handling (R-EXAM-7, R-EXAM-8)."""
    plan = session.plan
    require_institution_staff(actor, plan)
    if kind not in IncidentKind.values:
        raise DomainError(gettext("类别：“%(kind)s”不是有效的情况类别") % {"kind": kind}, field="kind", code="invalid")
    if handling not in IncidentHandling.values:
        raise DomainError(
            gettext("处理：“%(handling)s”不是有效的处理方式") % {"handling": handling}, field="handling", code="invalid"
        )
    description = clean_text(description, field="description", label=gettext("情况说明"), max_length=2000)
    if handling != IncidentHandling.NONE and registration is None:
        raise DomainError(
            gettext("涉及考生：处理为“%(label)s”时须指明考生") % {"label": IncidentHandling(handling).label},
            field="registration",
            code="required",
        )
    with transaction.atomic():
        lock(plan)
        if plan.status not in CONDUCT_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”，不能再记录考场情况")
                % {"get_status_display": plan.get_status_display()},
                field="session",
                code="plan_status",
            )
        if registration is not None:
            _seated(session, registration)
        if handling == IncidentHandling.COMPONENT_VOIDED:
            assert registration is not None
            _void(registration, session.component, actor=actor)
        elif handling == IncidentHandling.EXPELLED:
            assert registration is not None
            for component in components_for(plan.occupation, registration.level):
                _void(registration, component.kind, actor=actor)
        incident = Incident.objects.create(
            session=session,
            registration=registration,
            kind=kind,
            description=description,
            handling=handling,
            recorded_by=user_or_none(actor),
            recorded_at=now(),
        )
        record_event(actor=actor, action=ConductEvent.INCIDENT_RECORDED, obj=incident, after=snapshot(incident))
    return incident
