"""通报批评, 限期整改 and follow-up, the 陈述申辩 window and two-person exit (R-SUP-6)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.core.workdays import add_working_days
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import BlacklistEntry, StatusChange
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import selectors, services
from skillcert.sanctions.choices import Kind, Status

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_criticism_is_published_for_its_period():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = services.publish_criticism(actor=bureau, institution=institution, grounds="收费未公示", publish_until=_in(90))
    assert s.status == Status.PUBLISHED and s.publish_from == timezone.localdate()
    assert list(selectors.published_criticisms()) == [s]
    assert not selectors.published_criticisms(_in(91)).exists()
    assert list(selectors.public_history(institution)) == [s]
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.ACTIVE
    assert AuditEvent.objects.filter(action="sanctions.criticism_published", object_id=str(s.pk)).exists()


def test_a_decision_without_grounds_is_refused_and_nothing_is_saved():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    for call in (
        lambda: services.publish_criticism(actor=bureau, institution=institution, grounds=" "),
        lambda: services.order_rectification(actor=bureau, institution=institution, grounds="", deadline=_in(10)),
        lambda: services.propose_decision(
            actor=bureau, institution=institution, kind=Kind.DISQUALIFICATION, grounds=""
        ),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.field == "grounds" and "不能为空" in err.value.message
    assert not selectors.Sanction.objects.exists()
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.ACTIVE


def test_rectification_moves_the_institution_and_rectified_follow_up_returns_it_to_active():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = services.order_rectification(actor=bureau, institution=institution, grounds="评分记录不全", deadline=_in(30))
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.RECTIFICATION and institution.rectification_deadline == _in(30)
    with pytest.raises(DomainError) as err:
        services.record_follow_up(actor=bureau, sanction=s, result="rectified", note="已整改")
    assert err.value.field == "early" and "提前复查" in err.value.message
    s.refresh_from_db()
    assert s.status == Status.OPEN and s.follow_up_on is None
    s = services.record_follow_up(actor=bureau, sanction=s, result="rectified", note="复查合格", early=True)
    institution.refresh_from_db()
    assert s.status == Status.RECTIFIED and s.follow_up_early and institution.status == InstitutionStatus.ACTIVE
    assert [c.to_status for c in StatusChange.objects.filter(institution=institution).order_by("id")][-2:] == [
        "rectification",
        "active",
    ]


def test_follow_up_on_the_deadline_needs_no_early_flag_and_a_missed_one_is_listed():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = services.order_rectification(actor=bureau, institution=institution, grounds="评分记录不全", deadline=_in(5))
    assert not selectors.missed_follow_ups().exists()
    assert list(selectors.missed_follow_ups(_in(6))) == [s]
    type(s).objects.filter(pk=s.pk).update(deadline=timezone.localdate())
    s.refresh_from_db()
    s = services.record_follow_up(
        actor=bureau, sanction=s, result="not_rectified", note="仍未整改", propose=Kind.DISQUALIFICATION
    )
    assert s.status == Status.NOT_RECTIFIED and not s.follow_up_early
    proposal = s.proposals.get()
    assert proposal.kind == Kind.DISQUALIFICATION and proposal.status == Status.PROPOSED


def test_not_rectified_needs_a_proposal():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = services.order_rectification(actor=bureau, institution=institution, grounds="x", deadline=_in(5))
    with pytest.raises(DomainError) as err:
        services.record_follow_up(actor=bureau, sanction=s, result="not_rectified", note="未整改", early=True)
    assert err.value.field == "propose"


def test_statement_window_is_five_working_days_and_the_decision_waits_for_it(set_policy):
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    manager = f.staff(institution, Role.MANAGER)
    s = services.propose_decision(
        actor=bureau, institution=institution, kind=Kind.DISQUALIFICATION, grounds="出具虚假证书"
    )
    assert s.statement_due == add_working_days(timezone.localdate(), 5)
    with pytest.raises(DomainError) as err:
        services.decide(actor=bureau, sanction=s, reasons="事实清楚")
    assert err.value.code == "window_open"
    s = services.record_statement(actor=manager, sanction=s, statement="证书系系统故障导致，已追回")
    assert s.statement.startswith("证书系")
    s = services.decide(actor=bureau, sanction=s, reasons="陈述申辩理由不成立：系统日志显示人为操作")
    assert s.status == Status.DECIDED and s.decided_by == bureau


def test_a_statement_after_the_window_is_refused():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    s = services.propose_decision(
        actor=bureau, institution=institution, kind=Kind.DISQUALIFICATION, grounds="出具虚假证书"
    )
    type(s).objects.filter(pk=s.pk).update(statement_due=timezone.localdate() - datetime.timedelta(days=1))
    s.refresh_from_db()
    with pytest.raises(DomainError) as err:
        services.record_statement(actor=f.staff(institution, Role.MANAGER), sanction=s, statement="迟到的申辩")
    assert err.value.code == "window_closed"
    s = services.decide(actor=bureau, sanction=s, reasons="期满未陈述申辩")
    assert s.status == Status.DECIDED


def test_two_person_exit_puts_the_institution_on_the_blacklist_and_self_approval_is_refused():
    institution = f.FiledInstitutionFactory()
    first, second = f.bureau_user("150100"), f.bureau_user("150100", Role.MANAGER)
    s = services.propose_decision(
        actor=first, institution=institution, kind=Kind.DISQUALIFICATION, grounds="出具虚假证书"
    )
    type(s).objects.filter(pk=s.pk).update(statement_due=timezone.localdate() - datetime.timedelta(days=1))
    s = services.decide(actor=first, sanction=s, reasons="期满未陈述申辩，事实清楚")
    with pytest.raises(DomainError) as err:
        services.approve_decision(actor=first, sanction=s)
    assert err.value.code == "same_person" and "另一名" in err.value.message
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.ACTIVE and not BlacklistEntry.objects.exists()
    s = services.approve_decision(actor=second, sanction=s, note="同意")
    institution.refresh_from_db()
    entry = BlacklistEntry.objects.get(institution=institution)
    assert s.status == Status.APPROVED and institution.status == InstitutionStatus.REVOKED
    assert entry.listed_on == timezone.localdate() and "出具虚假证书" in entry.grounds
    assert s in selectors.public_history(institution)


def test_institution_staff_cannot_sanction():
    institution = f.FiledInstitutionFactory()
    with pytest.raises(PermissionDenied):
        services.publish_criticism(actor=f.staff(institution, Role.MANAGER), institution=institution, grounds="x")
