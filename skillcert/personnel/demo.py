"""Demo examiners and supervisors for the demo institutions (seed_demo): qualified examiners and
internal supervisors per institution, external supervisors per league, a pending proposal, one
expired card, one suspended examiner, one declared relation, workforce targets and one draw.

Everything goes through the services with the demo users as actors, so the audit log reads
like real work. Running it again changes nothing: people are keyed by their ID number.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.catalog.models import Occupation
from skillcert.core.fields import blind_index_for
from skillcert.core.validators import resident_id_check_digit
from skillcert.personnel.choices import RelationKind, SanctionKind, StaffGroup, StaffRole, TrainingResult
from skillcert.personnel.eligibility import PoolFilter
from skillcert.personnel.models import Appointment, DeclaredRelation, Person, StaffDraw, StaffSanction, WorkforceTarget
from skillcert.personnel.services.dispatch import draw_staff
from skillcert.personnel.services.people import register_person
from skillcert.personnel.services.qualifications import grant_qualification, record_training
from skillcert.personnel.services.relations import declare_relation
from skillcert.personnel.services.sanctions import record_violation, sanction_violation
from skillcert.personnel.services.workforce import set_workforce_target

AREAS = {"150100": "150102", "150200": "150203", "150600": "150602"}
"""League → the area code of its people's ID numbers."""
OCCUPATIONS = {
    "150100": ["4-03-02-01", "4-10-01-05"],  # 中式烹调师, 养老护理员
    "150200": ["6-18-02-04", "6-31-01-03"],  # 焊工, 电工
    "150600": ["4-12-01-01", "4-03-02-02"],  # 汽车维修工, 中式面点师
}
EXAMINERS = {
    "150100": ["张建国", "李淑芬", "王志强"],
    "150200": ["刘海军", "陈玉兰", "杨宝山"],
    "150600": ["赵永胜", "孙丽娟", "周福林"],
}
INTERNAL = {"150100": "吴秀梅", "150200": "郑文斌", "150600": "冯雅琴"}
EXTERNAL = {
    "150100": [("乌云其木格", "内蒙古大学"), ("高振华", "内蒙古工业大学"), ("巴特尔", "内蒙古师范大学")],
    "150200": [("韩立军", "包头职业技术学院"), ("苏日娜", "内蒙古科技大学"), ("曹德胜", "包头市总工会")],
    "150600": [("那日松", "鄂尔多斯职业学院"), ("贾文静", "鄂尔多斯应用技术学院"), ("任建平", "伊金霍洛旗职业中学")],
}
PROPOSED = {"150100": "马晓东"}
EXPIRED_CARD = ("150200", 2)  # 杨宝山's card ran out
SANCTIONED = ("150600", 2)  # 周福林 is suspended
RELATION = ("150100", 0)  # 张建国 declared his nephew
TARGETS = {
    StaffGroup.MANAGER: (4, 4),
    StaffGroup.EXAMINER: (12, 8),
    StaffGroup.SUPERVISOR: (8, 6),
    StaffGroup.EXPERT: (3, 2),
}


def _id_number(area: str, birth: str, serial: int) -> str:
    first17 = f"{area}{birth}{serial:03d}"
    return first17 + resident_id_check_digit(first17)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _existing(number: str) -> Person | None:
    return Person.objects.filter(id_number_index=blind_index_for(Person, "id_number", number)).first()


def _train_and_qualify(
    centre: Any, person: Person, role: str, occupations: list[Occupation], today: datetime.date
) -> None:
    record_training(
        actor=centre,
        person=person,
        role=role,
        course=f"{StaffRole(role).label}资格培训",
        hours=24,
        result=TrainingResult.PASSED,
        completed_on=today - datetime.timedelta(days=120),
    )
    for index, occupation in enumerate(occupations):
        grant_qualification(
            actor=centre,
            person=person,
            occupation=occupation,
            level=3 if index == 0 else 4,
            granted_on=today - datetime.timedelta(days=110),
        )


def seed(ctx: dict[str, Any]) -> None:
    today = timezone.localdate()
    region_centre = _user("region_center")
    created = 0
    for code, area in AREAS.items():
        centre = _user(f"center_{code}")
        inst_clerk = _user(f"inst_{code}_clerk")
        institution = Organisation.objects.get(code=f"demo-inst-{code}")
        league = Jurisdiction.objects.get(code=code)
        occupations = list(Occupation.objects.filter(edition=2022, code__in=OCCUPATIONS[code]).order_by("code"))
        for index, name in enumerate(EXAMINERS[code]):
            number = _id_number(area, f"19{70 + index * 4}0{index + 3}1{index}", 101 + index * 2)
            if _existing(number):
                continue
            person = register_person(
                actor=centre,
                name=name,
                id_number=number,
                mobile=f"139{code[2:4]}{index:02d}{int(code) % 10000:04d}",
                employer=institution,
                job_title="高级技师" if index == 0 else "技师",
                role=StaffRole.EXAMINER,
            )
            _train_and_qualify(centre, person, StaffRole.EXAMINER, occupations, today)
            created += 1
            if (code, index) == EXPIRED_CARD:
                # Demo data stands in for time passing: the card was valid when issued and ran out
                # last month. The services refuse to register an expired card, so it is set here.
                Appointment.objects.filter(person=person).update(card_valid_until=today - datetime.timedelta(days=20))
        number = _id_number(area, "19780815", 151)
        if not _existing(number):
            person = register_person(
                actor=centre,
                name=INTERNAL[code],
                id_number=number,
                employer=institution,
                job_title="质量管理部主任",
                role=StaffRole.INTERNAL_SUPERVISOR,
            )
            _train_and_qualify(centre, person, StaffRole.INTERNAL_SUPERVISOR, occupations[:1], today)
            created += 1
        for index, (name, employer_name) in enumerate(EXTERNAL[code]):
            number = _id_number(area, f"19{65 + index * 5}1{index}0{index + 2}", 201 + index * 2)
            if _existing(number):
                continue
            person = register_person(
                actor=region_centre,
                name=name,
                id_number=number,
                employer_name=employer_name,
                jurisdiction=league,
                job_title="副教授" if index == 0 else "高级工程师",
                role=StaffRole.EXTERNAL_SUPERVISOR,
            )
            _train_and_qualify(region_centre, person, StaffRole.EXTERNAL_SUPERVISOR, occupations, today)
            created += 1
        if code in PROPOSED:
            number = _id_number(area, "19900120", 301)
            if not _existing(number):
                register_person(
                    actor=inst_clerk,
                    name=PROPOSED[code],
                    id_number=number,
                    employer=institution,
                    role=StaffRole.EXAMINER,
                )
                created += 1
        for group, (headcount, trained) in TARGETS.items():
            if not WorkforceTarget.objects.filter(jurisdiction=league, year=today.year, group=group).exists():
                set_workforce_target(
                    actor=centre,
                    jurisdiction=league,
                    year=today.year,
                    group=group,
                    headcount=headcount,
                    trained=trained,
                )

    _declare_relation(today)
    _suspend(today)
    _draw(today)
    relations, draws = DeclaredRelation.objects.count(), StaffDraw.objects.count()
    ctx.setdefault("summary", []).append(
        f"考评与督导人员 {Person.objects.count()} 人（本次新建 {created} 人），"
        f"其中证卡过期 1 人、处分期内 1 人、回避关系申报 {relations} 条、随机抽取记录 {draws} 次"
    )


def _person(code: str, index: int) -> Person:
    number = _id_number(AREAS[code], f"19{70 + index * 4}0{index + 3}1{index}", 101 + index * 2)
    person = _existing(number)
    assert person is not None
    return person


def _declare_relation(today: datetime.date) -> None:
    person = _person(*RELATION)
    if person.relations.exists():
        return
    declare_relation(
        actor=_user("inst_150100_clerk"),
        person=person,
        kind=RelationKind.RELATIVE,
        other_name="张小龙",
        other_id_number=_id_number("150105", "20030506", 117),
        note="外甥，2026年报考中式烹调师四级",
        declared_on=today,
    )


def _suspend(today: datetime.date) -> None:
    person = _person(*SANCTIONED)
    if StaffSanction.objects.filter(person=person).exists():
        return
    bureau = _user("bureau_150600")
    violation = record_violation(
        actor=_user("inst_150600_clerk"),
        person=person,
        occurred_on=today - datetime.timedelta(days=15),
        description="实操考核中向考生提示操作要点，违反考评纪律",
        institution=Organisation.objects.get(code="demo-inst-150600"),
    )
    sanction_violation(
        actor=bureau,
        violation=violation,
        kind=SanctionKind.SUSPENSION,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=170),
        reason="《内蒙古自治区职业技能等级认定考务管理》考评人员纪律",
        document_number=f"鄂人社字〔{today.year}〕38号",
    )


def _draw(today: datetime.date) -> None:
    institution = Organisation.objects.get(code="demo-inst-150100")
    if StaffDraw.objects.filter(institution=institution).exists():
        return
    draw_staff(
        actor=_user("center_150100"),
        pool_filter=PoolFilter(
            institution=institution,
            on=today + datetime.timedelta(days=7),
            session_ref="演示场次-中式烹调师-四级",
            occupation=Occupation.objects.get(edition=2022, code="4-03-02-01"),
            level=4,
        ),
        n=2,
        seed=f"demo-{today.year}-0001",
    )
