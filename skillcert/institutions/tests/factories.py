"""Factories for institution tests (shared with the exams and certificates apps' tests).

`FiledInstitutionFactory` builds a filed, active institution directly (like the accounts
factories do); `file_through_services` walks the real application → acceptance flow.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillcert.accounts.choices import JurisdictionLevel, OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.catalog.models import Occupation, WorkType
from skillcert.catalog.tests.factories import SkillStandardFactory, WorkTypeFactory
from skillcert.core.validators import credit_code_check_char
from skillcert.institutions import authorities, services
from skillcert.institutions.choices import CostItem, InstitutionStatus, InstitutionType, RuleDocumentKind
from skillcert.institutions.models import (
    FilingApplication,
    Institution,
    ScopeItem,
    ScopeVersion,
    SelectionCall,
    StatusChange,
    Venue,
)
from skillcert.institutions.models.institution import certificate_kind_for

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def credit_code(n: int, area: str = "150100") -> str:
    """A valid unified social credit code (GB 32100-2015 check character) for test number n."""
    first17 = f"91{area}{n:09d}"
    return first17 + credit_code_check_char(first17)


def pdf(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def occupation(levels: Sequence[int] = (5, 4, 3), work_types: Sequence[str] = ()) -> Occupation:
    """A catalogue occupation with a current standard of these levels and these 工种."""
    standard = SkillStandardFactory(levels=list(levels))
    for name in work_types:
        WorkTypeFactory(occupation=standard.occupation, name=name)
    return standard.occupation


def work_type(occ: Occupation, name: str) -> WorkType:
    return WorkType.objects.get(occupation=occ, name=name)


class FiledInstitutionFactory(factory.django.DjangoModelFactory):
    """A filed, active institution with a scope version in force since `filed_on`."""

    class Meta:
        model = Institution
        skip_postgeneration_save = True

    class Params:
        league = "150100"

    type = InstitutionType.SOCIAL_LEAGUE
    organisation = factory.LazyAttribute(
        lambda o: InstitutionFactory(
            jurisdiction=jurisdiction("150000" if o.type == InstitutionType.SOCIAL_REGION else o.league)
        )
    )
    filed_name = factory.LazyAttribute(lambda o: o.organisation.name)
    credit_code = factory.Sequence(lambda n: credit_code(n + 1))
    responsible_person = "张负责"
    address = "内蒙古自治区呼和浩特市新城区示例路1号"
    area = factory.LazyAttribute(lambda o: o.organisation.jurisdiction)
    certificate_kind = factory.LazyAttribute(lambda o: certificate_kind_for(o.type))
    filing_authority = factory.LazyAttribute(lambda o: authorities.competent_authority_for(o.area))
    filing_number = factory.Sequence(lambda n: f"TEST-BA-{n:05d}")
    filed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    published_on = factory.LazyAttribute(lambda o: o.filed_on)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365 * 5))
    status = InstitutionStatus.ACTIVE
    status_since = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))

    @factory.post_generation
    def visible(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.visible_in.set({self.area_id, self.organisation.jurisdiction_id})
            StatusChange.objects.create(
                institution=self,
                from_status="",
                to_status=InstitutionStatus.ACTIVE,
                grounds="测试备案",
                changed_at=self.status_since,
            )

    @factory.post_generation
    def scope(
        self, create: bool, extracted: Sequence[tuple[Occupation, WorkType | None, int]] | None, **kw: Any
    ) -> None:
        """`scope=[(occupation, work_type_or_None, level), ...]` becomes scope version 1."""
        if not create or self.parent_id is not None or self.filed_on is None:
            return
        version = ScopeVersion.objects.create(institution=self, number=1, valid_from=self.filed_on)
        for occ, wt, level in extracted or []:
            ScopeItem.objects.create(version=version, occupation=occ, work_type=wt, level=level)


def staff(institution: Institution, *roles: str, **kwargs: Any) -> User:
    user: User = UserFactory(organisation=institution.organisation, roles=list(roles or [Role.MANAGER]), **kwargs)
    return user


def bureau_user(league: str = "150100", *roles: str) -> User:
    user: User = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, league), roles=list(roles or [Role.CLERK]))
    return user


def region_center_user(*roles: str) -> User:
    user: User = UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=list(roles or [Role.CLERK]))
    return user


def scope_entries(*items: tuple[Occupation, WorkType | None, Sequence[int]]) -> list[services.ScopeEntry]:
    return [services.ScopeEntry(o.pk, w.pk if w else None, list(levels)) for o, w, levels in items]


def fee_items(amount: str = "100", cost: str = "100") -> dict[str, tuple[str, str]]:
    """The nine cost items; the first carries `amount`/`cost`, the others 0/0."""
    items = {item.value: ("0", "0") for item in CostItem}
    items[CostItem.PROPOSITION] = (amount, cost)
    return items


def make_ready(institution: Institution, manager: User | None = None, league: Jurisdiction | None = None) -> None:
    """Everything the readiness gate asks for, through the services (R-INS-7)."""
    manager = manager or staff(institution, Role.MANAGER)
    for kind in RuleDocumentKind:
        services.add_rule_document(
            actor=manager, institution=institution, kind=kind, title=f"{kind.label}制度", body="制度正文", publish=True
        )
    from skillcert.institutions.selectors import current_commitment_text, scope_items_on

    text = current_commitment_text(institution)
    assert text is not None
    commitment = services.sign_commitment(actor=manager, institution=institution, text_version=text)
    authority_org = commitment.authority
    countersigner = UserFactory(organisation=authority_org, roles=[Role.CLERK])
    services.countersign_commitment(actor=countersigner, commitment=commitment)
    for item in scope_items_on(institution):
        services.save_fee(
            actor=manager,
            institution=institution,
            occupation=item.occupation,
            work_type=item.work_type,
            level=item.level,
            items=fee_items(),
            publish=True,
        )


def venue(institution: Institution, league: str | None = None, name: str = "第一考点") -> Venue:
    manager = User.objects.filter(organisation=institution.organisation, roles__role=Role.MANAGER).first() or staff(
        institution, Role.MANAGER
    )
    where = Jurisdiction.objects.get(code=league) if league else _first_league(institution)
    return services.save_venue(actor=manager, institution=institution, name=name, league=where, address="示例路8号")


def _first_league(institution: Institution) -> Jurisdiction:
    if institution.area.level == JurisdictionLevel.LEAGUE:
        return institution.area
    return Jurisdiction.objects.filter(level=JurisdictionLevel.LEAGUE).order_by("sort_order").first()  # type: ignore[return-value]


def roster_csv(rows: Sequence[Sequence[str]]) -> io.BytesIO:
    header = "姓名,证件号码,人员类别,工号/学号,部门/班级,入职/入学日期,离职/毕业日期\n"
    body = "".join(",".join(r) + "\n" for r in rows)
    return io.BytesIO((header + body).encode("utf-8"))


def organisation(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def selection_call(authority: Organisation, **overrides: Any) -> SelectionCall:
    """An open call for applications (征集) of an authority, through the service."""
    actor = UserFactory(organisation=authority, roles=[Role.CLERK])
    data: dict[str, Any] = {
        "actor": actor,
        "authority": authority,
        "title": "职业技能等级评价机构征集公告",
        "opens_on": timezone.localdate() - datetime.timedelta(days=10),
        "closes_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    data.update(overrides)
    return services.open_selection_call(**data)


def pass_entry_stages(application: FilingApplication) -> None:
    """遴选 and 评估 passed by the competent authority, so the first filing may be accepted."""
    authority = application.competent_authority
    actor = UserFactory(organisation=authority, roles=[Role.CLERK])
    services.record_selection(
        actor=actor,
        application=application,
        call=selection_call(authority),
        passed=True,
        criteria="场地、人员、制度",
        findings="符合征集条件",
    )
    services.record_assessment(actor=actor, application=application, passed=True, findings="评估合格")
