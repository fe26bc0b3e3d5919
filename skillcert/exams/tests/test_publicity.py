"""Publicity with masking, objections by anyone, re-checks by the candidate, final results (R-EXAM-9)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.workdays import add_working_days
from skillcert.exams.choices import CaseStatus, PlanStatus, PublicationStatus
from skillcert.exams.models import ComponentScore, Result
from skillcert.exams.periodic import finalise_results_now
from skillcert.exams.selectors.conduct import objection_by_code
from skillcert.exams.services import publicity, scoring
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.tests.conduct_factories import checked_in, closed_plan

pytestmark = pytest.mark.django_db


def scored(n: int = 2):
    s = closed_plan(n=n)
    checked_in(s)
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        rows=[ScoreInput(r.pk, score="58" if i == 0 else "80") for i, r in enumerate(s.registrations)],
    )
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=[ScoreInput(r.pk, examiner_scores={e.pk: "75" for e in s.examiners}) for r in s.registrations],
    )
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    return s


def candidate_for(s, registration):
    from skillcert.accounts.models import Organisation

    user = UserFactory(organisation=Organisation.objects.get(code="individuals"), roles=[Role.CANDIDATE])
    registration.user = user
    registration.save(update_fields=["user"])
    return user


def test_publication_uses_working_days_and_policy():
    s = scored()
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    today = publication.published_at.astimezone().date()
    assert publication.publicity_ends_on == add_working_days(today, 5)
    assert publication.recheck_deadline == add_working_days(today, 10)
    s.plan.refresh_from_db()
    assert s.plan.status == PlanStatus.PUBLICITY


def test_objection_by_anyone_with_tracking_code_then_handled():
    s = scored()
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    target = s.registrations[1]
    objection = publicity.file_objection(
        actor=None,
        publication=publication,
        complainant_name="群众甲",
        text_="该考生未到场",
        exam_number=target.exam_number,
    )
    assert objection.tracking_code.startswith("YY") and objection_by_code(objection.tracking_code.lower())
    with pytest.raises(DomainError) as exc:
        publicity.file_objection(
            actor=None, publication=publication, complainant_name="乙", text_="x", exam_number="999"
        )
    assert exc.value.field == "exam_number"
    assert not publicity.finalise_results(
        actor=None, publication=publication, on=publication.recheck_deadline + datetime.timedelta(days=3)
    )
    handled = publicity.handle_objection(
        actor=s.clerk, objection=objection, outcome="经查签到记录与监控，考生按时到场，异议不成立"
    )
    assert handled.status == CaseStatus.CLOSED
    assert publicity.finalise_results(
        actor=None, publication=publication, on=publication.recheck_deadline + datetime.timedelta(days=1)
    )
    s.plan.refresh_from_db()
    assert s.plan.status == PlanStatus.FINAL
    assert not Result.objects.filter(final_at__isnull=True).exists()


def test_objection_after_publicity_is_refused():
    s = scored()
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    publication.publicity_ends_on = publication.published_at.date() - datetime.timedelta(days=1)
    publication.save()
    with pytest.raises(DomainError) as exc:
        publicity.file_objection(actor=None, publication=publication, complainant_name="甲", text_="迟到的异议")
    assert exc.value.code == "publicity_over"


def test_recheck_by_the_candidate_in_the_window_with_score_change():
    s = scored()
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    failing = s.registrations[0]
    user = candidate_for(s, failing)
    with pytest.raises(NotFoundError):
        publicity.request_recheck(actor=s.other_clerk, registration=failing, component="theory", reason="x")
    recheck = publicity.request_recheck(
        actor=user, registration=failing, component="theory", reason="自估分数高于公布成绩"
    )
    with pytest.raises(DomainError) as exc:
        publicity.request_recheck(actor=user, registration=failing, component="theory", reason="再次申请")
    assert exc.value.code == "duplicate"
    assert Result.objects.get(registration=failing).passed is False
    publicity.handle_recheck(actor=s.clerk, recheck=recheck, outcome="复核发现漏计一题2分", score="60")
    recheck.refresh_from_db()
    assert recheck.status == CaseStatus.CLOSED and recheck.score_change.after == Decimal("60.00")
    assert recheck.score_change.reason.startswith("成绩复核：")
    assert Result.objects.get(registration=failing).passed is True
    assert ComponentScore.objects.get(registration=failing, component="theory").score == Decimal("60.00")
    other = s.registrations[1]
    with pytest.raises(NotFoundError):
        publicity.request_recheck(actor=user, registration=other, component="theory", reason="别人的")
    publication.recheck_deadline = datetime.date.today() - datetime.timedelta(days=1)
    publication.save()
    with pytest.raises(DomainError) as exc:
        publicity.request_recheck(actor=user, registration=failing, component="skills", reason="过期")
    assert exc.value.code == "window_closed"


def test_institution_staff_cannot_request_a_recheck_for_the_candidate():
    s = scored()
    publicity.publish_results(actor=s.clerk, plan=s.plan)
    candidate_for(s, s.registrations[0])
    with pytest.raises((PermissionDenied, NotFoundError)):
        publicity.request_recheck(actor=s.clerk, registration=s.registrations[0], component="theory", reason="代办")


def test_nightly_task_finalises_only_after_both_windows(monkeypatch):
    s = scored()
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    assert publicity.finalise_due_results(on=publication.publicity_ends_on) == 0
    publicity.finalise_due_results(on=publication.publicity_ends_on + datetime.timedelta(days=1))
    publication.refresh_from_db()
    assert publication.status in (PublicationStatus.CLOSED, PublicationStatus.FINAL)
    if publication.recheck_deadline > publication.publicity_ends_on + datetime.timedelta(days=1):
        assert publication.status == PublicationStatus.CLOSED
    publication.recheck_deadline = publication.publicity_ends_on = datetime.date.today() - datetime.timedelta(days=1)
    publication.save()
    finalise_results_now()
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.FINAL
