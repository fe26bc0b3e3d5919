"""Reads of the personnel app, always through the actor's scope (R-ORG-2, R-PER-1..3, R-SUP-7, R-SUP-8)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.accounts.types import Acting
from skillcert.catalog.choices import Edition
from skillcert.catalog.models import Occupation
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import RestrictedQuerySet, scope_q
from skillcert.personnel.choices import (
    ROLE_GROUP,
    AppointmentStatus,
    StaffGroup,
    StaffRole,
    TrainingResult,
    ViolationStatus,
)
from skillcert.personnel.eligibility import blocking_sanctions
from skillcert.personnel.models import (
    Appointment,
    Assignment,
    DeclaredRelation,
    Person,
    Qualification,
    RegistrationRequest,
    StaffDraw,
    StaffSanction,
    StaffViolation,
    TrainingRecord,
    WorkforceTarget,
)


def registrations_visible_to(actor: Acting) -> RestrictedQuerySet[RegistrationRequest]:
    """Registration requests: an institution its own, a league centre those of its league, the region all."""
    return RegistrationRequest.objects.restrict(actor, "view").select_related(
        "institution", "jurisdiction", "decided_by"
    )


def people_visible_to(actor: Acting) -> RestrictedQuerySet[Person]:
    """The register as the actor may see it, with roles and qualifications prefetched (R-PER-1)."""
    prefetches: list[Any] = [
        Prefetch(
            "appointments", queryset=Appointment.objects.select_related("proposed_by", "decided_by").order_by("role")
        ),
        Prefetch(
            "qualifications",
            queryset=Qualification.objects.filter(is_active=True).select_related("occupation", "granted_by"),
            to_attr="active_qualifications",
        ),
    ]
    return (
        Person.objects.restrict(actor, "view")
        .select_related("employer", "jurisdiction")
        .prefetch_related(*prefetches)
        .order_by("jurisdiction__sort_order", "name", "id")
    )


def appointments_visible_to(actor: Acting) -> RestrictedQuerySet[Appointment]:
    return (
        Appointment.objects.restrict(actor, "view")
        .select_related("person", "person__employer", "person__jurisdiction", "proposed_by", "decided_by")
        .order_by("person__name", "person_id", "role")
    )


def proposals_for(actor: Acting) -> QuerySet[Appointment]:
    """Proposals waiting for a decision the actor may take: league centres in their league, the region centre."""
    if actor is None or not actor.is_authenticated:
        return Appointment.objects.none()
    qs = appointments_visible_to(actor).filter(status=AppointmentStatus.PROPOSED)
    if actor.is_superuser:
        return qs
    kind = actor.organisation.kind
    if kind == OrgKind.REGION_CENTER:
        return qs
    if kind == OrgKind.LEAGUE_CENTER:
        return qs.filter(person__jurisdiction_id=actor.organisation.jurisdiction_id)
    return qs.none()


def qualifications_visible_to(actor: Acting) -> RestrictedQuerySet[Qualification]:
    return (
        Qualification.objects.restrict(actor, "view")
        .select_related("person", "person__employer", "person__jurisdiction", "occupation", "granted_by")
        .order_by("person__name", "person_id", "occupation__code")
    )


def trainings_visible_to(actor: Acting) -> RestrictedQuerySet[TrainingRecord]:
    return TrainingRecord.objects.restrict(actor, "view").select_related("person", "provider")


def relations_visible_to(actor: Acting) -> RestrictedQuerySet[DeclaredRelation]:
    return DeclaredRelation.objects.restrict(actor, "view").select_related("person")


def violations_visible_to(actor: Acting) -> RestrictedQuerySet[StaffViolation]:
    return (
        StaffViolation.objects.restrict(actor, "view")
        .select_related("person", "person__employer", "institution", "reported_by")
        .prefetch_related(Prefetch("sanctions", queryset=StaffSanction.objects.select_related("decided_by")))
    )


def sanctions_visible_to(actor: Acting) -> RestrictedQuerySet[StaffSanction]:
    return StaffSanction.objects.restrict(actor, "view").select_related("person", "violation", "decided_by")


def assignments_visible_to(actor: Acting) -> RestrictedQuerySet[Assignment]:
    return Assignment.objects.restrict(actor, "view").select_related("person", "institution", "draw")


def draws_visible_to(actor: Acting) -> RestrictedQuerySet[StaffDraw]:
    return StaffDraw.objects.restrict(actor, "view").select_related(
        "institution", "occupation", "pool_jurisdiction", "drawn_by", "drawn_by_user"
    )


def targets_visible_to(actor: Acting) -> RestrictedQuerySet[WorkforceTarget]:
    return WorkforceTarget.objects.restrict(actor, "view").select_related("jurisdiction")


def employer_choices(actor: Acting) -> QuerySet[Organisation]:
    """Organisations the actor may name as a person's employer: its own, and institutions it can see."""
    qs = Organisation.objects.restrict(actor, "view").filter(is_active=True).exclude(kind=OrgKind.INDIVIDUAL)
    org = getattr(actor, "organisation", None)
    if org is not None and org.kind == OrgKind.INSTITUTION:
        return qs.filter(pk=org.pk)
    if org is not None and org.scope_level == "league":
        qs = qs.filter(jurisdiction_id=org.jurisdiction_id)
    return qs.select_related("jurisdiction").order_by("jurisdiction__sort_order", "kind", "name")


def institutions_for_dispatch(actor: Acting) -> QuerySet[Organisation]:
    qs = Organisation.objects.restrict(actor, "view").filter(kind=OrgKind.INSTITUTION, is_active=True)
    org = getattr(actor, "organisation", None)
    if org is not None and org.scope_level == "league":
        qs = qs.filter(jurisdiction_id=org.jurisdiction_id)
    return qs.select_related("jurisdiction").order_by("jurisdiction__sort_order", "name")


def jurisdictions_for(actor: Acting) -> QuerySet[Jurisdiction]:
    """Jurisdictions the actor plans for or sees: all for the region, its own for a league."""
    org = getattr(actor, "organisation", None)
    if actor is not None and getattr(actor, "is_superuser", False):
        return Jurisdiction.objects.all()
    if org is None:
        return Jurisdiction.objects.none()
    if org.scope_level == "region":
        return Jurisdiction.objects.all()
    if org.scope_level == "league":
        return Jurisdiction.objects.filter(pk=org.jurisdiction_id)
    return Jurisdiction.objects.none()


def person_history(person: Person) -> dict[str, Any]:
    """Everything on a person's page; the caller has already checked the person is visible."""
    return {
        "appointments": list(person.appointments.select_related("proposed_by", "decided_by").order_by("role")),
        "qualifications": list(
            person.qualifications.select_related("occupation", "granted_by").order_by("-is_active", "occupation__code")
        ),
        "trainings": list(person.trainings.select_related("provider").order_by("-completed_on", "-id")),
        "relations": list(person.relations.order_by("-is_active", "-declared_on", "-id")),
        "violations": list(
            person.violations.select_related("institution", "reported_by")
            .prefetch_related("sanctions")
            .order_by("-occurred_on", "-id")
        ),
        "assignments": list(person.assignments.select_related("institution", "draw").order_by("-on", "-id")[:50]),
    }


def sanction_in_force(person: Person, on: date | None = None) -> StaffSanction | None:
    return blocking_sanctions(on).filter(person=person).order_by("-starts_on").first()


# --- workbench counts ----------------------------------------------------------------------------


def register_counts(actor: Acting) -> dict[str, int]:
    """The workbench tiles of the personnel app, from the actor's own scope."""
    today = timezone.localdate()
    warn_days = int(get_policy("personnel.card_expiry_warning_days"))
    active = Appointment.objects.restrict(actor, "view").filter(status=AppointmentStatus.ACTIVE)
    return {
        "serving": active.filter(card_valid_until__gte=today).values("person_id").distinct().count(),
        "expiring": active.filter(
            card_valid_until__gte=today, card_valid_until__lte=today + timedelta(days=warn_days)
        ).count(),
        "expired": active.filter(Q(card_valid_until__lt=today) | Q(card_valid_until__isnull=True)).count(),
        "proposals": proposals_for(actor).count(),
        "sanctioned": blocking_sanctions(today)
        .filter(person__in=Person.objects.restrict(actor, "view").values("pk"))
        .values("person_id")
        .distinct()
        .count(),
        "open_violations": StaffViolation.objects.restrict(actor, "view").filter(status=ViolationStatus.OPEN).count(),
        "warn_days": warn_days,
    }


def may_view_people(actor: Acting) -> bool:
    return scope_q(actor, "view", Person.scope_policy) is not None


# --- workforce planning (R-SUP-8) ----------------------------------------------------------------


@dataclass
class WorkforceCell:
    group: str
    target: WorkforceTarget | None = None
    actual: int = 0
    trained: int = 0
    hours: float = 0.0

    @property
    def label(self) -> str:
        return str(StaffGroup(self.group).label)

    @property
    def headcount_target(self) -> int | None:
        return self.target.headcount if self.target else None

    @property
    def trained_target(self) -> int | None:
        return self.target.trained if self.target else None

    @property
    def headcount_gap(self) -> int | None:
        return None if self.target is None else self.actual - self.target.headcount

    @property
    def trained_gap(self) -> int | None:
        return None if self.target is None else self.trained - self.target.trained


@dataclass
class WorkforceRow:
    jurisdiction: Jurisdiction
    cells: list[WorkforceCell] = field(default_factory=list)


def workforce_reference_date(year: int) -> date:
    """Headcounts are as of the year's last day, or today for the current year."""
    today = timezone.localdate()
    end = date(year, 12, 31)
    return min(today, end) if year >= today.year else end


def workforce_summary(actor: Acting, year: int) -> list[WorkforceRow]:
    """Per jurisdiction and group: targets, people serving with a valid card, people trained in the year (R-SUP-8).

    Three aggregate queries whatever the number of jurisdictions.
    """
    jurisdictions = list(jurisdictions_for(actor))
    ids = [j.pk for j in jurisdictions]
    on = workforce_reference_date(year)
    serving: dict[tuple[int, str], set[int]] = defaultdict(set)
    for juris, role, pid in (
        Appointment.objects.filter(
            person__jurisdiction_id__in=ids,
            person__is_active=True,
            status=AppointmentStatus.ACTIVE,
            card_valid_until__gte=on,
        )
        .order_by()
        .values_list("person__jurisdiction_id", "role", "person_id")
        .distinct()
    ):
        serving[(juris, ROLE_GROUP[StaffRole(role)])].add(pid)
    trained: dict[tuple[int, str], set[int]] = defaultdict(set)
    hours: dict[tuple[int, str], float] = defaultdict(float)
    for juris, role, pid, total in (
        TrainingRecord.objects.filter(
            person__jurisdiction_id__in=ids, completed_on__year=year, result=TrainingResult.PASSED
        )
        .order_by()
        .values_list("person__jurisdiction_id", "role", "person_id")
        .annotate(total=Sum("hours"))
    ):
        key = (juris, ROLE_GROUP[StaffRole(role)])
        trained[key].add(pid)
        hours[key] += float(total or 0)
    targets = {
        (t.jurisdiction_id, t.group): t for t in WorkforceTarget.objects.filter(jurisdiction_id__in=ids, year=year)
    }
    rows = []
    for j in jurisdictions:
        cells = [
            WorkforceCell(
                group=g,
                target=targets.get((j.pk, g)),
                actual=len(serving[(j.pk, g)]),
                trained=len(trained[(j.pk, g)]),
                hours=hours[(j.pk, g)],
            )
            for g in StaffGroup.values
        ]
        rows.append(WorkforceRow(jurisdiction=j, cells=cells))
    return rows


def workforce_totals(rows: list[WorkforceRow]) -> list[dict[str, Any]]:
    totals = []
    for index, group in enumerate(StaffGroup.values):
        cells = [r.cells[index] for r in rows]
        with_target = [c for c in cells if c.target is not None]
        totals.append(
            {
                "group": group,
                "label": str(StaffGroup(group).label),
                "headcount_target": sum(c.target.headcount for c in with_target if c.target) if with_target else None,
                "actual": sum(c.actual for c in cells),
                "trained_target": sum(c.target.trained for c in with_target if c.target) if with_target else None,
                "trained": sum(c.trained for c in cells),
                "hours": sum(c.hours for c in cells),
            }
        )
    return totals


def draw_people(draw: StaffDraw) -> dict[int, Person]:
    ids = {e["id"] for e in draw.pool}
    return {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("employer", "jurisdiction")}


# --- session references (R-PER-3) ----------------------------------------------------------------

SESSION_REF_PREFIX = "exams:session:"
"""How the exams app keys a session on assignments and draws (`exams:session:<id>`)."""


@dataclass(frozen=True)
class SessionLink:
    """A session reference as a reader sees it: a Chinese label, and a link when the reader may open it."""

    label: str
    url: str | None = None


def _session_id(ref: str) -> int | None:
    rest = ref.removeprefix(SESSION_REF_PREFIX)
    return int(rest) if ref.startswith(SESSION_REF_PREFIX) and rest.isdigit() else None


def session_links(actor: Acting, refs: Iterable[str]) -> dict[str, SessionLink]:
    """Label every session reference; a session the actor may see links to its page.

    A reference that is not an exams session (typed by hand when drawing) is shown as typed.
    """
    wanted = {r for r in refs if r}
    out = {r: SessionLink(r) for r in wanted}
    ids = {pk: r for r in wanted if (pk := _session_id(r)) is not None}
    if not ids:
        return out
    exam_session = apps.get_model("exams", "ExamSession")
    visible = set(exam_session.objects.restrict(actor, "view").filter(pk__in=ids).values_list("pk", flat=True))
    found = {s.pk: s for s in exam_session.objects.filter(pk__in=ids).select_related("plan")}
    for pk, ref in ids.items():
        session = found.get(pk)
        if session is None:
            out[ref] = SessionLink(_("考试场次（编号%(id)s，已删除）") % {"id": pk})
        else:
            url = reverse("exams:session", args=[pk]) if pk in visible else None
            out[ref] = SessionLink(_("考试场次：%(session)s") % {"session": session}, url)
    return out


def with_session_links(actor: Acting, rows: Iterable[Any]) -> list[Any]:
    """Rows with a `session_ref` get `session_label` and `session_url` for the page and the export."""
    rows = list(rows)
    links = session_links(actor, (getattr(r, "session_ref", "") for r in rows))
    for row in rows:
        link = links.get(row.session_ref)
        row.session_label = link.label if link else ""
        row.session_url = link.url if link else None
    return rows


def occupation_by_code(code: str, edition: int = Edition.E2022) -> Occupation:
    """An occupation of the catalogue by its code, or a DomainError naming the code (R-CAT-1)."""
    code = (code or "").strip()
    if not code:
        raise DomainError(gettext("职业编码：不能为空"), field="occupation", code="required")
    if edition not in Edition.values:
        raise DomainError(
            gettext("大典版本：“%(edition)s”应为1999、2015或2022") % {"edition": edition},
            field="edition",
            code="invalid",
        )
    occupation = Occupation.objects.filter(edition=edition, code=code).first()
    if occupation is None:
        raise DomainError(
            gettext("职业编码：“%(code)s”不在职业目录（%(label)s大典）中")
            % {"code": code, "label": Edition(edition).label},
            field="occupation",
            code="unknown_occupation",
        )
    return occupation
