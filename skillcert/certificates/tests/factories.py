"""Builders for certificates tests: plans whose results are final, through the exams services
(`final_plan`), or in bulk straight into the tables for the concurrency test (`bulk_final_plan`)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.certificates import services
from skillcert.certificates.models import Certificate, SiteSerial
from skillcert.core.validators import resident_id_check_digit
from skillcert.exams.choices import PlanStatus, PublicationStatus, RegistrationSource, RegistrationStatus
from skillcert.exams.models import ComponentScore, ExamPlan, Registration, Result, ResultPublication
from skillcert.exams.services import publicity, scoring
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.tests.conduct_factories import Scenario, checked_in, closed_plan
from skillcert.institutions.tests.factories import staff

_site = itertools.count(101)


def region_registrar() -> User:
    user: User = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.CLERK])
    return user


def candidate_user() -> User:
    user: User = UserFactory(organisation=Organisation.objects.get(code="individuals"), roles=[Role.CANDIDATE])
    return user


def assign_serial(institution: Any, serial: str | None = None, registrar: User | None = None) -> SiteSerial:
    return services.assign_site_serial(
        actor=registrar or region_registrar(), institution=institution, serial=serial or f"{next(_site):06d}"
    )


def mark_filed_on_time(plan: ExamPlan) -> None:
    ExamPlan.objects.filter(pk=plan.pk).update(filed_on_time=True, filed_at=timezone.now(), lead_working_days=20)
    plan.refresh_from_db()


@dataclass
class Final:
    """A plan whose results are final, a site serial, and the people who act on it."""

    s: Scenario
    manager: User
    publication: ResultPublication
    site_serial: SiteSerial | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def plan(self) -> ExamPlan:
        return self.s.plan

    @property
    def clerk(self) -> User:
        return self.s.clerk

    @property
    def registrations(self) -> list[Registration]:
        return self.s.registrations

    def issue(self, index: int = 0, actor: User | None = None) -> Certificate:
        return services.issue_certificate(actor=actor or self.clerk, registration=self.registrations[index])


def publish_and_close(s: Scenario, *, finalise: bool = True) -> ResultPublication:
    """Publish the confirmed results, move both windows into the past and (optionally) finalise."""
    publication = publicity.publish_results(actor=s.clerk, plan=s.plan)
    today = timezone.localdate()
    ResultPublication.objects.filter(pk=publication.pk).update(
        publicity_ends_on=today - datetime.timedelta(days=8), recheck_deadline=today - datetime.timedelta(days=1)
    )
    publication.refresh_from_db()
    if finalise:
        assert publicity.finalise_results(actor=None, publication=publication, on=today)
        publication.refresh_from_db()
    return publication


def final_plan(
    n: int = 3,
    *,
    theory: list[str] | None = None,
    serial: bool = True,
    on_time: bool = True,
    finalise: bool = True,
) -> Final:
    """`n` candidates at level 4, theory scores from `theory` (default 80 each), skills 75, results final."""
    s = closed_plan(n=n)
    if on_time:
        mark_filed_on_time(s.plan)
    checked_in(s)
    marks = theory or ["80"] * n
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        rows=[ScoreInput(r.pk, score=marks[i]) for i, r in enumerate(s.registrations)],
    )
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=[ScoreInput(r.pk, examiner_scores={e.pk: "75" for e in s.examiners}) for r in s.registrations],
    )
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    publication = publish_and_close(s, finalise=finalise)
    for r in s.registrations:
        r.refresh_from_db()
    site_serial = assign_serial(s.institution) if serial else None
    manager = staff(s.institution, Role.MANAGER)
    return Final(s=s, manager=manager, publication=publication, site_serial=site_serial)


def _id_number(i: int) -> str:
    birth = (datetime.date(1970, 1, 1) + datetime.timedelta(days=i // 900)).strftime("%Y%m%d")
    first17 = f"150102{birth}{i % 900 + 100:03d}"
    return first17 + resident_id_check_digit(first17)


def bulk_final_plan(n: int, *, levels: tuple[int, ...] = (4, 3)) -> tuple[Scenario, list[int]]:
    """`n` approved registrations spread over `levels`, each with passing, locked scores and a final
    result, written straight into the tables (the exams services are tested elsewhere)."""
    s = closed_plan(n=0)
    mark_filed_on_time(s.plan)
    ExamPlan.objects.filter(pk=s.plan.pk).update(status=PlanStatus.FINAL)
    now = timezone.now()
    today = timezone.localdate()
    ResultPublication.objects.create(
        plan=s.plan,
        published_at=now - datetime.timedelta(days=20),
        publicity_ends_on=today - datetime.timedelta(days=10),
        recheck_deadline=today - datetime.timedelta(days=2),
        status=PublicationStatus.FINAL,
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                plan=s.plan,
                level=levels[i % len(levels)],
                name=f"考生{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{'子丑寅卯辰巳午未申酉戌亥'[i // 10 % 12]}",
                id_number=_id_number(i),
                birth_date=datetime.date(1990, 1, 1),
                status=RegistrationStatus.APPROVED,
                submitted_at=now,
                source=RegistrationSource.IMPORT,
                exam_number=f"ZK{i:06d}",
            )
            for i in range(n)
        ],
        batch_size=500,
    )
    ComponentScore.objects.bulk_create(
        [
            ComponentScore(registration=r, component=kind, score=Decimal("80"), locked=True, locked_at=now)
            for r in registrations
            for kind in ("theory", "skills")
        ],
        batch_size=1000,
    )
    Result.objects.bulk_create(
        [Result(registration=r, passed=True, decided_at=now, final_at=now) for r in registrations], batch_size=1000
    )
    assign_serial(s.institution)
    return s, [r.pk for r in registrations]
