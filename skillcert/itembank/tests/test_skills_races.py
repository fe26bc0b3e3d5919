"""Skills sheets under concurrency: two signatures at once sign once; the last two examiners signing at
once open one gap review; two first markings at once open the sealed paper once (R-EXAM-11, R-X-4).

PostgreSQL only; kept in its own file because a transactional test empties the database when it ends.
"""

from __future__ import annotations

import pytest
from django.db import connection

from skillcert.core.models import AuditEvent
from skillcert.core.testing import ensure_reference_data, race
from skillcert.exams.choices import GapReviewStatus
from skillcert.exams.models import ComponentScore, ExaminerScore, GapReview, Seat
from skillcert.itembank.choices import ItembankEvent
from skillcert.itembank.models import SkillsSession
from skillcert.itembank.services import skills
from skillcert.itembank.tests.skills_helpers import full_marks, skills_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def _world():
    ensure_reference_data()
    return skills_world()


def test_signing_the_same_skills_sheet_twice_at_once_signs_it_once():
    w = _world()
    marks = full_marks(w, [18, 25, 8], [12, 20])
    a = w.examiners[0]

    outcome = race(
        [
            lambda: skills.mark_tasks(actor=a, seat=Seat.objects.get(pk=w.seat.pk), marks=marks, voids={}, sign=True)
            for _ in range(2)
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert len(outcome.refused) == 1 and "不能重复签名" in outcome.refused[0]
    assert AuditEvent.objects.filter(action="exams.sheet_signed").count() == 1


def test_the_last_two_skills_signatures_at_once_open_one_gap_review():
    w = _world()
    a, b, chief = w.examiners
    skills.mark_tasks(actor=chief, seat=w.seat, marks=full_marks(w, [18, 25, 8], [12, 20]), voids={}, sign=True)

    outcome = race(
        [
            lambda: skills.mark_tasks(
                actor=a,
                seat=Seat.objects.get(pk=w.seat.pk),
                marks=full_marks(w, [5, 5, 5], [5, 5]),
                voids={},
                sign=True,
            ),
            lambda: skills.mark_tasks(
                actor=b,
                seat=Seat.objects.get(pk=w.seat.pk),
                marks=full_marks(w, [20, 30, 10], [15, 25]),
                voids={},
                sign=True,
            ),
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 2 and not outcome.refused
    assert ExaminerScore.objects.filter(signed_at__isnull=False).count() == 3
    review = GapReview.objects.get()
    assert review.status == GapReviewStatus.OPEN and str(review.gap) == "75.00"
    assert ComponentScore.objects.get(registration_id=w.seat.registration_id, component="skills").score is None


def test_two_first_markings_at_once_open_the_sealed_paper_once():
    w = _world()
    assert SkillsSession.objects.get(pk=w.skills.pk).tasks == []

    outcome = race([lambda: skills.tasks_of(SkillsSession.objects.get(pk=w.skills.pk)) for _ in range(2)])

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 2
    assert AuditEvent.objects.filter(action=ItembankEvent.SKILLS_RUBRIC_OPENED).count() == 1
