"""Filing (备案): apply, accept with a filing number or reject with reasons; scope changes, renewals and
withdrawals follow the same flow and every scope version is kept (R-INS-2)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts import services as account_services
from skillcert.accounts.choices import JurisdictionLevel, OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.accounts.passwords import generate_password
from skillcert.accounts.types import Acting, Actor
from skillcert.archives.choices import FilePurpose
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.policy import get_policy
from skillcert.core.scoping import is_authenticated
from skillcert.core.validation import SCAN_TYPES, CheckedUpload, check_upload, clean_model, clean_text, new_reference
from skillcert.core.validators import validate_credit_code
from skillcert.institutions import authorities
from skillcert.institutions.choices import (
    ApplicationKind,
    ApplicationStatus,
    Event,
    InstitutionStatus,
    InstitutionType,
)
from skillcert.institutions.models import (
    FilingApplication,
    FilingApplicationItem,
    FilingDocument,
    Institution,
    ScopeItem,
    ScopeVersion,
    StatusChange,
)
from skillcert.institutions.models.institution import certificate_kind_for
from skillcert.institutions.models.policies import EDIT_ROLES
from skillcert.institutions.services.access import require_authority_staff, require_institution_staff, require_visible
from skillcert.institutions.services.entry import require_entry_stages_passed

APPLICATION_AUDIT_FIELDS = [
    "reference",
    "kind",
    "status",
    "institution",
    "organisation",
    "competent_authority",
    "type",
    "filed_name",
    "credit_code",
    "area",
    "ministry_filed",
    "ministry_code",
    "manager_username",
    "decided_by",
    "decided_at",
    "decision_reasons",
    "filing_number",
    "valid_until",
]
CLOSED_STATUSES = (InstitutionStatus.REVOKED, InstitutionStatus.WITHDRAWN)


@dataclass(frozen=True)
class ScopeEntry:
    """A requested scope line: one occupation, optionally one 工种, and its levels (R-INS-2)."""

    occupation_id: int
    work_type_id: int | None
    levels: Sequence[int]


@dataclass(frozen=True)
class SupportingDocument:
    title: str
    file: Any


@dataclass
class Decision:
    """What an acceptance produced; `initial_password` is shown once to the deciding officer."""

    application: FilingApplication
    institution: Institution | None = None
    manager: User | None = None
    initial_password: str = field(default="", repr=False)


# --- validation ----------------------------------------------------------------------------------


def clean_scope(entries: Sequence[ScopeEntry]) -> list[tuple[Occupation, WorkType | None, int]]:
    """Every requested (occupation, 工种, level) must exist in the catalogue's current standard (R-INS-2)."""
    if not entries:
        raise DomainError(gettext("备案范围：至少填写一个职业（工种）及等级"), field="items", code="required")
    occupation_ids = {e.occupation_id for e in entries}
    occupations = {
        o.pk: o
        for o in Occupation.objects.filter(pk__in=occupation_ids).prefetch_related("work_types", "standards__levels")
    }
    result: list[tuple[Occupation, WorkType | None, int]] = []
    seen: set[tuple[int, int | None, int]] = set()
    for n, entry in enumerate(entries, start=1):
        occupation = occupations.get(entry.occupation_id)
        where = gettext("备案范围第%(n)s项") % {"n": n}
        if occupation is None:
            raise DomainError(
                gettext("%(where)s：职业（编号%(occupation_id)s）不在职业目录中")
                % {"where": where, "occupation_id": entry.occupation_id},
                field="items",
                code="not_in_catalogue",
            )
        if not occupation.is_active:
            raise DomainError(
                gettext("%(where)s：职业“%(name)s”在职业目录中已停用，不能备案")
                % {"where": where, "name": occupation.name},
                field="items",
                code="inactive",
            )
        work_type = None
        if entry.work_type_id is not None:
            work_type = next((w for w in occupation.work_types.all() if w.pk == entry.work_type_id), None)
            if work_type is None:
                raise DomainError(
                    gettext("%(where)s：工种（编号%(work_type_id)s）不是职业“%(name)s”在职业目录中的工种")
                    % {"where": where, "work_type_id": entry.work_type_id, "name": occupation.name},
                    field="items",
                    code="not_in_catalogue",
                )
        if not entry.levels:
            raise DomainError(
                gettext("%(where)s：请选择至少一个等级") % {"where": where}, field="items", code="required"
            )
        current = [s for s in occupation.standards.all() if s.is_current]
        available = sorted((sl.level for s in current for sl in s.levels.all()), reverse=True)
        for level in entry.levels:
            try:
                level = int(level)
            except (TypeError, ValueError) as exc:
                raise DomainError(
                    gettext("%(where)s：等级“%(level)s”无效，应为1-5") % {"where": where, "level": level},
                    field="items",
                    code="invalid",
                ) from exc
            if level not in available:
                offered = "、".join(level_label(v) for v in available) or gettext("无（没有现行职业技能标准）")
                label = level_label(level) if 1 <= level <= 5 else str(level)
                raise DomainError(
                    gettext("%(where)s：职业“%(name)s”的现行职业技能标准没有%(label)s（可备案等级：%(offered)s）")
                    % {"where": where, "name": occupation.name, "label": label, "offered": offered},
                    field="items",
                    code="not_in_catalogue",
                )
            key = (occupation.pk, work_type.pk if work_type else None, level)
            if key in seen:
                raise DomainError(
                    gettext("%(where)s：“%(name)s %(display_work_type)s %(level_label)s”重复填写")
                    % {
                        "where": where,
                        "name": occupation.name,
                        "display_work_type": display_work_type(work_type),
                        "level_label": level_label(level),
                    },
                    field="items",
                    code="duplicate",
                )
            seen.add(key)
            result.append((occupation, work_type, level))
    return result


def _clean_documents(documents: Sequence[SupportingDocument], *, required: bool) -> list[tuple[str, CheckedUpload]]:
    if required and not documents:
        raise DomainError(
            gettext("证明材料：请至少上传一份证明材料（如营业执照或登记证书）"), field="documents", code="required"
        )
    checked = []
    for n, doc in enumerate(documents, start=1):
        title = clean_text(
            doc.title, field="documents", label=gettext("证明材料第%(n)s份的名称") % {"n": n}, max_length=100
        )
        checked.append(
            (
                title,
                check_upload(
                    doc.file,
                    field="documents",
                    label=gettext("证明材料“%(title)s”") % {"title": title},
                    allowed=SCAN_TYPES,
                ),
            )
        )
    return checked


def _clean_area(area: Jurisdiction | str | None) -> Jurisdiction:
    if isinstance(area, Jurisdiction):
        return area
    found = Jurisdiction.objects.filter(code=str(area or "").strip()).first()
    if found is None:
        raise DomainError(gettext("区域范围：请选择内蒙古自治区全区或一个盟市"), field="area", code="required")
    return found


def _username_free(username: str, *, exclude_application: int | None = None) -> None:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            gettext("负责人账号用户名：“%(username)s”已被使用") % {"username": username},
            field="manager_username",
            code="unique",
        )
    pending = FilingApplication.objects.filter(status=ApplicationStatus.SUBMITTED, manager_username__iexact=username)
    if exclude_application is not None:
        pending = pending.exclude(pk=exclude_application)
    if pending.exists():
        raise DomainError(
            gettext("负责人账号用户名：“%(username)s”已被另一份待审核的申请使用") % {"username": username},
            field="manager_username",
            code="unique",
        )


def _store(actor: Acting, upload: CheckedUpload, purpose: str, subject: Any) -> Any:
    """Keep an applicant's file through the archives file service (R-ARC-1)."""
    from skillcert.archives.files import store_file

    return store_file(
        actor=actor,
        content=upload.content,
        name=upload.original_name,
        purpose=purpose,
        subject=subject,
        jurisdiction=getattr(subject, "area", None),
    )


def _save_application(
    application: FilingApplication,
    scope: list[tuple[Occupation, WorkType | None, int]],
    documents: list[tuple[str, CheckedUpload]],
    actor: Acting,
) -> FilingApplication:
    try:
        with transaction.atomic():
            application.save(force_insert=True)
            FilingApplicationItem.objects.bulk_create(
                [
                    FilingApplicationItem(application=application, occupation=o, work_type=w, level=lv)
                    for o, w, lv in scope
                ]
            )
            for title, upload in documents:
                kept = FilingDocument(
                    application=application,
                    title=title,
                    original_name=upload.original_name,
                    content_type=upload.content_type,
                    size=upload.size,
                    sha256=upload.sha256,
                )
                kept.file.name = _store(actor, upload, FilePurpose.FILING_DOCUMENT, application).name
                kept.save()
            record_event(
                actor=actor,  # an anonymous applicant is recorded as 匿名
                action=Event.APPLICATION_SUBMITTED,
                obj=application,
                organisation=application.organisation,
                after={
                    **snapshot(application, APPLICATION_AUDIT_FIELDS),
                    "items": [[o.code, w.name if w else None, lv] for o, w, lv in scope],
                    "documents": [[t, u.original_name, u.sha256] for t, u in documents],
                },
            )
    except IntegrityError as exc:
        raise DomainError(
            gettext("统一社会信用代码：%(credit_code)s 已有待审核的备案申请，请等待审核结果")
            % {"credit_code": application.credit_code},
            field="credit_code",
            code="pending",
        ) from exc
    return application


# --- submit ---------------------------------------------------------------------------------------


def submit_initial_application(
    *,
    actor: Acting,
    type: str,
    filed_name: str,
    credit_code: str,
    responsible_person: str,
    address: str,
    area: Jurisdiction | str,
    items: Sequence[ScopeEntry],
    documents: Sequence[SupportingDocument],
    ministry_filed: bool = False,
    ministry_code: str = "0000",
    manager_username: str = "",
    manager_full_name: str = "",
    manager_email: str = "",
    note: str = "",
) -> FilingApplication:
    """Apply online for a first filing; anyone may apply, a platform organisation applies for itself (R-INS-2)."""
    organisation: Organisation | None = None
    if is_authenticated(actor):
        org = actor.organisation
        if org.kind != OrgKind.INSTITUTION or Institution.objects.filter(organisation=org).exists():
            raise PermissionDenied(gettext("已备案机构请提交范围变更、延续或注销申请；监管部门人员不能提交备案申请"))
        if not (actor.role_codes & EDIT_ROLES):
            raise PermissionDenied(gettext("您的角色不能提交备案申请"))
        organisation = org
    if type not in InstitutionType.values:
        raise DomainError(
            gettext("机构类型：请选择用人单位、技工院校或社会培训评价组织"), field="type", code="invalid_choice"
        )
    try:
        code = validate_credit_code(credit_code)
    except ValidationError as exc:
        raise DomainError(
            gettext("统一社会信用代码：%(item)s") % {"item": exc.messages[0]}, field="credit_code", code="credit_code"
        ) from exc
    existing = Institution.objects.filter(credit_code=code).first()
    if existing is not None:
        raise DomainError(
            gettext("统一社会信用代码：%(code)s 已备案为“%(filed_name)s”，如需变更请由该机构提交变更申请")
            % {"code": code, "filed_name": existing.filed_name},
            field="credit_code",
            code="filed",
        )
    if FilingApplication.objects.filter(credit_code=code, status=ApplicationStatus.SUBMITTED).exists():
        raise DomainError(
            gettext("统一社会信用代码：%(code)s 已有待审核的备案申请，请等待审核结果") % {"code": code},
            field="credit_code",
            code="pending",
        )
    area_j = _clean_area(area)
    manager_username = (manager_username or "").strip()
    manager_full_name = (manager_full_name or "").strip()
    if organisation is None or manager_username:
        if not account_services.USERNAME_RE.match(manager_username):
            raise DomainError(
                gettext("负责人账号用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"),
                field="manager_username",
                code="invalid",
            )
        clean_text(manager_full_name, field="manager_full_name", label=gettext("负责人账号姓名"), max_length=50)
        _username_free(manager_username)
    application = FilingApplication(
        reference=new_reference("BA"),
        kind=ApplicationKind.INITIAL,
        organisation=organisation,
        competent_authority=authorities.competent_authority_for(area_j),
        type=type,
        filed_name=clean_text(filed_name, field="filed_name", label=gettext("机构名称"), max_length=200),
        credit_code=code,
        responsible_person=clean_text(
            responsible_person, field="responsible_person", label=gettext("负责人"), max_length=50
        ),
        address=clean_text(address, field="address", label=gettext("地址"), max_length=300),
        area=area_j,
        ministry_filed=bool(ministry_filed),
        ministry_code=(ministry_code or "0000").strip() or "0000",
        manager_username=manager_username,
        manager_full_name=manager_full_name,
        manager_email=(manager_email or "").strip(),
        note=clean_text(note, field="note", label=gettext("申请说明"), max_length=2000, required=False),
        submitted_by=actor if is_authenticated(actor) else None,
    )
    clean_model(application, exclude=["reference"])
    scope = clean_scope(items)
    docs = _clean_documents(documents, required=True)
    return _save_application(application, scope, docs, actor)


def submit_change_application(
    *,
    actor: Actor,
    institution: Institution,
    kind: str,
    items: Sequence[ScopeEntry] = (),
    documents: Sequence[SupportingDocument] = (),
    note: str = "",
) -> FilingApplication:
    """Apply to change the scope, renew or withdraw a filing; decided like a first filing (R-INS-2)."""
    require_institution_staff(actor, institution)
    if kind not in (ApplicationKind.SCOPE_CHANGE, ApplicationKind.RENEWAL, ApplicationKind.WITHDRAWAL):
        raise DomainError(
            gettext("申请类型：应为备案范围变更、延续备案或注销备案"), field="kind", code="invalid_choice"
        )
    if institution.is_branch:
        raise DomainError(
            gettext("申请类型：分支机构不单独备案，范围以上级机构备案为准；请由上级机构提交申请"),
            field="kind",
            code="branch",
        )
    if institution.status in CLOSED_STATUSES:
        raise DomainError(
            gettext("申请类型：机构状态为“%(status)s”，不能再提交备案申请")
            % {"status": institution.get_status_display()},
            field="kind",
            code="closed",
        )
    if FilingApplication.objects.filter(institution=institution, status=ApplicationStatus.SUBMITTED).exists():
        raise DomainError(gettext("申请类型：本机构已有待审核的备案申请，请等待审核结果"), field="kind", code="pending")
    scope: list[tuple[Occupation, WorkType | None, int]] = []
    if kind == ApplicationKind.SCOPE_CHANGE:
        scope = clean_scope(items)
    elif items:
        raise DomainError(gettext("备案范围：只有备案范围变更申请填写备案范围"), field="items", code="not_allowed")
    if kind == ApplicationKind.WITHDRAWAL:
        clean_text(note, field="note", label=gettext("注销理由"), max_length=2000)
    application = FilingApplication(
        reference=new_reference("BA"),
        kind=kind,
        institution=institution,
        organisation=institution.organisation,
        competent_authority=authorities.competent_authority_for(institution.area),
        type=institution.type,
        filed_name=institution.filed_name,
        credit_code=institution.credit_code,
        responsible_person=institution.responsible_person,
        address=institution.address,
        area=institution.area,
        ministry_filed=institution.ministry_filed,
        ministry_code=institution.ministry_code,
        note=clean_text(note, field="note", label=gettext("申请说明"), max_length=2000, required=False),
        submitted_by=actor,
    )
    clean_model(application, exclude=["reference"])
    docs = _clean_documents(documents, required=False)
    return _save_application(application, scope, docs, actor)


# --- decide ---------------------------------------------------------------------------------------


def _require_decider(actor: Actor, application: FilingApplication) -> None:
    require_visible(actor, application)
    require_authority_staff(actor, application.competent_authority, gettext("备案申请"))


def _lock_undecided(application: FilingApplication) -> None:
    """Lock the application's row, then check it is still undecided (a second click or clerk is refused)."""
    lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            gettext("状态：该申请已审核（%(status)s），不能再次审核") % {"status": application.get_status_display()},
            field="status",
            code="decided",
        )


def initial_password() -> str:
    """A one-time password meeting the complexity policy; the holder must change it at first login."""
    return generate_password()


def _open_scope_version(institution: Institution, application: FilingApplication, today: datetime.date) -> ScopeVersion:
    current = ScopeVersion.objects.filter(institution=institution, valid_to__isnull=True).first()
    number = 1
    if current is not None:
        current.valid_to = today
        current.save(update_fields=["valid_to", "updated_at"])
        number = current.number + 1
    version = ScopeVersion.objects.create(
        institution=institution, number=number, valid_from=today, application=application
    )
    ScopeItem.objects.bulk_create(
        [
            ScopeItem(version=version, occupation_id=i.occupation_id, work_type_id=i.work_type_id, level=i.level)
            for i in application.items.all()
        ]
    )
    return version


def _record_status(
    *, actor: Actor, institution: Institution, before: str, grounds: str, authority: Organisation | None
) -> StatusChange:
    return StatusChange.objects.create(
        institution=institution,
        from_status=before,
        to_status=institution.status,
        grounds=grounds,
        deadline=institution.rectification_deadline,
        changed_at=institution.status_since,
        changed_by=actor if is_authenticated(actor) else None,
        authority=authority,
    )


def _default_valid_until(start: datetime.date) -> datetime.date:
    years = int(get_policy("institutions.filing_valid_years"))
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def accept_application(
    *,
    actor: Actor,
    application: FilingApplication,
    filing_number: str = "",
    valid_until: datetime.date | None = None,
    reasons: str = "",
) -> Decision:
    """Accept an application: file the institution (number, date, scope v1, organisation, first manager),
    or apply a scope change, renewal or withdrawal (R-INS-2)."""
    _require_decider(actor, application)
    reasons = clean_text(reasons, field="decision_reasons", label=gettext("审核意见"), max_length=2000, required=False)
    today = timezone.localdate()
    if valid_until is not None and valid_until <= today:
        raise DomainError(
            gettext("备案有效期至：应晚于今天（%(today)s）") % {"today": today}, field="valid_until", code="past"
        )
    with transaction.atomic():
        _lock_undecided(application)
        if application.kind == ApplicationKind.INITIAL:
            return _accept_initial(actor, application, filing_number, valid_until, reasons, today)
        return _accept_change(actor, application, valid_until, reasons, today)


def _accept_change(
    actor: Actor, application: FilingApplication, valid_until: datetime.date | None, reasons: str, today: datetime.date
) -> Decision:
    institution = application.institution
    assert institution is not None
    lock(institution)
    if institution.status in CLOSED_STATUSES:
        raise DomainError(
            gettext("状态：机构已%(status)s，该申请不能再通过") % {"status": institution.get_status_display()},
            field="status",
            code="closed",
        )
    decision = Decision(application=application, institution=institution)
    with transaction.atomic():
        before = snapshot(institution)
        if application.kind == ApplicationKind.SCOPE_CHANGE:
            version = _open_scope_version(institution, application, today)
            action = Event.SCOPE_CHANGED
            extra: dict[str, Any] = {"scope_version": version.number}
        elif application.kind == ApplicationKind.RENEWAL:
            start = max(today, institution.valid_until or today)
            institution.valid_until = valid_until or _default_valid_until(start)
            institution.save(update_fields=["valid_until", "updated_at"])
            action, extra = Event.FILING_RENEWED, {}
        else:
            old = institution.status
            institution.status = InstitutionStatus.WITHDRAWN
            institution.status_since = timezone.now()
            institution.rectification_deadline = None
            institution.status_grounds = gettext("注销备案（申请 %(reference)s）：%(note)s") % {
                "reference": application.reference,
                "note": application.note,
            }
            institution.save(
                update_fields=["status", "status_since", "rectification_deadline", "status_grounds", "updated_at"]
            )
            ScopeVersion.objects.filter(institution=institution, valid_to__isnull=True).update(valid_to=today)
            _record_status(
                actor=actor,
                institution=institution,
                before=old,
                grounds=institution.status_grounds,
                authority=application.competent_authority,
            )
            action, extra = Event.STATUS_CHANGED, {}
        _close(application, actor, ApplicationStatus.ACCEPTED, reasons)
        application.valid_until = institution.valid_until
        application.filing_number = institution.filing_number or ""
        application.save(update_fields=["valid_until", "filing_number", "updated_at"])
        record_event(
            actor=actor,
            action=Event.APPLICATION_ACCEPTED,
            obj=application,
            after=snapshot(application, APPLICATION_AUDIT_FIELDS),
        )
        record_event(
            actor=actor,
            action=action,
            obj=institution,
            before=before,
            after={**snapshot(institution), **extra, "application": application.reference},
        )
    return decision


def _close(application: FilingApplication, actor: Actor, status: str, reasons: str) -> None:
    application.status = status
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_reasons = reasons
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reasons", "updated_at"])


def _accept_initial(
    actor: Actor,
    application: FilingApplication,
    filing_number: str,
    valid_until: datetime.date | None,
    reasons: str,
    today: datetime.date,
) -> Decision:
    require_entry_stages_passed(application)
    number = clean_text(filing_number, field="filing_number", label=gettext("备案编号"), max_length=60)
    if Institution.objects.filter(filing_number=number).exists():
        raise DomainError(
            gettext("备案编号：“%(number)s”已被其他机构使用，备案编号不能重复") % {"number": number},
            field="filing_number",
            code="unique",
        )
    if Institution.objects.filter(credit_code=application.credit_code).exists():
        raise DomainError(
            gettext("统一社会信用代码：%(credit_code)s 已备案") % {"credit_code": application.credit_code},
            field="credit_code",
            code="filed",
        )
    organisation = application.organisation
    create_org = organisation is None
    if create_org:
        organisation = Organisation(
            kind=OrgKind.INSTITUTION,
            name=application.filed_name,
            short_name=application.filed_name[:50],
            code=f"inst-{application.credit_code}",
            jurisdiction=application.area,
        )
        clean_model(organisation)
    assert organisation is not None
    if application.manager_username:
        _username_free(application.manager_username, exclude_application=application.pk)
    now = timezone.now()
    institution = Institution(
        organisation=organisation,
        type=application.type,
        filed_name=application.filed_name,
        credit_code=application.credit_code,
        responsible_person=application.responsible_person,
        address=application.address,
        area=application.area,
        ministry_filed=application.ministry_filed,
        ministry_code=application.ministry_code if application.ministry_filed else "0000",
        certificate_kind=certificate_kind_for(application.type),
        filing_authority=application.competent_authority,
        filing_number=number,
        filed_on=today,
        valid_until=valid_until or _default_valid_until(today),
        status=InstitutionStatus.ACTIVE,
        status_since=now,
    )
    clean_model(institution, exclude=["organisation"])
    decision = Decision(application=application, institution=institution)
    try:
        with transaction.atomic():
            if create_org:
                organisation.save(force_insert=True)
                record_event(
                    actor=actor,
                    action=Event.ORGANISATION_CREATED,
                    obj=organisation,
                    organisation=organisation,
                    after=snapshot(organisation),
                )
            institution.organisation = organisation
            institution.save(force_insert=True)
            institution.visible_in.set({application.area_id, organisation.jurisdiction_id})
            version = _open_scope_version(institution, application, today)
            _record_status(
                actor=actor,
                institution=institution,
                before="",
                grounds=gettext("备案通过，备案编号 %(number)s（申请 %(reference)s）")
                % {"number": number, "reference": application.reference},
                authority=application.competent_authority,
            )
            application.institution = institution
            application.organisation = organisation
            application.filing_number = number
            application.valid_until = institution.valid_until
            application.save(
                update_fields=["institution", "organisation", "filing_number", "valid_until", "updated_at"]
            )
            _close(application, actor, ApplicationStatus.ACCEPTED, reasons)
            record_event(
                actor=actor,
                action=Event.APPLICATION_ACCEPTED,
                obj=application,
                after=snapshot(application, APPLICATION_AUDIT_FIELDS),
            )
            record_event(
                actor=actor,
                action=Event.INSTITUTION_FILED,
                obj=institution,
                organisation=organisation,
                after={**snapshot(institution), "scope_version": version.number},
            )
            if application.manager_username:
                password = initial_password()
                decision.manager = account_services.create_user(
                    actor=None,
                    organisation=organisation,
                    username=application.manager_username,
                    full_name=application.manager_full_name,
                    password=password,
                    roles=[Role.MANAGER],
                    email=application.manager_email,
                    must_change_password=True,
                )
                decision.initial_password = password
    except IntegrityError as exc:
        raise DomainError(
            gettext("备案编号：“%(number)s”或统一社会信用代码已被其他机构使用") % {"number": number},
            field="filing_number",
            code="unique",
        ) from exc
    return decision


def reject_application(*, actor: Actor, application: FilingApplication, reasons: str) -> FilingApplication:
    """Refuse an application with the reasons the applicant will read (R-INS-2)."""
    _require_decider(actor, application)
    reasons = clean_text(reasons, field="decision_reasons", label=gettext("不予备案理由"), max_length=2000)
    with transaction.atomic():
        _lock_undecided(application)
        _close(application, actor, ApplicationStatus.REJECTED, reasons)
        record_event(
            actor=actor,
            action=Event.APPLICATION_REJECTED,
            obj=application,
            after=snapshot(application, APPLICATION_AUDIT_FIELDS),
        )
    return application


def area_choices() -> list[Jurisdiction]:
    """The region (全区) first, then the 14 leagues."""
    return list(
        Jurisdiction.objects.order_by("-level", "sort_order", "code").filter(level__in=JurisdictionLevel.values)
    )
