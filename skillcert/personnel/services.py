"""Writes of the personnel app: registering people, roles and cards, qualifications, training,
declared relations, violations and sanctions, assignments, dispatch draws, workforce targets.

Every function is the only way its change happens: keyword arguments, validation first, one
`transaction.atomic`, the audit event inside it (R-X-1, R-X-4). `actor=None` is the system
(demo data, management commands, the exams app staffing a session on its own authority).

Who manages whom (seed §2(二), §4(四)(五)): the region centre trains and appoints anyone,
in particular external supervisors; a league centre trains and appoints examiners, internal
supervisors, experts and managers working in its league; an institution proposes its own
examiners, internal supervisors and managers, which the league centre approves or rejects.
Sanctions are decided by the regulators (region and league organisations); those on
external supervisors by the region, which manages them.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from skillcert.accounts.choices import LEAGUE_KINDS, REGION_KINDS, OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.catalog.choices import Edition, Level, level_label
from skillcert.catalog.models import Occupation
from skillcert.catalog.selectors import occupation_levels
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.locking import lock
from skillcert.core.policy import get_policy
from skillcert.core.validators import validate_mobile, validate_resident_id
from skillcert.personnel.choices import (
    DISPATCHED_ROLES,
    INSTITUTION_PROPOSES,
    LEAGUE_CENTER_MANAGES,
    AppointmentStatus,
    AssignmentSource,
    Event,
    RelationKind,
    SanctionKind,
    StaffGroup,
    StaffRole,
    TrainingResult,
    ViolationStatus,
)
from skillcert.personnel.eligibility import (
    ALGORITHM,
    DrawOutcome,
    Finding,
    PoolFilter,
    conflicts,
    load_findings_for,
    may_serve,
    pool_queryset,
    select_staff,
)
from skillcert.personnel.models import (
    WRITER_ROLES,
    Appointment,
    Assignment,
    DeclaredRelation,
    Person,
    Qualification,
    StaffDraw,
    StaffSanction,
    StaffViolation,
    TrainingRecord,
    WorkforceTarget,
)

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

LOGIN_ROLES = {
    StaffRole.EXAMINER: Role.EXAMINER,
    StaffRole.SENIOR_EXAMINER: Role.EXAMINER,
    StaffRole.INTERNAL_SUPERVISOR: Role.INTERNAL_SUPERVISOR,
    StaffRole.EXTERNAL_SUPERVISOR: Role.EXTERNAL_SUPERVISOR,
    StaffRole.EXPERT: Role.EXPERT,
}
"""Platform roles a person's login gets, to enter scores and reports (R-PER-1)."""

MAX_TEXT = 200


# --- helpers -------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _role_label(role: str) -> str:
    return str(StaffRole(role).label)


def _clean(obj: models.Model, exclude: list[str] | None = None) -> None:
    """full_clean, with each message starting with the field's Chinese name (R-X-4)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        err = DomainError.from_validation_error(exc)
        named: dict[str, list[str]] = {}
        for name, messages in err.errors.items():
            try:
                label = str(obj._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            except FieldDoesNotExist:
                label = ""
            named[name] = [f"{label}：{m}" if label and not m.startswith(label) else m for m in messages]
        result = DomainError(next(iter(named.values()))[0], field=err.field, code=err.code)
        result.errors = named
        raise result from exc


def _org(actor: Any) -> Organisation | None:
    return getattr(actor, "organisation", None) if actor is not None else None


def _is_system(actor: Any) -> bool:
    return actor is None or bool(getattr(actor, "is_superuser", False))


def _require_writer(actor: Any) -> None:
    if _is_system(actor):
        return
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(*WRITER_ROLES):
        raise PermissionDenied("只有负责人、经办人或系统管理员可以办理此事项")


def _require_visible(actor: Any, obj: models.Model, action: str = "view") -> None:
    """The actor must see the row; otherwise it does not exist for them (R-ORG-2)."""
    if _is_system(actor):
        return
    if not type(obj)._default_manager.restrict(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise NotFoundError("未找到该记录")


def _text(value: Any, *, field: str, label: str, required: bool = True, max_length: int = MAX_TEXT) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise DomainError(f"{label}：不能为空", field=field, code="required")
    if len(text) > max_length:
        raise DomainError(f"{label}：不能超过{max_length}个字", field=field, code="max_length")
    return text


def _date_not_future(value: date | None, *, field: str, label: str) -> date:
    if value is None:
        raise DomainError(f"{label}：不能为空", field=field, code="required")
    if value > _today():
        raise DomainError(f"{label}：{value} 晚于今天", field=field, code="future_date")
    return value


def _check_role(role: str) -> str:
    if role not in StaffRole.values:
        raise DomainError(f"人员类别：“{role}”不是有效的人员类别", field="role", code="invalid_role")
    return role


def _power(actor: Any, *, role: str | None, employer: Organisation | None, jurisdiction: Jurisdiction) -> str:
    """'appoint' or 'propose': what the actor may do for a role of someone working here (seed §2(二))."""
    if _is_system(actor):
        return "appoint"
    _require_writer(actor)
    org = _org(actor)
    assert org is not None
    label = _role_label(role) if role else "人员"
    if org.kind == OrgKind.REGION_CENTER:
        return "appoint"
    if org.kind == OrgKind.LEAGUE_CENTER:
        if role is not None and role not in LEAGUE_CENTER_MANAGES:
            raise PermissionDenied(f"{label}由自治区就业服务中心培训和聘任，盟市就业服务中心不能办理")
        if jurisdiction.pk != org.jurisdiction_id:
            raise PermissionDenied(f"盟市就业服务中心只能办理在本盟市（{org.jurisdiction}）工作的人员")
        return "appoint"
    if org.kind == OrgKind.INSTITUTION:
        if role is not None and role not in INSTITUTION_PROPOSES:
            raise PermissionDenied(f"评价机构不能推荐{label}：外部质量督导员和专家由就业服务中心聘任")
        if employer is None or employer.pk != org.pk:
            raise PermissionDenied("评价机构只能登记和推荐本机构的人员")
        return "propose"
    raise PermissionDenied(
        f"{org.get_kind_display()}不办理人员聘任：考评员、内部质量督导员由盟市就业服务中心办理，"
        "外部质量督导员由自治区就业服务中心办理"
    )


def _require_trainer(actor: Any, person: Person, role: str | None = None) -> None:
    """Training and qualifications come from the centres that train (seed §2(二)), not the institutions."""
    if _power(actor, role=role, employer=person.employer, jurisdiction=person.jurisdiction) != "appoint":
        raise PermissionDenied("培训记录和职业资格由就业服务中心登记，评价机构不能自行登记")


def _require_regulator(actor: Any, person: Person) -> None:
    """Sanctions: region and league organisations; on external supervisors only the region (seed §2(二))."""
    if _is_system(actor):
        return
    _require_writer(actor)
    org = _org(actor)
    assert org is not None
    if org.kind in REGION_KINDS:
        return
    if org.kind in LEAGUE_KINDS:
        if person.jurisdiction_id != org.jurisdiction_id:
            raise NotFoundError("未找到该记录")
        if (
            person.appointments.filter(role=StaffRole.EXTERNAL_SUPERVISOR)
            .exclude(status=AppointmentStatus.REJECTED)
            .exists()
        ):
            raise PermissionDenied("外部质量督导员由自治区就业服务中心管理，处分由自治区人社厅或就业服务中心决定")
        return
    raise PermissionDenied("人员处分由人社部门和就业服务中心决定，评价机构可以记录本机构人员的违规违纪情况")


def clean_id_number(value: str, *, field: str, label: str) -> str:
    try:
        return validate_resident_id(value).number
    except ValidationError as exc:
        raise DomainError(f"{label}：{exc.messages[0]}", field=field, code=exc.code or "invalid") from exc


def _valid_mobile(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return validate_mobile(value)
    except ValidationError as exc:
        raise DomainError(f"手机号码：{exc.messages[0]}", field="mobile", code=exc.code or "invalid") from exc


def _check_employer(
    actor: Any, employer: Organisation | None, employer_name: str, jurisdiction: Jurisdiction | None
) -> Jurisdiction:
    """The employer must be one the actor can see; people of an institution or league office work there."""
    if employer is None:
        if not employer_name:
            raise DomainError(
                "工作单位：请选择平台上的机构，或填写不在平台上的工作单位名称", field="employer", code="required"
            )
        if jurisdiction is None:
            raise DomainError(
                "工作所在地：工作单位不在平台上时须选择工作所在盟市", field="jurisdiction", code="required"
            )
        return jurisdiction
    if not _is_system(actor) and not Organisation.objects.restrict(actor, "view").filter(pk=employer.pk).exists():
        raise DomainError("工作单位：未找到该机构", field="employer", code="not_found")
    if not employer.is_active:
        raise DomainError(f"工作单位：“{employer.name}”已停用", field="employer", code="inactive")
    if employer.kind == OrgKind.INDIVIDUAL:
        raise DomainError("工作单位：不能是个人用户", field="employer", code="invalid")
    if employer.kind not in REGION_KINDS:
        if jurisdiction is not None and jurisdiction.pk != employer.jurisdiction_id:
            raise DomainError(
                f"工作所在地：应与工作单位“{employer.name}”所在的{employer.jurisdiction}一致",
                field="jurisdiction",
                code="mismatch",
            )
        return employer.jurisdiction
    if jurisdiction is None:
        raise DomainError("工作所在地：请选择该人员工作所在的盟市", field="jurisdiction", code="required")
    return jurisdiction


def _card_date(value: date | None, *, default: bool) -> date | None:
    if value is None:
        if not default:
            return None
        today = _today()
        years = int(get_policy("personnel.card_valid_years"))
        try:
            return today.replace(year=today.year + years)
        except ValueError:
            return today.replace(year=today.year + years, day=28)
    if value < _today():
        raise DomainError(
            f"证卡有效期至：{value} 已过期，不能登记过期的证卡（请先培训后续期）",
            field="card_valid_until",
            code="card_expired",
        )
    return value


def _card_number(value: str, *, role: str, jurisdiction: Jurisdiction, exclude_pk: int | None = None) -> str:
    number = (value or "").strip().upper()
    if number:
        if len(number) > 40:
            raise DomainError("证卡编号：不能超过40个字符", field="card_number", code="max_length")
        clash = Appointment.objects.filter(card_number=number)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise DomainError(f"证卡编号：“{number}”已被使用", field="card_number", code="duplicate")
        return number
    prefix = f"{CARD_PREFIX[StaffRole(role)]}{jurisdiction.code}{_today().year}"
    serial = Appointment.objects.filter(card_number__startswith=prefix).count() + 1
    while Appointment.objects.filter(card_number=f"{prefix}{serial:04d}").exists():
        serial += 1
    return f"{prefix}{serial:04d}"


def _save_appointment(appointment: Appointment) -> None:
    _clean(appointment, exclude=["person"])
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        raise DomainError(
            "证卡编号：与同时办理的另一张证卡冲突，请重试", field="card_number", code="duplicate"
        ) from exc


def _audit(actor: Any, action: Event, obj: models.Model, before: dict[str, Any] | None, **extra: Any) -> None:
    after = snapshot(obj)
    after.update(extra)
    record_event(actor=actor, action=action, obj=obj, before=before, after=after)


# --- people (R-PER-1, R-X-3) ---------------------------------------------------------------------


def register_person(
    *,
    actor: Any,
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
    """
    org = _org(actor)
    if employer is None and not employer_name and org is not None and org.kind == OrgKind.INSTITUTION:
        employer = org
    name = _text(name, field="name", label="姓名", max_length=50)
    number = clean_id_number(id_number, field="id_number", label="身份证号码")
    phone = _valid_mobile(mobile)
    employer_name = _text(employer_name, field="employer_name", label="工作单位名称", required=False)
    where = _check_employer(actor, employer, employer_name, jurisdiction)
    if role:
        _check_role(role)
    _power(actor, role=role or None, employer=employer, jurisdiction=where)
    from skillcert.core.fields import blind_index_for

    if Person.objects.filter(id_number_index=blind_index_for(Person, "id_number", number)).exists():
        raise DomainError(
            "身份证号码：该人员已登记在平台人员库中（每人只登记一次）；如需调整工作单位或增加类别，"
            "请在其人员页面办理或联系所在盟市就业服务中心",
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
        job_title=_text(job_title, field="job_title", label="职务/职称", required=False, max_length=100),
        notes=_text(notes, field="notes", label="备注", required=False, max_length=2000),
        registered_by=org,
    )
    _clean(person, exclude=["id_number_index", "mobile_index"])
    try:
        with transaction.atomic():
            person.save(force_insert=True)
            _audit(actor, Event.PERSON_REGISTERED, person, None)
            if role:
                _add_role(
                    actor=actor, person=person, role=role, card_number=card_number, card_valid_until=card_valid_until
                )
    except IntegrityError as exc:
        raise DomainError("身份证号码：该人员已登记在平台人员库中", field="id_number", code="duplicate") from exc
    return person


PERSON_FIELDS = {"name", "mobile", "employer", "employer_name", "jurisdiction", "job_title", "notes", "is_active"}


def update_person(*, actor: Any, person: Person, **changes: Any) -> Person:
    """Change a person's contact, employer, place of work or standing in the register (R-PER-1)."""
    _require_visible(actor, person, "change")
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}", field=field, code="readonly")
    _power(actor, role=None, employer=person.employer, jurisdiction=person.jurisdiction)
    before = snapshot(person)
    if "name" in changes:
        person.name = _text(changes["name"], field="name", label="姓名", max_length=50)
    if "mobile" in changes:
        person.mobile = _valid_mobile(changes["mobile"])
    if "job_title" in changes:
        person.job_title = _text(
            changes["job_title"], field="job_title", label="职务/职称", required=False, max_length=100
        )
    if "notes" in changes:
        person.notes = _text(changes["notes"], field="notes", label="备注", required=False, max_length=2000)
    if "is_active" in changes:
        person.is_active = bool(changes["is_active"])
    if {"employer", "employer_name", "jurisdiction"} & set(changes):
        employer = changes.get("employer", person.employer)
        employer_name = _text(
            changes.get("employer_name", person.employer_name if employer is None else ""),
            field="employer_name",
            label="工作单位名称",
            required=False,
        )
        juris = changes.get("jurisdiction", person.jurisdiction if employer is None else None)
        where = _check_employer(actor, employer, employer_name, juris)
        _power(actor, role=None, employer=employer, jurisdiction=where)
        person.employer, person.employer_name, person.jurisdiction = employer, "" if employer else employer_name, where
    _clean(person, exclude=["id_number_index", "mobile_index"])
    with transaction.atomic():
        person.save()
        _audit(actor, Event.PERSON_UPDATED, person, before)
    return person


def create_login(*, actor: Any, person: Person, username: str, password: str) -> User:
    """Open the person's login to enter scores and reports, with the roles they hold (R-PER-1)."""
    from skillcert.accounts.services import create_user

    _require_visible(actor, person, "change")
    if person.user_id is not None:
        raise DomainError("登录账号：该人员已开通账号", field="username", code="exists")
    if person.employer is None:
        raise DomainError(
            "登录账号：工作单位不在平台上的人员须先将工作单位调整为平台上的机构", field="username", code="no_org"
        )
    held = Appointment.objects.filter(person=person, status=AppointmentStatus.ACTIVE, role__in=list(LOGIN_ROLES))
    roles = sorted({LOGIN_ROLES[StaffRole(a.role)] for a in held})
    if not roles:
        raise DomainError(
            "登录账号：该人员没有有效的考评员、督导员或专家资格，不需要评分账号", field="username", code="no_role"
        )
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
        _audit(actor, Event.LOGIN_CREATED, person, before)
    return user


# --- roles and cards (R-PER-1) -------------------------------------------------------------------


def _add_role(
    *, actor: Any, person: Person, role: str, card_number: str = "", card_valid_until: date | None = None
) -> Appointment:
    _check_role(role)
    power = _power(actor, role=role, employer=person.employer, jurisdiction=person.jurisdiction)
    if role == StaffRole.INTERNAL_SUPERVISOR and (
        person.employer is None or person.employer.kind != OrgKind.INSTITUTION
    ):
        raise DomainError(
            "人员类别：内部质量督导员须是评价机构本机构的人员，请先将工作单位设为该评价机构",
            field="role",
            code="employer",
        )
    existing = Appointment.objects.filter(person=person, role=role).first()
    if existing is not None and existing.status in (AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED):
        state = "已持有有效的" if existing.status == AppointmentStatus.ACTIVE else "已有待审核的"
        raise DomainError(f"人员类别：{person.name}{state}{_role_label(role)}资格", field="role", code="duplicate")
    appointment = existing or Appointment(person=person, role=role)
    before = snapshot(existing) if existing is not None else None
    org = _org(actor)
    if power == "propose":
        if card_number or card_valid_until:
            raise DomainError(
                "证卡编号：证卡由盟市就业服务中心审核通过时核发，推荐时不填写", field="card_number", code="not_allowed"
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
        _audit(actor, action, appointment, before)
    return appointment


def add_role(
    *, actor: Any, person: Person, role: str, card_number: str = "", card_valid_until: date | None = None
) -> Appointment:
    """Give a registered person a role: a proposal from their institution, an appointment from a centre (R-PER-1)."""
    _require_visible(actor, person)
    return _add_role(actor=actor, person=person, role=role, card_number=card_number, card_valid_until=card_valid_until)


def _require_appointer(actor: Any, appointment: Appointment) -> None:
    _require_visible(actor, appointment)
    person = appointment.person
    if _power(actor, role=appointment.role, employer=person.employer, jurisdiction=person.jurisdiction) != "appoint":
        raise PermissionDenied("推荐由盟市就业服务中心审核，评价机构不能审核本机构的推荐")


def approve_appointment(
    *, actor: Any, appointment: Appointment, card_number: str = "", card_valid_until: date | None = None, note: str = ""
) -> Appointment:
    """Approve an institution's proposal and issue the card (seed §4(四)(五), R-PER-1)."""
    _require_appointer(actor, appointment)
    note = _text(note, field="note", label="审核意见", required=False)
    with transaction.atomic():
        _lock_proposed(appointment)
        before = snapshot(appointment)
        appointment.card_valid_until = _card_date(card_valid_until, default=True)
        appointment.card_number = _card_number(
            card_number, role=appointment.role, jurisdiction=appointment.person.jurisdiction, exclude_pk=appointment.pk
        )
        appointment.status = AppointmentStatus.ACTIVE
        appointment.decided_by, appointment.decided_at = _org(actor), timezone.now()
        appointment.decision_note = note
        _save_appointment(appointment)
        _audit(actor, Event.APPOINTMENT_APPROVED, appointment, before)
    return appointment


def _lock_proposed(appointment: Appointment) -> None:
    """Lock the proposal's row, then check it still waits for a decision (a second click is refused)."""
    lock(appointment)
    if appointment.status != AppointmentStatus.PROPOSED:
        raise DomainError(
            f"状态：只能审核待审核的推荐，当前为“{appointment.get_status_display()}”", field="status", code="state"
        )


def reject_appointment(*, actor: Any, appointment: Appointment, note: str) -> Appointment:
    """Turn down an institution's proposal, with the reason (seed §4(四)(五))."""
    _require_appointer(actor, appointment)
    note = _text(note, field="note", label="审核意见（不通过时须说明理由）")
    with transaction.atomic():
        _lock_proposed(appointment)
        before = snapshot(appointment)
        appointment.decision_note = note
        appointment.status = AppointmentStatus.REJECTED
        appointment.decided_by, appointment.decided_at = _org(actor), timezone.now()
        _save_appointment(appointment)
        _audit(actor, Event.APPOINTMENT_REJECTED, appointment, before)
    return appointment


def renew_card(
    *, actor: Any, appointment: Appointment, card_valid_until: date | None = None, card_number: str = ""
) -> Appointment:
    """Extend a card after current training (R-PER-1)."""
    _require_appointer(actor, appointment)
    with transaction.atomic():
        lock(appointment)
        if appointment.status != AppointmentStatus.ACTIVE:
            raise DomainError(
                f"状态：只能为有效的资格续期，当前为“{appointment.get_status_display()}”", field="status", code="state"
            )
        _ok, findings = may_serve(appointment.person, appointment.role, on=_today())
        stale = [f for f in findings if f.code == "training_stale"]
        if stale:
            raise DomainError(
                f"证卡有效期至：续期前须有培训记录——{stale[0].message}", field="card_valid_until", code="training"
            )
        before = snapshot(appointment)
        new_date = _card_date(card_valid_until, default=True)
        assert new_date is not None
        if appointment.card_valid_until is not None and new_date <= appointment.card_valid_until:
            raise DomainError(
                f"证卡有效期至：新的有效期 {new_date} 应晚于原有效期 {appointment.card_valid_until}",
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
        _audit(actor, Event.CARD_RENEWED, appointment, before)
    return appointment


def revoke_appointment(*, actor: Any, appointment: Appointment, reason: str) -> Appointment:
    """Withdraw a role (the person leaves, or is no longer fit); the card stops being valid (R-PER-1)."""
    _require_appointer(actor, appointment)
    reason = _text(reason, field="reason", label="注销原因")
    with transaction.atomic():
        lock(appointment)
        if appointment.status not in (AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED):
            raise DomainError(f"状态：该资格已是“{appointment.get_status_display()}”", field="status", code="state")
        before = snapshot(appointment)
        appointment.decision_note = reason
        appointment.status = AppointmentStatus.REVOKED
        appointment.decided_by, appointment.decided_at = _org(actor), timezone.now()
        _save_appointment(appointment)
        _audit(actor, Event.APPOINTMENT_REVOKED, appointment, before)
        _recheck_sessions(appointment.person_id, "qualification_withdrawn")
    return appointment


# --- qualifications and training (R-PER-1) -------------------------------------------------------


def occupation_by_code(code: str, edition: int = Edition.E2022) -> Occupation:
    """An occupation of the catalogue by its code, or a DomainError naming the code (R-CAT-1)."""
    code = (code or "").strip()
    if not code:
        raise DomainError("职业编码：不能为空", field="occupation", code="required")
    if edition not in Edition.values:
        raise DomainError(f"大典版本：“{edition}”应为1999、2015或2022", field="edition", code="invalid")
    occupation = Occupation.objects.filter(edition=edition, code=code).first()
    if occupation is None:
        raise DomainError(
            f"职业编码：“{code}”不在职业目录（{Edition(edition).label}大典）中",
            field="occupation",
            code="unknown_occupation",
        )
    return occupation


def parse_level(value: Any) -> int:
    """1–5, "3", "三级" or "三级/高级工" → 3; anything else is a DomainError (R-CAT-2)."""
    text = str(value if value is not None else "").strip()
    for level in Level:
        if text in (str(level.value), str(level.label), str(level.label).split("/")[0], str(level.label).split("/")[1]):
            return int(level.value)
    raise DomainError(f"等级：“{text}”不是有效等级，应为1至5或“三级/高级工”等写法", field="level", code="invalid_level")


def grant_qualification(
    *, actor: Any, person: Person, occupation: Occupation, level: int, granted_on: date | None = None
) -> Qualification:
    """Qualify a person for an occupation up to a level, after training by a centre (R-PER-1)."""
    _require_visible(actor, person)
    _require_trainer(actor, person)
    level = parse_level(level)
    if not occupation.is_active:
        raise DomainError(f"职业：“{occupation.name}”已停止认定", field="occupation", code="inactive")
    levels = occupation_levels(occupation)
    if levels and level not in levels:
        offered = "、".join(level_label(lv) for lv in levels)
        raise DomainError(
            f"等级：职业“{occupation.name}”的现行标准没有{level_label(level)}（只有{offered}）",
            field="level",
            code="level_not_in_standard",
        )
    granted_on = _date_not_future(granted_on or _today(), field="granted_on", label="取得日期")
    existing = Qualification.objects.filter(person=person, occupation=occupation).first()
    before = snapshot(existing) if existing is not None else None
    qualification = existing or Qualification(person=person, occupation=occupation)
    if existing is not None and existing.is_active and existing.level == level:
        raise DomainError(
            f"等级：{person.name}已具备“{occupation.name}”{level_label(level)}资格", field="level", code="duplicate"
        )
    qualification.level, qualification.granted_on = level, granted_on
    qualification.granted_by, qualification.is_active, qualification.revoked_reason = _org(actor), True, ""
    _clean(qualification, exclude=["person", "occupation"])
    with transaction.atomic():
        qualification.save()
        _audit(actor, Event.QUALIFICATION_GRANTED, qualification, before)
    return qualification


def revoke_qualification(*, actor: Any, qualification: Qualification, reason: str) -> Qualification:
    """Withdraw a qualification (R-PER-1)."""
    _require_visible(actor, qualification)
    _require_trainer(actor, qualification.person)
    reason = _text(reason, field="reason", label="撤销原因")
    with transaction.atomic():
        lock(qualification)
        if not qualification.is_active:
            raise DomainError("状态：该资格已撤销", field="status", code="state")
        before = snapshot(qualification)
        qualification.revoked_reason = reason
        qualification.is_active = False
        qualification.save()
        _audit(actor, Event.QUALIFICATION_REVOKED, qualification, before)
        _recheck_sessions(qualification.person_id, "qualification_withdrawn")
    return qualification


def record_training(
    *,
    actor: Any,
    person: Person,
    role: str,
    course: str,
    hours: Any,
    result: str,
    completed_on: date | None,
) -> TrainingRecord:
    """Record a course the person took with a centre: course, hours, result (R-PER-1, R-SUP-8)."""
    _require_visible(actor, person)
    _check_role(role)
    _require_trainer(actor, person, role)
    if result not in TrainingResult.values:
        raise DomainError(f"培训结果：“{result}”应为“合格”或“不合格”", field="result", code="invalid")
    try:
        hours_value = Decimal(str(hours))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(f"学时：“{hours}”不是数字", field="hours", code="invalid") from exc
    record = TrainingRecord(
        person=person,
        role=role,
        course=_text(course, field="course", label="培训课程"),
        hours=hours_value,
        result=result,
        completed_on=_date_not_future(completed_on, field="completed_on", label="结业日期"),
        provider=_org(actor),
    )
    _clean(record, exclude=["person"])
    with transaction.atomic():
        record.save()
        _audit(actor, Event.TRAINING_RECORDED, record, None)
    return record


# --- declared relations (R-PER-2) ----------------------------------------------------------------


def declare_relation(
    *,
    actor: Any,
    person: Person,
    kind: str,
    other_name: str,
    other_id_number: str,
    note: str = "",
    declared_on: date | None = None,
) -> DeclaredRelation:
    """Record a relation the person declares; candidates with that ID number are then avoided (R-PER-2)."""
    _require_visible(actor, person, "change")
    _require_writer(actor)
    if kind not in RelationKind.values:
        raise DomainError(f"关系：“{kind}”应为亲属、师生、师徒或同事", field="kind", code="invalid")
    other_name = _text(other_name, field="other_name", label="关系人姓名", max_length=50)
    number = clean_id_number(other_id_number, field="other_id_number", label="关系人身份证号码")
    from skillcert.core.fields import blind_index_for

    index = blind_index_for(DeclaredRelation, "other_id_number", number)
    if index == person.id_number_index:
        raise DomainError("关系人身份证号码：不能是本人的身份证号码", field="other_id_number", code="self")
    if DeclaredRelation.objects.filter(person=person, other_id_number_index=index, is_active=True).exists():
        raise DomainError(
            f"关系人身份证号码：{person.name}已申报与该人员的关系", field="other_id_number", code="duplicate"
        )
    relation = DeclaredRelation(
        person=person,
        kind=kind,
        other_name=other_name,
        other_id_number=number,
        note=_text(note, field="note", label="说明", required=False),
        declared_on=_date_not_future(declared_on or _today(), field="declared_on", label="申报日期"),
    )
    _clean(relation, exclude=["person", "other_id_number_index"])
    with transaction.atomic():
        relation.save()
        _audit(actor, Event.RELATION_DECLARED, relation, None)
        _recheck_sessions(person.pk, "relation_declared")
    return relation


def withdraw_relation(*, actor: Any, relation: DeclaredRelation, reason: str) -> DeclaredRelation:
    """A relation no longer holds (e.g. the apprenticeship ended); kept in the history (R-PER-2)."""
    _require_visible(actor, relation, "change")
    _require_writer(actor)
    reason = _text(reason, field="reason", label="撤回原因", max_length=100)
    with transaction.atomic():
        lock(relation)
        if not relation.is_active:
            raise DomainError("状态：该关系已撤回", field="status", code="state")
        before = snapshot(relation)
        relation.note = (f"{relation.note}（撤回：{reason}）" if relation.note else f"撤回：{reason}")[:200]
        relation.is_active = False
        relation.save()
        _audit(actor, Event.RELATION_WITHDRAWN, relation, before)
    return relation


# --- violations and sanctions (R-SUP-7) ----------------------------------------------------------


def record_violation(
    *,
    actor: Any,
    person: Person,
    occurred_on: date | None,
    description: str,
    institution: Organisation | None = None,
    session_ref: str = "",
) -> StaffViolation:
    """Record a violation by a manager, examiner or supervisor (seed §5(六), R-SUP-7)."""
    _require_visible(actor, person, "change")
    _require_writer(actor)
    org = _org(actor)
    if institution is not None and institution.kind != OrgKind.INSTITUTION:
        raise DomainError("发生机构：应为评价机构", field="institution", code="invalid")
    violation = StaffViolation(
        person=person,
        occurred_on=_date_not_future(occurred_on, field="occurred_on", label="发生日期"),
        description=_text(description, field="description", label="违规违纪情况", max_length=4000),
        institution=institution,
        session_ref=_text(session_ref, field="session_ref", label="场次", required=False, max_length=100),
        reported_by=org or Organisation.objects.get(code=OrgKind.REGION_CENTER),
    )
    _clean(violation, exclude=["person"])
    with transaction.atomic():
        violation.save()
        _audit(actor, Event.VIOLATION_RECORDED, violation, None)
    return violation


def sanction_violation(
    *,
    actor: Any,
    violation: StaffViolation,
    kind: str,
    starts_on: date | None,
    reason: str,
    ends_on: date | None = None,
    document_number: str = "",
) -> StaffSanction:
    """Decide a sanction: a suspension bars for its period, a disqualification for good (R-SUP-7)."""
    _require_visible(actor, violation)
    person = violation.person
    _require_regulator(actor, person)
    if kind not in SanctionKind.values:
        raise DomainError(f"处分：“{kind}”应为警告、暂停资格或取消资格", field="kind", code="invalid")
    if starts_on is None:
        raise DomainError("起始日期：不能为空", field="starts_on", code="required")
    if starts_on < violation.occurred_on:
        raise DomainError(
            f"起始日期：{starts_on} 早于违规违纪发生日期 {violation.occurred_on}", field="starts_on", code="order"
        )
    if kind == SanctionKind.SUSPENSION:
        if ends_on is None:
            raise DomainError("截止日期：暂停资格须写明截止日期", field="ends_on", code="required")
        if ends_on < starts_on:
            raise DomainError(f"截止日期：{ends_on} 早于起始日期 {starts_on}", field="ends_on", code="order")
    elif ends_on is not None:
        raise DomainError(
            f"截止日期：{SanctionKind(kind).label}没有期限，不填写截止日期", field="ends_on", code="not_allowed"
        )
    sanction = StaffSanction(
        violation=violation,
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=_text(reason, field="reason", label="处理依据", max_length=4000),
        document_number=_text(
            document_number, field="document_number", label="处理文号", required=False, max_length=100
        ),
        decided_by=_org(actor) or Organisation.objects.get(code=OrgKind.REGION_CENTER),
    )
    _clean(sanction, exclude=["violation", "person"])
    with transaction.atomic():
        lock(violation)
        if violation.status == ViolationStatus.DISMISSED:
            raise DomainError("状态：该违规违纪已决定不予处分", field="status", code="state")
        sanction.save()
        before = snapshot(violation)
        violation.status = ViolationStatus.SANCTIONED
        violation.save(update_fields=["status", "updated_at"])
        _audit(actor, Event.VIOLATION_SANCTIONED, violation, before)
        _audit(actor, Event.SANCTION_DECIDED, sanction, None)
        if kind == SanctionKind.DISQUALIFICATION:
            for appointment in Appointment.objects.filter(
                person=person, status__in=[AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED]
            ):
                prior = snapshot(appointment)
                appointment.status = AppointmentStatus.REVOKED
                appointment.decision_note = f"取消资格处分（{sanction.document_number or starts_on}）"
                appointment.decided_by, appointment.decided_at = sanction.decided_by, timezone.now()
                appointment.save()
                _audit(actor, Event.APPOINTMENT_REVOKED, appointment, prior)
        _recheck_sessions(person.pk, "sanction")
    return sanction


def dismiss_violation(*, actor: Any, violation: StaffViolation, reason: str) -> StaffViolation:
    """Close a violation without a sanction, with the reason (R-SUP-7)."""
    _require_visible(actor, violation)
    _require_regulator(actor, violation.person)
    reason = _text(reason, field="reason", label="不予处分理由")
    with transaction.atomic():
        lock(violation)
        if violation.status != ViolationStatus.OPEN:
            raise DomainError(
                f"状态：只能处理待处理的记录，当前为“{violation.get_status_display()}”", field="status", code="state"
            )
        before = snapshot(violation)
        violation.dismissed_reason = reason
        violation.status = ViolationStatus.DISMISSED
        violation.save()
        _audit(actor, Event.VIOLATION_DISMISSED, violation, before)
    return violation


def refer_violation(
    *, actor: Any, violation: StaffViolation, referred_to: str, referred_on: date | None = None, note: str = ""
) -> StaffViolation:
    """Hand a violation that may break the law to the competent authority (seed §5(六), R-SUP-7)."""
    _require_visible(actor, violation)
    _require_regulator(actor, violation.person)
    referred_to = _text(referred_to, field="referred_to", label="移交机关")
    referred_on = _date_not_future(referred_on or _today(), field="referred_on", label="移交日期")
    note = _text(note, field="note", label="移交说明", required=False, max_length=4000)
    with transaction.atomic():
        lock(violation)
        if violation.referred_on is not None:
            raise DomainError(
                f"移交机关：已于 {violation.referred_on} 移交{violation.referred_to}",
                field="referred_to",
                code="state",
            )
        if referred_on < violation.occurred_on:
            raise DomainError("移交日期：早于违规违纪发生日期", field="referred_on", code="order")
        before = snapshot(violation)
        violation.referred_to, violation.referred_on, violation.referral_note = referred_to, referred_on, note
        violation.save()
        _audit(actor, Event.VIOLATION_REFERRED, violation, before)
    return violation


# --- assignments and dispatch (R-PER-1..3) -------------------------------------------------------


def _recheck_sessions(person_id: int, trigger: str) -> None:
    """Exam sessions whose confirmed staffing includes this person are checked again; one the change
    breaks is set aside with the reasons (R-EXAM-6)."""
    from skillcert.exams.services.staffing_checks import recheck_person

    recheck_person(person_id=person_id, trigger=trigger)


def _refuse(findings: list[Finding], field: str = "person") -> None:
    if findings:
        err = DomainError(findings[0].message, field=field, code=findings[0].code)
        err.errors = {field: [f.message for f in findings]}
        raise err


def _require_institution(institution: Organisation) -> None:
    if institution.kind != OrgKind.INSTITUTION:
        raise DomainError(f"机构：“{institution}”不是评价机构", field="institution", code="invalid")


def record_assignment(
    *,
    actor: Any,
    person: Person,
    role: str,
    institution: Organisation,
    on: date,
    session_ref: str = "",
    occupation: Occupation | None = None,
    level: int | None = None,
    candidates: tuple[Any, ...] | list[Any] = (),
) -> Assignment:
    """Assign a person to serve at an institution on a date (the exams app staffing a session).

    Refused with every reason when the person may not serve (R-PER-1, R-SUP-7), is in
    conflict (R-PER-2) or — for dispatched roles — is over the load or rotation limit (R-PER-3).
    """
    _check_role(role)
    _require_institution(institution)
    if not _is_system(actor):
        _require_writer(actor)
        _require_visible(actor, person)
        if not Organisation.objects.restrict(actor, "view").filter(pk=institution.pk).exists():
            raise NotFoundError("未找到该机构")
        org = _org(actor)
        if role in DISPATCHED_ROLES and (org is None or not org.is_authority):
            raise PermissionDenied("外部质量督导员由人社部门和就业服务中心派遣")
    session_ref = _text(session_ref, field="session_ref", label="场次", required=False, max_length=100)
    try:
        with transaction.atomic():
            _lock_people([person.pk])  # the limits are checked and the row written under one lock
            _ok, findings = may_serve(person, role, occupation, level, on=on)
            findings += conflicts(person, candidates, institution, role=role)
            findings += load_findings_for([person], role, institution, on, session_ref)[person.pk]
            _refuse(findings)
            assignment = Assignment(
                person=person,
                role=role,
                institution=institution,
                on=on,
                session_ref=session_ref,
                source=AssignmentSource.MANUAL,
            )
            assignment.save()
            _audit(actor, Event.ASSIGNMENT_RECORDED, assignment, None)
    except IntegrityError as exc:
        raise DomainError(
            f"人员：{person.name}已分派到场次“{session_ref}”", field="person", code="already_assigned"
        ) from exc
    return assignment


def _reason_summary(summary: dict[str, int]) -> str:
    from skillcert.personnel.choices import Reason

    return "，".join(f"{Reason(code).label}{count}人" for code, count in sorted(summary.items(), key=lambda i: -i[1]))


def draw_staff(*, actor: Any, pool_filter: PoolFilter, n: int, seed: str | None = None) -> StaffDraw:
    """Draw n people at random from the eligible pool and assign them; record seed, pool and exclusions (R-PER-3).

    Asking for more than the eligible pool holds is refused with how many are eligible and
    why the others were excluded; nothing is saved then.
    """
    _check_role(pool_filter.role)
    institution = pool_filter.institution
    _require_institution(institution)
    base = Person.objects.all()
    if not _is_system(actor):
        _require_writer(actor)
        org = _org(actor)
        if org is None or not org.is_authority:
            raise PermissionDenied("随机抽取由人社部门和就业服务中心进行")
        if (
            not Organisation.objects.restrict(actor, "view")
            .filter(pk=institution.pk, kind=OrgKind.INSTITUTION)
            .exists()
        ):
            raise NotFoundError("未找到该机构")
        if org.scope_level == "league" and (
            pool_filter.region_wide
            or (pool_filter.pool_jurisdiction is not None and pool_filter.pool_jurisdiction.pk != org.jurisdiction_id)
        ):
            raise PermissionDenied("盟市只能从本盟市的人员中抽取；跨盟市抽取由自治区就业服务中心进行")
        base = Person.objects.restrict(actor, "view")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DomainError("抽取人数：应为正整数", field="n", code="invalid")
    if n > 50:
        raise DomainError("抽取人数：一次最多抽取50人", field="n", code="max_value")
    seed = _text(seed, field="seed", label="随机种子", required=False, max_length=64) or secrets.token_hex(8)
    session_ref = _text(pool_filter.session_ref, field="session_ref", label="场次", required=False, max_length=100)
    pool_filter = replace(pool_filter, session_ref=session_ref)
    try:
        with transaction.atomic():
            # Lock the pool in id order first, so two draws sharing people cannot both pass the
            # load and rotation limits; the audit chain's lock comes after the row locks.
            _lock_people(pool_queryset(pool_filter, base).values_list("pk", flat=True))
            outcome = select_staff(pool_filter, n, seed, base=base)
            if len(outcome.eligible) < n:
                raise _pool_too_small(n, outcome)
            draw = _save_draw(actor, pool_filter, n, seed, outcome)
    except IntegrityError as exc:
        raise DomainError(
            "场次：同时进行的另一次分派已占用该场次的人员，请重新抽取", field="session_ref", code="conflict"
        ) from exc
    return draw


def _lock_people(ids: Any) -> None:
    list(Person.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk").values_list("pk", flat=True))


def _pool_too_small(n: int, outcome: DrawOutcome) -> DomainError:
    summary = outcome.exclusion_summary()
    why = f"其余{len(outcome.exclusions)}人被排除：{_reason_summary(summary)}" if outcome.exclusions else "候选池为空"
    message = f"抽取人数：申请抽取{n}人，但候选池{len(outcome.pool)}人中符合条件的只有{len(outcome.eligible)}人；{why}"
    err = DomainError(message, field="n", code="pool_too_small")
    err.errors = {
        "n": [message],
        "exclusions": [f"{e['name']}：" + "；".join(r["message"] for r in e["reasons"]) for e in outcome.exclusions],
    }
    return err


def _save_draw(actor: Any, pool_filter: PoolFilter, n: int, seed: str, outcome: DrawOutcome) -> StaffDraw:
    institution = pool_filter.institution
    draw = StaffDraw(
        role=pool_filter.role,
        institution=institution,
        on=pool_filter.on,
        session_ref=pool_filter.session_ref,
        occupation=pool_filter.occupation,
        level=pool_filter.level,
        pool_jurisdiction=pool_filter.pool_jurisdiction,
        requested=n,
        seed=seed,
        algorithm=ALGORITHM,
        pool=outcome.pool,
        exclusions=outcome.exclusions,
        eligible=outcome.eligible,
        selected=outcome.selected,
        candidates_checked=len(pool_filter.candidates),
        drawn_by=_org(actor),
        drawn_by_user=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=outcome.selected)}
    draw.save()
    record_event(
        actor=actor,
        action=Event.STAFF_DRAWN,
        obj=draw,
        after={
            "seed": seed,
            "role": pool_filter.role,
            "institution": institution.pk,
            "on": pool_filter.on,
            "requested": n,
            "pool": [e["id"] for e in outcome.pool],
            "excluded": [e["id"] for e in outcome.exclusions],
            "selected": outcome.selected,
        },
    )
    for pid in outcome.selected:
        assignment = Assignment(
            person=people[pid],
            role=pool_filter.role,
            institution=institution,
            on=pool_filter.on,
            session_ref=pool_filter.session_ref,
            source=AssignmentSource.DRAW,
            draw=draw,
        )
        assignment.save()
        _audit(actor, Event.ASSIGNMENT_RECORDED, assignment, None)
    return draw


# --- workforce planning (R-SUP-8) ----------------------------------------------------------------


def set_workforce_target(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    year: int,
    group: str,
    headcount: int,
    trained: int,
    note: str = "",
) -> WorkforceTarget:
    """Set the planned headcount and training of one group for a year (seed §5(二), R-SUP-8)."""
    if not _is_system(actor):
        _require_writer(actor)
        org = _org(actor)
        assert org is not None
        if org.kind == OrgKind.LEAGUE_CENTER:
            if jurisdiction.pk != org.jurisdiction_id:
                raise PermissionDenied(f"盟市就业服务中心只能制定本盟市（{org.jurisdiction}）的队伍建设规划")
        elif org.kind != OrgKind.REGION_CENTER:
            raise PermissionDenied("队伍建设规划由自治区和盟市就业服务中心制定")
    if group not in StaffGroup.values:
        raise DomainError(f"人员类别：“{group}”应为管理人员、考评人员、督导人员或专家", field="group", code="invalid")
    for value, field, label in ((headcount, "headcount", "目标人数"), (trained, "trained", "目标培训人数")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError(f"{label}：应为不小于0的整数", field=field, code="invalid")
    existing = WorkforceTarget.objects.filter(jurisdiction=jurisdiction, year=year, group=group).first()
    before = snapshot(existing) if existing is not None else None
    target = existing or WorkforceTarget(jurisdiction=jurisdiction, year=year, group=group)
    target.headcount, target.trained = headcount, trained
    target.note = _text(note, field="note", label="说明", required=False)
    _clean(target, exclude=["jurisdiction"])
    with transaction.atomic():
        target.save()
        _audit(actor, Event.WORKFORCE_TARGET_SET, target, before)
    return target
