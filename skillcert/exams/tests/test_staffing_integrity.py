"""Staffing stays valid, or the session stops (R-EXAM-6, R-PER-1, R-PER-2, R-X-4).

Every change that can break a confirmed staffing sets the confirmation aside with the reasons;
check-in, scoring and score confirmation are then refused naming each problem; a league bureau
may record an audited exception with grounds; check-in verifies identity by the ID number.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.exams.choices import (
    PlanStatus,
    RegistrationSource,
    RegistrationStatus,
    SessionStaffRole,
    StaffingProblemKind,
)
from skillcert.exams.models import (
    Attendance,
    ExamPlan,
    ExamSession,
    Registration,
    StaffingConfirmation,
    StaffingException,
)
from skillcert.exams.selectors import staffing as staffing_reads
from skillcert.exams.services import conduct, review, sessions, staffing
from skillcert.exams.services.staffing_checks import grant_staffing_exception, open_problems, recheck_all
from skillcert.exams.tests.conduct_factories import NAMES, Scenario, add_sessions, closed_plan
from skillcert.institutions.tests.factories import bureau_user, staff
from skillcert.personnel.choices import RelationKind, SanctionKind
from skillcert.personnel.models import Appointment, Qualification
from skillcert.personnel.services.appointments import revoke_appointment
from skillcert.personnel.services.qualifications import revoke_qualification
from skillcert.personnel.services.relations import declare_relation
from skillcert.personnel.services.sanctions import record_violation, sanction_violation
from skillcert.personnel.tests.factories import make_id_number

pytestmark = pytest.mark.django_db


def _confirmed_skills(s: Scenario) -> ExamSession:
    """The skills session staffed with three examiners and the internal supervisor for its candidates, confirmed."""
    _theory, skills = add_sessions(s)
    for e in s.examiners:
        staffing.assign_staff(actor=s.clerk, session=skills, person=e, role=SessionStaffRole.SKILLS_EXAMINER)
    staffing.assign_staff(actor=s.clerk, session=skills, person=s.internal, role=SessionStaffRole.INTERNAL_SUPERVISOR)
    staffing.confirm_staffing(actor=s.clerk, session=skills)
    assert staffing_reads.is_confirmed(skills)
    return skills


def _submitted(s: Scenario, n: int, *, first_id: str | None = None) -> list[Registration]:
    out = []
    for i in range(n):
        number = first_id if (i == 0 and first_id) else make_id_number(area="150103", birth="19920202", serial=300 + i)
        out.append(
            Registration.objects.create(
                plan=s.plan,
                level=4,
                name=NAMES[(i + 5) % len(NAMES)] + str(i),
                id_number=number,
                birth_date=datetime.date(1992, 2, 2),
                employer_name="包头市某机械有限公司",
                status=RegistrationStatus.SUBMITTED,
                submitted_at=timezone.now(),
                source=RegistrationSource.IMPORT,
            )
        )
    return out


def test_the_reported_scenario_now_refuses_check_in_naming_the_ratio_and_the_relative():
    s = closed_plan(n=1)
    skills = _confirmed_skills(s)
    examiner = s.examiners[0]
    relative_id = make_id_number(area="150104", birth="19880808", serial=777)
    declare_relation(
        actor=s.clerk, person=examiner, kind=RelationKind.RELATIVE, other_name="考生亲属", other_id_number=relative_id
    )
    assert staffing_reads.is_confirmed(skills), "nobody of the session is related yet"

    late = _submitted(s, 19, first_id=relative_id)
    review.approve_registrations(actor=s.clerk, plan=s.plan, ids=[r.pk for r in late])

    confirmation = StaffingConfirmation.objects.get(session=skills)
    assert confirmation.set_aside_at is not None and confirmation.set_aside_trigger == "candidates_approved"
    kinds = {r["kind"] for r in confirmation.set_aside_reasons}
    assert kinds == {StaffingProblemKind.RATIO, StaffingProblemKind.AVOIDANCE}

    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="again")
    relative = Registration.objects.get(pk=late[0].pk)
    with pytest.raises(DomainError) as exc:
        conduct.check_in(
            actor=s.clerk, session=skills, registration=relative, identity_verified=True, id_number=relative_id
        )
    message = exc.value.message
    assert "20名考生需要至少" in message and "现有3名" in message, message
    assert f"{examiner.name}与考生{relative.name[0]}*" in message, message
    assert f"{relative_id[-4:]}）有申报的亲属关系，须回避" in message, message
    assert set(exc.value.errors["staffing"]) == {p.message for p in open_problems(skills)}
    assert not Attendance.objects.exists()


def test_scoring_and_score_confirmation_are_refused_while_staffing_has_problems():
    s = closed_plan(n=3)
    _confirmed_skills(s)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="k")
    Appointment.objects.filter(person=s.examiners[1]).update(card_valid_until=timezone.localdate())
    assert recheck_all() == 1, "the nightly re-check finds the card that expires before the session"
    from skillcert.exams.services import scoring

    ExamPlan.objects.filter(pk=s.plan.pk).update(status=PlanStatus.IN_PROGRESS)
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="skills", rows=[])
    assert "不能录入成绩" in exc.value.message and s.examiners[1].name in exc.value.message
    assert "资格" in exc.value.message
    with pytest.raises(DomainError) as exc:
        scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    assert "不能确认成绩" in exc.value.message
    assert exc.value.code == "staffing_problems"


@pytest.mark.parametrize("change", ["relation", "sanction", "qualification", "role"])
def test_each_change_about_a_person_sets_the_confirmation_aside(change: str):
    s = closed_plan(n=2)
    skills = _confirmed_skills(s)
    examiner = s.examiners[2]
    seat_ids = [r.id_number for r in s.registrations]
    centre = bureau_user("150100")  # regulators decide sanctions
    if change == "relation":
        declare_relation(
            actor=s.clerk,
            person=examiner,
            kind=RelationKind.TEACHER_STUDENT,
            other_name="学生",
            other_id_number=seat_ids[0],
        )
        trigger, kind = "relation_declared", StaffingProblemKind.AVOIDANCE
    elif change == "sanction":
        violation = record_violation(
            actor=centre, person=examiner, occurred_on=timezone.localdate(), description="评分不认真"
        )
        sanction_violation(
            actor=centre,
            violation=violation,
            kind=SanctionKind.SUSPENSION,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + datetime.timedelta(days=90),
            reason="暂停三个月",
        )
        trigger, kind = "sanction", StaffingProblemKind.QUALIFICATION
    elif change == "qualification":
        revoke_qualification(actor=None, qualification=Qualification.objects.get(person=examiner), reason="培训不合格")
        trigger, kind = "qualification_withdrawn", StaffingProblemKind.QUALIFICATION
    else:
        revoke_appointment(actor=None, appointment=Appointment.objects.get(person=examiner), reason="离职")
        trigger, kind = "qualification_withdrawn", StaffingProblemKind.QUALIFICATION
    confirmation = StaffingConfirmation.objects.get(session=skills)
    assert confirmation.set_aside_trigger == trigger
    assert [r["kind"] for r in confirmation.set_aside_reasons] == [kind]
    assert examiner.name in confirmation.set_aside_reasons[0]["message"]
    assert AuditEvent.objects.filter(action="exams.staffing_set_aside", object_id=str(confirmation.pk)).exists()
    with pytest.raises(DomainError) as exc:
        staffing.confirm_staffing(actor=s.clerk, session=skills)
    assert examiner.name in exc.value.message, "re-confirming names what to fix"


def test_a_league_bureau_excepts_a_named_problem_with_grounds_and_check_in_goes_on():
    s = closed_plan(n=2)
    skills = _confirmed_skills(s)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="k")
    candidate = Registration.objects.get(pk=s.registrations[0].pk)
    declare_relation(
        actor=s.clerk,
        person=s.examiners[0],
        kind=RelationKind.MASTER_APPRENTICE,
        other_name=candidate.name,
        other_id_number=candidate.id_number,
    )
    (problem,) = open_problems(skills)
    bureau = bureau_user("150100", Role.MANAGER)

    with pytest.raises(DomainError) as exc:
        grant_staffing_exception(actor=bureau, session=skills, problem=problem.message, grounds="  ")
    assert exc.value.field == "grounds"
    with pytest.raises(PermissionDenied):
        grant_staffing_exception(actor=s.clerk, session=skills, problem=problem.message, grounds="偏远地区")
    with pytest.raises(PermissionDenied):
        grant_staffing_exception(
            actor=staff(s.institution, Role.MANAGER), session=skills, problem=problem.message, grounds="偏远地区"
        )
    with pytest.raises(DomainError) as exc:
        grant_staffing_exception(actor=bureau, session=skills, problem="随便写的问题", grounds="偏远地区")
    assert exc.value.field == "problem"
    assert not StaffingException.objects.exists()

    exception = grant_staffing_exception(
        actor=bureau,
        session=skills,
        problem=problem.message,
        grounds="该考评员为本盟唯一持证人员，另派外部督导全程监督",
    )
    assert exception.kind == StaffingProblemKind.AVOIDANCE and exception.granted_org == bureau.organisation
    assert AuditEvent.objects.filter(action="exams.staffing_exception").count() == 1
    assert open_problems(skills) == []
    staffing.confirm_staffing(actor=s.clerk, session=skills)
    attendance = conduct.check_in(
        actor=s.clerk, session=skills, registration=candidate, identity_verified=True, id_number=candidate.id_number
    )
    assert attendance.identity_verified


def test_check_in_needs_the_id_number_to_match_not_just_a_tick():
    s = closed_plan(n=2)
    skills = _confirmed_skills(s)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="k")
    r = Registration.objects.get(pk=s.registrations[0].pk)
    with pytest.raises(DomainError) as exc:
        conduct.check_in(actor=s.clerk, session=skills, registration=r, identity_verified=True)
    assert exc.value.field == "id_number" and "仅勾选" in exc.value.message
    with pytest.raises(DomainError) as exc:
        conduct.check_in(
            actor=s.clerk,
            session=skills,
            registration=r,
            identity_verified=True,
            id_number=s.registrations[1].id_number,
        )
    assert exc.value.code == "id_mismatch" and "不一致" in exc.value.message
    assert not Attendance.objects.exists()
    assert conduct.check_in(
        actor=s.clerk, session=skills, registration=r, identity_verified=True, id_number=r.id_number
    ).identity_verified
