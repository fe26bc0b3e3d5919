"""Violations by managers, examiners and supervisors, and the sanctions on them (seed §5(六), R-SUP-7).

A suspension bars the person from serving for its period, a disqualification for good; both make
the exams app check again the sessions the person is staffed on.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Organisation
from skillcert.accounts.types import Acting
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.validation import clean_model, clean_text
from skillcert.personnel.choices import AppointmentStatus, Event, SanctionKind, ViolationStatus
from skillcert.personnel.models import Appointment, Person, StaffSanction, StaffViolation
from skillcert.personnel.services.access import actor_org, require_regulator, require_visible, require_writer
from skillcert.personnel.services.common import MAX_TEXT, audit, date_not_future, recheck_sessions, today

__all__ = ["dismiss_violation", "record_violation", "refer_violation", "sanction_violation"]


def record_violation(
    *,
    actor: Acting,
    person: Person,
    occurred_on: date | None,
    description: str,
    institution: Organisation | None = None,
    session_ref: str = "",
) -> StaffViolation:
    """Record a violation by a manager, examiner or supervisor (seed §5(六), R-SUP-7)."""
    require_visible(actor, person, "change")
    require_writer(actor)
    org = actor_org(actor)
    if institution is not None and institution.kind != OrgKind.INSTITUTION:
        raise DomainError(gettext("发生机构：应为评价机构"), field="institution", code="invalid")
    violation = StaffViolation(
        person=person,
        occurred_on=date_not_future(occurred_on, field="occurred_on", label=gettext("发生日期")),
        description=clean_text(description, field="description", label=gettext("违规违纪情况"), max_length=4000),
        institution=institution,
        session_ref=clean_text(session_ref, field="session_ref", label=gettext("场次"), required=False, max_length=100),
        reported_by=org or Organisation.objects.get(code=OrgKind.REGION_CENTER),
    )
    clean_model(violation, exclude=["person"])
    with transaction.atomic():
        violation.save()
        audit(actor, Event.VIOLATION_RECORDED, violation, None)
    return violation


def sanction_violation(
    *,
    actor: Acting,
    violation: StaffViolation,
    kind: str,
    starts_on: date | None,
    reason: str,
    ends_on: date | None = None,
    document_number: str = "",
) -> StaffSanction:
    """Decide a sanction: a suspension bars for its period, a disqualification for good (R-SUP-7)."""
    require_visible(actor, violation)
    person = violation.person
    require_regulator(actor, person)
    if kind not in SanctionKind.values:
        raise DomainError(
            gettext("处分：“%(kind)s”应为警告、暂停资格或取消资格") % {"kind": kind}, field="kind", code="invalid"
        )
    if starts_on is None:
        raise DomainError(gettext("起始日期：不能为空"), field="starts_on", code="required")
    if starts_on < violation.occurred_on:
        raise DomainError(
            gettext("起始日期：%(starts_on)s 早于违规违纪发生日期 %(occurred_on)s")
            % {"starts_on": starts_on, "occurred_on": violation.occurred_on},
            field="starts_on",
            code="order",
        )
    if kind == SanctionKind.SUSPENSION:
        if ends_on is None:
            raise DomainError(gettext("截止日期：暂停资格须写明截止日期"), field="ends_on", code="required")
        if ends_on < starts_on:
            raise DomainError(
                gettext("截止日期：%(ends_on)s 早于起始日期 %(starts_on)s")
                % {"ends_on": ends_on, "starts_on": starts_on},
                field="ends_on",
                code="order",
            )
    elif ends_on is not None:
        raise DomainError(
            gettext("截止日期：%(label)s没有期限，不填写截止日期") % {"label": SanctionKind(kind).label},
            field="ends_on",
            code="not_allowed",
        )
    sanction = StaffSanction(
        violation=violation,
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=clean_text(reason, field="reason", label=gettext("处理依据"), max_length=4000),
        document_number=clean_text(
            document_number, field="document_number", label=gettext("处理文号"), required=False, max_length=100
        ),
        decided_by=actor_org(actor) or Organisation.objects.get(code=OrgKind.REGION_CENTER),
    )
    clean_model(sanction, exclude=["violation", "person"])
    with transaction.atomic():
        lock(violation)
        if violation.status == ViolationStatus.DISMISSED:
            raise DomainError(gettext("状态：该违规违纪已决定不予处分"), field="status", code="state")
        sanction.save()
        before = snapshot(violation)
        violation.status = ViolationStatus.SANCTIONED
        violation.save(update_fields=["status", "updated_at"])
        audit(actor, Event.VIOLATION_SANCTIONED, violation, before)
        audit(actor, Event.SANCTION_DECIDED, sanction, None)
        if kind == SanctionKind.DISQUALIFICATION:
            for appointment in Appointment.objects.filter(
                person=person, status__in=[AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED]
            ):
                prior = snapshot(appointment)
                appointment.status = AppointmentStatus.REVOKED
                appointment.decision_note = gettext("取消资格处分（%(value)s）") % {
                    "value": sanction.document_number or starts_on
                }
                appointment.decided_by, appointment.decided_at = sanction.decided_by, timezone.now()
                appointment.save()
                audit(actor, Event.APPOINTMENT_REVOKED, appointment, prior)
        recheck_sessions(person.pk, "sanction")
    return sanction


def dismiss_violation(*, actor: Acting, violation: StaffViolation, reason: str) -> StaffViolation:
    """Close a violation without a sanction, with the reason (R-SUP-7)."""
    require_visible(actor, violation)
    require_regulator(actor, violation.person)
    reason = clean_text(reason, field="reason", label=gettext("不予处分理由"), max_length=MAX_TEXT)
    with transaction.atomic():
        lock(violation)
        if violation.status != ViolationStatus.OPEN:
            raise DomainError(
                gettext("状态：只能处理待处理的记录，当前为“%(get_status_display)s”")
                % {"get_status_display": violation.get_status_display()},
                field="status",
                code="state",
            )
        before = snapshot(violation)
        violation.dismissed_reason = reason
        violation.status = ViolationStatus.DISMISSED
        violation.save()
        audit(actor, Event.VIOLATION_DISMISSED, violation, before)
    return violation


def refer_violation(
    *, actor: Acting, violation: StaffViolation, referred_to: str, referred_on: date | None = None, note: str = ""
) -> StaffViolation:
    """Hand a violation that may break the law to the competent authority (seed §5(六), R-SUP-7)."""
    require_visible(actor, violation)
    require_regulator(actor, violation.person)
    referred_to = clean_text(referred_to, field="referred_to", label=gettext("移交机关"), max_length=MAX_TEXT)
    referred_on = date_not_future(referred_on or today(), field="referred_on", label=gettext("移交日期"))
    note = clean_text(note, field="note", label=gettext("移交说明"), required=False, max_length=4000)
    with transaction.atomic():
        lock(violation)
        if violation.referred_on is not None:
            raise DomainError(
                gettext("移交机关：已于 %(referred_on)s 移交%(referred_to)s")
                % {"referred_on": violation.referred_on, "referred_to": violation.referred_to},
                field="referred_to",
                code="state",
            )
        if referred_on < violation.occurred_on:
            raise DomainError(gettext("移交日期：早于违规违纪发生日期"), field="referred_on", code="order")
        before = snapshot(violation)
        violation.referred_to, violation.referred_on, violation.referral_note = referred_to, referred_on, note
        violation.save()
        audit(actor, Event.VIOLATION_REFERRED, violation, before)
    return violation
