"""Who may serve, who must step aside, and who can be drawn (R-PER-1, R-PER-2, R-PER-3, R-SUP-7).

These are reads: they never write. `may_serve` and `conflicts` answer for one person; the
`*_for` functions answer for a whole pool with a fixed number of queries, which is what
`select_staff` (the computation behind `services.draw_staff`) uses.

Drawing (R-PER-3) is reproducible by anyone who has the record: the pool is ordered by
person id, every exclusion is listed with its reasons, and the selection is a partial
Fisher–Yates shuffle of the eligible ids driven only by `random.Random(seed).random()`,
whose sequence Python guarantees for a given seed (`replay_selection`).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import Occupation
from skillcert.core.errors import DomainError
from skillcert.core.masking import mask_id_number, mask_name
from skillcert.core.policy import get_policy
from skillcert.personnel.choices import (
    BARRING_SANCTIONS,
    DISPATCHED_ROLES,
    ROLE_GROUP,
    AppointmentStatus,
    Reason,
    RelationKind,
    StaffGroup,
    StaffRole,
    TrainingResult,
)
from skillcert.personnel.models import (
    Appointment,
    Assignment,
    DeclaredRelation,
    Person,
    Qualification,
    StaffSanction,
    TrainingRecord,
)

ALGORITHM = "partial-shuffle-v1"
"""The code of the selection procedure, recorded with every draw; `ALGORITHM_STEPS` describe it."""

LEGACY_ALGORITHM = (
    "random.Random(seed).random() 驱动的部分 Fisher–Yates 洗牌；候选池按人员ID升序"  # i18n: data (stored on old draws)
)
"""What draws recorded before the procedure had a code carry; the same procedure."""

ALGORITHM_NAMES = {
    ALGORITHM: _("按随机种子逐位抽取（部分洗牌法，第1版）"),
    LEGACY_ALGORITHM: _("按随机种子逐位抽取（部分洗牌法，第1版）"),
}
"""What a draw's recorded procedure is called on the pages."""

ALGORITHM_STEPS = [
    _("把符合条件的人员按人员ID从小到大排成一列。"),
    _("用公布的随机种子初始化伪随机数发生器（梅森旋转算法），依次产生 0 到 1 之间的随机数。"),
    _("抽第1位：第一个随机数乘以名单人数，取整数部分得到位置，该位置的人员与第1位交换，成为第1位抽中者。"),
    _("抽第k位：下一个随机数乘以第k位及以后的人数，取整数部分再加上k-1得到位置，与第k位交换。"),
    _("抽够所需人数为止。任何人用同一种子和同一名单重新计算，结果相同。"),
]
"""The draw explained in plain Chinese on the draw page (R-PER-3)."""


def algorithm_name(code: str) -> str:
    """The Chinese name of a recorded procedure; an unknown code is shown as recorded."""
    name = ALGORITHM_NAMES.get(code)
    return str(name) if name is not None else code


@dataclass(frozen=True)
class Finding:
    """One reason, with a stable code and a Chinese sentence naming the person and the rule."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class CandidateLike(Protocol):
    """What `conflicts` needs of a candidate: the exams app passes its registrations."""

    id_number: str


@dataclass(frozen=True)
class CandidateRef:
    """A candidate as seen by the avoidance check (R-PER-2)."""

    id_number: str
    name: str = ""
    employer_id: int | None = None
    employer_name: str = ""


def _role_label(role: str) -> str:
    return str(StaffRole(role).label)


def _check_level(level: int | None) -> int | None:
    if level is None:
        return None
    try:
        return int(Level(int(level)))
    except (TypeError, ValueError) as exc:
        raise DomainError(
            gettext("等级：应为1至5（一级最高），收到“%(level)s”") % {"level": level},
            field="level",
            code="invalid_level",
        ) from exc


def _check_role(role: str) -> str:
    if role not in StaffRole.values:
        raise DomainError(
            gettext("人员类别：“%(role)s”不是有效的人员类别") % {"role": role}, field="role", code="invalid_role"
        )
    return role


# --- facts about a set of people, loaded in bulk --------------------------------------------------


@dataclass
class _Facts:
    appointments: dict[tuple[int, str], Appointment] = field(default_factory=dict)
    qualifications: dict[tuple[int, int], Qualification] = field(default_factory=dict)
    trainings: dict[int, list[TrainingRecord]] = field(default_factory=lambda: defaultdict(list))
    sanctions: dict[int, list[StaffSanction]] = field(default_factory=lambda: defaultdict(list))


def _load_facts(person_ids: Sequence[int], occupation: Occupation | None) -> _Facts:
    facts = _Facts()
    for a in Appointment.objects.filter(person_id__in=person_ids):
        facts.appointments[(a.person_id, a.role)] = a
    if occupation is not None:
        quals = Qualification.objects.filter(person_id__in=person_ids, occupation=occupation, is_active=True)
        for q in quals:
            facts.qualifications[(q.person_id, q.occupation_id)] = q
    for t in TrainingRecord.objects.filter(person_id__in=person_ids, result=TrainingResult.PASSED):
        facts.trainings[t.person_id].append(t)
    for s in StaffSanction.objects.filter(person_id__in=person_ids, kind__in=BARRING_SANCTIONS):
        facts.sanctions[s.person_id].append(s)
    return facts


def _serve_findings(
    person: Person, role: str, occupation: Occupation | None, level: int | None, on: date, facts: _Facts
) -> list[Finding]:
    findings: list[Finding] = []
    name, role_label = person.name, _role_label(role)
    if not person.is_active:
        findings.append(Finding(Reason.INACTIVE, gettext("%(name)s已不在册") % {"name": name}))
    appointment = facts.appointments.get((person.pk, role))
    if appointment is None or appointment.status in (AppointmentStatus.REJECTED, AppointmentStatus.REVOKED):
        findings.append(
            Finding(
                Reason.NOT_APPOINTED,
                gettext("%(name)s没有有效的%(role_label)s资格") % {"name": name, "role_label": role_label},
            )
        )
    elif appointment.status == AppointmentStatus.PROPOSED:
        findings.append(
            Finding(
                Reason.PROPOSED,
                gettext("%(name)s的%(role_label)s推荐尚待盟市就业服务中心审核")
                % {"name": name, "role_label": role_label},
            )
        )
    elif not appointment.card_valid_on(on):
        if appointment.card_valid_until is None:
            text = gettext("%(name)s的%(role_label)s证卡未登记有效期") % {"name": name, "role_label": role_label}
        else:
            text = gettext("%(name)s的%(role_label)s证卡（%(number)s）有效期至%(until)s，%(on)s已过期") % {
                "name": name,
                "role_label": role_label,
                "number": appointment.card_number or gettext("无编号"),
                "until": appointment.card_valid_until,
                "on": on,
            }
        findings.append(Finding(Reason.CARD_EXPIRED, text))
    if occupation is not None:
        qualification = facts.qualifications.get((person.pk, occupation.pk))
        if qualification is None or qualification.granted_on > on:
            findings.append(
                Finding(
                    Reason.NOT_QUALIFIED,
                    gettext("%(name)s不具备“%(name2)s”职业的考评资格") % {"name": name, "name2": occupation.name},
                )
            )
        elif level is not None and not qualification.covers(level):
            findings.append(
                Finding(
                    Reason.LEVEL_TOO_HIGH,
                    gettext("%(name)s只具备“%(name2)s”%(level_label)s及以下等级的资格，不能承担%(level_label2)s")
                    % {
                        "name": name,
                        "name2": occupation.name,
                        "level_label": level_label(qualification.level),
                        "level_label2": level_label(level),
                    },
                )
            )
    years = int(get_policy("personnel.training_valid_years"))
    since = _years_before(on, years)
    group = ROLE_GROUP[role]
    current = [
        t for t in facts.trainings.get(person.pk, []) if ROLE_GROUP[t.role] == group and since < t.completed_on <= on
    ]
    if not current:
        findings.append(
            Finding(
                Reason.TRAINING_STALE,
                gettext("%(name)s近%(years)s年内没有合格的%(label)s培训记录")
                % {"name": name, "years": years, "label": StaffGroup(group).label},
            )
        )
    for sanction in facts.sanctions.get(person.pk, []):
        if sanction.in_force_on(on):
            findings.append(
                Finding(
                    Reason.SANCTIONED,
                    gettext("%(name)s受到“%(get_kind_display)s”处分（%(period_display)s），处分期内不能派遣")
                    % {
                        "name": name,
                        "get_kind_display": sanction.get_kind_display(),
                        "period_display": sanction.period_display,
                    },
                )
            )
    return findings


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def may_serve(
    person: Person,
    role: str,
    occupation: Occupation | None = None,
    level: int | None = None,
    *,
    on: date | None = None,
) -> tuple[bool, list[Finding]]:
    """Whether a person may serve in a role for an occupation and level on a date (R-PER-1, R-SUP-7).

    Checks: an active appointment in the role with a card valid on the date; a qualification
    for the occupation covering the level (a level-3 qualification covers levels 3, 4 and 5);
    a passed training for the role's group within `personnel.training_valid_years`; no
    suspension or disqualification in force. Without an occupation only the role, card,
    training and sanctions are checked (inspections are not tied to an occupation).
    """
    _check_role(role)
    level = _check_level(level)
    on = on or timezone.localdate()
    findings = _serve_findings(person, role, occupation, level, on, _load_facts([person.pk], occupation))
    return (not findings, findings)


def serve_findings_for(
    people: Sequence[Person], role: str, occupation: Occupation | None, level: int | None, on: date
) -> dict[int, list[Finding]]:
    """`may_serve` for many people with five queries."""
    facts = _load_facts([p.pk for p in people], occupation)
    return {p.pk: _serve_findings(p, role, occupation, level, on, facts) for p in people}


# --- avoidance (R-PER-2) -------------------------------------------------------------------------


def _candidate_index(candidate: Any) -> str | None:
    from skillcert.core.fields import blind_index_for

    raw = getattr(candidate, "id_number", "") or ""
    try:
        return blind_index_for(DeclaredRelation, "other_id_number", raw)
    except ValueError:
        return None


def _candidate_label(candidate: Any) -> str:
    name = mask_name(getattr(candidate, "name", "") or "")
    masked = mask_id_number(getattr(candidate, "id_number", "") or "")
    return f"{name}（{masked}）" if name else masked


def _same_text(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip() == b.strip()


def conflicts_for(
    people: Sequence[Person],
    candidates: Iterable[Any],
    institution: Any | None,
    *,
    role: str | None = None,
) -> dict[int, list[Finding]]:
    """`conflicts` for many people with at most two queries."""
    candidates = list(candidates)
    indexed = [(c, _candidate_index(c)) for c in candidates]
    wanted = {idx for _, idx in indexed if idx}
    relations: dict[tuple[int, str], DeclaredRelation] = {}
    if wanted:
        for r in DeclaredRelation.objects.filter(
            person_id__in=[p.pk for p in people], is_active=True, other_id_number_index__in=wanted
        ):
            relations[(r.person_id, r.other_id_number_index or "")] = r
    external_holders: set[int] = set()
    if role is None:
        external_holders = set(
            Appointment.objects.filter(
                person_id__in=[p.pk for p in people],
                role=StaffRole.EXTERNAL_SUPERVISOR,
                status__in=[AppointmentStatus.ACTIVE, AppointmentStatus.PROPOSED],
            ).values_list("person_id", flat=True)
        )
    out: dict[int, list[Finding]] = {}
    for person in people:
        findings: list[Finding] = []
        for candidate, idx in indexed:
            label = _candidate_label(candidate)
            if idx and idx == person.id_number_index:
                findings.append(
                    Finding(
                        Reason.SELF,
                        gettext("考生%(label)s即%(name)s本人，须回避") % {"label": label, "name": person.name},
                    )
                )
                continue
            relation = relations.get((person.pk, idx)) if idx else None
            if relation is not None:
                kind = RelationKind(relation.kind).label
                findings.append(
                    Finding(
                        Reason.RELATION,
                        gettext("%(name)s与考生%(label)s有申报的%(kind)s关系，须回避")
                        % {"name": person.name, "label": label, "kind": kind},
                    )
                )
            cand_employer = getattr(candidate, "employer_id", None)
            if (person.employer_id is not None and cand_employer == person.employer_id) or (
                person.employer_id is None
                and cand_employer is None
                and _same_text(person.employer_name, getattr(candidate, "employer_name", "") or "")
            ):
                findings.append(
                    Finding(
                        Reason.SAME_EMPLOYER,
                        gettext("%(name)s与考生%(label)s同属“%(employer_display)s”（同事），须回避")
                        % {"name": person.name, "label": label, "employer_display": person.employer_display},
                    )
                )
        is_external = role == StaffRole.EXTERNAL_SUPERVISOR or (role is None and person.pk in external_holders)
        if is_external and institution is not None and person.employer_id == getattr(institution, "pk", None):
            findings.append(
                Finding(
                    Reason.OWN_INSTITUTION,
                    gettext("%(name)s是“%(institution)s”的工作人员，外部质量督导员不能督导本人所在机构")
                    % {"name": person.name, "institution": institution},
                )
            )
        out[person.pk] = findings
    return out


def conflicts(
    person: Person, candidates: Iterable[Any], institution: Any | None, *, role: str | None = None
) -> list[Finding]:
    """Reasons the person must not examine or supervise these candidates at this institution (R-PER-2).

    Declared relations are matched by the candidate's ID number through the blind index;
    automatic checks: the candidate is the person, the same employer (colleagues), and an
    external supervisor's own institution. `role=None` applies the own-institution rule if
    the person holds an external supervisor appointment. An empty list means no conflict.
    """
    return conflicts_for([person], candidates, institution, role=role)[person.pk]


# --- load and rotation (R-PER-3) -----------------------------------------------------------------


def load_findings_for(
    people: Sequence[Person], role: str, institution: Any, on: date, session_ref: str = ""
) -> dict[int, list[Finding]]:
    """The load limit (per calendar month) and the rotation limit (consecutive sessions at one
    institution) for dispatched roles; other roles serve at their own institution and have neither."""
    out: dict[int, list[Finding]] = {p.pk: [] for p in people}
    ids = [p.pk for p in people]
    names = {p.pk: p.name for p in people}
    if session_ref:
        for pid in Assignment.objects.filter(person_id__in=ids, session_ref=session_ref).values_list(
            "person_id", flat=True
        ):
            out[pid].append(
                Finding(
                    Reason.ALREADY_ASSIGNED,
                    gettext("%(value)s已分派到场次“%(session_ref)s”")
                    % {"value": names[pid], "session_ref": session_ref},
                )
            )
    if role not in DISPATCHED_ROLES:
        return out
    per_month = int(get_policy("dispatch.max_sessions_per_month"))
    if per_month > 0:
        counts = (
            Assignment.objects.filter(
                person_id__in=ids, role__in=DISPATCHED_ROLES, on__year=on.year, on__month=on.month
            )
            .values("person_id")
            .annotate(n=Count("id"))
        )
        for row in counts:
            if row["n"] >= per_month:
                out[row["person_id"]].append(
                    Finding(
                        Reason.OVER_LOAD,
                        gettext("%(value)s%(year)s年%(month)s月已派遣%(value2)s次，达到每月上限%(per_month)s次")
                        % {
                            "value": names[row["person_id"]],
                            "year": on.year,
                            "month": on.month,
                            "value2": row["n"],
                            "per_month": per_month,
                        },
                    )
                )
    limit = int(get_policy("dispatch.max_consecutive_sessions"))
    if limit > 0:
        recent = (
            Assignment.objects.filter(person_id__in=ids, role=role, on__lte=on)
            .exclude(Q(session_ref=session_ref) & ~Q(session_ref=""))
            .annotate(rn=Window(RowNumber(), partition_by=[F("person_id")], order_by=[F("on").desc(), F("id").desc()]))
            .filter(rn__lte=limit)
            .values_list("person_id", "institution_id")
        )
        runs: dict[int, list[int]] = defaultdict(list)
        for pid, inst in recent:
            runs[pid].append(inst)
        target = getattr(institution, "pk", institution)
        for pid, insts in runs.items():
            if len(insts) >= limit and all(i == target for i in insts):
                out[pid].append(
                    Finding(
                        Reason.ROTATION,
                        gettext(
                            "%(value)s已连续%(limit)s次在“%(institution)s”督导，达到轮换上限（连续不超过%(limit2)s次）"
                        )
                        % {"value": names[pid], "limit": limit, "institution": institution, "limit2": limit},
                    )
                )
    return out


# --- the draw (R-PER-3) --------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilter:
    """Which people a draw considers, and for what (R-PER-3).

    The pool is everyone active holding an active appointment in `role` who works in
    `jurisdiction` — by default the institution's own league ("work in their locality");
    pass `region_wide=True` to draw from the whole region.
    """

    institution: Any
    on: date
    role: str = StaffRole.EXTERNAL_SUPERVISOR
    occupation: Occupation | None = None
    level: int | None = None
    jurisdiction: Any | None = None
    region_wide: bool = False
    session_ref: str = ""
    candidates: tuple[Any, ...] = ()

    @property
    def pool_jurisdiction(self) -> Any | None:
        if self.region_wide:
            return None
        return self.jurisdiction if self.jurisdiction is not None else self.institution.jurisdiction


@dataclass
class DrawOutcome:
    pool: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    eligible: list[int]
    selected: list[int]
    seed: str

    def exclusion_summary(self) -> dict[str, int]:
        """How many people each reason excluded (a person may have several reasons)."""
        counts: dict[str, int] = defaultdict(int)
        for entry in self.exclusions:
            for code in dict.fromkeys(r["code"] for r in entry["reasons"]):
                counts[code] += 1
        return dict(counts)


def pool_queryset(pool_filter: PoolFilter, base: QuerySet[Person] | None = None) -> QuerySet[Person]:
    qs = base if base is not None else Person.objects.all()
    qs = qs.filter(
        is_active=True,
        appointments__role=pool_filter.role,
        appointments__status=AppointmentStatus.ACTIVE,
    )
    juris = pool_filter.pool_jurisdiction
    if juris is not None:
        qs = qs.filter(jurisdiction=juris)
    return qs.select_related("employer").order_by("pk").distinct()


def shuffle_pick(eligible: Sequence[int], n: int, seed: str) -> list[int]:
    """The first n of a partial Fisher–Yates shuffle driven by random.Random(seed).random()."""
    rng = random.Random(seed)  # noqa: S311 - reproducibility is the point; the seed is published
    items = list(eligible)
    for i in range(min(n, len(items))):
        j = i + int(rng.random() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return items[:n]


def select_staff(pool_filter: PoolFilter, n: int, seed: str, *, base: QuerySet[Person] | None = None) -> DrawOutcome:
    """Compute a draw without saving it: the pool, every exclusion with reasons, the selection."""
    _check_role(pool_filter.role)
    level = _check_level(pool_filter.level)
    people = list(pool_queryset(pool_filter, base))
    on = pool_filter.on
    serve = serve_findings_for(people, pool_filter.role, pool_filter.occupation, level, on)
    conflict = conflicts_for(people, pool_filter.candidates, pool_filter.institution, role=pool_filter.role)
    load = load_findings_for(people, pool_filter.role, pool_filter.institution, on, pool_filter.session_ref)
    cards = {
        a.person_id: a.card_number
        for a in Appointment.objects.filter(person__in=[p.pk for p in people], role=pool_filter.role)
    }
    pool: list[dict[str, Any]] = []
    exclusions: list[dict[str, Any]] = []
    eligible: list[int] = []
    for person in people:
        entry = {"id": person.pk, "name": person.name, "card": cards.get(person.pk, "")}
        pool.append(entry)
        reasons = serve[person.pk] + conflict[person.pk] + load[person.pk]
        if reasons:
            exclusions.append({**entry, "reasons": [r.as_dict() for r in reasons]})
        else:
            eligible.append(person.pk)
    return DrawOutcome(pool, exclusions, eligible, shuffle_pick(eligible, n, seed), seed)


def replay_selection(eligible: Sequence[int], n: int, seed: str) -> list[int]:
    """Re-run a recorded draw from its eligible list and seed (anyone can; R-PER-3)."""
    return shuffle_pick(eligible, n, seed)


def blocking_sanctions(on: date | None = None) -> QuerySet[StaffSanction]:
    """Suspensions and disqualifications in force on a date (R-SUP-7)."""
    on = on or timezone.localdate()
    return StaffSanction.objects.filter(kind__in=BARRING_SANCTIONS, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
