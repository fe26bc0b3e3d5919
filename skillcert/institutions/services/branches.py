"""Branches (分支机构) and their 报备 with the bureau of each league where they work (R-INS-1, seed §3(五))."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from skillcert.accounts import services as account_services
from skillcert.accounts.choices import JurisdictionLevel, OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.accounts.types import Actor
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import store_file
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.validation import SCAN_TYPES, check_upload, clean_model, clean_text, new_reference
from skillcert.core.validators import validate_credit_code
from skillcert.institutions import authorities
from skillcert.institutions.choices import BranchFilingStatus, Event, InstitutionStatus
from skillcert.institutions.models import BranchFiling, Institution, StatusChange, Venue
from skillcert.institutions.selectors import allowed_leagues, may_have_branches
from skillcert.institutions.services.access import require_authority_staff, require_institution_staff, require_visible
from skillcert.institutions.services.filings import initial_password

BRANCH_FILING_AUDIT_FIELDS = [
    "reference",
    "branch",
    "league",
    "bureau",
    "parent_filing_number",
    "licence_code",
    "licence_original_name",
    "licence_sha256",
    "venue",
    "responsible_person",
    "staff",
    "status",
    "decided_by",
    "decided_at",
    "decision_reasons",
]
BRANCH_RULE = gettext_lazy(
    "只有已备案企业、在人社部备案的社会培训评价组织和全区范围（区直）社会培训评价组织"
    "可以设立分支机构（内人社办发〔2021〕193号 三（五））"
)


@dataclass
class BranchRegistration:
    branch: Institution
    manager: User | None = None
    initial_password: str = field(default="", repr=False)


def _require_parent_may_branch(parent: Institution, field_name: str = "parent") -> None:
    if not may_have_branches(parent):
        raise DomainError(
            gettext("上级机构：“%(filed_name)s”是%(type)s，%(BRANCH_RULE)s")
            % {"filed_name": parent.filed_name, "type": parent.get_type_display(), "BRANCH_RULE": BRANCH_RULE},
            field=field_name,
            code="branch_not_allowed",
        )
    if parent.filed_on is None or parent.status != InstitutionStatus.ACTIVE:
        raise DomainError(
            gettext("上级机构：“%(filed_name)s”状态为“%(status)s”，状态正常的已备案机构才能设立分支机构或报备")
            % {"filed_name": parent.filed_name, "status": parent.get_status_display()},
            field=field_name,
            code="parent_inactive",
        )


def _clean_league(league: Jurisdiction | str | None, *, field_name: str, label: str) -> Jurisdiction:
    found = league if isinstance(league, Jurisdiction) else Jurisdiction.objects.filter(code=str(league or "")).first()
    if found is None or found.level != JurisdictionLevel.LEAGUE:
        raise DomainError(gettext("%(label)s：请选择一个盟市") % {"label": label}, field=field_name, code="required")
    return found


def register_branch(
    *,
    actor: Actor,
    parent: Institution,
    filed_name: str,
    credit_code: str,
    responsible_person: str,
    address: str,
    league: Jurisdiction | str,
    manager_username: str,
    manager_full_name: str,
    manager_email: str = "",
) -> BranchRegistration:
    """Register a branch of a filed institution with its own organisation and manager account (R-INS-1).

    The branch works under its parent's filing and scope, and in a league only after that
    league's bureau accepts its 报备.
    """
    require_institution_staff(actor, parent)
    if not (actor.is_superuser or Role.MANAGER in actor.role_codes):
        raise DomainError(gettext("上级机构：只有机构负责人可以登记分支机构"), field="parent", code="role")
    _require_parent_may_branch(parent)
    name = clean_text(filed_name, field="filed_name", label=gettext("分支机构名称"), max_length=200)
    try:
        code = validate_credit_code(credit_code)
    except ValidationError as exc:
        raise DomainError(
            gettext("统一社会信用代码：%(item)s") % {"item": exc.messages[0]}, field="credit_code", code="credit_code"
        ) from exc
    if Institution.objects.filter(credit_code=code).exists():
        raise DomainError(
            gettext("统一社会信用代码：%(code)s 已被其他机构使用") % {"code": code}, field="credit_code", code="unique"
        )
    location = _clean_league(league, field_name="league", label=gettext("所在盟市"))
    if not allowed_leagues(parent).filter(pk=location.pk).exists():
        raise DomainError(
            gettext("所在盟市：上级机构的备案区域为%(name)s，分支机构不能设在%(name2)s")
            % {"name": parent.area.name, "name2": location.name},
            field="league",
            code="outside_area",
        )
    username = (manager_username or "").strip()
    if not account_services.USERNAME_RE.match(username):
        raise DomainError(
            gettext("负责人账号用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"),
            field="manager_username",
            code="invalid",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            gettext("负责人账号用户名：“%(username)s”已被使用") % {"username": username},
            field="manager_username",
            code="unique",
        )
    full_name = clean_text(manager_full_name, field="manager_full_name", label=gettext("负责人账号姓名"), max_length=50)
    organisation = Organisation(
        kind=OrgKind.INSTITUTION,
        name=name,
        short_name=name[:50],
        code=f"inst-{code}",
        jurisdiction=location,
        parent=parent.organisation,
    )
    clean_model(organisation)
    now = timezone.now()
    branch = Institution(
        organisation=organisation,
        type=parent.type,
        parent=parent,
        filed_name=name,
        credit_code=code,
        responsible_person=clean_text(
            responsible_person, field="responsible_person", label=gettext("负责人"), max_length=50
        ),
        address=clean_text(address, field="address", label=gettext("地址"), max_length=300),
        area=location,
        ministry_filed=parent.ministry_filed,
        ministry_code=parent.ministry_code,
        certificate_kind=parent.certificate_kind,
        status=InstitutionStatus.ACTIVE,
        status_since=now,
    )
    clean_model(branch, exclude=["organisation", "area"])
    result = BranchRegistration(branch=branch)
    try:
        with transaction.atomic():
            organisation.save(force_insert=True)
            record_event(actor=actor, action=Event.ORGANISATION_CREATED, obj=organisation, after=snapshot(organisation))
            branch.organisation = organisation
            branch.save(force_insert=True)
            branch.visible_in.set({location.pk})
            StatusChange.objects.create(
                institution=branch,
                from_status="",
                to_status=InstitutionStatus.ACTIVE,
                grounds=gettext("登记为“%(filed_name)s”（备案编号 %(filing_number)s）的分支机构")
                % {"filed_name": parent.filed_name, "filing_number": parent.filing_number},
                changed_at=now,
                changed_by=actor,
            )
            record_event(actor=actor, action=Event.BRANCH_REGISTERED, obj=branch, after=snapshot(branch))
            password = initial_password()
            result.manager = account_services.create_user(
                actor=None,
                organisation=organisation,
                username=username,
                full_name=full_name,
                password=password,
                roles=[Role.MANAGER],
                email=(manager_email or "").strip(),
                must_change_password=True,
            )
            result.initial_password = password
    except IntegrityError as exc:
        raise DomainError(
            gettext("统一社会信用代码：%(code)s 已被其他机构使用") % {"code": code}, field="credit_code", code="unique"
        ) from exc
    return result


def _clean_staff(staff: Sequence[Any]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    for n, person in enumerate(staff or [], start=1):
        data = person if isinstance(person, dict) else {}
        name = str(data.get("name", "")).strip()
        role = str(data.get("role", "")).strip()
        if not name or not role:
            raise DomainError(
                gettext("工作人员第%(n)s行：姓名和岗位都不能为空") % {"n": n}, field="staff", code="required"
            )
        if len(name) > 50 or len(role) > 50:
            raise DomainError(
                gettext("工作人员第%(n)s行：姓名和岗位各不能超过50个字符") % {"n": n}, field="staff", code="max_length"
            )
        cleaned.append({"name": name, "role": role})
    if not cleaned:
        raise DomainError(gettext("工作人员：请至少填写一名工作人员（姓名、岗位）"), field="staff", code="required")
    return cleaned


def submit_branch_filing(
    *,
    actor: Actor,
    branch: Institution,
    league: Jurisdiction | str,
    licence_file: Any,
    venue: Venue,
    responsible_person: str,
    staff: Sequence[dict[str, str]],
) -> BranchFiling:
    """File 报备 with the bureau of a league the parent may work in (R-INS-1, seed §3(五), attachment 1)."""
    require_institution_staff(actor, branch)
    if not branch.is_branch:
        raise DomainError(gettext("分支机构：只有分支机构需要向盟市报备"), field="branch", code="not_branch")
    parent = branch.parent
    assert parent is not None
    _require_parent_may_branch(parent)
    target = _clean_league(league, field_name="league", label=gettext("报备盟市"))
    if not allowed_leagues(parent).filter(pk=target.pk).exists():
        raise DomainError(
            gettext(
                "报备盟市：上级机构“%(filed_name)s”的备案区域为%(name)s，不能到%(name2)s开展认定，因此不能向%(name3)s报备"
            )
            % {"filed_name": parent.filed_name, "name": parent.area.name, "name2": target.name, "name3": target.name},
            field="league",
            code="outside_parent_area",
        )
    if BranchFiling.objects.filter(
        branch=branch, league=target, status__in=[BranchFilingStatus.SUBMITTED, BranchFilingStatus.ACCEPTED]
    ).exists():
        raise DomainError(
            gettext("报备盟市：已向%(name)s报备（待审核或已通过），不能重复报备") % {"name": target.name},
            field="league",
            code="duplicate",
        )
    if venue.institution_id != branch.pk or not venue.is_active:
        raise DomainError(gettext("评价场地：请选择本分支机构启用中的考点"), field="venue", code="invalid")
    if venue.league_id != target.pk:
        raise DomainError(
            gettext("评价场地：考点“%(name)s”位于%(name2)s，不在报备盟市%(name3)s")
            % {"name": venue.name, "name2": venue.league.name, "name3": target.name},
            field="venue",
            code="outside_league",
        )
    licence = check_upload(licence_file, field="licence_file", label=gettext("分支机构营业执照"), allowed=SCAN_TYPES)
    filing = BranchFiling(
        reference=new_reference("BB"),
        branch=branch,
        league=target,
        bureau=authorities.bureau_of(target),
        parent_filing_number=parent.filing_number or "",
        licence_code=branch.credit_code,
        licence_original_name=licence.original_name,
        licence_sha256=licence.sha256,
        venue=venue,
        responsible_person=clean_text(
            responsible_person, field="responsible_person", label=gettext("分支机构负责人"), max_length=50
        ),
        staff=_clean_staff(staff),
        submitted_by=actor,
    )
    clean_model(filing, exclude=["reference", "licence_file"])
    try:
        with transaction.atomic():
            filing.licence_file.name = store_file(
                actor=actor,
                content=licence.content,
                name=licence.original_name,
                purpose=FilePurpose.BRANCH_LICENCE,
                subject=branch,
                organisation=branch.organisation,
                jurisdiction=target,
            ).name
            filing.save(force_insert=True)
            branch.visible_in.add(target)
            record_event(
                actor=actor,
                action=Event.BRANCH_FILING_SUBMITTED,
                obj=filing,
                after=snapshot(filing, BRANCH_FILING_AUDIT_FIELDS),
            )
    except IntegrityError as exc:
        raise DomainError(
            gettext("报备盟市：已向%(name)s报备，不能重复报备") % {"name": target.name},
            field="league",
            code="duplicate",
        ) from exc
    return filing


def _require_bureau(actor: Actor, filing: BranchFiling) -> None:
    require_visible(actor, filing)
    require_authority_staff(actor, filing.bureau, gettext("分支机构报备"))


def _lock_undecided(filing: BranchFiling) -> None:
    """Lock the 报备's row, then check it is still undecided (a second click or clerk is refused)."""
    lock(filing)
    if filing.status != BranchFilingStatus.SUBMITTED:
        raise DomainError(
            gettext("状态：该报备已审核（%(status)s），不能再次审核") % {"status": filing.get_status_display()},
            field="status",
            code="decided",
        )


def _check_branch_active(filing: BranchFiling) -> None:
    branch = lock(filing.branch)
    parent = branch.parent
    assert parent is not None
    _require_parent_may_branch(parent, "status")
    if branch.status != InstitutionStatus.ACTIVE:
        raise DomainError(
            gettext("状态：分支机构状态为“%(status)s”，不能通过报备") % {"status": branch.get_status_display()},
            field="status",
            code="inactive",
        )


def accept_branch_filing(*, actor: Actor, filing: BranchFiling, reasons: str = "") -> BranchFiling:
    """The league bureau accepts a branch's 报备; from then on the branch may work in that league (R-INS-1)."""
    _require_bureau(actor, filing)
    return _decide(
        actor,
        filing,
        BranchFilingStatus.ACCEPTED,
        clean_text(reasons, field="decision_reasons", label=gettext("审核意见"), max_length=2000, required=False),
    )


def reject_branch_filing(*, actor: Actor, filing: BranchFiling, reasons: str) -> BranchFiling:
    """The league bureau refuses a 报备 with its reasons (R-INS-1)."""
    _require_bureau(actor, filing)
    return _decide(
        actor,
        filing,
        BranchFilingStatus.REJECTED,
        clean_text(reasons, field="decision_reasons", label=gettext("不予报备理由"), max_length=2000),
    )


def _decide(actor: Actor, filing: BranchFiling, status: str, reasons: str) -> BranchFiling:
    with transaction.atomic():
        _lock_undecided(filing)
        if status == BranchFilingStatus.ACCEPTED:
            _check_branch_active(filing)
        before = snapshot(filing, BRANCH_FILING_AUDIT_FIELDS)
        filing.status = status
        filing.decided_by = actor
        filing.decided_at = timezone.now()
        filing.decision_reasons = reasons
        filing.save(update_fields=["status", "decided_by", "decided_at", "decision_reasons", "updated_at"])
        record_event(
            actor=actor,
            action=Event.BRANCH_FILING_ACCEPTED
            if status == BranchFilingStatus.ACCEPTED
            else Event.BRANCH_FILING_REJECTED,
            obj=filing,
            before=before,
            after=snapshot(filing, BRANCH_FILING_AUDIT_FIELDS),
        )
    return filing
