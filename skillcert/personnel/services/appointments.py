"""Roles and cards: an institution proposes, the centre approves and issues the card, renews and
revokes it (seed §4(四)(五), R-PER-1)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Acting
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_model, clean_text
from skillcert.personnel.choices import AppointmentStatus, Event, StaffRole
from skillcert.personnel.eligibility import may_serve
from skillcert.personnel.models import Appointment, Person
from skillcert.personnel.services.access import actor_org, appointing_power, require_appointer, require_visible
from skillcert.personnel.services.common import MAX_TEXT, audit, check_role, recheck_sessions, role_label, today

__all__ = [
    "CARD_PREFIX",
    "add_role",
    "appoint_or_propose",
    "approve_appointment",
    "reject_appointment",
    "renew_card",
    "revoke_appointment",
]

CARD_PREFIX = {
    StaffRole.EXAMINER: "KP",
    StaffRole.SENIOR_EXAMINER: "GK",
    StaffRole.INTERNAL_SUPERVISOR: "NB",
    StaffRole.EXTERNAL_SUPERVISOR: "WB",
    StaffRole.EXPERT: "ZJ",
    StaffRole.MANAGER: "GL",
    StaffRole.INSPECTOR: "JC",
}
"""Letters of a card number the platform allocates: role, then area code, year and serial."""


def _card_date(value: date | None, *, default: bool) -> date | None:
    if value is None:
        if not default:
            return None
        day = today()
        years = int(get_policy("personnel.card_valid_years"))
        try:
            return day.replace(year=day.year + years)
        except ValueError:
            return day.replace(year=day.year + years, day=28)
    if value < today():
        raise DomainError(
            gettext("证卡有效期至：%(value)s 已过期，不能登记过期的证卡（请先培训后续期）") % {"value": value},
            field="card_valid_until",
            code="card_expired",
        )
    return value


def _card_number(value: str, *, role: str, jurisdiction: Jurisdiction, exclude_pk: int | None = None) -> str:
    number = (value or "").strip().upper()
    if number:
        if len(number) > 40:
            raise DomainError(gettext("证卡编号：不能超过40个字符"), field="card_number", code="max_length")
        clash = Appointment.objects.filter(card_number=number)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise DomainError(
                gettext("证卡编号：“%(number)s”已被使用") % {"number": number}, field="card_number", code="duplicate"
            )
        return number
    prefix = f"{CARD_PREFIX[StaffRole(role)]}{jurisdiction.code}{today().year}"
    serial = Appointment.objects.filter(card_number__startswith=prefix).count() + 1
    while Appointment.objects.filter(card_number=f"{prefix}{serial:04d}").exists():
        serial += 1
    return f"{prefix}{serial:04d}"


def _save_appointment(appointment: Appointment) -> None:
    clean_model(appointment, exclude=["person"])
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        raise DomainError(
            gettext("证卡编号：与同时办理的另一张证卡冲突，请重试"), field="card_number", code="duplicate"
        ) from exc


def appoint_or_propose(
    *, actor: Acting, person: Person, role: str, card_number: str = "", card_valid_until: date | None = None
) -> Appointment:
    """`add_role` without the visibility check, for a person the caller has just registered (R-PER-1)."""
    check_role(role)
    power = appointing_power(actor, role=role, employer=person.employer, jurisdiction=person.jurisdiction)
    if role == StaffRole.INTERNAL_SUPERVISOR and (
        person.employer is None or person.employer.kind != OrgKind.INSTITUTION
    ):
        raise DomainError(
            gettext("人员类别：内部质量督导员须是评价机构本机构的人员，请先将工作单位设为该评价机构"),
            field="role",
            code="employer",
        )
    existing = Appointment.objects.filter(person=person, role=role).first()
    if existing is not None and existing.status in (AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED):
        state = gettext("已持有有效的") if existing.status == AppointmentStatus.ACTIVE else gettext("已有待审核的")
        raise DomainError(
            gettext("人员类别：%(name)s%(state)s%(role_label)s资格")
            % {"name": person.name, "state": state, "role_label": role_label(role)},
            field="role",
            code="duplicate",
        )
    appointment = existing or Appointment(person=person, role=role)
    before = snapshot(existing) if existing is not None else None
    org = actor_org(actor)
    if power == "propose":
        if card_number or card_valid_until:
            raise DomainError(
                gettext("证卡编号：证卡由盟市就业服务中心审核通过时核发，推荐时不填写"),
                field="card_number",
                code="not_allowed",
            )
        appointment.status = AppointmentStatus.PROPOSED
        appointment.proposed_by = org
        appointment.card_number, appointment.card_valid_until = "", None
        appointment.decided_by, appointment.decided_at, appointment.decision_note = None, None, ""
        action = Event.APPOINTMENT_PROPOSED
    else:
        appointment.card_valid_until = _card_date(card_valid_until, default=True)
        appointment.card_number = _card_number(
            card_number, role=role, jurisdiction=person.jurisdiction, exclude_pk=appointment.pk
        )
        appointment.status = AppointmentStatus.ACTIVE
        appointment.decided_by, appointment.decided_at, appointment.decision_note = org, timezone.now(), ""
        action = Event.APPOINTMENT_APPOINTED
    with transaction.atomic():
        _save_appointment(appointment)
        audit(actor, action, appointment, before)
    return appointment


def add_role(
    *, actor: Acting, person: Person, role: str, card_number: str = "", card_valid_until: date | None = None
) -> Appointment:
    """Give a registered person a role: a proposal from their institution, an appointment from a centre (R-PER-1)."""
    require_visible(actor, person)
    return appoint_or_propose(
        actor=actor, person=person, role=role, card_number=card_number, card_valid_until=card_valid_until
    )


def approve_appointment(
    *,
    actor: Acting,
    appointment: Appointment,
    card_number: str = "",
    card_valid_until: date | None = None,
    note: str = "",
) -> Appointment:
    """Approve an institution's proposal and issue the card (seed §4(四)(五), R-PER-1)."""
    require_appointer(actor, appointment)
    note = clean_text(note, field="note", label=gettext("审核意见"), required=False, max_length=MAX_TEXT)
    with transaction.atomic():
        _lock_proposed(appointment)
        before = snapshot(appointment)
        appointment.card_valid_until = _card_date(card_valid_until, default=True)
        appointment.card_number = _card_number(
            card_number, role=appointment.role, jurisdiction=appointment.person.jurisdiction, exclude_pk=appointment.pk
        )
        appointment.status = AppointmentStatus.ACTIVE
        appointment.decided_by, appointment.decided_at = actor_org(actor), timezone.now()
        appointment.decision_note = note
        _save_appointment(appointment)
        audit(actor, Event.APPOINTMENT_APPROVED, appointment, before)
    return appointment


def _lock_proposed(appointment: Appointment) -> None:
    """Lock the proposal's row, then check it still waits for a decision (a second click is refused)."""
    lock(appointment)
    if appointment.status != AppointmentStatus.PROPOSED:
        raise DomainError(
            gettext("状态：只能审核待审核的推荐，当前为“%(get_status_display)s”")
            % {"get_status_display": appointment.get_status_display()},
            field="status",
            code="state",
        )


def reject_appointment(*, actor: Acting, appointment: Appointment, note: str) -> Appointment:
    """Turn down an institution's proposal, with the reason (seed §4(四)(五))."""
    require_appointer(actor, appointment)
    note = clean_text(note, field="note", label=gettext("审核意见（不通过时须说明理由）"), max_length=MAX_TEXT)
    with transaction.atomic():
        _lock_proposed(appointment)
        before = snapshot(appointment)
        appointment.decision_note = note
        appointment.status = AppointmentStatus.REJECTED
        appointment.decided_by, appointment.decided_at = actor_org(actor), timezone.now()
        _save_appointment(appointment)
        audit(actor, Event.APPOINTMENT_REJECTED, appointment, before)
    return appointment


def renew_card(
    *, actor: Acting, appointment: Appointment, card_valid_until: date | None = None, card_number: str = ""
) -> Appointment:
    """Extend a card after current training (R-PER-1)."""
    require_appointer(actor, appointment)
    with transaction.atomic():
        lock(appointment)
        if appointment.status != AppointmentStatus.ACTIVE:
            raise DomainError(
                gettext("状态：只能为有效的资格续期，当前为“%(get_status_display)s”")
                % {"get_status_display": appointment.get_status_display()},
                field="status",
                code="state",
            )
        _ok, findings = may_serve(appointment.person, appointment.role, on=today())
        stale = [f for f in findings if f.code == "training_stale"]
        if stale:
            raise DomainError(
                gettext("证卡有效期至：续期前须有培训记录——%(message)s") % {"message": stale[0].message},
                field="card_valid_until",
                code="training",
            )
        before = snapshot(appointment)
        new_date = _card_date(card_valid_until, default=True)
        assert new_date is not None
        if appointment.card_valid_until is not None and new_date <= appointment.card_valid_until:
            raise DomainError(
                gettext("证卡有效期至：新的有效期 %(new_date)s 应晚于原有效期 %(card_valid_until)s")
                % {"new_date": new_date, "card_valid_until": appointment.card_valid_until},
                field="card_valid_until",
                code="not_later",
            )
        appointment.card_valid_until = new_date
        if card_number:
            appointment.card_number = _card_number(
                card_number,
                role=appointment.role,
                jurisdiction=appointment.person.jurisdiction,
                exclude_pk=appointment.pk,
            )
        _save_appointment(appointment)
        audit(actor, Event.CARD_RENEWED, appointment, before)
    return appointment


def revoke_appointment(*, actor: Acting, appointment: Appointment, reason: str) -> Appointment:
    """Withdraw a role (the person leaves, or is no longer fit); the card stops being valid (R-PER-1)."""
    require_appointer(actor, appointment)
    reason = clean_text(reason, field="reason", label=gettext("注销原因"), max_length=MAX_TEXT)
    with transaction.atomic():
        lock(appointment)
        if appointment.status not in (AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED):
            raise DomainError(
                gettext("状态：该资格已是“%(get_status_display)s”")
                % {"get_status_display": appointment.get_status_display()},
                field="status",
                code="state",
            )
        before = snapshot(appointment)
        appointment.decision_note = reason
        appointment.status = AppointmentStatus.REVOKED
        appointment.decided_by, appointment.decided_at = actor_org(actor), timezone.now()
        _save_appointment(appointment)
        audit(actor, Event.APPOINTMENT_REVOKED, appointment, before)
        recheck_sessions(appointment.person_id, "qualification_withdrawn")
    return appointment
