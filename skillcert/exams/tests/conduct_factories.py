"""A plan ready to be seated, staffed, held and scored, built directly (the services under test come after).

`closed_plan()` gives a filed institution with a venue and rooms, a plan whose registration
has closed with `n` approved candidates at level 4, the institution's examiners and internal
supervisor, an external supervisor in the league, and the users who act on it.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.catalog.models import Occupation
from skillcert.exams.choices import PlanStatus, RegistrationSource, RegistrationStatus
from skillcert.exams.models import ExamPlan, ExamSession, PlanLevel, Registration
from skillcert.institutions.choices import RoomKind
from skillcert.institutions.models import Institution, Room, Venue
from skillcert.institutions.tests.factories import FiledInstitutionFactory, bureau_user, occupation, staff
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.models import Person
from skillcert.personnel.tests.factories import external_supervisor, make_id_number, serving_person

_plan_serial = itertools.count(1)
NAMES = [
    "王伟",
    "李娜",
    "张敏",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄丽",
    "周强",
    "吴霞",
    "徐明",
    "孙燕",
    "马超",
    "朱琳",
    "胡军",
    "郭芳",
    "何勇",
    "高洁",
    "林涛",
    "罗兰",
]


@dataclass
class Scenario:
    institution: Institution
    occupation: Occupation
    venue: Venue
    written: Room
    workshop: Room
    plan: ExamPlan
    registrations: list[Registration]
    clerk: User
    bureau: User
    examiners: list[Person]
    internal: Person
    external: Person
    other_clerk: User
    extra: dict[str, Any] = field(default_factory=dict)

    def at(self, day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
        day = self.plan.first_session_on + datetime.timedelta(days=day_offset)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def closed_plan(n: int = 6, *, levels: tuple[int, ...] = (5, 4, 3), written_capacity: int = 30) -> Scenario:
    occ = occupation(levels=levels)
    institution = FiledInstitutionFactory(scope=[(occ, None, lv) for lv in levels])
    clerk = staff(institution, Role.CLERK)
    venue = Venue.objects.create(
        institution=institution, name="第一考点", league=institution.area, address="呼和浩特市新城区示例路8号"
    )
    written = Room.objects.create(venue=venue, name="101笔试室", kind=RoomKind.WRITTEN, capacity=written_capacity)
    workshop = Room.objects.create(venue=venue, name="实训车间A", kind=RoomKind.PRACTICAL, capacity=20)
    today = timezone.localdate()
    serial = next(_plan_serial)
    plan = ExamPlan.objects.create(
        number=f"JH-T-{serial:05d}",
        institution=institution,
        league=venue.league,
        occupation=occ,
        venue=venue,
        title=f"{occ.name}认定（测试{serial}）",
        first_session_on=today + datetime.timedelta(days=20),
        last_session_on=today + datetime.timedelta(days=21),
        expected_candidates=max(n, 1),
        registration_deadline=today + datetime.timedelta(days=5),
        status=PlanStatus.CLOSED,
        contact="0471-1234567",
    )
    plan.rooms.set([written, workshop])
    PlanLevel.objects.create(plan=plan, level=4, capacity=100)
    registrations = [
        Registration.objects.create(
            plan=plan,
            level=4,
            name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            id_number=make_id_number(area="150102", birth="19900101", serial=500 + serial * 37 + i),
            birth_date=datetime.date(1990, 1, 1),
            employer_name="呼和浩特市某餐饮有限公司",
            status=RegistrationStatus.APPROVED,
            submitted_at=timezone.now(),
            source=RegistrationSource.IMPORT,
        )
        for i in range(n)
    ]
    org = institution.organisation
    examiners = [serving_person(StaffRole.EXAMINER, occupation=occ, level=3, employer=org) for _ in range(3)]
    internal = serving_person(StaffRole.INTERNAL_SUPERVISOR, employer=org)
    external = external_supervisor("150100")
    other = FiledInstitutionFactory(scope=[(occ, None, 4)])
    return Scenario(
        institution=institution,
        occupation=occ,
        venue=venue,
        written=written,
        workshop=workshop,
        plan=plan,
        registrations=registrations,
        clerk=clerk,
        bureau=bureau_user("150100", Role.CLERK),
        examiners=examiners,
        internal=internal,
        external=external,
        other_clerk=staff(other, Role.CLERK),
    )


def add_sessions(s: Scenario) -> tuple[ExamSession, ExamSession]:
    """A theory session in the written room and a skills session in the workshop on the first day."""
    from skillcert.exams.services import sessions

    theory = sessions.create_session(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        room=s.written,
        starts_at=s.at(0, 9),
        ends_at=s.at(0, 11),
    )
    skills = sessions.create_session(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        room=s.workshop,
        starts_at=s.at(0, 14),
        ends_at=s.at(0, 17),
    )
    return theory, skills


def staffed(s: Scenario) -> tuple[ExamSession, ExamSession]:
    """Sessions with seats drawn and staffing confirmed: proctors, examiners and the internal supervisor."""
    from skillcert.exams.services import sessions, staffing

    theory, skills = add_sessions(s)
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="theory", seed="seed-theory")
    sessions.draw_seats(actor=s.clerk, plan=s.plan, level=4, component="skills", seed="seed-skills")
    for r in s.registrations:
        r.refresh_from_db()
    org = s.institution.organisation
    proctors = [serving_person(StaffRole.EXAMINER, employer=org) for _ in range(2)]
    for p in proctors:
        staffing.assign_staff(actor=s.clerk, session=theory, person=p, role="proctor")
    for e in s.examiners:
        staffing.assign_staff(actor=s.clerk, session=skills, person=e, role="skills_examiner")
    supervisor2 = serving_person(StaffRole.INTERNAL_SUPERVISOR, employer=org)
    staffing.assign_staff(actor=s.clerk, session=theory, person=s.internal, role="internal_supervisor")
    staffing.assign_staff(actor=s.clerk, session=skills, person=supervisor2, role="internal_supervisor")
    staffing.confirm_staffing(actor=s.clerk, session=theory)
    staffing.confirm_staffing(actor=s.clerk, session=skills)
    s.extra["proctors"] = proctors
    return theory, skills


def checked_in(s: Scenario) -> tuple[ExamSession, ExamSession]:
    from skillcert.exams.services import conduct

    theory, skills = staffed(s)
    for session in (theory, skills):
        for r in s.registrations:
            conduct.check_in(
                actor=s.clerk, session=session, registration=r, identity_verified=True, id_number=r.id_number
            )
    return theory, skills


def examiner_accounts(s: Scenario, skills: ExamSession, *, chief: int = 2) -> list[User]:
    """Sign-in accounts for the skills examiners (examiner role, the institution's organisation); the
    examiner at index `chief` is the session's chief examiner."""
    from skillcert.accounts.tests.factories import UserFactory
    from skillcert.exams.models import SessionStaff
    from skillcert.exams.services.sheets import designate_chief

    users = []
    for i, person in enumerate(s.examiners):
        user = UserFactory(
            organisation=s.institution.organisation, roles=[Role.EXAMINER], username=f"examiner{s.plan.pk}x{i}"
        )
        person.user = user
        person.save(update_fields=["user"])
        users.append(user)
    designate_chief(actor=s.clerk, staff=SessionStaff.objects.get(session=skills, person=s.examiners[chief]))
    return users
