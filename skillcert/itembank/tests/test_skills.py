"""Skills tasks marked by their rubric on exams' examiner sheets: steps, void faults, blind signing, the
gap to the chief examiner and the component score with its change log (R-BANK-1, R-EXAM-8, R-EXAM-11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.exams.choices import GapReviewStatus
from skillcert.exams.models import ComponentScore, ExaminerScore, GapReview, SheetChange
from skillcert.exams.selectors.sheets import sheet_view
from skillcert.exams.services import sheets
from skillcert.itembank.choices import ItembankEvent
from skillcert.itembank.models import SkillsSession
from skillcert.itembank.services import skills
from skillcert.itembank.tests.skills_helpers import full_marks, skills_world, task_a_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return skills_world()


def test_the_rubric_is_opened_once_after_the_start_and_becomes_the_sheet_criteria(world):
    rubric = skills.skills_paper_rubric(world.session)
    assert rubric is not None
    assert [c.max for c in rubric.criteria] == [Decimal(v) for v in ("20", "30", "10", "15", "25")] or [
        c.max for c in rubric.criteria
    ] == [Decimal(v) for v in ("15", "25", "20", "30", "10")]
    assert len(rubric.voids) == 1 and rubric.voids[0].items == ("操作中发生烫伤、割伤等安全事故", "使用变质原料")
    skills.skills_paper_rubric(world.session)
    assert AuditEvent.objects.filter(action=ItembankEvent.SKILLS_RUBRIC_OPENED).count() == 1
    assert AuditEvent.objects.filter(action=ItembankEvent.PAPER_OPENED, after__purpose="技能操作考核评分").count() == 1


def test_the_rubric_stays_sealed_before_the_start():
    w = skills_world(started=False)
    with pytest.raises(DomainError) as exc:
        skills.skills_paper_rubric(w.session)
    assert exc.value.code == "sealed"
    assert SkillsSession.objects.get(pk=w.skills.pk).tasks == []


def test_a_mark_over_the_step_maximum_is_refused_naming_the_step_and_nothing_is_saved(world):
    a = world.examiners[0]
    marks = full_marks(world, [21, 30, 10], [15, 25])
    with pytest.raises(DomainError) as exc:
        skills.mark_tasks(actor=a, seat=world.seat, marks=marks, voids={})
    assert exc.value.code == "out_of_range"
    assert "刀工处理" in exc.value.message and "满分20" in exc.value.message
    assert not ExaminerScore.objects.exists()


def test_a_void_fault_sets_the_task_to_zero_with_its_reason(world):
    a = world.examiners[0]
    key = task_a_key(world)
    marks = full_marks(world, [18, 25, 8], [12, 20])
    with pytest.raises(DomainError) as exc:
        skills.mark_tasks(actor=a, seat=world.seat, marks=marks, voids={key: {"items": ["使用变质原料"], "reason": ""}})
    assert exc.value.code == "void_reason"
    with pytest.raises(DomainError) as exc:
        skills.mark_tasks(actor=a, seat=world.seat, marks=marks, voids={key: {"items": ["迟到"], "reason": "x"}})
    assert exc.value.code == "unknown_void"
    sheet = skills.mark_tasks(
        actor=a,
        seat=world.seat,
        marks=marks,
        voids={key: {"items": ["使用变质原料"], "reason": "鸡丁有异味，考生仍继续使用"}},
        notes="第二项任务完成良好",
    )
    assert sheet.score == Decimal("32.00"), "task A voided → 0; task B 12 + 20"
    assert sheet.voids == {key: {"items": ["使用变质原料"], "reason": "鸡丁有异味，考生仍继续使用"}}
    assert sheet.notes == "第二项任务完成良好"
    unvoided = skills.mark_tasks(actor=a, seat=world.seat, marks=marks, voids={})
    assert unvoided.score == Decimal("83.00")


def test_blind_until_every_examiner_signed_then_the_mean_reaches_the_skills_component(world):
    a, b, chief = world.examiners
    skills.mark_tasks(actor=a, seat=world.seat, marks=full_marks(world, [18, 25, 8], [12, 20]), voids={}, sign=True)
    skills.mark_tasks(actor=b, seat=world.seat, marks=full_marks(world, [18, 26, 8], [12, 20]), voids={}, sign=True)
    staff_b = world.session.staff.get(person=world.exam.examiners[1])
    assert sheet_view(world.seat, staff_b).others == []
    cs = ComponentScore.objects.get(registration=world.seat.registration, component="skills")
    assert cs.score is None
    skills.mark_tasks(actor=chief, seat=world.seat, marks=full_marks(world, [18, 27, 8], [12, 20]), voids={}, sign=True)
    assert sorted(o.score for o in sheet_view(world.seat, staff_b).others) == [Decimal("83.00"), Decimal("85.00")]
    cs.refresh_from_db()
    assert cs.score == Decimal("84.00")
    with pytest.raises(DomainError) as exc:
        skills.mark_tasks(actor=a, seat=world.seat, marks=full_marks(world, [18, 25, 8], [12, 20]), voids={})
    assert exc.value.code == "signed"


def test_a_change_after_signing_needs_a_reason_is_kept_and_moves_the_component_score(world):
    a, b, chief = world.examiners
    key = task_a_key(world)
    for user in (a, b, chief):
        skills.mark_tasks(
            actor=user, seat=world.seat, marks=full_marks(world, [18, 25, 8], [12, 20]), voids={}, sign=True
        )
    cs = ComponentScore.objects.get(registration=world.seat.registration, component="skills")
    assert cs.score == Decimal("83.00")
    marks = full_marks(world, [18, 25, 8], [12, 20])
    void = {key: {"items": ["操作中发生烫伤、割伤等安全事故"], "reason": "复看录像：考生手部烫伤仍继续操作"}}
    with pytest.raises(DomainError) as exc:
        skills.change_tasks(actor=a, seat=world.seat, marks=marks, voids=void, reason=" ")
    assert exc.value.field == "reason"
    change = skills.change_tasks(actor=a, seat=world.seat, marks=marks, voids=void, reason="复看录像后改判否决")
    assert (change.before, change.after) == (Decimal("83.00"), Decimal("32.00"))
    assert change.before_voids == {} and change.after_voids == void
    assert SheetChange.objects.count() == 1
    # 83 − 32 = 51 > 10 % of 100: the gap goes to the chief examiner; the score waits for the decision
    review = GapReview.objects.get()
    assert review.status == GapReviewStatus.OPEN
    cs.refresh_from_db()
    assert cs.score is None
    with pytest.raises(NotFoundError):  # not the chief: exams' answer rules, the review is not theirs to see
        sheets.decide_gap(actor=b, review=review, reasons="维持")
    sheets.decide_gap(actor=chief, review=review, reasons="否决项成立，取平均")
    cs.refresh_from_db()
    assert cs.score == Decimal("66.00"), "(32 + 83 + 83) / 3"
    assert AuditEvent.objects.filter(action="exams.sheet_changed").count() == 1
    assert AuditEvent.objects.filter(action="exams.gap_decided").count() == 1


def test_only_the_sessions_examiners_mark(world):
    from skillcert.accounts.choices import Role
    from skillcert.accounts.tests.factories import UserFactory

    marks = full_marks(world, [18, 25, 8], [12, 20])
    stranger = UserFactory(roles=[Role.EXAMINER])
    with pytest.raises(NotFoundError):
        skills.mark_tasks(actor=stranger, seat=world.seat, marks=marks, voids={})
    with pytest.raises(PermissionDenied):
        skills.mark_tasks(actor=world.exam.clerk, seat=world.seat, marks=marks, voids={})
    assert not ExaminerScore.objects.exists()


def test_a_session_without_a_skills_paper_is_not_a_skills_sheet():
    from skillcert.exams.models import Seat
    from skillcert.exams.tests.conduct_factories import checked_in, closed_plan, examiner_accounts

    s = closed_plan(2)
    _t, session = checked_in(s)
    users = examiner_accounts(s, session)
    seat = Seat.objects.filter(session=session).first()
    with pytest.raises(NotFoundError):
        skills.mark_tasks(actor=users[0], seat=seat, marks={"total": "80"}, voids={})
    assert skills.skills_paper_rubric(session) is None


def test_scheduling_refuses_a_theory_session_and_a_second_paper(world):
    with pytest.raises(DomainError) as exc:
        skills.schedule_skills_paper(actor=world.exam.clerk, exam_session=world.session, assembly=world.skills.assembly)
    assert exc.value.code == "duplicate"
    theory = world.exam.plan.sessions.exclude(pk=world.session.pk).first()
    with pytest.raises(DomainError) as exc:
        skills.schedule_skills_paper(actor=world.exam.clerk, exam_session=theory, assembly=world.skills.assembly)
    assert exc.value.code == "component"
