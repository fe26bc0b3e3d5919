"""Sessions and rooms within capacity, seats drawn by lot with a recorded seed, admission tickets (R-EXAM-5).

A session is one sitting of one component of one level in one room. Seats are drawn per
(plan, level, component) over all of its sessions at once: the approved registrations,
ordered by registration id, are shuffled by a partial Fisher–Yates shuffle driven only by
`random.Random(seed).random()` and fill the sessions in order of start time, seat 1 upwards.
The seed is stored on each session's `SeatDraw`, so anyone holding the record can repeat the
draw (`replay_seat_draw`) and get the same seats.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.catalog.models import Component
from skillcert.catalog.selectors import components_for
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.scoping import require_row
from skillcert.core.validation import clean_model, clean_text
from skillcert.exams.choices import (
    ROOM_KINDS_FOR_COMPONENT,
    ConductEvent,
    PlanStatus,
    RegistrationStatus,
    StaffingTrigger,
)
from skillcert.exams.models import ExamPlan, ExamSession, Registration, Seat, SeatDraw
from skillcert.exams.selectors.tickets import ticket_data
from skillcert.exams.services.access import require_institution_staff, user_or_none
from skillcert.exams.services.staffing_checks import recheck_session, recheck_sessions
from skillcert.institutions.choices import RoomKind
from skillcert.institutions.models import Room

SESSION_EDIT_STATUSES = frozenset(
    {PlanStatus.DRAFT, PlanStatus.FILED, PlanStatus.QUESTIONED, PlanStatus.OPEN, PlanStatus.CLOSED}
)
"""Plans whose sessions may still be set up or changed; once the exams run, the timetable stands."""
SEATING_STATUSES = frozenset({PlanStatus.CLOSED})
"""Seats are drawn once registration has closed, so the set of candidates is fixed."""
SEAT_ALGORITHM = (  # i18n: data (stored with each draw as the record of how it was made)
    "按报名ID升序排列审核通过的考生，以 random.Random(种子).random() 驱动部分 Fisher–Yates 洗牌，"
    "按场次开始时间依次从1号座位起排满各场次"
)


# --- sessions -------------------------------------------------------------------------------------


def _component(plan: ExamPlan, level: int, kind: str) -> Component:
    if kind not in ComponentKind.values:
        raise DomainError(
            gettext("考核科目：“%(kind)s”不是有效的考核科目") % {"kind": kind}, field="component", code="invalid"
        )
    for component in components_for(plan.occupation, level):
        if component.kind == kind:
            return component
    raise DomainError(
        gettext("考核科目：%(name)s%(level_label)s的现行标准没有“%(label)s”")
        % {"name": plan.occupation.name, "level_label": level_label(level), "label": ComponentKind(kind).label},
        field="component",
        code="component_not_in_standard",
    )


def _local_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _check_session(
    *,
    plan: ExamPlan,
    level: int,
    kind: str,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    instance: ExamSession | None = None,
) -> None:
    if plan.status not in SESSION_EDIT_STATUSES:
        raise DomainError(
            gettext("认定计划状态为“%(get_status_display)s”，不能再安排或调整考试场次")
            % {"get_status_display": plan.get_status_display()},
            field="plan",
            code="plan_status",
        )
    if not plan.levels.filter(level=level).exists():
        raise DomainError(
            gettext("等级：认定计划不含%(level_label)s") % {"level_label": level_label(level)},
            field="level",
            code="level_not_in_plan",
        )
    component = _component(plan, level, kind)
    if room.venue_id != plan.venue_id:
        raise DomainError(
            gettext("考场：“%(name)s”不属于本计划的考点“%(name2)s”") % {"name": room.name, "name2": plan.venue.name},
            field="room",
            code="room_venue",
        )
    plan_rooms = set(plan.rooms.values_list("pk", flat=True))
    if plan_rooms and room.pk not in plan_rooms:
        raise DomainError(
            gettext("考场：“%(name)s”不在认定计划报送的考场中") % {"name": room.name},
            field="room",
            code="room_not_in_plan",
        )
    allowed = ROOM_KINDS_FOR_COMPONENT[kind]
    if room.kind not in allowed:
        kinds = "、".join(str(RoomKind(k).label) for k in sorted(allowed))
        raise DomainError(
            gettext("考场：“%(name)s”是%(get_kind_display)s考场，%(label)s应安排在%(kinds)s考场")
            % {
                "name": room.name,
                "get_kind_display": room.get_kind_display(),
                "label": ComponentKind(kind).label,
                "kinds": kinds,
            },
            field="room",
            code="room_kind",
        )
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        raise DomainError(gettext("考位数：应为正整数"), field="capacity", code="invalid")
    if capacity > room.capacity:
        raise DomainError(
            gettext("考位数：%(capacity)s超过考场“%(name)s”的容纳人数%(capacity2)s")
            % {"capacity": capacity, "name": room.name, "capacity2": room.capacity},
            field="capacity",
            code="over_room_capacity",
        )
    if ends_at <= starts_at:
        raise DomainError(gettext("结束时间：应晚于开始时间"), field="ends_at", code="times")
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes < component.min_duration_minutes:
        raise DomainError(
            gettext("结束时间：%(label)s考核时间%(minutes)s分钟，少于标准规定的最短%(min_duration_minutes)s分钟")
            % {
                "label": ComponentKind(kind).label,
                "minutes": minutes,
                "min_duration_minutes": component.min_duration_minutes,
            },
            field="ends_at",
            code="too_short",
        )
    day = _local_date(starts_at)
    if not (plan.first_session_on <= day <= plan.last_session_on):
        raise DomainError(
            gettext("开始时间：%(day)s不在认定计划的考试日期（%(first_session_on)s至%(last_session_on)s）内")
            % {"day": day, "first_session_on": plan.first_session_on, "last_session_on": plan.last_session_on},
            field="starts_at",
            code="outside_plan_dates",
        )
    clash = ExamSession.objects.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    other = clash.select_related("plan").first()
    if other is not None:
        raise DomainError(
            gettext(
                "开始时间：考场“%(name)s”在%(localtime)s至%(localtime2)s已安排场次（%(number)s），同一考场时间不能重叠"
            )
            % {
                "name": room.name,
                "localtime": format(timezone.localtime(other.starts_at), "%Y-%m-%d %H:%M"),
                "localtime2": format(timezone.localtime(other.ends_at), "%H:%M"),
                "number": other.plan.number,
            },
            field="starts_at",
            code="room_busy",
        )
    if instance is not None:
        seated = instance.seats.count()
        if capacity < seated:
            raise DomainError(
                gettext("考位数：本场次已排座%(seated)s人，考位数不能少于%(seated2)s")
                % {"seated": seated, "seated2": seated},
                field="capacity",
                code="below_seated",
            )


def create_session(
    *,
    actor: Actor,
    plan: ExamPlan,
    level: int,
    component: str,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int | None = None,
) -> ExamSession:
    """Add a session of one component and level in one room, within the room's capacity (R-EXAM-5)."""
    require_institution_staff(actor, plan)
    capacity = room.capacity if capacity is None else capacity
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        _check_session(
            plan=plan, level=level, kind=component, room=room, starts_at=starts_at, ends_at=ends_at, capacity=capacity
        )
        session = ExamSession(
            plan=plan,
            level=level,
            component=component,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
        )
        clean_model(session)
        session.save()
        record_event(actor=actor, action=ConductEvent.SESSION_SAVED, obj=session, after=snapshot(session))
    return session


def update_session(
    *,
    actor: Actor,
    session: ExamSession,
    room: Room | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    capacity: int | None = None,
) -> ExamSession:
    """Move a session to another room or time, or change its seats, still within capacity (R-EXAM-5)."""
    plan = session.plan
    require_institution_staff(actor, plan)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        session = ExamSession.objects.select_related("room").get(pk=session.pk)
        before = snapshot(session)
        session.room = room or session.room
        session.starts_at = starts_at or session.starts_at
        session.ends_at = ends_at or session.ends_at
        session.capacity = session.capacity if capacity is None else capacity
        _check_session(
            plan=plan,
            level=session.level,
            kind=session.component,
            room=session.room,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            capacity=session.capacity,
            instance=session,
        )
        clean_model(session)
        session.save()
        record_event(
            actor=actor, action=ConductEvent.SESSION_SAVED, obj=session, before=before, after=snapshot(session)
        )
        recheck_session(session=session, trigger=StaffingTrigger.SESSION_CHANGED, actor=user_or_none(actor))
    return session


def delete_session(*, actor: Actor, session: ExamSession) -> None:
    """Remove a session nobody is seated in or staffed for yet (R-EXAM-5)."""
    plan = session.plan
    require_institution_staff(actor, plan)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in SESSION_EDIT_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”，不能删除场次")
                % {"get_status_display": plan.get_status_display()},
                field="plan",
                code="plan_status",
            )
        if session.seats.exists() or session.staff.exists():
            raise DomainError(gettext("本场次已排座或已安排考务人员，不能删除"), field="session", code="in_use")
        record_event(actor=actor, action=ConductEvent.SESSION_DELETED, obj=session, before=snapshot(session))
        session.delete()


# --- exam numbers and seats -------------------------------------------------------------------------


def ensure_exam_numbers(plan: ExamPlan, registrations: Sequence[Registration]) -> None:
    """Approval gives each registration its exam number (`review.approve_registration`); any approved
    registration still without one gets it here, in registration order, with the same numbering."""
    from skillcert.exams.services.review import _next_exam_number

    for registration in sorted((r for r in registrations if not r.exam_number), key=lambda r: r.pk):
        registration.exam_number = _next_exam_number(plan, registration.level)
        registration.save(update_fields=["exam_number", "updated_at"])


def shuffle_order(ids: Sequence[int], seed: str) -> list[int]:
    """A full Fisher–Yates shuffle of the ids (ascending first) driven by random.Random(seed).random()."""
    rng = random.Random(seed)  # noqa: S311 - reproducibility is the point; the seed is recorded
    items = sorted(ids)
    for i in range(len(items) - 1):
        j = i + int(rng.random() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return items


def seat_plan(
    sessions: Sequence[ExamSession], registration_ids: Sequence[int], seed: str
) -> list[tuple[int, int, int]]:
    """(session id, seat number, registration id) for every candidate, sessions filled in order."""
    order = shuffle_order(registration_ids, seed)
    out: list[tuple[int, int, int]] = []
    position = 0
    for session in sessions:
        for seat_number in range(1, session.capacity + 1):
            if position >= len(order):
                return out
            out.append((session.pk, seat_number, order[position]))
            position += 1
    return out


def _sitting(plan: ExamPlan, level: int, component: str) -> list[ExamSession]:
    return list(
        ExamSession.objects.filter(plan=plan, level=level, component=component)
        .select_related("room")
        .order_by("starts_at", "id")
    )


def draw_seats(*, actor: Actor, plan: ExamPlan, level: int, component: str, seed: str | None = None) -> list[SeatDraw]:
    """Draw the seats of one level's component by lot over all its sessions, recording the seed (R-EXAM-5)."""
    require_institution_staff(actor, plan)
    seed = clean_text(
        seed, field="seed", label=gettext("随机种子"), required=False, max_length=64
    ) or secrets.token_hex(8)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in SEATING_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”：报名截止后、开考前方可抽签排座")
                % {"get_status_display": plan.get_status_display()},
                field="plan",
                code="plan_status",
            )
        _component(plan, level, component)
        label = f"{level_label(level)}{ComponentKind(component).label}"
        sessions = _sitting(plan, level, component)
        if not sessions:
            raise DomainError(
                gettext("%(label)s尚未安排考试场次") % {"label": label}, field="component", code="no_sessions"
            )
        if Seat.objects.filter(session__in=sessions).exists():
            raise DomainError(
                gettext("%(label)s已经抽签排座，不能重复抽签") % {"label": label},
                field="component",
                code="already_drawn",
            )
        pending = plan.registrations.filter(level=level, status=RegistrationStatus.SUBMITTED).count()
        if pending:
            raise DomainError(
                gettext("%(level_label)s尚有%(pending)s名考生待资格审核，审核完成后方可抽签排座")
                % {"level_label": level_label(level), "pending": pending},
                field="level",
                code="pending_review",
            )
        registrations = list(plan.registrations.filter(level=level, status=RegistrationStatus.APPROVED))
        if not registrations:
            raise DomainError(
                gettext("%(level_label)s没有审核通过的考生") % {"level_label": level_label(level)},
                field="level",
                code="no_candidates",
            )
        seats_total = sum(s.capacity for s in sessions)
        if len(registrations) > seats_total:
            raise DomainError(
                gettext(
                    "考位不足：%(label)s共%(len)s个场次、%(seats_total)s个考位，审核通过的考生有%(len2)s人；请增加场次或考场"
                )
                % {"label": label, "len": len(sessions), "seats_total": seats_total, "len2": len(registrations)},
                field="capacity",
                code="over_capacity",
            )
        ensure_exam_numbers(plan, registrations)
        placement = seat_plan(sessions, [r.pk for r in registrations], seed)
        drawn_at = timezone.now()
        draws: dict[int, SeatDraw] = {}
        for session in sessions:
            draws[session.pk] = SeatDraw.objects.create(
                session=session, seed=seed, algorithm=SEAT_ALGORITHM, drawn_by=user_or_none(actor), drawn_at=drawn_at
            )
        Seat.objects.bulk_create(
            [
                Seat(session_id=sid, seat_number=number, registration_id=rid, draw=draws[sid])
                for sid, number, rid in placement
            ]
        )
        for session in sessions:
            record_event(
                actor=actor,
                action=ConductEvent.SEATS_DRAWN,
                obj=draws[session.pk],
                after={
                    "seed": seed,
                    "session": session.pk,
                    "seats": [(number, rid) for sid, number, rid in placement if sid == session.pk],
                },
            )
        recheck_sessions(sessions, trigger=StaffingTrigger.SEATS_DRAWN, actor=user_or_none(actor))
    return list(draws.values())


@dataclass
class DrawCheck:
    """Whether re-running a recorded draw gives the seats on record (R-EXAM-5)."""

    seed: str
    matches: bool
    candidates: int
    differences: list[str] = field(default_factory=list)


def replay_seat_draw(draw: SeatDraw) -> DrawCheck:
    """Repeat the draw from its seed and the registrations it seated; compare with the seats on record."""
    session = draw.session
    sessions = [
        s for s in _sitting(session.plan, session.level, session.component) if s.draws.filter(seed=draw.seed).exists()
    ]
    recorded = {
        (s.session_id, s.seat_number): s.registration_id
        for s in Seat.objects.filter(session__in=sessions, draw__seed=draw.seed)
    }
    replay = {(sid, number): rid for sid, number, rid in seat_plan(sessions, list(recorded.values()), draw.seed)}
    differences = [
        gettext("场次%(sid)s 座位%(number)s：记录为报名%(get)s，重算为报名%(rid)s")
        % {"sid": sid, "number": number, "get": recorded.get((sid, number)), "rid": rid}
        for (sid, number), rid in replay.items()
        if recorded.get((sid, number)) != rid
    ]
    return DrawCheck(draw.seed, not differences and len(replay) == len(recorded), len(recorded), differences)


# --- admission tickets (准考证) -----------------------------------------------------------------------


def ticket_pdf(*, actor: Actor, registration: Registration) -> bytes:
    """The admission ticket as a one-page A4 PDF with the photo (R-EXAM-5); the candidate or the institution."""
    require_row(actor, "view", registration)
    from skillcert.exams.tickets import render_ticket

    data = render_ticket(ticket_data(registration))
    from skillcert.archives.choices import FilePurpose
    from skillcert.archives.files import store_file

    name = gettext("准考证-%(value)s.pdf") % {"value": registration.exam_number or registration.pk}
    plan = registration.plan
    store_file(
        actor=actor, content=data, name=name, purpose=FilePurpose.TICKET, subject=registration, plan=plan, once=True
    )
    return data
