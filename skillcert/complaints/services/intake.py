"""Filing complaints: the public form and staff intake of phone, letter, visit and media reports (R-SUP-5)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import Jurisdiction, User
from skillcert.complaints.choices import Event, Source, StepKind, SubjectKind
from skillcert.complaints.models import Complaint, Step
from skillcert.complaints.services.common import (
    add_days,
    check_attachments,
    handler_for,
    jurisdiction_of_institution,
    new_secret,
    new_tracking_code,
    region,
    require_handler,
    save_attachments,
)
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_text
from skillcert.core.validators import validate_mobile


@dataclass
class ComplaintInput:
    """What a complainant (or the officer writing down a call, letter or report) gives."""

    subject_kind: str
    title: str
    facts: str
    institution_id: int | None = None
    subject_reference: str = ""
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    attachments: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Filed:
    """The new complaint and its secret, which is shown once and never stored in clear."""

    complaint: Complaint
    secret: str


def _route(data: ComplaintInput) -> tuple[Any, Jurisdiction, str]:
    """The institution concerned (if any), the jurisdiction where the matter lies, the cleaned reference."""
    from skillcert.certificates.models import Certificate
    from skillcert.exams.models import ExamPlan
    from skillcert.institutions.selectors import public_institutions

    if data.subject_kind not in SubjectKind.values:
        raise DomainError(_("投诉对象类别：无效的选项"), field="subject_kind", code="invalid_choice")
    reference = clean_text(
        data.subject_reference,
        field="subject_reference",
        label=_("证书编号、计划编号或人员"),
        max_length=100,
        required=False,
    )
    if data.subject_kind == SubjectKind.INSTITUTION:
        institution = public_institutions().filter(pk=data.institution_id).first() if data.institution_id else None
        if institution is None:
            raise DomainError(_("评价机构：请从评价机构名录中选择"), field="institution", code="required")
        return institution, jurisdiction_of_institution(institution), reference
    if not reference:
        labels = {
            SubjectKind.CERTIFICATE: _("证书编号"),
            SubjectKind.PLAN: _("认定计划编号"),
            SubjectKind.PERSON: _("人员姓名及单位"),
        }
        raise DomainError(
            _("%(label)s：请填写") % {"label": labels[SubjectKind(data.subject_kind)]},
            field="subject_reference",
            code="required",
        )
    if data.subject_kind == SubjectKind.CERTIFICATE:
        cert = Certificate.objects.filter(number=reference.upper()).select_related("institution", "league").first()
        if cert is not None:
            return cert.institution, cert.league, reference
    if data.subject_kind == SubjectKind.PLAN:
        plan = ExamPlan.objects.filter(number=reference).select_related("institution", "league").first()
        if plan is not None:
            return plan.institution, plan.league, reference
    # A person, or a reference the platform does not know: the region routes it on.
    return None, region(), reference


def _create(
    *, data: ComplaintInput, source: str, source_detail: str, received_on: datetime.date, actor: User | None
) -> Filed:
    title = clean_text(data.title, field="title", label=_("标题"), max_length=100)
    facts = clean_text(data.facts, field="facts", label=_("事实与理由"), max_length=5000)
    name = clean_text(data.contact_name, field="contact_name", label=_("姓名"), max_length=50, required=False)
    phone = clean_text(data.contact_phone, field="contact_phone", label=_("联系电话"), max_length=20, required=False)
    email = clean_text(data.contact_email, field="contact_email", label=_("电子邮箱"), max_length=100, required=False)
    if phone:
        try:
            phone = validate_mobile(phone)
        except (DomainError, ValidationError) as exc:
            raise DomainError(_("联系电话：请填写11位手机号码"), field="contact_phone", code="invalid") from exc
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1]):
        raise DomainError(_("电子邮箱：格式不正确"), field="contact_email", code="invalid")
    if data.anonymous:
        name = phone = email = ""
    institution, jurisdiction, reference = _route(data)
    files = check_attachments(list(data.attachments))
    secret, secret_hash = new_secret()
    with transaction.atomic():
        complaint = Complaint(
            tracking_code=new_tracking_code(received_on),
            secret_hash=secret_hash,
            source=source,
            source_detail=source_detail,
            subject_kind=data.subject_kind,
            institution=institution,
            subject_reference=reference,
            title=title,
            facts=facts,
            anonymous=data.anonymous,
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            jurisdiction=jurisdiction,
            handler=handler_for(jurisdiction),
            received_on=received_on,
            accept_due=add_days(received_on, int(get_policy("complaints.accept_days"))),
            recorded_by=actor,
        )
        complaint.save()
        Step.objects.create(
            complaint=complaint, kind=StepKind.RECEIVED, at=timezone.now(), actor=actor, to_jurisdiction=jurisdiction
        )
        save_attachments(complaint, files, actor=actor)
        record_event(
            actor=actor,
            action=Event.FILED,
            obj=complaint,
            after={
                **snapshot(
                    complaint, ["tracking_code", "source", "subject_kind", "institution", "jurisdiction", "accept_due"]
                ),
                "attachments": len(files),
            },
            organisation=complaint.handler if actor is None else None,
        )
    return Filed(complaint, secret)


def file_public_complaint(*, data: ComplaintInput) -> Filed:
    """A complaint filed by anyone through the public form, routed to where the matter lies (R-SUP-5, R-PUB-1)."""
    return _create(data=data, source=Source.ONLINE, source_detail="", received_on=timezone.localdate(), actor=None)


def record_complaint(
    *, actor: User, data: ComplaintInput, source: str, source_detail: str, received_on: datetime.date | None = None
) -> Filed:
    """Staff write down a complaint that came by phone, letter, visit or a media report, with its source (R-SUP-5)."""
    require_handler(actor)
    if source not in Source.values or source == Source.ONLINE:
        raise DomainError(_("来源：请选择电话、来信、来访或媒体报道"), field="source", code="invalid_choice")
    detail = clean_text(
        source_detail, field="source_detail", label=_("来源说明"), max_length=300, required=source == Source.MEDIA
    )
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise DomainError(_("收到日期：不能晚于今天"), field="received_on", code="future")
    return _create(data=data, source=source, source_detail=detail, received_on=received_on, actor=actor)
