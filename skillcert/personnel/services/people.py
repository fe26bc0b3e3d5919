"""People in the region's register: registering once, changing, opening a login (R-PER-1, R-X-3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from skillcert.accounts.choices import REGION_KINDS, OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.accounts.services import create_user
from skillcert.accounts.types import Acting
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.fields import blind_index_for
from skillcert.core.validation import clean_id_number, clean_mobile, clean_model, clean_text
from skillcert.personnel.choices import AppointmentStatus, Event, StaffRole
from skillcert.personnel.models import Appointment, Person
from skillcert.personnel.services.access import actor_org, appointing_power, is_system, require_visible
from skillcert.personnel.services.appointments import appoint_or_propose
from skillcert.personnel.services.common import MAX_TEXT, audit, check_role

__all__ = ["LOGIN_ROLES", "PERSON_FIELDS", "create_login", "register_person", "update_person"]

LOGIN_ROLES = {
    StaffRole.EXAMINER: Role.EXAMINER,
    StaffRole.SENIOR_EXAMINER: Role.EXAMINER,
    StaffRole.INTERNAL_SUPERVISOR: Role.INTERNAL_SUPERVISOR,
    StaffRole.EXTERNAL_SUPERVISOR: Role.EXTERNAL_SUPERVISOR,
    StaffRole.EXPERT: Role.EXPERT,
}
"""Platform roles a person's login gets, to enter scores and reports (R-PER-1)."""


def _check_employer(
    actor: Acting, employer: Organisation | None, employer_name: str, jurisdiction: Jurisdiction | None
) -> Jurisdiction:
    """The employer must be one the actor can see; people of an institution or league office work there."""
    if employer is None:
        if not employer_name:
            raise DomainError(
                gettext("工作单位：请选择平台上的机构，或填写不在平台上的工作单位名称"),
                field="employer",
                code="required",
            )
        if jurisdiction is None:
            raise DomainError(
                gettext("工作所在地：工作单位不在平台上时须选择工作所在盟市"), field="jurisdiction", code="required"
            )
        return jurisdiction
    if not is_system(actor) and not Organisation.objects.restrict(actor, "view").filter(pk=employer.pk).exists():
        raise DomainError(gettext("工作单位：未找到该机构"), field="employer", code="not_found")
    if not employer.is_active:
        raise DomainError(
            gettext("工作单位：“%(name)s”已停用") % {"name": employer.name}, field="employer", code="inactive"
        )
    if employer.kind == OrgKind.INDIVIDUAL:
        raise DomainError(gettext("工作单位：不能是个人用户"), field="employer", code="invalid")
    if employer.kind not in REGION_KINDS:
        if jurisdiction is not None and jurisdiction.pk != employer.jurisdiction_id:
            raise DomainError(
                gettext("工作所在地：应与工作单位“%(name)s”所在的%(jurisdiction)s一致")
                % {"name": employer.name, "jurisdiction": employer.jurisdiction},
                field="jurisdiction",
                code="mismatch",
            )
        return employer.jurisdiction
    if jurisdiction is None:
        raise DomainError(gettext("工作所在地：请选择该人员工作所在的盟市"), field="jurisdiction", code="required")
    return jurisdiction


def register_person(
    *,
    actor: Acting,
    name: str,
    id_number: str,
    mobile: str = "",
    employer: Organisation | None = None,
    employer_name: str = "",
    jurisdiction: Jurisdiction | None = None,
    job_title: str = "",
    notes: str = "",
    role: str | None = None,
    card_number: str = "",
    card_valid_until: date | None = None,
) -> Person:
    """Register a person once in the region's register, optionally with a first role (R-PER-1).

    An institution registers only its own people and its role is a proposal; a centre's is
    an appointment with a card. The ID number and phone are stored encrypted (R-X-3).
    The pages, the API and the imports never call this for an institution: an institution files
    a request (`registrations.submit_registration`), so that the answer never says whether the
    number is already in the register elsewhere (R-ORG-2).
    """
    org = actor_org(actor)
    if employer is None and not employer_name and org is not None and org.kind == OrgKind.INSTITUTION:
        employer = org
    name = clean_text(name, field="name", label=gettext("姓名"), max_length=50)
    number = clean_id_number(id_number)
    phone = clean_mobile(mobile)
    employer_name = clean_text(
        employer_name, field="employer_name", label=gettext("工作单位名称"), required=False, max_length=MAX_TEXT
    )
    where = _check_employer(actor, employer, employer_name, jurisdiction)
    if role:
        check_role(role)
    appointing_power(actor, role=role or None, employer=employer, jurisdiction=where)

    if Person.objects.filter(id_number_index=blind_index_for(Person, "id_number", number)).exists():
        raise DomainError(
            gettext(
                "身份证号码：该人员已登记在平台人员库中（每人只登记一次）；如需调整工作单位或增加类别，"
                "请在其人员页面办理或联系所在盟市就业服务中心"
            ),
            field="id_number",
            code="duplicate",
        )
    person = Person(
        name=name,
        id_number=number,
        mobile=phone,
        employer=employer,
        employer_name="" if employer is not None else employer_name,
        jurisdiction=where,
        job_title=clean_text(job_title, field="job_title", label=gettext("职务/职称"), required=False, max_length=100),
        notes=clean_text(notes, field="notes", label=gettext("备注"), required=False, max_length=2000),
        registered_by=org,
    )
    clean_model(person, exclude=["id_number_index", "mobile_index"])
    try:
        with transaction.atomic():
            person.save(force_insert=True)
            audit(actor, Event.PERSON_REGISTERED, person, None)
            if role:
                appoint_or_propose(
                    actor=actor, person=person, role=role, card_number=card_number, card_valid_until=card_valid_until
                )
    except IntegrityError as exc:
        raise DomainError(
            gettext("身份证号码：该人员已登记在平台人员库中"), field="id_number", code="duplicate"
        ) from exc
    return person


PERSON_FIELDS = {"name", "mobile", "employer", "employer_name", "jurisdiction", "job_title", "notes", "is_active"}


def update_person(*, actor: Acting, person: Person, **changes: Any) -> Person:
    """Change a person's contact, employer, place of work or standing in the register (R-PER-1)."""
    require_visible(actor, person, "change")
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            gettext("不能修改字段：%(join)s") % {"join": "、".join(sorted(unknown))}, field=field, code="readonly"
        )
    appointing_power(actor, role=None, employer=person.employer, jurisdiction=person.jurisdiction)
    before = snapshot(person)
    if "name" in changes:
        person.name = clean_text(changes["name"], field="name", label=gettext("姓名"), max_length=50)
    if "mobile" in changes:
        person.mobile = clean_mobile(changes["mobile"])
    if "job_title" in changes:
        person.job_title = clean_text(
            changes["job_title"], field="job_title", label=gettext("职务/职称"), required=False, max_length=100
        )
    if "notes" in changes:
        person.notes = clean_text(
            changes["notes"], field="notes", label=gettext("备注"), required=False, max_length=2000
        )
    if "is_active" in changes:
        person.is_active = bool(changes["is_active"])
    if {"employer", "employer_name", "jurisdiction"} & set(changes):
        employer = changes.get("employer", person.employer)
        employer_name = clean_text(
            changes.get("employer_name", person.employer_name if employer is None else ""),
            field="employer_name",
            label=gettext("工作单位名称"),
            required=False,
            max_length=MAX_TEXT,
        )
        juris = changes.get("jurisdiction", person.jurisdiction if employer is None else None)
        where = _check_employer(actor, employer, employer_name, juris)
        appointing_power(actor, role=None, employer=employer, jurisdiction=where)
        person.employer, person.employer_name, person.jurisdiction = employer, "" if employer else employer_name, where
    clean_model(person, exclude=["id_number_index", "mobile_index"])
    with transaction.atomic():
        person.save()
        audit(actor, Event.PERSON_UPDATED, person, before)
    return person


def create_login(*, actor: Acting, person: Person, username: str, password: str) -> User:
    """Open the person's login to enter scores and reports, with the roles they hold (R-PER-1)."""

    require_visible(actor, person, "change")
    if person.user_id is not None:
        raise DomainError(gettext("登录账号：该人员已开通账号"), field="username", code="exists")
    if person.employer is None:
        raise DomainError(
            gettext("登录账号：工作单位不在平台上的人员须先将工作单位调整为平台上的机构"),
            field="username",
            code="no_org",
        )
    held = Appointment.objects.filter(person=person, status=AppointmentStatus.ACTIVE, role__in=list(LOGIN_ROLES))
    roles = sorted({LOGIN_ROLES[StaffRole(a.role)] for a in held})
    if not roles:
        raise DomainError(
            gettext("登录账号：该人员没有有效的考评员、督导员或专家资格，不需要评分账号"),
            field="username",
            code="no_role",
        )
    assert actor is None or isinstance(actor, User)  # whoever saw the person is signed in
    with transaction.atomic():
        user = create_user(
            actor=actor,
            organisation=person.employer,
            username=username,
            full_name=person.name,
            password=password,
            roles=list(roles),
        )
        before = snapshot(person)
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        audit(actor, Event.LOGIN_CREATED, person, before)
    return user
