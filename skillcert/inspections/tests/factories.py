"""Factories for the inspections tests: institutions in several leagues, inspectors, campaigns,
and a staffed session with its supervisors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import UserFactory, authority, jurisdiction
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import ExamSession, SessionStaff
from skillcert.inspections.choices import INSPECTION_CHECKLIST, Method
from skillcert.inspections.models import Campaign
from skillcert.inspections.services.campaigns import CampaignInput, create_campaign
from skillcert.institutions.choices import InstitutionType
from skillcert.institutions.models import Institution
from skillcert.institutions.tests.factories import FiledInstitutionFactory, region_center_user
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.models import Person
from skillcert.personnel.tests.factories import serving_person


def institutions(league: str, n: int, **kw: Any) -> list[Institution]:
    return [FiledInstitutionFactory(league=league, **kw) for _ in range(n)]


def inspector(league: str = "150100", *, user: User | None = None, **kw: Any) -> Person:
    kw.setdefault(
        "employer", authority(OrgKind.REGION_DEPT) if league == "150000" else authority(OrgKind.LEAGUE_BUREAU, league)
    )
    kw.setdefault("jurisdiction", jurisdiction(league))
    person = serving_person(StaffRole.INSPECTOR, **kw)
    if user is not None:
        person.user = user
        person.save(update_fields=["user"])
    return person


def inspectors(league: str, n: int) -> list[Person]:
    return [inspector(league, name=f"检查员{league[-4:]}{i}") for i in range(n)]


def region_clerk() -> User:
    return region_center_user(Role.CLERK)


def campaign_input(leagues: list[str], **kw: Any) -> CampaignInput:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "2026年评价机构双随机检查",
        "period_start": today,
        "period_end": today + datetime.timedelta(days=60),
        "records_from": today - datetime.timedelta(days=365),
        "records_to": today,
        "leagues": [jurisdiction(code) for code in leagues],
        "institution_types": [InstitutionType.SOCIAL_LEAGUE, InstitutionType.ENTERPRISE],
        "method": Method.BOTH,
        "sampling_percent": "5",
        "inspectors_per_inspection": 2,
        "partner_departments": "市场监督管理局",
    }
    values.update(kw)
    return CampaignInput(**values)


def campaign(actor: User, leagues: list[str], **kw: Any) -> Campaign:
    return create_campaign(actor=actor, data=campaign_input(leagues, **kw))


@dataclass
class SupervisedSession:
    session: ExamSession
    institution: Institution
    supervisor: Person
    supervisor_user: User
    internal: Person
    internal_user: User
    bureau: User
    clerk: User


def supervised_session() -> SupervisedSession:
    """A session of a closed plan with an external and an internal supervisor who have logins."""
    from skillcert.exams.tests.conduct_factories import add_sessions, closed_plan

    s = closed_plan(2)
    session, _second = add_sessions(s)
    ext_user = UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.EXTERNAL_SUPERVISOR])
    int_user = UserFactory(organisation=s.institution.organisation, roles=[Role.INTERNAL_SUPERVISOR])
    for person, user in ((s.external, ext_user), (s.internal, int_user)):
        person.user = user
        person.save(update_fields=["user"])
    SessionStaff.objects.create(session=session, person=s.external, role=SessionStaffRole.EXTERNAL_SUPERVISOR)
    SessionStaff.objects.create(session=session, person=s.internal, role=SessionStaffRole.INTERNAL_SUPERVISOR)
    return SupervisedSession(
        session=session,
        institution=s.institution,
        supervisor=s.external,
        supervisor_user=ext_user,
        internal=s.internal,
        internal_user=int_user,
        bureau=s.bureau,
        clerk=s.clerk,
    )


def drawn_inspection(league: str = "150100", organiser: User | None = None) -> Any:
    """A campaign of the region over `league` (with at least one institution there), drawn, its first
    inspection recorded and ready to conclude; returns (inspection, organiser)."""
    from skillcert.inspections.services import campaigns as services

    FiledInstitutionFactory(league=league)
    inspectors("150000", 2)
    organiser = organiser or region_clerk()
    c = campaign(organiser, [league])
    services.publish_pool(actor=organiser, campaign=c)
    c = services.draw_campaign(actor=organiser, campaign=c)
    inspection = c.inspections.order_by("draw_order").first()
    inspection = services.record_inspection(
        actor=organiser,
        inspection=inspection,
        inspected_on=timezone.localdate(),
        checklist={key: "no" if key == "scores" else "yes" for key, _label in INSPECTION_CHECKLIST},
        findings="成绩变更无审批记录，3名考生成绩被修改。",
    )
    return inspection, organiser


def concluded_with_proposal(league: str = "150100", measure: str = "criticism") -> Any:
    """An inspection concluded with 提出处理建议 for `measure`; returns its sanctions Proposal."""
    from skillcert.inspections.choices import Outcome
    from skillcert.inspections.services import campaigns as services

    inspection, organiser = drawn_inspection(league)
    services.conclude_inspection(
        actor=organiser,
        inspection=inspection,
        outcome=Outcome.SANCTION,
        note="擅自修改成绩，情节严重，建议依规处理。",
        measure=measure,
    )
    from skillcert.sanctions.models import Proposal

    return Proposal.objects.select_related("inspection", "institution", "league").get(inspection=inspection)
