"""Inactivity: listing, request to explain, accepted explanation suspends the clock, exit otherwise (R-SUP-6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import selectors, services
from skillcert.sanctions.choices import InactivityStatus, Kind, Status

pytestmark = pytest.mark.django_db


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_an_institution_filed_over_a_year_ago_without_activity_is_listed():
    idle = f.FiledInstitutionFactory(filed_on=_ago(400))
    f.FiledInstitutionFactory(filed_on=_ago(100))
    bureau = f.bureau_user("150100")
    rows = selectors.inactive_institutions(bureau)
    assert [(r.institution, r.last_activity_on, r.days) for r in rows] == [(idle, _ago(400), 400)]


def test_a_recent_institution_cannot_be_asked_to_explain():
    young = f.FiledInstitutionFactory(filed_on=_ago(100))
    with pytest.raises(DomainError) as err:
        services.request_explanation(actor=f.bureau_user("150100"), institution=young, text="请说明")
    assert err.value.code == "active"


def test_accepted_explanation_suspends_the_clock_for_the_recorded_period():
    idle = f.FiledInstitutionFactory(filed_on=_ago(400))
    bureau = f.bureau_user("150100")
    case = services.request_explanation(actor=bureau, institution=idle, text="请说明一年来未开展认定的原因")
    assert not selectors.inactive_institutions(bureau)
    case = services.submit_explanation(actor=f.staff(idle), case=case, explanation="场地改造，明年恢复")
    until = timezone.localdate() + datetime.timedelta(days=90)
    case = services.accept_explanation(actor=bureau, case=case, note="情况属实", suspended_until=until)
    assert case.status == InactivityStatus.ACCEPTED and case.suspended_from == timezone.localdate()
    assert selectors.last_activity_on(idle) == until
    assert not selectors.inactive_institutions(bureau)
    assert selectors.inactive_institutions(bureau, until + datetime.timedelta(days=366))


def test_rejected_explanation_leads_to_the_exit_proposal():
    idle = f.FiledInstitutionFactory(filed_on=_ago(400))
    bureau = f.bureau_user("150100")
    case = services.request_explanation(actor=bureau, institution=idle, text="请说明")
    case = services.submit_explanation(actor=f.staff(idle), case=case, explanation="无")
    case = services.reject_explanation(actor=bureau, case=case, note="理由不成立")
    assert case.status == InactivityStatus.REJECTED
    assert case.exit_sanction.kind == Kind.DISQUALIFICATION and case.exit_sanction.status == Status.PROPOSED


def test_unanswered_request_lapses_into_the_exit_proposal_only_after_the_deadline():
    idle = f.FiledInstitutionFactory(filed_on=_ago(400))
    bureau = f.bureau_user("150100")
    case = services.request_explanation(actor=bureau, institution=idle, text="请说明")
    with pytest.raises(DomainError) as err:
        services.lapse_case(actor=bureau, case=case)
    assert err.value.code == "not_due"
    type(case).objects.filter(pk=case.pk).update(explain_by=_ago(1))
    case.refresh_from_db()
    with pytest.raises(DomainError):
        services.submit_explanation(actor=f.staff(idle), case=case, explanation="迟交")
    case = services.lapse_case(actor=bureau, case=case)
    assert case.status == InactivityStatus.LAPSED and case.exit_sanction.status == Status.PROPOSED
