"""Two signatures of the same sheet at once sign it once; the last two examiners signing at once flag
one gap review (lock, then check; R-EXAM-11, R-X-4).

PostgreSQL only; kept in its own file because a transactional test empties the database when it ends.
"""

from __future__ import annotations

import pytest
from django.db import connection

from skillcert.core.models import AuditEvent
from skillcert.core.testing import ensure_reference_data, race
from skillcert.exams.choices import GapReviewStatus
from skillcert.exams.models import ComponentScore, ExaminerScore, GapReview, Seat
from skillcert.exams.services import sheets
from skillcert.exams.tests.conduct_factories import checked_in, closed_plan, examiner_accounts

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def _world():
    ensure_reference_data()
    s = closed_plan(n=2)
    _theory, skills = checked_in(s)
    users = examiner_accounts(s, skills)
    seat = Seat.objects.filter(session=skills).order_by("seat_number").first()
    return s, skills, users, seat


def test_signing_the_same_sheet_twice_at_once_signs_it_once():
    _s, _skills, users, seat = _world()
    sheets.save_sheet(actor=users[0], seat=seat, marks={"total": "80"})

    outcome = race([lambda: sheets.sign_sheet(actor=users[0], seat=Seat.objects.get(pk=seat.pk)) for _ in range(2)])

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert len(outcome.refused) == 1 and "不能重复签名" in outcome.refused[0]
    assert AuditEvent.objects.filter(action="exams.sheet_signed").count() == 1


def test_the_last_two_signatures_at_once_flag_one_gap_review():
    _s, _skills, users, seat = _world()
    sheets.sign_sheet(actor=users[2], seat=seat, marks={"total": "75"})

    outcome = race(
        [
            lambda: sheets.sign_sheet(actor=users[0], seat=Seat.objects.get(pk=seat.pk), marks={"total": "50"}),
            lambda: sheets.sign_sheet(actor=users[1], seat=Seat.objects.get(pk=seat.pk), marks={"total": "95"}),
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 2 and not outcome.refused
    assert ExaminerScore.objects.filter(signed_at__isnull=False).count() == 3
    review = GapReview.objects.get()
    assert review.status == GapReviewStatus.OPEN and str(review.gap) == "45.00"
    assert ComponentScore.objects.get(registration_id=seat.registration_id, component="skills").score is None


def test_two_first_saves_of_a_candidate_at_once_share_one_component_score():
    _s, _skills, users, seat = _world()

    outcome = race(
        [
            lambda user=user: sheets.save_sheet(actor=user, seat=Seat.objects.get(pk=seat.pk), marks={"total": "70"})
            for user in users[:2]
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 2 and not outcome.refused
    assert ComponentScore.objects.filter(registration_id=seat.registration_id, component="skills").count() == 1
    assert ExaminerScore.objects.count() == 2
