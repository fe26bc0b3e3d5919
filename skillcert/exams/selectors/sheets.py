"""Reads of examiners' own score sheets: the rubric, an examiner's sheets, blind until all have signed,
and the gaps before a chief examiner (R-EXAM-11)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor
from skillcert.catalog.choices import ComponentKind
from skillcert.catalog.models import Component
from skillcert.catalog.selectors import components_for
from skillcert.core.policy import get_policy
from skillcert.exams.choices import STAFF_FOR_COMPONENT, GapReviewStatus
from skillcert.exams.models import (
    ComponentScore,
    ExaminerScore,
    ExamPlan,
    ExamSession,
    GapReview,
    ScoringRubric,
    Seat,
    SessionStaff,
)

CENT = Decimal("0.01")


def mean(values: Iterable[Decimal]) -> Decimal:
    """The examiners' mean, two decimals, half up (R-EXAM-8)."""
    items = list(values)
    return (sum(items, Decimal(0)) / len(items)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Criterion:
    """One item of a rubric: a key, a title and its maximum; `group` names the task it belongs to, if any."""

    key: str
    title: str
    max: Decimal
    group: str = ""


@dataclass(frozen=True)
class VoidRule:
    """A task of a rubric whose faults (否决项) void it: ticking any sets the task's marks to 0."""

    group: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class SheetRubric:
    """What an examiner's sheet of a session is marked against: criteria, and the void rules of its tasks."""

    criteria: list[Criterion]
    voids: list[VoidRule] = field(default_factory=list)


RubricSource = Callable[[ExamSession], "SheetRubric | None"]
_RUBRIC_SOURCES: list[RubricSource] = []


def register_rubric_source(source: RubricSource) -> RubricSource:
    """Another app supplies a session's rubric (the item bank: the steps of a sealed skills paper's tasks)."""
    if source not in _RUBRIC_SOURCES:
        _RUBRIC_SOURCES.append(source)
    return source


def session_rubric(session: ExamSession) -> SheetRubric:
    """The rubric of a session's sheets: a registered source's (a skills paper), else the plan's `ScoringRubric`."""
    for source in _RUBRIC_SOURCES:
        rubric = source(session)
        if rubric is not None:
            return rubric
    return SheetRubric(rubric_criteria(session.plan, session.level, session.component))


def sheet_total(marks: Mapping[str, Decimal], criteria: Sequence[Criterion], voided: Iterable[str] = ()) -> Decimal:
    """The total of a sheet: the sum of the marks, except a voided task's criteria count 0."""
    dead = set(voided)
    groups = {c.key: c.group for c in criteria}
    return sum((v for k, v in marks.items() if not (groups.get(k) and groups.get(k) in dead)), Decimal(0)).quantize(
        CENT
    )


def component_of(plan: ExamPlan, level: int, kind: str) -> Component | None:
    for component in components_for(plan.occupation, level):
        if component.kind == kind:
            return component
    return None


def rubric_criteria(plan: ExamPlan, level: int, kind: str) -> list[Criterion]:
    """The rubric's criteria of a component, or one criterion "总分" worth the full marks when it has none."""
    rubric = ScoringRubric.objects.filter(plan=plan, level=level, component=kind).first()
    if rubric is not None and rubric.criteria:
        return [Criterion(str(c["key"]), str(c["title"]), Decimal(str(c["max"]))) for c in rubric.criteria]
    component = component_of(plan, level, kind)
    full = Decimal(component.full_marks if component is not None else 100)
    return [Criterion("total", _("总分"), full)]


def gap_threshold(full_marks: Decimal | int) -> Decimal:
    """Points by which examiners' totals may differ before the chief examiner decides (`exams.examiner_gap_percent`)."""
    percent = Decimal(str(get_policy("exams.examiner_gap_percent")))
    return (Decimal(full_marks) * percent / 100).quantize(CENT)


def scoring_role(kind: str) -> str:
    return STAFF_FOR_COMPONENT[kind]


def assignment(actor: Actor, session: ExamSession) -> SessionStaff | None:
    """The actor's own place among the session's scoring staff, if any."""
    if not getattr(actor, "is_authenticated", False) or session.component == ComponentKind.THEORY:
        return None
    return (
        SessionStaff.objects.filter(session=session, person__user=actor, role=scoring_role(session.component))
        .select_related("person")
        .first()
    )


def seats_to_score(actor: Actor) -> QuerySet[Seat]:
    """Seats of the skills and 综合评审 sessions the actor scores: scoped with ``restrict``, then their own sessions."""
    if not getattr(actor, "is_authenticated", False):
        return Seat.objects.none()
    return (
        Seat.objects.restrict(actor, "score")
        .filter(
            Q(session__component=ComponentKind.SKILLS, session__staff__role=scoring_role(ComponentKind.SKILLS))
            | Q(session__component=ComponentKind.REVIEW, session__staff__role=scoring_role(ComponentKind.REVIEW)),
            session__staff__person__user=actor,
        )
        .distinct()
    )


def seats_visible_for_sheets(actor: Actor) -> QuerySet[Seat]:
    """Seats an actor may look at through the sheet endpoints: office staff's plans, or an examiner's own sessions."""
    office = Seat.objects.restrict(actor, "view").values("pk")
    mine = seats_to_score(actor).values("pk")
    return Seat.objects.filter(Q(pk__in=office) | Q(pk__in=mine)).select_related(
        "session__plan__occupation", "session__room", "registration"
    )


def gap_reviews_visible_to(actor: Actor) -> QuerySet[GapReview]:
    """Office staff see their plans' reviews; a chief examiner those of the sessions they lead."""
    if not getattr(actor, "is_authenticated", False):
        return GapReview.objects.none()
    office = GapReview.objects.restrict(actor, "view").values("pk")
    chief = (
        GapReview.objects.restrict(actor, "score")
        .filter(session__staff__person__user=actor, session__staff__is_chief=True)
        .values("pk")
    )
    return GapReview.objects.filter(Q(pk__in=office) | Q(pk__in=chief)).select_related(
        "component_score__registration", "session__room", "session__plan", "decided_by", "chief"
    )


@dataclass
class SheetView:
    """One examiner's sheet of one seated candidate as the examiner sees it: blind until everyone signed."""

    seat: Seat
    criteria: list[Criterion]
    mine: ExaminerScore | None
    examiners: int
    signed: int
    others: list[ExaminerScore] = field(default_factory=list)
    """Everyone else's sheets, filled only once every examiner of the session has signed."""
    review: GapReview | None = None
    component_score: ComponentScore | None = None

    @property
    def all_signed(self) -> bool:
        return self.examiners > 0 and self.signed == self.examiners


def sheet_view(seat: Seat, staff: SessionStaff | None) -> SheetView:
    """What the examiner `staff` sees of a candidate's sheets: their own marks, and the others' after all signed.

    Office staff (`staff=None`) are no party to the blind scoring and see every sheet.
    """
    return _views([seat], {seat.session_id: staff.person_id} if staff is not None else {})[0]


def sheet_views(seats: Sequence[Seat], actor: Actor) -> list[SheetView]:
    """`sheet_view` for a page of seats as `actor` sees them, in a fixed number of queries (the list endpoint)."""
    sessions = {seat.session_id for seat in seats}
    me: dict[int, int] = {}
    if getattr(actor, "is_authenticated", False) and sessions:
        for session_id, person_id, component, role in SessionStaff.objects.filter(
            session_id__in=sessions, person__user=actor
        ).values_list("session_id", "person_id", "session__component", "role"):
            if component != ComponentKind.THEORY and role == scoring_role(component):
                me[session_id] = person_id
    return _views(seats, me)


def _views(seats: Sequence[Seat], me: dict[int, int]) -> list[SheetView]:
    """Build the views; `me` maps a session to the viewer's own person id where they score it."""
    if not seats:
        return []
    sessions = {seat.session_id for seat in seats}
    examiners: dict[int, list[int]] = defaultdict(list)
    for session_id, person_id, component, role in SessionStaff.objects.filter(session_id__in=sessions).values_list(
        "session_id", "person_id", "session__component", "role"
    ):
        if component != ComponentKind.THEORY and role == scoring_role(component):
            examiners[session_id].append(person_id)
    wanted = Q()
    for seat in seats:
        wanted |= Q(registration_id=seat.registration_id, component=seat.session.component)
    scores = {
        (cs.registration_id, cs.component): cs
        for cs in ComponentScore.objects.filter(wanted)
        .prefetch_related(
            Prefetch("examiner_scores", queryset=ExaminerScore.objects.select_related("examiner").order_by("id"))
        )
        .prefetch_related(Prefetch("gap_reviews", queryset=GapReview.objects.order_by("-flagged_at", "-id")))
    }
    criteria: dict[int, list[Criterion]] = {}
    views: list[SheetView] = []
    for seat in seats:
        session = seat.session
        key = session.pk
        if key not in criteria:
            criteria[key] = session_rubric(session).criteria
        cs = scores.get((seat.registration_id, session.component))
        people = examiners.get(seat.session_id, [])
        sheets = [s for s in cs.examiner_scores.all() if s.examiner_id in people] if cs is not None else []
        mine_id = me.get(seat.session_id)
        mine = next((s for s in sheets if s.examiner_id == mine_id), None) if mine_id is not None else None
        view = SheetView(seat, criteria[key], mine, len(people), sum(1 for s in sheets if s.final), component_score=cs)
        if view.all_signed or mine_id is None:
            view.others = [s for s in sheets if s.examiner_id != mine_id]
        if cs is not None:
            view.review = next(iter(cs.gap_reviews.all()), None)
        views.append(view)
    return views


@dataclass
class SessionSheets:
    """An examiner's count of sheets in one session: candidates seated, signed, to sign."""

    staff: SessionStaff
    seated: int
    signed: int
    absent: int = 0

    @property
    def to_sign(self) -> int:
        return max(self.seated - self.signed - self.absent, 0)


def sheets_to_sign(actor: Actor) -> list[SessionSheets]:
    """The actor's scoring sessions with counts, in a fixed number of queries (the workbench)."""
    if not getattr(actor, "is_authenticated", False):
        return []
    staff = list(
        SessionStaff.objects.filter(
            person__user=actor,
            role__in=[scoring_role(ComponentKind.SKILLS), scoring_role(ComponentKind.REVIEW)],
            session__plan__status__in=["in_progress", "scoring"],
        )
        .select_related("session__plan", "session__room", "person")
        .order_by("session__starts_at", "pk")
    )
    if not staff:
        return []
    sessions = [s.session_id for s in staff]
    seated: dict[int, int] = defaultdict(int)
    for session_id in Seat.objects.filter(session_id__in=sessions).values_list("session_id", flat=True):
        seated[session_id] += 1
    signed: dict[tuple[int, int], int] = defaultdict(int)
    for person_id, session_id in ExaminerScore.objects.filter(
        examiner_id__in=[s.person_id for s in staff],
        signed_at__isnull=False,
        component_score__registration__seats__session_id__in=sessions,
        component_score__component=F("component_score__registration__seats__session__component"),
    ).values_list("examiner_id", "component_score__registration__seats__session_id"):
        signed[(person_id, session_id)] += 1
    absent: dict[int, int] = defaultdict(int)
    for session_id in ComponentScore.objects.filter(
        Q(absent=True) | Q(voided=True),
        registration__seats__session_id__in=sessions,
        component=F("registration__seats__session__component"),
    ).values_list("registration__seats__session_id", flat=True):
        absent[session_id] += 1
    return [
        SessionSheets(s, seated[s.session_id], signed[(s.person_id, s.session_id)], absent[s.session_id]) for s in staff
    ]


def open_gaps_for_chief(actor: Actor) -> QuerySet[GapReview]:
    """Open gap reviews of the sessions where the actor is the chief examiner."""
    return (
        gap_reviews_visible_to(actor)
        .filter(status=GapReviewStatus.OPEN, session__staff__person__user=actor, session__staff__is_chief=True)
        .order_by("flagged_at", "pk")
    )
