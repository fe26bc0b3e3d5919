"""Reads of institutions: actor-scoped lists, the public register, and the rules other apps call.

`scope_covers`, `may_certify` and `institution_readiness` are the questions the exams and
certificates apps ask (R-INS-1, R-INS-2, R-INS-7, R-CERT-2); each answers for a given date
from the kept history (scope versions, status changes, 报备 decisions), never from "now" only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Visitor
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.fields import blind_index_for
from skillcert.core.policy import get_policy
from skillcert.core.scoping import RestrictedQuerySet
from skillcert.institutions import authorities
from skillcert.institutions.choices import (
    WORKER_KINDS,
    ApplicationStatus,
    BranchFilingStatus,
    FeeStatus,
    InstitutionStatus,
    InstitutionType,
    RosterKind,
    RuleDocumentKind,
)
from skillcert.institutions.models import (
    BlacklistEntry,
    BranchFiling,
    Commitment,
    CommitmentText,
    Fee,
    FeeItem,
    FilingApplication,
    FilingApplicationItem,
    Institution,
    Room,
    RosterEntry,
    RuleDocument,
    ScopeItem,
    ScopeVersion,
    SelectionCall,
    StatusChange,
    Venue,
)

OPERATING_STATUSES = frozenset({InstitutionStatus.ACTIVE, InstitutionStatus.RECTIFICATION})
"""Statuses in which registration and issuing may go on; suspended, revoked and withdrawn stop them (R-INS-8)."""


def _today(on: datetime.date | None) -> datetime.date:
    return on if on is not None else timezone.localdate()


# --- actor-scoped lists (R-ORG-2) ------------------------------------------------------------------


def own_institution(actor: Visitor) -> Institution | None:
    """The institution the actor works for, or None for authorities, candidates and visitors."""
    organisation_id = getattr(actor, "organisation_id", None)
    if not organisation_id:
        return None
    return Institution.objects.filter(organisation_id=organisation_id).first()


def institutions_visible_to(actor: Visitor) -> RestrictedQuerySet[Institution]:
    """Institutions in the actor's scope with what the list pages print, in a fixed number of queries."""
    return (
        Institution.objects.restrict(actor, "view")
        .select_related("organisation__jurisdiction", "area", "parent", "filing_authority")
        .order_by("area__sort_order", "filed_name", "id")
    )


def applications_visible_to(actor: Visitor) -> RestrictedQuerySet[FilingApplication]:
    return (
        FilingApplication.objects.restrict(actor, "view")
        .select_related("area", "competent_authority", "institution", "decided_by")
        .order_by("-created_at", "-id")
    )


def application_detail_queryset(actor: Visitor) -> RestrictedQuerySet[FilingApplication]:
    items = FilingApplicationItem.objects.select_related("occupation", "work_type").order_by(
        "occupation__code", "work_type__name", "-level"
    )
    return applications_visible_to(actor).prefetch_related(Prefetch("items", queryset=items), "documents")


def branch_filings_visible_to(actor: Visitor) -> RestrictedQuerySet[BranchFiling]:
    return (
        BranchFiling.objects.restrict(actor, "view")
        .select_related("branch__parent", "league", "bureau", "venue", "decided_by")
        .order_by("-created_at", "-id")
    )


def fees_visible_to(actor: Visitor) -> RestrictedQuerySet[Fee]:
    return (
        Fee.objects.restrict(actor, "view")
        .select_related("institution__area", "occupation", "work_type")
        .prefetch_related(Prefetch("items", queryset=FeeItem.objects.order_by("id")))
        .order_by("institution__filed_name", "occupation__code", "work_type__name", "-level", "-id")
    )


def band_percent() -> Decimal:
    return Decimal(str(get_policy("fees.band_percent")))


def out_of_band_q(band: Decimal | None = None) -> Q:
    """Published fees more than the band above or below their estimated cost (R-INS-5, seed §5(四))."""
    band = band_percent() if band is None else band
    return (
        Q(deviation_percent__gt=band)
        | Q(deviation_percent__lt=-band)
        | Q(deviation_percent__isnull=True, total_amount__gt=0)
    )


def fee_flags_visible_to(actor: Visitor) -> RestrictedQuerySet[Fee]:
    """Published fees outside the configured band, for the bureau's supervision (R-INS-5, R-SUP-2)."""
    return fees_visible_to(actor).filter(out_of_band_q(), status=FeeStatus.PUBLISHED)


def rule_documents_visible_to(actor: Visitor) -> RestrictedQuerySet[RuleDocument]:
    return (
        RuleDocument.objects.restrict(actor, "view")
        .select_related("institution")
        .order_by("institution", "kind", "-version")
    )


def venues_visible_to(actor: Visitor) -> RestrictedQuerySet[Venue]:
    return (
        Venue.objects.restrict(actor, "view")
        .select_related("institution", "league")
        .prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("name", "id")))
        .order_by("institution__filed_name", "name", "id")
    )


def roster_visible_to(actor: Visitor) -> RestrictedQuerySet[RosterEntry]:
    return (
        RosterEntry.objects.restrict(actor, "view")
        .select_related("institution")
        .order_by("institution", "kind", "full_name", "id")
    )


def commitments_visible_to(actor: Visitor) -> RestrictedQuerySet[Commitment]:
    return (
        Commitment.objects.restrict(actor, "view")
        .select_related("institution", "text", "authority")
        .order_by("-signed_at", "-id")
    )


def commitment_texts_visible_to(actor: Visitor) -> RestrictedQuerySet[CommitmentText]:
    return (
        CommitmentText.objects.restrict(actor, "view")
        .select_related("authority")
        .order_by("authority__code", "-version")
    )


def institution_detail_queryset(actor: Visitor) -> RestrictedQuerySet[Institution]:
    return institutions_visible_to(actor).prefetch_related("branches__organisation", "visible_in")


# --- history: scope, status, 报备 ------------------------------------------------------------------


def _items_queryset() -> QuerySet[Any]:
    return ScopeItem.objects.select_related("occupation", "work_type").order_by(
        "occupation__code", "work_type__name", "-level"
    )


def open_scope_prefetch() -> Prefetch:
    """The current scope version with its items as `open_versions`, for lists that print scopes."""
    return Prefetch(
        "scope_versions",
        queryset=ScopeVersion.objects.filter(valid_to__isnull=True).prefetch_related(
            Prefetch("items", queryset=_items_queryset())
        ),
        to_attr="open_versions",
    )


def scope_version_on(institution: Institution, on: datetime.date | None = None) -> ScopeVersion | None:
    """The scope version in force on a date; a branch answers with its parent's (R-INS-2)."""
    day = _today(on)
    return (
        ScopeVersion.objects.filter(institution=institution.root, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-number")
        .first()
    )


def scope_items_on(institution: Institution, on: datetime.date | None = None) -> list[ScopeItem]:
    version = scope_version_on(institution, on)
    if version is None:
        return []
    return list(_items_queryset().filter(version=version))


def scope_covers(
    institution: Institution,
    occupation: Occupation | int,
    work_type: WorkType | int | None,
    level: int,
    *,
    on: datetime.date | None = None,
) -> bool:
    """Whether (occupation, 工种, level) was in the filed scope on a date (R-INS-2).

    A scope item without a 工种 covers the whole occupation; one with a 工种 covers only it.
    """
    version = scope_version_on(institution, on)
    if version is None:
        return False
    occupation_id = occupation if isinstance(occupation, int) else occupation.pk
    work_type_id = work_type if isinstance(work_type, int) or work_type is None else work_type.pk
    matching = Q(work_type__isnull=True)
    if work_type_id is not None:
        matching |= Q(work_type_id=work_type_id)
    return version.items.filter(matching, occupation_id=occupation_id, level=int(level)).exists()


def status_on(institution: Institution, on: datetime.date | None = None) -> str | None:
    """The lifecycle status at the end of a day, from the status history (R-INS-8); None before filing."""
    day = _today(on)
    if day >= timezone.localdate():
        return institution.status
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    last = (
        StatusChange.objects.filter(institution=institution, changed_at__lt=end)
        .order_by("-changed_at", "-id")
        .values_list("to_status", flat=True)
        .first()
    )
    return last


def allowed_leagues(institution: Institution) -> QuerySet[Jurisdiction]:
    """The leagues an institution's filed area scope reaches; a branch reaches what its parent does (R-INS-1)."""
    root = institution.root
    leagues = Jurisdiction.objects.filter(level=JurisdictionLevel.LEAGUE)
    if root.area.level == JurisdictionLevel.REGION:
        return leagues
    return leagues.filter(pk=root.area_id)


def accepted_branch_leagues(branch: Institution, on: datetime.date | None = None) -> set[int]:
    """Leagues whose bureau had accepted the branch's 报备 by the end of a day (R-INS-1)."""
    day = _today(on)
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    return set(
        BranchFiling.objects.filter(branch=branch, status=BranchFilingStatus.ACCEPTED, decided_at__lt=end).values_list(
            "league_id", flat=True
        )
    )


def may_have_branches(institution: Institution) -> bool:
    """Branches are for filed enterprises, ministry-filed social institutions and region-level
    social institutions only (R-INS-1, seed §3(五))."""
    if institution.is_branch:
        return False
    return (
        institution.type == InstitutionType.ENTERPRISE
        or institution.type == InstitutionType.SOCIAL_REGION
        or (institution.is_social and institution.ministry_filed)
    )


# --- who may be certified (R-INS-1) ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """What the certifying institution knows of a candidate; the ID number is matched against rosters."""

    id_number: str = ""
    full_name: str = ""


class CertifyDecision(NamedTuple):
    ok: bool
    reasons: list[str]


def _roster_match(institution: Institution, facts: PersonFacts, kinds: Iterable[str], day: datetime.date) -> str:
    """An empty string when the person is on the roster on that day, else why not."""
    if not facts.id_number.strip():
        return _("未提供证件号码，无法核对人员名册")
    try:
        index = blind_index_for(RosterEntry, "id_number", facts.id_number)
    except ValueError:
        return _("未提供证件号码，无法核对人员名册")
    owners = [institution.pk] + ([institution.parent_id] if institution.parent_id else [])
    entries = list(RosterEntry.objects.filter(institution_id__in=owners, id_number_index=index, kind__in=list(kinds)))
    if not entries:
        return ""
    for entry in entries:
        if (entry.valid_from is None or entry.valid_from <= day) and (entry.valid_to is None or entry.valid_to >= day):
            return "ok"
    entry = entries[0]
    if entry.valid_from is not None and entry.valid_from > day:
        return _("按人员名册，该人员%(valid_from)s起才在本单位") % {"valid_from": entry.valid_from}
    return _("按人员名册，该人员已于%(valid_to)s离开本单位") % {"valid_to": entry.valid_to}


def may_certify(
    institution: Institution,
    person_facts: PersonFacts,
    league: Jurisdiction,
    *,
    on: datetime.date | None = None,
) -> CertifyDecision:
    """Whether the institution may certify this person in this league on that date, and every reason why not (R-INS-1).

    Enterprise: its own workers incl. dispatched and outsourced ones (its roster); technical
    school: its own students (its roster); region-scope social institution: anyone in the
    region; league-scope: only inside its league; a branch: only in leagues whose bureau
    accepted its 报备, under its parent type's rule.
    """
    day = _today(on)
    reasons: list[str] = []
    root = institution.root
    if not institution.filing_valid_on(day):
        reasons.append(_("%(filed_name)s在%(day)s不在备案有效期内") % {"filed_name": root.filed_name, "day": day})
    for who in [institution, root] if root.pk != institution.pk else [institution]:
        status = status_on(who, day)
        if status not in OPERATING_STATUSES:
            label = InstitutionStatus(status).label if status else _("未备案")
            reasons.append(
                _("%(filed_name)s在%(day)s的状态为“%(label)s”，不能开展认定")
                % {"filed_name": who.filed_name, "day": day, "label": label}
            )
    if league.level != JurisdictionLevel.LEAGUE:
        reasons.append(_("认定实施地应为一个盟市"))
    elif institution.is_branch:
        if league.pk not in accepted_branch_leagues(institution, day):
            reasons.append(
                _("分支机构未向%(name)s人社局报备或报备未通过，不能在%(name2)s开展认定")
                % {"name": league.name, "name2": league.name}
            )
    elif institution.type == InstitutionType.SOCIAL_LEAGUE:
        if league.pk != root.area_id:
            reasons.append(
                _("盟市范围的社会培训评价组织只能在%(name)s开展认定，不能在%(name2)s开展")
                % {"name": root.area.name, "name2": league.name}
            )
    elif (
        institution.type != InstitutionType.SOCIAL_REGION
        and not allowed_leagues(institution).filter(pk=league.pk).exists()
    ):
        reasons.append(_("%(name)s不在备案区域范围（%(name2)s）内") % {"name": league.name, "name2": root.area.name})
    if institution.type in (InstitutionType.ENTERPRISE, InstitutionType.TECHNICAL_SCHOOL):
        school = institution.type == InstitutionType.TECHNICAL_SCHOOL
        kinds = [RosterKind.STUDENT] if school else sorted(WORKER_KINDS)
        found = _roster_match(institution, person_facts, kinds, day)
        if not found:
            reasons.append(
                _("不在本校学生名册中：技工院校只能面向本校学生开展认定")
                if school
                else _("不在本企业职工名册（含劳务派遣、劳务外包人员）中：企业只能面向本企业职工开展认定")
            )
        elif found != "ok":
            reasons.append(found)
    return CertifyDecision(not reasons, reasons)


# --- readiness (R-INS-7) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """One thing an institution lacks before it may file an exam plan (R-INS-7)."""

    code: str
    message: str


@dataclass(frozen=True)
class ChecklistLine:
    label: str
    done: bool
    detail: str = ""


def current_commitment_text(institution: Institution) -> CommitmentText | None:
    """The commitment text to sign: the local authority's latest, else the region template (R-INS-4)."""
    authority = authorities.commitment_authority_for(institution)
    own = CommitmentText.objects.filter(authority=authority).order_by("-version").first()
    if own is not None:
        return own
    return CommitmentText.objects.filter(authority=authorities.template_authority()).order_by("-version").first()


def published_rule_documents(institution: Institution) -> dict[str, RuleDocument]:
    """The latest published version of each rule document kind (R-INS-3)."""
    latest: dict[str, RuleDocument] = {}
    for doc in (
        RuleDocument.objects.filter(institution=institution, published_at__isnull=False)
        .defer("body")
        .order_by("kind", "-version")
    ):
        latest.setdefault(doc.kind, doc)
    return latest


def published_fees(institution: Institution) -> list[Fee]:
    return list(
        Fee.objects.filter(institution=institution, status=FeeStatus.PUBLISHED)
        .select_related("occupation", "work_type")
        .prefetch_related(Prefetch("items", queryset=FeeItem.objects.order_by("id")))
        .order_by("occupation__code", "work_type__name", "-level")
    )


def _fee_covers(fees: list[Fee], item: ScopeItem) -> bool:
    for fee in fees:
        if fee.occupation_id != item.occupation_id or fee.level != item.level:
            continue
        if fee.work_type_id is None or fee.work_type_id == item.work_type_id:
            return True
    return False


def _status_problem(institution: Institution) -> str:
    if institution.status == InstitutionStatus.RECTIFICATION:
        deadline = institution.rectification_deadline
        return _("机构处于限期整改中（整改期限%(deadline)s），整改完成、恢复正常后方可报送新的认定计划") % {
            "deadline": deadline
        }
    if institution.status == InstitutionStatus.SUSPENDED:
        return _("机构已被暂停评价，恢复正常后方可开展认定")
    return _("机构已%(status)s，不能开展认定") % {"status": institution.get_status_display()}


def required_rule_documents(on: datetime.date | None = None) -> list[RuleDocumentKind]:
    """The documents the readiness gate requires on a day: the seven of seed §4(一), plus the
    examiner management rules of seed §4(四) while the region's policy says so (R-INS-3, R-INS-9)."""
    kinds = list(RuleDocumentKind)
    if not get_policy("institutions.require_examiner_rules", on=on):
        kinds.remove(RuleDocumentKind.EXAMINERS)
    return kinds


def institution_readiness(
    institution: Institution, league: Jurisdiction | None = None, *, on: datetime.date | None = None
) -> list[Missing]:
    """Exactly what is missing before the institution may file an exam plan; empty when ready (R-INS-7)."""
    day = _today(on)
    root = institution.root
    missing: list[Missing] = []
    if root.filed_on is None:
        missing.append(Missing("filing", _("尚未备案")))
    elif root.valid_until is not None and root.valid_until < day:
        missing.append(
            Missing("filing", _("备案已于%(valid_until)s到期，请申请延续备案") % {"valid_until": root.valid_until})
        )
    elif root.published_on is None:
        missing.append(Missing("publication", _("已备案，尚未在评价机构名录公布")))
    if root.pk != institution.pk and root.status != InstitutionStatus.ACTIVE:
        missing.append(
            Missing(
                "parent_status",
                _("上级机构%(filed_name)s状态为“%(status)s”")
                % {"filed_name": root.filed_name, "status": root.get_status_display()},
            )
        )
    if institution.status != InstitutionStatus.ACTIVE:
        missing.append(Missing("status", _status_problem(institution)))
    items = scope_items_on(institution, day)
    if not items and root.filed_on is not None:
        missing.append(Missing("scope", _("备案范围为空")))
    docs = published_rule_documents(institution)
    for kind in required_rule_documents(day):
        if kind.value not in docs:
            missing.append(
                Missing(f"rule_document:{kind.value}", _("规章制度未公开：%(label)s") % {"label": kind.label})
            )
    text = current_commitment_text(institution)
    if text is None:
        missing.append(Missing("commitment", _("属地人社部门尚未发布诚信承诺书文本")))
    else:
        signature = Commitment.objects.filter(institution=institution, text=text).first()
        if signature is None:
            missing.append(
                Missing(
                    "commitment",
                    _("诚信承诺书（%(title)s 第%(version)s版）尚未签署")
                    % {"title": text.title, "version": text.version},
                )
            )
        elif not signature.countersigned:
            missing.append(
                Missing(
                    "commitment_countersign", _("诚信承诺书已签署，待%(name)s会签") % {"name": signature.authority.name}
                )
            )
    fees = published_fees(institution)
    for item in items:
        if not _fee_covers(fees, item):
            target = f"{item.occupation.name} {display_work_type(item.work_type)} {level_label(item.level)}"
            missing.append(
                Missing(
                    f"fee:{item.occupation_id}:{item.work_type_id or 0}:{item.level}",
                    _("收费标准未公示：%(target)s") % {"target": target},
                )
            )
    if institution.is_branch:
        accepted = accepted_branch_leagues(institution, day)
        if league is not None and league.pk not in accepted:
            missing.append(
                Missing(
                    f"branch_filing:{league.code}", _("尚未向%(name)s人社局报备，或报备未通过") % {"name": league.name}
                )
            )
        elif league is None and not accepted:
            missing.append(
                Missing("branch_filing", _("尚无盟市人社局通过的报备，分支机构报备通过后方可在该盟市开展认定"))
            )
    elif league is not None and not allowed_leagues(institution).filter(pk=league.pk).exists():
        missing.append(
            Missing(
                f"area:{league.code}",
                _("%(name)s不在备案区域范围（%(name2)s）内") % {"name": league.name, "name2": root.area.name},
            )
        )
    return missing


def readiness_checklist(institution: Institution) -> list[ChecklistLine]:
    """The readiness gate as the checklist the institution's home page shows (R-INS-7)."""
    missing = institution_readiness(institution)
    codes: dict[str, list[str]] = {}
    for m in missing:
        codes.setdefault(m.code.split(":")[0], []).append(m.message)

    def line(label: str, *keys: str, ok_detail: str = "") -> ChecklistLine:
        problems = [msg for k in keys for msg in codes.get(k, [])]
        return ChecklistLine(label, not problems, "；".join(problems) if problems else ok_detail)

    root = institution.root
    lines = [
        line(
            _("备案有效"),
            "filing",
            "scope",
            ok_detail=_("备案编号 %(value)s，有效期至 %(value2)s")
            % {"value": root.filing_number or "—", "value2": root.valid_until or "—"},
        ),
        line(
            _("已备案公布"),
            "publication",
            ok_detail=str(root.published_on) if root.published_on else "",
        ),
        line(_("机构状态正常"), "status", "parent_status", ok_detail=institution.get_status_display()),
        line(
            _("规章制度已公开"),
            "rule_document",
            ok_detail="、".join(str(kind.label) for kind in required_rule_documents()),
        ),
        line(_("诚信承诺书已签署并会签"), "commitment", "commitment_countersign"),
        line(_("收费标准已公示（覆盖全部备案范围）"), "fee"),
    ]
    if institution.is_branch:
        lines.append(line(_("分支机构报备已通过"), "branch_filing"))
    return lines


# --- public register (R-PUB-1) ----------------------------------------------------------------------


def public_institutions() -> QuerySet[Institution]:
    """Filed and published institutions, and branches of such with an accepted 报备, as the public
    register lists them (R-PUB-1; 2024 办法 art. 3: 备案公布).

    Every status is listed with its badge; revoked institutions also appear on the blacklist.
    """
    accepted = BranchFiling.objects.filter(branch=OuterRef("pk"), status=BranchFilingStatus.ACCEPTED)
    return (
        Institution.objects.filter(
            Q(parent__isnull=True, filed_on__isnull=False, published_on__isnull=False)
            | Q(Exists(accepted), parent__filed_on__isnull=False, parent__published_on__isnull=False)
        )
        .select_related("area", "parent", "filing_authority", "organisation__jurisdiction")
        .order_by("area__sort_order", "filed_name", "id")
    )


def public_blacklist() -> QuerySet[BlacklistEntry]:
    return BlacklistEntry.objects.select_related("authority", "institution__area").order_by("-listed_on", "-id")


def public_commitment_status(institution: Institution) -> Commitment | None:
    """The latest countersigned commitment, or the latest signature when none is countersigned yet."""
    signatures = list(
        Commitment.objects.filter(institution=institution).select_related("text", "authority").order_by("-signed_at")
    )
    return next((c for c in signatures if c.countersigned), signatures[0] if signatures else None)


def applications_for_status_lookup(reference: str, credit_code: str) -> FilingApplication | None:
    """The applicant's own view of an application: reference plus credit code, no login."""
    if not reference or not credit_code:
        return None
    return (
        FilingApplication.objects.select_related("competent_authority", "area", "institution")
        .filter(reference=reference.strip().upper(), credit_code=credit_code.strip().upper())
        .first()
    )


def suggest_filing_number(application: FilingApplication) -> str:
    """A proposal for the next filing number of the deciding authority; the authority may change it."""
    authority = application.competent_authority
    prefix = f"NMPJ-{authority.jurisdiction.code}-{timezone.localdate().year}-"
    taken = set(Institution.objects.filter(filing_number__startswith=prefix).values_list("filing_number", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


def pending_applications(actor: Visitor) -> QuerySet[FilingApplication]:
    return applications_visible_to(actor).filter(status=ApplicationStatus.SUBMITTED)


# --- entry stages (2024 办法 art. 3) ----------------------------------------------------------------


@dataclass(frozen=True)
class StageLine:
    """One line of an application's entry timeline as the applicant and the authority see it."""

    stage: str
    label: str
    state: str  # done, failed, current, waiting
    detail: str
    decided_at: datetime.datetime | None


def entry_timeline(application: FilingApplication) -> list[StageLine]:
    """征集 → 遴选 → 评估 → 备案 → 公布 for a first filing, each with its state and findings."""
    from skillcert.institutions.choices import EntryStage, StageOutcome
    from skillcert.institutions.models import EntryStageRecord

    records = {r.stage: r for r in EntryStageRecord.objects.filter(application=application).select_related("call")}
    lines: list[StageLine] = []
    blocked = False
    selection = records.get(EntryStage.SELECTION)
    call_detail = (
        _("应征：%(call)s") % {"call": selection.call} if selection is not None and selection.call else _("已提交申请")
    )
    lines.append(StageLine(EntryStage.CALL, str(EntryStage.CALL.label), "done", call_detail, application.created_at))
    for stage in (EntryStage.SELECTION, EntryStage.ASSESSMENT):
        record = records.get(stage)
        if record is not None:
            failed = record.outcome == StageOutcome.FAILED
            lines.append(
                StageLine(stage, str(stage.label), "failed" if failed else "done", record.findings, record.decided_at)
            )
            blocked = blocked or failed
        else:
            state = "waiting" if blocked or any(line.state == "current" for line in lines) else "current"
            if application.status != ApplicationStatus.SUBMITTED:
                state = "waiting"
            lines.append(StageLine(stage, str(stage.label), state, "", None))
    if application.status == ApplicationStatus.ACCEPTED:
        filed = StageLine(
            EntryStage.FILING,
            str(EntryStage.FILING.label),
            "done",
            _("备案编号 %(number)s") % {"number": application.filing_number},
            application.decided_at,
        )
    elif application.status == ApplicationStatus.REJECTED:
        filed = StageLine(EntryStage.FILING, str(EntryStage.FILING.label), "failed", application.decision_reasons, None)
    else:
        ready = all(line.state == "done" for line in lines)
        filed = StageLine(EntryStage.FILING, str(EntryStage.FILING.label), "current" if ready else "waiting", "", None)
    lines.append(filed)
    publication = records.get(EntryStage.PUBLICATION)
    if publication is not None:
        lines.append(
            StageLine(
                EntryStage.PUBLICATION,
                str(EntryStage.PUBLICATION.label),
                "done",
                publication.findings,
                publication.decided_at,
            )
        )
    else:
        state = "current" if application.status == ApplicationStatus.ACCEPTED else "waiting"
        lines.append(StageLine(EntryStage.PUBLICATION, str(EntryStage.PUBLICATION.label), state, "", None))
    return lines


def calls_visible_to(actor: Visitor) -> QuerySet[SelectionCall]:
    """Calls the actor's office may see (its own authority's, or all for the region)."""
    return (
        SelectionCall.objects.restrict(actor, "view")
        .select_related("authority")
        .prefetch_related("occupations")
        .order_by("-opens_on", "-id")
    )


def public_calls(on: datetime.date | None = None) -> QuerySet[SelectionCall]:
    """Calls open on a day, as the public portal lists them (R-PUB-1)."""
    day = _today(on)
    return (
        SelectionCall.objects.filter(opens_on__lte=day, closes_on__gte=day)
        .select_related("authority")
        .prefetch_related("occupations")
        .order_by("closes_on", "id")
    )


def calls_for_application(application: FilingApplication) -> QuerySet[SelectionCall]:
    """The competent authority's calls an application may be selected under."""
    return SelectionCall.objects.filter(authority=application.competent_authority).order_by("-opens_on", "-id")
