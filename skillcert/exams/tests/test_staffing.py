"""Staffing per session against the standard's ratios, qualifications and avoidance (R-EXAM-6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.core.errors import DomainError
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import SessionStaff, StaffingConfirmation
from skillcert.exams.selectors import staffing as staffing_reads
from skillcert.exams.services import sessions, staffing
from skillcert.exams.tests.conduct_factories import add_sessions, closed_plan
from skillcert.personnel.choices import RelationKind, StaffRole
from skillcert.personnel.models import Assignment, DeclaredRelation, StaffDraw
from skillcert.personnel.tests.factories import external_supervisor, serving_person

pytestmark = pytest.mark.django_db


def test_confirmation_refuses_staffing_that_breaks_the_ratio_and_a_later_removal_sets_it_aside():
    s = closed_plan(n=6)
    _theory, skills = add_sessions(s)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="k")
    for e in s.examiners[:2]:
        staffing.assign_staff(actor=s.clerk, session=skills, person=e, role=SessionStaffRole.SKILLS_EXAMINER)
    with pytest.raises(DomainError) as exc:
        staffing.confirm_staffing(actor=s.clerk, session=skills)
    messages = exc.value.errors["staff"]
    assert any("需要至少3名考评员" in m and "现有2名" in m for m in messages)
    assert any("内部质量督导员" in m for m in messages)
    staffing.assign_staff(actor=s.clerk, session=skills, person=s.examiners[2], role=SessionStaffRole.SKILLS_EXAMINER)
    staffing.assign_staff(actor=s.clerk, session=skills, person=s.internal, role=SessionStaffRole.INTERNAL_SUPERVISOR)
    fourth = serving_person(StaffRole.EXAMINER, occupation=s.occupation, level=3, employer=s.institution.organisation)
    staffing.assign_staff(actor=s.clerk, session=skills, person=fourth, role=SessionStaffRole.SKILLS_EXAMINER)
    with pytest.raises(DomainError) as exc:
        staffing.confirm_staffing(actor=s.clerk, session=skills)
    assert "考评人员应为单数，现有4名" in exc.value.message
    staffing.remove_staff(actor=s.clerk, staff=SessionStaff.objects.get(session=skills, person=fourth), reason="单数")
    confirmation = staffing.confirm_staffing(actor=s.clerk, session=skills)
    assert confirmation.summary["counts"]["skills_examiner"] == 3
    staffing.remove_staff(
        actor=s.clerk, staff=SessionStaff.objects.get(session=skills, person=s.examiners[0]), reason="请假"
    )
    confirmation.refresh_from_db()
    assert confirmation.set_aside_at is not None and confirmation.set_aside_trigger == "staff_changed"
    assert any("现有2名" in r["message"] for r in confirmation.set_aside_reasons)
    assert not staffing_reads.is_confirmed(skills)


def test_proctors_follow_the_theory_ratio_with_two_per_room():
    s = closed_plan(n=20, written_capacity=40)
    theory, _ = add_sessions(s)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory")
    assert staffing_reads.required_staff(theory)["proctor"] == 2  # 20 candidates at 1:15, at least 2 per room
    s.occupation.standards.get().ratio.__class__.objects.filter(standard__occupation=s.occupation).update(
        proctor_per_candidates=5
    )
    assert staffing_reads.required_staff(theory)["proctor"] == 4, "ratios are the standard's, stored, not literals"


def test_unqualified_or_conflicted_people_are_refused_with_reasons():
    s = closed_plan(n=3)
    theory, skills = add_sessions(s)
    unqualified = serving_person(StaffRole.EXAMINER, employer=s.institution.organisation)
    with pytest.raises(DomainError) as exc:
        staffing.assign_staff(actor=s.clerk, session=skills, person=unqualified, role="skills_examiner")
    assert f"不具备“{s.occupation.name}”职业的考评资格" in exc.value.message
    relative = s.examiners[0]
    DeclaredRelation.objects.create(
        person=relative,
        kind=RelationKind.RELATIVE,
        other_name=s.registrations[1].name,
        other_id_number=s.registrations[1].id_number,
        declared_on=s.plan.first_session_on,
    )
    with pytest.raises(DomainError) as exc:
        staffing.assign_staff(actor=s.clerk, session=skills, person=relative, role="skills_examiner")
    assert exc.value.field == "person" and "亲属" in exc.value.message and "须回避" in exc.value.message
    assert not SessionStaff.objects.filter(person=relative).exists()
    with pytest.raises(DomainError) as exc:
        staffing.assign_staff(actor=s.clerk, session=theory, person=s.examiners[1], role="skills_examiner")
    assert exc.value.code == "role_not_for_component"
    with pytest.raises(PermissionDenied):
        staffing.assign_staff(actor=s.clerk, session=theory, person=s.external, role="external_supervisor")


def test_assignment_is_recorded_for_the_personnel_limits():
    s = closed_plan(n=3)
    _, skills = add_sessions(s)
    staffing.assign_staff(actor=s.clerk, session=skills, person=s.examiners[0], role="skills_examiner")
    assignment = Assignment.objects.get(person=s.examiners[0])
    assert (
        assignment.session_ref == staffing_reads.session_ref(skills)
        and assignment.institution == s.institution.organisation
    )
    with pytest.raises(DomainError) as exc:
        staffing.assign_staff(actor=s.clerk, session=skills, person=s.examiners[0], role="skills_examiner")
    assert exc.value.code == "already_assigned"


def test_bureau_draws_the_external_supervisor_and_rotation_counts_it():
    s = closed_plan(n=3)
    theory, _ = add_sessions(s)
    for _ in range(2):
        external_supervisor("150100")
    with pytest.raises(PermissionDenied):
        staffing.draw_external_supervisor(actor=s.clerk, session=theory, seed="x")
    staff = staffing.draw_external_supervisor(actor=s.bureau, session=theory, seed="demo-seed")
    assert staff.role == "external_supervisor" and staff.draw.seed == "demo-seed"
    draw = StaffDraw.objects.get()
    assert draw.session_ref == staffing_reads.session_ref(theory) and staff.person_id in draw.selected
    assert Assignment.objects.filter(person=staff.person, draw=draw).exists()
    with pytest.raises(DomainError) as exc:
        staffing.draw_external_supervisor(actor=s.bureau, session=theory)
    assert exc.value.code == "already_drawn"
    assert not StaffingConfirmation.objects.exists()
