"""An institution's registration requests (登记申请): register or link through the league centre (R-PER-1, R-ORG-2).

The region's register holds each person once. An institution registering someone must not learn
whether the ID number is already there under another employer or league: that would tell any
institution who is registered region-wide. So an institution never registers directly through
the pages, the API or an import. It files a request, and the answer is the same whether the
number is new or already in the register (the same status, the same words, the same writes: one
look-up in the institution's own people, one request row, one audit event). The league centre of
the institution's league checks the request: it registers a new person or links the existing
entry to the institution (employer and place of work, then the proposed role), or declines with a
reason. The institution learns the outcome only from its request's status.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.types import Acting
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.fields import blind_index_for
from skillcert.core.locking import lock
from skillcert.core.validation import clean_id_number, clean_mobile, clean_text
from skillcert.personnel.choices import Event, RegistrationStatus
from skillcert.personnel.models import Appointment, Person, RegistrationRequest
from skillcert.personnel.services.access import (
    actor_org,
    appointing_power,
    is_system,
    require_registration_decider,
    require_visible,
)
from skillcert.personnel.services.appointments import add_role
from skillcert.personnel.services.common import MAX_TEXT, audit, check_role
from skillcert.personnel.services.people import register_person

__all__ = [
    "SUBMITTED",
    "decide_registration",
    "existing_entry",
    "files_requests",
    "submit_registration",
    "submitted_message",
]


def submitted_message() -> str:
    """The one answer an institution gets for every request it files (page message and API detail)."""
    return gettext(
        "人员登记申请已提交，由本盟市就业服务中心核实后办理；办理结果请在“人员登记申请”中查看。"
        "如该人员已在平台人员库中，核实后将关联到本机构，不会重复登记。"
    )


SUBMITTED = "submitted"
"""The `code` of the answer to a filed request."""


def files_requests(actor: Acting) -> bool:
    """An institution's people are registered through a request to the league centre, never directly."""
    org = actor_org(actor)
    return not is_system(actor) and org is not None and org.kind == OrgKind.INSTITUTION


def submit_registration(
    *,
    actor: Acting,
    name: str,
    id_number: str,
    mobile: str = "",
    job_title: str = "",
    notes: str = "",
    role: str | None = None,
    employer: Organisation | None = None,
    card_number: str = "",
    card_valid_until: date | None = None,
) -> RegistrationRequest:
    """File an institution's request to register one of its people (R-PER-1).

    The input is checked as `register_person` checks it; then only the institution's own people
    are looked at (a number already among them is refused, which tells nothing new). Whether the
    number is in the register elsewhere is not looked up here at all: the league centre does that.
    """
    if not files_requests(actor):
        raise PermissionDenied(gettext("人员登记申请由评价机构提交"))
    org = actor_org(actor)
    assert org is not None
    name = clean_text(name, field="name", label=gettext("姓名"), max_length=50)
    number = clean_id_number(id_number)
    phone = clean_mobile(mobile)
    if role:
        check_role(role)
    appointing_power(actor, role=role or None, employer=employer or org, jurisdiction=org.jurisdiction)
    if card_number or card_valid_until:
        raise DomainError(
            gettext("证卡编号：证卡由盟市就业服务中心审核通过时核发，推荐时不填写"),
            field="card_number",
            code="not_allowed",
        )
    index = blind_index_for(Person, "id_number", number)
    if Person.objects.restrict(actor, "view").filter(id_number_index=index).exists():
        raise DomainError(
            gettext("身份证号码：该人员已是本机构登记的人员，请在其人员页面增加类别或修改信息"),
            field="id_number",
            code="duplicate",
        )
    request = RegistrationRequest(
        institution=org,
        jurisdiction=org.jurisdiction,
        requested_by=actor if isinstance(actor, User) else None,
        name=name,
        id_number=number,
        mobile=phone,
        job_title=clean_text(job_title, field="job_title", label=gettext("职务/职称"), required=False, max_length=100),
        notes=clean_text(notes, field="notes", label=gettext("备注"), required=False, max_length=2000),
        role=role or "",
    )
    with transaction.atomic():
        request.save(force_insert=True)
        audit(actor, Event.REGISTRATION_SUBMITTED, request, None)
    return request


def existing_entry(request: RegistrationRequest) -> Person | None:
    """The register's entry with the request's ID number, for the deciding centre (never the asker)."""
    return Person.objects.filter(id_number_index=blind_index_for(Person, "id_number", request.id_number)).first()


def decide_registration(
    *, actor: Acting, request: RegistrationRequest, approve: bool, note: str = ""
) -> RegistrationRequest:
    """The league centre registers the person, or links the existing entry to the institution, or declines."""
    require_visible(actor, request)
    require_registration_decider(actor, request)
    note = clean_text(note, field="note", label=gettext("办理意见"), required=not approve, max_length=MAX_TEXT)
    with transaction.atomic():
        lock(request)
        if request.status != RegistrationStatus.PENDING:
            raise DomainError(
                gettext("该登记申请已%(status)s，不能再次办理") % {"status": request.get_status_display()},
                code="decided",
            )
        before = snapshot(request)
        if approve:
            request.person = _register_or_link(actor, request)
            action = Event.REGISTRATION_DONE
            request.status = RegistrationStatus.DONE
        else:
            action = Event.REGISTRATION_DECLINED
            request.status = RegistrationStatus.DECLINED
        request.decided_by, request.decided_at, request.decision_note = actor_org(actor), timezone.now(), note
        request.save()
        audit(actor, action, request, before)
    return request


def _register_or_link(actor: Acting, request: RegistrationRequest) -> Person:
    institution = request.institution
    person = (
        Person.objects.select_for_update()
        .filter(id_number_index=blind_index_for(Person, "id_number", request.id_number))
        .first()
    )
    if person is None:
        return register_person(
            actor=actor,
            name=request.name,
            id_number=request.id_number,
            mobile=request.mobile,
            employer=institution,
            job_title=request.job_title,
            notes=request.notes,
            role=request.role or None,
        )
    if person.employer_id != institution.pk:
        before = snapshot(person)
        person.employer, person.employer_name, person.jurisdiction = institution, "", institution.jurisdiction
        person.save(update_fields=["employer", "employer_name", "jurisdiction", "updated_at"])
        audit(actor, Event.PERSON_LINKED, person, before, registration_request=request.pk)
    if request.role and not Appointment.objects.filter(person=person, role=request.role).exists():
        add_role(actor=actor, person=person, role=request.role)
    return person
