"""Reads of the score grid (R-EXAM-8): a component's seated candidates with their examiners and scores so far,
the columns of its import template, and whether a candidate's scores pass. Entering, importing, confirming and
changing scores are in `skillcert.exams.services.scoring`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.catalog.models import Component
from skillcert.catalog.selectors import components_for
from skillcert.core.errors import DomainError
from skillcert.exams.choices import STAFF_FOR_COMPONENT, SheetEntry
from skillcert.exams.models import Attendance, ComponentScore, ExamPlan, ExamSession, Registration, Seat, SessionStaff
from skillcert.personnel.models import Person

__all__ = ["Grid", "GridRow", "examiner_header", "grid_component", "passes", "score_grid", "template_headers"]


@dataclass
class GridRow:
    """One candidate's line of the score grid for a component."""

    registration: Registration
    session: ExamSession
    seat: int
    examiners: list[Person]
    score: ComponentScore | None
    examiner_scores: dict[int, Decimal]
    checked_in: bool
    sheets: frozenset[int] = frozenset()
    """Examiners whose score is their own sheet or a paper sheet entered on their behalf (not the grid's)."""

    @property
    def voided(self) -> bool:
        return bool(self.score and self.score.voided)


@dataclass
class Grid:
    plan: ExamPlan
    level: int
    component: Component
    rows: list[GridRow]
    examiners: list[Person]
    """Every examiner of the component's sessions, in column order."""

    @property
    def by_examiner(self) -> bool:
        return self.component.kind != ComponentKind.THEORY

    @property
    def locked(self) -> bool:
        return any(r.score is not None and r.score.locked for r in self.rows)


def grid_component(plan: ExamPlan, level: int, kind: str) -> Component:
    for component in components_for(plan.occupation, level):
        if component.kind == kind:
            return component
    name = ComponentKind(kind).label if kind in ComponentKind.values else kind
    raise DomainError(
        gettext("考核科目：%(name)s%(level_label)s没有“%(name2)s”")
        % {"name": plan.occupation.name, "level_label": level_label(level), "name2": name},
        field="component",
        code="invalid",
    )


def score_grid(plan: ExamPlan, level: int, kind: str) -> Grid:
    """The candidates seated for a component with their examiners and scores so far, in a fixed number of queries."""
    component = grid_component(plan, level, kind)
    seats = list(
        Seat.objects.filter(session__plan=plan, session__level=level, session__component=kind)
        .select_related("registration", "session__room")
        .order_by("session__starts_at", "session_id", "seat_number")
    )
    examiners_by_session: dict[int, list[Person]] = defaultdict(list)
    role = STAFF_FOR_COMPONENT[kind]
    if kind != ComponentKind.THEORY:
        for staff in (
            SessionStaff.objects.filter(session__plan=plan, session__level=level, session__component=kind, role=role)
            .select_related("person")
            .order_by("session_id", "id")
        ):
            examiners_by_session[staff.session_id].append(staff.person)
    reg_ids = [s.registration_id for s in seats]
    scores = {
        s.registration_id: s
        for s in ComponentScore.objects.filter(registration_id__in=reg_ids, component=kind).prefetch_related(
            "examiner_scores"
        )
    }
    present = set(
        Attendance.objects.filter(
            session__plan=plan, session__level=level, session__component=kind, identity_verified=True
        ).values_list("registration_id", flat=True)
    )
    rows = [
        GridRow(
            registration=seat.registration,
            session=seat.session,
            seat=seat.seat_number,
            examiners=examiners_by_session.get(seat.session_id, []),
            score=scores.get(seat.registration_id),
            examiner_scores=(
                {e.examiner_id: e.score for e in scores[seat.registration_id].examiner_scores.all()}
                if seat.registration_id in scores
                else {}
            ),
            checked_in=seat.registration_id in present,
            sheets=(
                frozenset(
                    e.examiner_id
                    for e in scores[seat.registration_id].examiner_scores.all()
                    if e.entry != SheetEntry.GRID
                )
                if seat.registration_id in scores
                else frozenset()
            ),
        )
        for seat in seats
    ]
    columns: dict[int, Person] = {}
    for people in examiners_by_session.values():
        for person in people:
            columns.setdefault(person.pk, person)
    return Grid(plan, level, component, rows, list(columns.values()))


def examiner_header(person: Person, all_people: Sequence[Person]) -> str:
    """The import/export column of an examiner: the name, with the register id if two share it."""
    same = [p for p in all_people if p.name == person.name]
    return f"{person.name}#{person.pk}" if len(same) > 1 else person.name


def template_headers(grid: Grid) -> list[str]:
    if not grid.by_examiner:
        return [gettext("准考证号"), gettext("姓名"), gettext("缺考"), gettext("成绩")]
    return [
        gettext("准考证号"),
        gettext("姓名"),
        gettext("缺考"),
        *[examiner_header(p, grid.examiners) for p in grid.examiners],
    ]


def passes(components: Sequence[Component], scores: Mapping[str, ComponentScore]) -> bool:
    """Every required component present, not voided, not absent and at or above its pass mark (R-EXAM-8)."""
    for component in components:
        cs = scores.get(component.kind)
        if cs is None or cs.voided or cs.absent or cs.score is None or cs.score < component.pass_mark:
            return False
    return True
