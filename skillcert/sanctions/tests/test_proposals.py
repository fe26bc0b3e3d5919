"""处理建议 from 双随机 inspections (R-SUP-4, R-SUP-6): concluding with 提出处理建议 proposes the measure
to the institution's league bureau in the same transaction; the bureau accepts it by making the measure
through the sanctions services, or declines it with grounds; once decided it cannot be decided again."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.inspections.choices import InspectionStatus, Outcome
from skillcert.inspections.models import Inspection
from skillcert.inspections.services import campaigns
from skillcert.inspections.tests.factories import concluded_with_proposal, drawn_inspection
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import selectors, services
from skillcert.sanctions.choices import Event, Kind, ProposalStatus, Status
from skillcert.sanctions.models import Proposal, Sanction

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_concluding_with_a_sanction_proposal_routes_it_to_the_institutions_league():
    proposal = concluded_with_proposal("150200", Kind.CRITICISM)

    assert proposal.status == ProposalStatus.PENDING
    assert proposal.league.code == "150200"
    assert proposal.measure == Kind.CRITICISM
    assert "成绩变更无审批记录" in proposal.grounds and "擅自修改成绩" in proposal.grounds
    assert proposal.inspection.outcome == Outcome.SANCTION
    made = AuditEvent.objects.get(action=Event.PROPOSAL_MADE)
    assert made.after["inspection"] == proposal.inspection_id
    assert list(selectors.proposals_visible_to(f.bureau_user("150200"))) == [proposal]
    assert not selectors.proposals_visible_to(f.bureau_user("150100")).exists()
    assert not selectors.proposals_visible_to(
        f.UserFactory(organisation=proposal.institution.organisation, roles=[Role.MANAGER])
    ).exists()


def test_a_sanction_proposal_needs_its_measure_and_nothing_is_half_saved():
    inspection, organiser = drawn_inspection()

    with pytest.raises(DomainError) as refused:
        campaigns.conclude_inspection(
            actor=organiser, inspection=inspection, outcome=Outcome.SANCTION, note="建议处理", measure=""
        )
    assert refused.value.field == "measure" and "建议处理类别" in refused.value.message
    with pytest.raises(DomainError) as wrong:
        campaigns.conclude_inspection(
            actor=organiser, inspection=inspection, outcome=Outcome.NO_PROBLEMS, measure=Kind.CRITICISM
        )
    assert wrong.value.field == "measure"
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.status == InspectionStatus.IN_PROGRESS and not Proposal.objects.exists()


def test_accepting_a_criticism_proposal_publishes_it_linked_to_the_proposal():
    proposal = concluded_with_proposal(measure=Kind.CRITICISM)
    clerk = f.bureau_user("150100", Role.CLERK)

    accepted = services.accept_proposal(actor=clerk, proposal=proposal, note="事实清楚")

    assert accepted.status == ProposalStatus.ACCEPTED and accepted.decided_by == clerk
    sanction = accepted.sanction
    assert sanction.kind == Kind.CRITICISM and sanction.status == Status.PUBLISHED
    assert sanction.is_published_on() and sanction.inspection_proposal == accepted
    assert "事实清楚" in sanction.grounds and "成绩变更无审批记录" in sanction.grounds
    assert AuditEvent.objects.filter(action=Event.PROPOSAL_ACCEPTED, object_id=str(proposal.pk)).count() == 1
    assert AuditEvent.objects.filter(action=Event.CRITICISED).count() == 1


def test_accepting_a_rectification_proposal_needs_a_deadline_and_enters_rectification():
    proposal = concluded_with_proposal(measure=Kind.RECTIFICATION)
    clerk = f.bureau_user("150100", Role.CLERK)

    with pytest.raises(DomainError) as missing:
        services.accept_proposal(actor=clerk, proposal=proposal)
    assert missing.value.field == "deadline" and "整改期限" in missing.value.message
    with pytest.raises(DomainError):
        services.accept_proposal(actor=clerk, proposal=proposal, deadline=timezone.localdate())
    accepted = services.accept_proposal(actor=clerk, proposal=proposal, deadline=_in(30))

    assert accepted.sanction.kind == Kind.RECTIFICATION and accepted.sanction.deadline == _in(30)
    accepted.institution.refresh_from_db()
    assert accepted.institution.status == InstitutionStatus.RECTIFICATION


@pytest.mark.parametrize("measure", [Kind.SUSPENSION, Kind.DISQUALIFICATION])
def test_accepting_a_suspension_or_disqualification_opens_the_statement_window_then_two_people_decide(measure):
    proposal = concluded_with_proposal(measure=measure)
    clerk = f.bureau_user("150100", Role.CLERK)
    manager = f.bureau_user("150100", Role.MANAGER)

    sanction = services.accept_proposal(actor=clerk, proposal=proposal).sanction

    assert sanction.kind == measure and sanction.status == Status.PROPOSED and sanction.statement_due
    Sanction.objects.filter(pk=sanction.pk).update(statement_due=_in(-1))
    sanction = services.decide(actor=clerk, sanction=Sanction.objects.get(pk=sanction.pk), reasons="事实清楚")
    with pytest.raises(DomainError):
        services.approve_decision(actor=clerk, sanction=sanction)
    services.approve_decision(actor=manager, sanction=sanction)
    proposal.institution.refresh_from_db()
    expected = InstitutionStatus.REVOKED if measure == Kind.DISQUALIFICATION else InstitutionStatus.SUSPENDED
    assert proposal.institution.status == expected


def test_a_refused_measure_leaves_the_proposal_pending():
    proposal = concluded_with_proposal(measure=Kind.SUSPENSION)
    clerk = f.bureau_user("150100", Role.CLERK)
    services.propose_decision(actor=clerk, institution=proposal.institution, kind=Kind.SUSPENSION, grounds="另案")

    with pytest.raises(DomainError) as refused:
        services.accept_proposal(actor=clerk, proposal=proposal)

    assert "已有一项待决定" in refused.value.message
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING and proposal.sanction is None
    assert not AuditEvent.objects.filter(action=Event.PROPOSAL_ACCEPTED).exists()


def test_declining_needs_grounds_naming_the_field():
    proposal = concluded_with_proposal()
    clerk = f.bureau_user("150100", Role.CLERK)

    with pytest.raises(DomainError) as refused:
        services.decline_proposal(actor=clerk, proposal=proposal, grounds="  ")
    assert refused.value.field == "grounds" and refused.value.message == "不予采纳的理由：请写明理由"

    declined = services.decline_proposal(actor=clerk, proposal=proposal, grounds="已另案处理")
    assert declined.status == ProposalStatus.DECLINED and declined.decision_note == "已另案处理"
    assert not Sanction.objects.exists()
    assert AuditEvent.objects.filter(action=Event.PROPOSAL_DECLINED).count() == 1


def test_deciding_twice_decides_once():
    proposal = concluded_with_proposal()
    clerk = f.bureau_user("150100", Role.CLERK)
    services.accept_proposal(actor=clerk, proposal=proposal)

    for attempt in (
        lambda: services.accept_proposal(actor=clerk, proposal=proposal),
        lambda: services.decline_proposal(actor=clerk, proposal=proposal, grounds="不予采纳"),
    ):
        with pytest.raises(DomainError) as again:
            attempt()
        assert again.value.message == "处理建议：已是“已采纳”，不能再决定"
    assert Sanction.objects.count() == 1


def test_only_the_deciding_bureaus_handlers_or_the_region_decide():
    proposal = concluded_with_proposal("150100")

    for outsider in (
        f.bureau_user("150200", Role.CLERK),
        f.bureau_user("150100", Role.AUDITOR),
        f.UserFactory(organisation=proposal.institution.organisation, roles=[Role.MANAGER]),
    ):
        assert not services.may_decide_proposal(outsider, proposal)
        with pytest.raises(PermissionDenied):
            services.decline_proposal(actor=outsider, proposal=proposal, grounds="无")
    region = f.UserFactory(organisation=f.authority(f.OrgKind.REGION_DEPT), roles=[Role.CLERK])
    assert services.may_decide_now(region, proposal)
    assert services.decline_proposal(actor=region, proposal=proposal, grounds="证据不足").status == "declined"
