"""Registration: candidate accounts with a checked identity, online registration, the per-person checks
shared with roster imports (identity, phone, application conditions, whom the institution may certify),
capacity under concurrency, withdrawal and re-submission (R-EXAM-3, R-CAT-4, R-INS-1, R-X-3)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.services import create_user
from skillcert.accounts.types import Actor
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import store_file
from skillcert.catalog.choices import DiplomaKind, TitleLevel, level_label, parse_level
from skillcert.catalog.eligibility import (
    CertificateFact,
    DiplomaFact,
    EligibilityFacts,
    TitleFact,
    evaluate_eligibility,
)
from skillcert.catalog.models import OCCUPATION_CODE_RE, EligibilityRule
from skillcert.catalog.selectors import current_eligibility_rule
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.fields import blind_index_for
from skillcert.core.scoping import require_row
from skillcert.core.validation import clean_mobile, clean_model
from skillcert.core.validators import validate_resident_id
from skillcert.exams.choices import (
    ACTIVE_REGISTRATION_STATUSES,
    ANNOUNCED_STATUSES,
    CHECK_DIGIT_ID_TYPES,
    Event,
    EvidenceKind,
    IdType,
    PlanStatus,
    RegistrationSource,
    RegistrationStatus,
)
from skillcert.exams.models import CandidateProfile, EvidenceFile, ExamPlan, PlanLevel, Registration
from skillcert.exams.services.access import check_exam_upload
from skillcert.institutions.choices import InstitutionType
from skillcert.institutions.selectors import CertifyDecision, PersonFacts, may_certify

REGISTRATION_AUDIT_FIELDS = [
    "plan",
    "level",
    "name",
    "id_type",
    "id_number",
    "id_number_index",
    "mobile",
    "employer",
    "employer_name",
    "user",
    "status",
    "review_reason",
    "reviewed_by",
    "reviewed_at",
    "exam_number",
    "source",
    "roster_import",
]
ROSTER_INSTITUTION_TYPES = frozenset({InstitutionType.ENTERPRISE, InstitutionType.TECHNICAL_SCHOOL})
NAME_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fffA-Za-z·•.\- ]{1,50}$")
OTHER_ID_RE = re.compile(r"^[A-Z0-9]{5,20}$")
TRUE_WORDS = frozenset({"是", "有", "y", "yes", "true", "1", "√"})  # i18n: data (what people type in a roster)
FALSE_WORDS = frozenset({"否", "无", "n", "no", "false", "0", ""})  # i18n: data


def registration_snapshot(registration: Registration) -> dict[str, Any]:
    return snapshot(registration, REGISTRATION_AUDIT_FIELDS)


# --- parsing what people type -------------------------------------------------------------------------


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = _text(value).replace("/", "-").replace(".", "-")
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def parse_bool(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    raw = _text(value).lower()
    if raw == "":
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ValueError(raw)


def _choice(value: Any, choices: Any) -> str | None:
    raw = _text(value)
    for choice in choices:
        if raw in (choice.value, str(choice.label)):
            return str(choice.value)
    return None


# --- the checks every applicant goes through (online and imported) ------------------------------------


@dataclass
class ApplicantInput:
    """One applicant as typed in the online form or read from a roster row (R-EXAM-3)."""

    name: Any
    id_number: Any
    mobile: Any
    level: Any
    id_type: Any = IdType.RESIDENT_ID
    birth_date: Any = None
    employer_name: Any = ""
    years_in_occupation: Any = ""
    certificate_occupation: Any = ""
    certificate_level: Any = ""
    certificate_issued_on: Any = ""
    diploma: Any = ""
    diploma_related: Any = ""
    title: Any = ""
    apprenticeship_completed: Any = ""


@dataclass
class CleanApplicant:
    """An applicant who passed every per-person check; capacity and duplicates are checked on writing."""

    name: str
    id_type: str
    id_number: str
    birth_date: datetime.date
    mobile: str
    level: int
    employer: Organisation | None
    employer_name: str
    facts: dict[str, Any]
    check_result: dict[str, Any]


@dataclass
class Problems:
    """Every problem found in one applicant: field → Chinese messages naming the field and the rule."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.items.append((name, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def as_error(self) -> DomainError:
        name, message = self.items[0]
        err = DomainError(message, field=name, code="invalid")
        errors: dict[str, list[str]] = {}
        for key, msg in self.items:
            errors.setdefault(key, []).append(msg)
        err.errors = errors
        return err

    def text(self) -> str:
        return "；".join(msg for _, msg in self.items)


class PlanContext:
    """What every applicant of one plan is checked against, loaded once (a roster may hold 50,000 rows)."""

    def __init__(self, plan: ExamPlan, *, today: datetime.date | None = None) -> None:
        self.plan = plan
        self.today = today or timezone.localdate()
        self.institution = plan.institution
        self.levels: dict[int, PlanLevel] = {pl.level: pl for pl in plan.levels.all()}
        self.rules: dict[int, EligibilityRule | None] = {
            level: current_eligibility_rule(plan.occupation, level) for level in self.levels
        }
        self.roster_based = self.institution.root.type in ROSTER_INSTITUTION_TYPES
        self._decision: CertifyDecision | None = None

    def may_certify(self, id_number: str, name: str) -> CertifyDecision:
        """`may_certify` on the first exam date; asked once per plan unless the answer depends on a roster."""
        if not self.roster_based:
            if self._decision is None:
                self._decision = may_certify(
                    self.institution, PersonFacts(), self.plan.league, on=self.plan.first_session_on
                )
            return self._decision
        return may_certify(
            self.institution,
            PersonFacts(id_number=id_number, full_name=name),
            self.plan.league,
            on=self.plan.first_session_on,
        )


def _clean_identity(data: ApplicantInput, problems: Problems, today: datetime.date) -> tuple[str, str, Any]:
    id_type = _choice(data.id_type or IdType.RESIDENT_ID, IdType)
    number = re.sub(r"\s+", "", _text(data.id_number)).upper()
    birth: datetime.date | None = None
    if id_type is None:
        names = "、".join(str(c.label) for c in IdType)
        problems.add(
            "id_type",
            gettext("证件类型：“%(text)s”无效，应为%(names)s之一") % {"text": _text(data.id_type), "names": names},
        )
        return "", number, None
    if id_type in CHECK_DIGIT_ID_TYPES:
        try:
            info = validate_resident_id(number, today=today)
        except ValidationError as exc:
            problems.add("id_number", gettext("证件号码：%(value)s") % {"value": exc.messages[0]})
            return id_type, number, None
        permit = info.number[:2] in ("81", "82", "83")
        if id_type == IdType.RESIDENCE_PERMIT and not permit:
            problems.add("id_number", gettext("证件号码：港澳台居民居住证号码应以81、82或83开头"))
        elif id_type == IdType.RESIDENT_ID and permit:
            problems.add("id_number", gettext("证件号码：以81、82、83开头的是港澳台居民居住证号码，请选择对应证件类型"))
        return id_type, info.number, info.birth_date
    if not number:
        problems.add("id_number", gettext("证件号码：不能为空"))
    elif not OTHER_ID_RE.match(number):
        problems.add("id_number", gettext("证件号码：应为5至20位字母或数字"))
    try:
        birth = parse_date(data.birth_date)
    except ValueError:
        problems.add("birth_date", gettext("出生日期：格式应为YYYY-MM-DD"))
        return id_type, number, None
    if birth is None:
        problems.add("birth_date", gettext("出生日期：非居民身份证报名须填写出生日期"))
    elif not datetime.date(1900, 1, 1) <= birth <= today:
        problems.add("birth_date", gettext("出生日期：%(birth)s不在1900年至今天之间") % {"birth": birth})
        birth = None
    return id_type, number, birth


def _clean_facts(
    data: ApplicantInput, problems: Problems, today: datetime.date
) -> tuple[dict[str, Any], list[CertificateFact], list[DiplomaFact], list[TitleFact], Decimal, bool]:
    facts: dict[str, Any] = {}
    years = Decimal("0")
    raw_years = _text(data.years_in_occupation)
    if raw_years:
        try:
            years = Decimal(raw_years.rstrip("年"))  # i18n: data
        except InvalidOperation:
            problems.add("years_in_occupation", gettext("从业年限：“%(raw_years)s”不是数字") % {"raw_years": raw_years})
        else:
            if not Decimal("0") <= years <= Decimal("60") or years != years.quantize(Decimal("0.1")):
                problems.add("years_in_occupation", gettext("从业年限：应为0至60之间的数字，最多1位小数"))
                years = Decimal("0")
    facts["years_in_occupation"] = str(years)
    certificates: list[CertificateFact] = []
    cert_values = (data.certificate_occupation, data.certificate_level, data.certificate_issued_on)
    if any(_text(v) for v in cert_values):
        code = _text(data.certificate_occupation)
        level = parse_level(data.certificate_level)
        issued: datetime.date | None = None
        try:
            issued = parse_date(data.certificate_issued_on)
        except ValueError:
            problems.add("certificate_issued_on", gettext("已持证书发证日期：格式应为YYYY-MM-DD"))
        if not re.match(OCCUPATION_CODE_RE, code):
            problems.add(
                "certificate_occupation",
                gettext("已持证书职业编码：“%(code)s”应为“D-DD-DD-DD”格式，例如6-18-01-01") % {"code": code},
            )
        if level is None:
            problems.add("certificate_level", gettext("已持证书等级：应为1至5级（如“四级/中级工”）"))
        if issued is None and not any(n == "certificate_issued_on" for n, _ in problems.items):
            problems.add("certificate_issued_on", gettext("已持证书发证日期：填写已持证书时须填写发证日期"))
        elif issued is not None and issued > today:
            problems.add("certificate_issued_on", gettext("已持证书发证日期：%(issued)s晚于今天") % {"issued": issued})
        if re.match(OCCUPATION_CODE_RE, code) and level is not None and issued is not None and issued <= today:
            certificates.append(CertificateFact(occupation_code=code, level=level, issued_on=issued))
    facts["certificates"] = [
        {"occupation_code": c.occupation_code, "level": c.level, "issued_on": c.issued_on.isoformat()}
        for c in certificates
    ]
    diplomas: list[DiplomaFact] = []
    if _text(data.diploma):
        kind = _choice(data.diploma, DiplomaKind)
        try:
            related = parse_bool(data.diploma_related, True)
        except ValueError:
            problems.add("diploma_related", gettext("所学专业与本职业相关：应填“是”或“否”"))
            related = True
        if kind is None:
            names = "、".join(str(c.label) for c in DiplomaKind)
            problems.add(
                "diploma",
                gettext("毕业证书：“%(text)s”无效，应为%(names)s之一") % {"text": _text(data.diploma), "names": names},
            )
        else:
            diplomas.append(DiplomaFact(kind=kind, related_major=related))
    facts["diplomas"] = [{"kind": d.kind, "related_major": d.related_major} for d in diplomas]
    titles: list[TitleFact] = []
    if _text(data.title):
        title = _choice(data.title, TitleLevel)
        if title is None:
            names = "、".join(str(c.label) for c in TitleLevel)
            problems.add(
                "title",
                gettext("职称：“%(text)s”无效，应为%(names)s之一") % {"text": _text(data.title), "names": names},
            )
        else:
            titles.append(TitleFact(level=title))
    facts["titles"] = [{"level": t.level} for t in titles]
    try:
        apprenticeship = parse_bool(data.apprenticeship_completed, False)
    except ValueError:
        problems.add("apprenticeship_completed", gettext("学徒期满：应填“是”或“否”"))
        apprenticeship = False
    facts["apprenticeship_completed"] = apprenticeship
    return facts, certificates, diplomas, titles, years, apprenticeship


def clean_applicant(context: PlanContext, data: ApplicantInput) -> tuple[CleanApplicant | None, Problems]:
    """Check one applicant: name, identity (check digit, birth date), phone, level, the application
    conditions of the standard (R-CAT-4) and whom the institution may certify (R-INS-1).

    Returns every problem, each naming the field and the rule; the applicant only when there is none.
    """
    problems = Problems()
    today = context.today
    name = _text(data.name)
    if not name:
        problems.add("name", gettext("姓名：不能为空"))
    elif not NAME_RE.match(name):
        problems.add("name", gettext("姓名：只能包含汉字、字母、间隔号“·”，最多50个字"))
    id_type, id_number, birth_date = _clean_identity(data, problems, today)
    mobile = ""
    try:
        mobile = clean_mobile(data.mobile, required=True)
    except DomainError as exc:
        problems.add("mobile", exc.message)
    level = parse_level(data.level)
    if level is None:
        problems.add(
            "level", gettext("申报等级：“%(text)s”无效，应为1至5级（如“四级/中级工”）") % {"text": _text(data.level)}
        )
    elif level not in context.levels:
        offered = "、".join(level_label(lv) for lv in sorted(context.levels, reverse=True))
        problems.add(
            "level",
            gettext("申报等级：本计划不认定%(level_label)s，只认定%(offered)s")
            % {"level_label": level_label(level), "offered": offered},
        )
        level = None
    employer_name = _text(data.employer_name)
    if len(employer_name) > 200:
        problems.add("employer_name", gettext("工作单位/学校：不能超过200个字"))
    facts, certificates, diplomas, titles, years, apprenticeship = _clean_facts(data, problems, today)
    check: dict[str, Any] = {"checked_on": today.isoformat()}
    if level is not None and birth_date is not None:
        rule = context.rules.get(level)
        label = f"{context.plan.occupation.name}{level_label(level)}"
        if rule is None:
            problems.add("level", gettext("申报条件：%(label)s没有现行的申报条件，暂不能报名") % {"label": label})
        else:
            result = evaluate_eligibility(
                rule.rules,
                EligibilityFacts(
                    birth_date=birth_date,
                    on_date=today,
                    years_in_occupation=years,
                    certificates=certificates,
                    diplomas=diplomas,
                    titles=titles,
                    apprenticeship_completed=apprenticeship,
                ),
                occupation_code=context.plan.occupation.code,
            )
            check["eligibility"] = {
                "ok": result.ok,
                "rule_version": rule.version,
                "matched": result.matched.title if result.matched else "",
            }
            if not result.ok:
                closest = result.closest
                detail = "；".join(closest.unmet) if closest else "；".join(result.unmet)
                where = (
                    gettext("（最接近的%(title)s尚缺：%(detail)s）") % {"title": closest.title, "detail": detail}
                    if closest
                    else f"：{detail}"
                )
                problems.add(
                    "eligibility",
                    gettext("申报条件：不符合%(label)s的申报条件%(where)s") % {"label": label, "where": where},
                )
    decision = context.may_certify(id_number, name) if id_number else None
    if decision is not None:
        check["scope"] = {"ok": decision.ok, "reasons": decision.reasons}
        if not decision.ok:
            problems.add("scope", gettext("认定范围：") + "；".join(decision.reasons))
    if problems or level is None or birth_date is None:
        return None, problems
    employer: Organisation | None = None
    if context.roster_based:
        employer = context.institution.organisation
        employer_name = employer_name or context.institution.filed_name
    return (
        CleanApplicant(
            name=name,
            id_type=id_type,
            id_number=id_number,
            birth_date=birth_date,
            mobile=mobile,
            level=level,
            employer=employer,
            employer_name=employer_name,
            facts=facts,
            check_result=check,
        ),
        problems,
    )


def registration_from(
    plan: ExamPlan,
    applicant: CleanApplicant,
    *,
    source: str,
    user: User | None = None,
    roster_import: Any = None,
    row_number: int | None = None,
) -> Registration:
    """An unsaved registration of a checked applicant."""
    return Registration(
        plan=plan,
        level=applicant.level,
        name=applicant.name,
        id_type=applicant.id_type,
        id_number=applicant.id_number,
        birth_date=applicant.birth_date,
        mobile=applicant.mobile,
        employer=applicant.employer,
        employer_name=applicant.employer_name,
        user=user,
        eligibility_facts=applicant.facts,
        check_result=applicant.check_result,
        status=RegistrationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        source=source,
        roster_import=roster_import,
        row_number=row_number,
    )


def lock_level(plan: ExamPlan, level: int) -> PlanLevel:
    """Lock the level's row: every write that takes or frees a place of this level queues here (R-EXAM-3)."""
    return PlanLevel.objects.select_for_update().get(plan=plan, level=level)


def taken_places(plan: ExamPlan, level: int) -> int:
    return Registration.objects.filter(plan=plan, level=level, status__in=ACTIVE_REGISTRATION_STATUSES).count()


# --- candidate accounts ----------------------------------------------------------------------------------


def individuals_organisation() -> Organisation:
    org = Organisation.objects.filter(kind=OrgKind.INDIVIDUAL, is_active=True).order_by("id").first()
    if org is None:
        raise DomainError(gettext("平台尚未开放个人用户注册"), code="no_individuals")
    return org


def sign_up_candidate(
    *,
    username: str,
    password: str,
    full_name: str,
    id_type: str,
    id_number: str,
    mobile: str,
    birth_date: Any = None,
    email: str = "",
) -> User:
    """A candidate opens their own account with a checked identity; one account per person (R-EXAM-3, R-X-3).

    Registrations an institution imported for the same person (same ID number and name) are
    linked to the new account, so the candidate sees them in "my registrations".
    """
    today = timezone.localdate()
    problems = Problems()
    name = _text(full_name)
    if not name:
        problems.add("full_name", gettext("姓名：不能为空"))
    elif not NAME_RE.match(name):
        problems.add("full_name", gettext("姓名：只能包含汉字、字母、间隔号“·”，最多50个字"))
    data = ApplicantInput(
        name=name, id_number=id_number, mobile=mobile, level=5, id_type=id_type, birth_date=birth_date
    )
    id_type_clean, number, birth = _clean_identity(data, problems, today)
    try:
        checked_mobile = clean_mobile(mobile, required=True)
    except DomainError as exc:
        problems.add("mobile", exc.message)
        checked_mobile = ""
    if problems:
        raise problems.as_error()
    assert birth is not None
    index = blind_index_for(CandidateProfile, "id_number", number)
    if CandidateProfile.objects.filter(id_number_index=index).exists():
        raise DomainError(gettext("证件号码：该证件号码已注册考生账号，请直接登录"), field="id_number", code="unique")
    try:
        with transaction.atomic():
            user = create_user(
                actor=None,
                organisation=individuals_organisation(),
                username=username,
                full_name=name,
                password=password,
                roles=[Role.CANDIDATE],
                email=email,
                mobile=checked_mobile,
                must_change_password=False,
            )
            profile = CandidateProfile(
                user=user, full_name=name, id_type=id_type_clean, id_number=number, birth_date=birth
            )
            clean_model(profile, exclude=["user"])
            profile.save()
            linked = Registration.objects.filter(id_number_index=index, name=name, user__isnull=True).update(user=user)
            record_event(
                actor=user,
                action=Event.CANDIDATE_SIGNED_UP,
                obj=profile,
                after={**snapshot(profile), "linked_registrations": linked},
            )
    except IntegrityError as exc:
        raise DomainError(
            gettext("证件号码：该证件号码已注册考生账号，请直接登录"), field="id_number", code="unique"
        ) from exc
    return user


def candidate_profile(actor: Actor) -> CandidateProfile:
    pk = getattr(actor, "pk", None)
    profile = CandidateProfile.objects.filter(user_id=pk).first() if pk is not None else None
    if profile is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.CANDIDATE):
        raise PermissionDenied(gettext("请使用考生账号登录后报名"))
    return profile


# --- online registration ---------------------------------------------------------------------------------


@dataclass
class OnlineApplication:
    """What a logged-in candidate fills in; name and ID come from their account (R-EXAM-3)."""

    level: Any
    mobile: Any
    employer_name: Any = ""
    years_in_occupation: Any = ""
    certificate_occupation: Any = ""
    certificate_level: Any = ""
    certificate_issued_on: Any = ""
    diploma: Any = ""
    diploma_related: Any = ""
    title: Any = ""
    apprenticeship_completed: Any = ""


def register_online(
    *,
    actor: Actor,
    plan: ExamPlan,
    application: OnlineApplication,
    photo: Any = None,
    evidence: Sequence[tuple[str, Any]] = (),
) -> Registration:
    """A candidate registers for a plan with their own account (R-EXAM-3).

    Identity, phone, conditions and scope are checked first; then, with the level's row
    locked, the place is taken only if one is free, and a person registers at most once per
    plan (a rejected or withdrawn registration is submitted again in place). Concurrent
    registrations never exceed the capacity.
    """
    profile = candidate_profile(actor)
    plan = ExamPlan.objects.select_related("institution__parent", "institution__area", "league", "occupation").get(
        pk=plan.pk
    )
    if plan.status not in ANNOUNCED_STATUSES:
        raise NotFoundError(gettext("未找到该报名公告"))
    if plan.status != PlanStatus.OPEN:
        raise DomainError(gettext("本计划已截止报名"), code="closed")
    context = PlanContext(plan)
    if plan.registration_deadline < context.today:
        raise DomainError(
            gettext("本计划报名已于%(registration_deadline)s截止")
            % {"registration_deadline": plan.registration_deadline},
            code="closed",
        )
    applicant, problems = clean_applicant(
        context,
        ApplicantInput(
            name=profile.full_name,
            id_type=profile.id_type,
            id_number=profile.id_number,
            birth_date=profile.birth_date,
            **{k: getattr(application, k) for k in OnlineApplication.__dataclass_fields__},
        ),
    )
    if applicant is None:
        raise problems.as_error()
    checked_photo = (
        check_exam_upload(photo, field="photo", label=gettext("照片"), photo=True) if photo is not None else None
    )
    checked_evidence = []
    for kind, upload in evidence:
        if kind not in EvidenceKind.values:
            raise DomainError(
                gettext("证明材料类别：“%(kind)s”无效") % {"kind": kind}, field="evidence", code="invalid"
            )
        checked_evidence.append((kind, check_exam_upload(upload, field="evidence", label=gettext("证明材料"))))
    index = blind_index_for(Registration, "id_number", applicant.id_number)
    try:
        with transaction.atomic():
            level_row = lock_level(plan, applicant.level)
            existing = Registration.objects.select_for_update().filter(plan=plan, id_number_index=index).first()
            if existing is not None and existing.status in ACTIVE_REGISTRATION_STATUSES:
                raise DomainError(gettext("您已报名本计划，不能重复报名"), code="duplicate")
            if taken_places(plan, applicant.level) >= level_row.capacity:
                raise DomainError(
                    gettext("%(level_label)s报名名额（%(capacity)s人）已满")
                    % {"level_label": level_label(applicant.level), "capacity": level_row.capacity},
                    code="full",
                )
            fresh = registration_from(plan, applicant, source=RegistrationSource.ONLINE, user=actor)
            before = None
            if existing is not None:
                before = registration_snapshot(existing)
                for name in (
                    "level",
                    "name",
                    "id_type",
                    "id_number",
                    "birth_date",
                    "mobile",
                    "employer",
                    "employer_name",
                    "user",
                    "eligibility_facts",
                    "check_result",
                    "status",
                    "submitted_at",
                ):
                    setattr(existing, name, getattr(fresh, name))
                existing.review_reason = ""
                existing.reviewed_by = None
                existing.reviewed_at = None
                existing.exam_number = ""
                registration = existing
            else:
                registration = fresh
            if checked_photo is None and not registration.photo:
                raise DomainError(gettext("照片：请上传本人近期免冠证件照（JPG或PNG）"), field="photo", code="required")
            clean_model(registration, exclude=["user", "roster_import", "employer", "photo"])
            registration.save()
            if checked_photo is not None:
                registration.photo.name = store_file(
                    actor=actor,
                    content=checked_photo.content,
                    name=checked_photo.original_name,
                    purpose=FilePurpose.PHOTO,
                    subject=registration,
                    plan=plan,
                ).name
                registration.save(update_fields=["photo"])
            for kind, checked in checked_evidence:
                save_evidence(registration, kind, checked, actor)
            record_event(
                actor=actor,
                action=Event.REGISTRATION_RESUBMITTED if existing is not None else Event.REGISTERED,
                obj=registration,
                before=before,
                after=registration_snapshot(registration),
                organisation=plan.institution.organisation,
            )
    except IntegrityError as exc:
        # Another request registered the same person for this plan a moment earlier.
        raise DomainError(gettext("您已报名本计划，不能重复报名"), code="duplicate") from exc
    return registration


def save_evidence(registration: Registration, kind: str, checked: Any, actor: Actor) -> EvidenceFile:
    evidence = EvidenceFile(
        registration=registration,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    evidence.file.name = store_file(
        actor=actor,
        content=checked.content,
        name=checked.original_name,
        purpose=FilePurpose.EVIDENCE,
        subject=registration,
        plan=registration.plan,
    ).name
    evidence.save()
    return evidence


def withdraw_registration(*, actor: Actor, registration: Registration) -> Registration:
    """The candidate withdraws before seats are drawn; the place is freed (R-EXAM-3)."""
    require_row(actor, "apply", registration)
    with transaction.atomic():
        lock_level(registration.plan, registration.level)
        registration = Registration.objects.select_for_update().select_related("plan").get(pk=registration.pk)
        if registration.status not in ACTIVE_REGISTRATION_STATUSES:
            raise DomainError(
                gettext("报名状态为“%(get_status_display)s”，不能撤回")
                % {"get_status_display": registration.get_status_display()},
                code="status",
            )
        if registration.plan.status not in (PlanStatus.OPEN, PlanStatus.CLOSED) or registration.seats.exists():
            raise DomainError(gettext("考试已安排座位，不能再撤回报名"), code="seated")
        before = registration_snapshot(registration)
        registration.status = RegistrationStatus.WITHDRAWN
        registration.exam_number = ""
        registration.save()
        record_event(
            actor=actor,
            action=Event.REGISTRATION_WITHDRAWN,
            obj=registration,
            before=before,
            after=registration_snapshot(registration),
            organisation=registration.plan.institution.organisation,
        )
    return registration


def registrations_of_person(plan: ExamPlan, id_number: str) -> Q:
    return Q(plan=plan, id_number_index=blind_index_for(Registration, "id_number", id_number))
