"""Demo certification plans in every state, about a hundred candidates, all through the services (seed_demo).

- 【演示】电工四级 at 呼和浩特示范中心: filed, and the 呼和浩特 bureau has asked a question.
- 【演示】养老护理员 at 呼和浩特示范中心: registration open, imported roster under review.
- 【演示】中式烹调师四级 at 呼和浩特示范中心: registration closed, sessions, seats drawn by lot,
  staffing confirmed, an external supervisor drawn; tickets printable (candidate `candidate_ticket`
  registered online with a photo).
- 【演示】养老护理员四级 at 内蒙古北疆职业技能评价中心: exams held, scores confirmed, results in
  publicity with an open objection and an open re-check.
- 【演示】中式烹调师 at 内蒙古北疆职业技能评价中心: held three months ago, an incident voided a
  component, a re-check changed a score; publicity and the re-check window closed, results final.

Plans that lie in the past are run through the same services with the clock set back to the
day each step happened (`_on`), so filing lead times, working-day windows and audit times are
those of that day. The 北疆 institution is filed on the platform five months back for that
reason (the other demo institutions were filed today). Running the seed again changes nothing.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillcert.accounts.models import User
from skillcert.catalog.models import Occupation
from skillcert.core.validators import resident_id_check_digit
from skillcert.core.workdays import add_working_days
from skillcert.demo.builders import (
    DEMO_PASSWORD,
    ensure_venue,
    fee_items,
    file_institution,
    institution_clerk,
    make_credit_code,
    publish_rules,
    scope_entry,
    sign_demo_commitment,
)
from skillcert.exams.choices import ImportMode, RegistrationStatus
from skillcert.exams.models import ComponentScore, ExamPlan, ExamSession, Registration
from skillcert.exams.selectors import staffing as staffing_reads
from skillcert.exams.services import (
    conduct,
    plans,
    publicity,
    registration,
    review,
    roster,
    scoring,
    sessions,
    staffing,
)
from skillcert.exams.services.scoring import ScoreInput
from skillcert.institutions.choices import InstitutionType, RoomKind
from skillcert.institutions.models import Institution, Room, Venue
from skillcert.personnel.choices import StaffRole, TrainingResult
from skillcert.personnel.models import Person
from skillcert.personnel.services.people import register_person
from skillcert.personnel.services.qualifications import grant_qualification, record_training

MARK = "【演示】"
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏"
)
GIVEN = [
    "建华",
    "秀英",
    "志强",
    "海燕",
    "国庆",
    "丽娟",
    "晓东",
    "春梅",
    "宝山",
    "雅琴",
    "文斌",
    "玉兰",
    "永胜",
    "淑芬",
    "立军",
    "美玲",
    "德胜",
    "桂香",
    "振华",
    "红霞",
    "其木格",
    "巴特尔",
    "乌云",
    "娜仁",
    "明轩",
    "子涵",
    "浩然",
    "欣怡",
    "俊杰",
    "思雨",
]
AREAS = ["150102", "150103", "150104", "150105", "150121", "150122", "150123", "150124", "150125", "150203", "150602"]
BEIJIANG = "内蒙古北疆职业技能评价中心"


@contextmanager
def _on(day: datetime.date, hour: int = 10) -> Iterator[None]:
    """Run the services as on `day` at `hour`: every `timezone.now()` (and so `localdate()`) is shifted."""
    real_now = timezone.now
    target = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    offset = target - real_now()
    with mock.patch("django.utils.timezone.now", lambda: real_now() + offset):
        yield


def demo_user(username: str) -> User:
    return User.objects.get(username=username)


def _person_number(index: int) -> str:
    area = AREAS[index % len(AREAS)]
    birth = datetime.date(1972, 1, 1) + datetime.timedelta(days=(index * 397) % 9800)
    first17 = f"{area}{birth:%Y%m%d}{(700 + index) % 1000:03d}"
    return first17 + resident_id_check_digit(first17)


def _name(index: int) -> str:
    return SURNAMES[(index * 7) % len(SURNAMES)] + GIVEN[(index * 11 + index // len(SURNAMES)) % len(GIVEN)]


def _roster_csv(start: int, count: int, level: str, employer: str) -> SimpleUploadedFile:
    header = "姓名,证件类型,证件号码,出生日期,手机号码,申报等级,工作单位/学校,从业年限,学徒期满\n"
    lines = [
        ",".join(
            [
                _name(i),
                "居民身份证",
                _person_number(i),
                "",
                f"139{47100000 + i:08d}",
                level,
                employer,
                str(6 + i % 9),
                "否",
            ]
        )
        for i in range(start, start + count)
    ]
    return SimpleUploadedFile(f"报名名册-{start}.csv", (header + "\n".join(lines) + "\n").encode("utf-8"))


def _png(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (240, 320), (222, 232, 245))
    draw = ImageDraw.Draw(img)
    draw.ellipse((70, 50, 170, 170), fill=(236, 200, 170))
    draw.rectangle((40, 190, 200, 320), fill=(40 + seed % 60, 70, 130))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def _plan(
    actor: User,
    institution: Institution,
    *,
    title: str,
    code: str,
    levels: dict[int, int],
    venue: Venue,
    first: datetime.date,
    deadline: datetime.date,
    days: int = 1,
) -> ExamPlan:
    occupation = Occupation.objects.get(edition=2022, code=code)
    data = plans.PlanInput(
        title=MARK + title,
        occupation=occupation,
        work_type=None,
        levels=levels,
        venue=venue,
        rooms=list(venue.rooms.all()),
        first_session_on=first,
        last_session_on=first + datetime.timedelta(days=days - 1),
        registration_deadline=deadline,
        requirements="符合《国家职业技能标准》申报条件；本人近期免冠照片；身份证件。",
        how_to_apply="在监管平台注册考生账号后网上报名，或由所在单位汇总名册报送本机构。",
        fee_note="按已公示的收费标准收取。",
        contact="0471-6601234",
    )
    plan = plans.save_plan(actor=actor, institution=institution, data=data)
    return plans.file_plan(actor=actor, plan=plan)


def _register(actor: User, plan: ExamPlan, start: int, count: int, level: str) -> None:
    plans.open_registration(actor=actor, plan=plan)
    roster.start_roster_import(
        actor=actor,
        plan=plan,
        upload=_roster_csv(start, count, level, "呼和浩特市餐饮服务有限公司"),
        mode=ImportMode.KEEP_VALID,
    )


def _approve_all(actor: User, plan: ExamPlan) -> None:
    for r in plan.registrations.filter(status=RegistrationStatus.SUBMITTED).order_by("id"):
        review.approve_registration(actor=actor, registration=r, reason="申报条件与证明材料相符")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _hold(
    clerk: User,
    bureau: User,
    plan: ExamPlan,
    level: int,
    written: Room,
    workshop: Room,
    day: datetime.date,
    staff: dict[str, list[Person]],
    seed: str,
) -> tuple[ExamSession, list[ExamSession]]:
    """Theory in one room, skills in groups of 15 (three examiners each), seats, staffing, an external supervisor."""
    approved = plan.registrations.filter(level=level, status=RegistrationStatus.APPROVED).count()
    theory = sessions.create_session(
        actor=clerk,
        plan=plan,
        level=level,
        component="theory",
        room=written,
        starts_at=_at(day, 9),
        ends_at=_at(day, 10, 30),
    )
    slots = [(day, 14, 0), (day + datetime.timedelta(days=1), 8, 30), (day + datetime.timedelta(days=1), 14, 0)]
    skills = []
    for index in range(-(-approved // 15)):
        when, hour, minute = slots[index]
        skills.append(
            sessions.create_session(
                actor=clerk,
                plan=plan,
                level=level,
                component="skills",
                room=workshop,
                starts_at=_at(when, hour, minute),
                ends_at=_at(when, hour + 3, minute),
                capacity=15,
            )
        )
    sessions.draw_seats(actor=clerk, plan=plan, level=level, component="theory", seed=f"{seed}-T")
    sessions.draw_seats(actor=clerk, plan=plan, level=level, component="skills", seed=f"{seed}-S")
    for person in staff["examiners"][: staffing_reads.required_staff(theory)["proctor"]]:
        staffing.assign_staff(actor=clerk, session=theory, person=person, role="proctor")
    for session in skills:
        for person in staff["examiners"]:
            staffing.assign_staff(actor=clerk, session=session, person=person, role="skills_examiner")
    for session in [theory, *skills]:
        staffing.assign_staff(actor=clerk, session=session, person=staff["internal"][0], role="internal_supervisor")
        staffing.confirm_staffing(actor=clerk, session=session)
    staffing.draw_external_supervisor(actor=bureau, session=skills[0], seed=f"{seed}-D")
    return theory, skills


def _sit_and_score(
    clerk: User, plan: ExamPlan, level: int, sittings: tuple[ExamSession, list[ExamSession]], spread: int
) -> None:
    theory, skills = sittings
    regs = list(plan.registrations.filter(status=RegistrationStatus.APPROVED, level=level).order_by("exam_number"))
    absent = regs[-1]
    for session in [theory, *skills]:
        for r in Registration.objects.filter(seats__session=session).order_by("exam_number"):
            if session.component == "skills" and r.pk == absent.pk:
                continue  # did not come to the skills session
            conduct.check_in(
                actor=clerk, session=session, registration=r, identity_verified=True, id_number=r.id_number
            )
    theory_scores = {r.exam_number: str(52 + (i * 7 + spread) % 45) for i, r in enumerate(regs)}
    scoring.receive_cbt_scores(actor=None, plan=plan, level=level, scores=theory_scores)
    rows = []
    for i, r in enumerate(regs):
        if r.pk == absent.pk:
            rows.append(ScoreInput(r.pk, absent=True))
            continue
        session = ExamSession.objects.get(seats__registration=r, component="skills")
        examiners = list(session.staff.filter(role="skills_examiner").values_list("person_id", flat=True))
        base = 55 + (i * 5 + spread) % 40
        rows.append(ScoreInput(r.pk, examiner_scores={pid: str(min(100, base + k)) for k, pid in enumerate(examiners)}))
    scoring.enter_scores(actor=clerk, plan=plan, level=level, component="skills", rows=rows)


def _skills_of(r: Registration) -> ExamSession:
    return ExamSession.objects.get(seats__registration=r, component="skills")


def _staff(
    centre: User, institution: Institution, occupations: list[Occupation], day: datetime.date
) -> dict[str, list[Person]]:
    org = institution.organisation
    people: dict[str, list[Person]] = {"examiners": [], "internal": []}
    for index, (name, role) in enumerate(
        [
            ("白云峰", StaffRole.EXAMINER),
            ("乌兰图雅", StaffRole.EXAMINER),
            ("贺振东", StaffRole.EXAMINER),
            ("石慧敏", StaffRole.INTERNAL_SUPERVISOR),
        ]
    ):
        first17 = f"150105{1970 + index * 3}0{index + 2}1{index + 1}{300 + index:03d}"
        number = first17 + resident_id_check_digit(first17)
        person = register_person(actor=centre, name=name, id_number=number, employer=org, job_title="技师", role=role)
        record_training(
            actor=centre,
            person=person,
            role=role,
            course=f"{StaffRole(role).label}资格培训",
            hours=24,
            result=TrainingResult.PASSED,
            completed_on=day,
        )
        if role == StaffRole.EXAMINER:
            for occupation in occupations:
                grant_qualification(actor=centre, person=person, occupation=occupation, level=3, granted_on=day)
        people["examiners" if role == StaffRole.EXAMINER else "internal"].append(person)
    return people


def _beijiang(today: datetime.date) -> tuple[Institution, User, Venue, dict[str, list[Person]]]:
    """A league-scope institution filed five months back, ready, with its venue and people."""
    founded = today - datetime.timedelta(days=160)
    bureau = demo_user("bureau_150100")
    with _on(founded):
        institution = file_institution(
            applicant=None,
            decider=bureau,
            type=InstitutionType.SOCIAL_LEAGUE,
            name=BEIJIANG,
            credit_code=make_credit_code("52", "150100", 100077),
            area="150100",
            scope=[scope_entry("4-03-02-01", [5, 4, 3]), scope_entry("4-10-01-05", [5, 4])],
            filing_number="NMPJ-150100-2026-0107",
            address="内蒙古自治区呼和浩特市赛罕区北疆路18号",
            manager=("inst_beijiang_manager", "韩立新"),
        )
        manager = User.objects.get(username="inst_beijiang_manager")
        institution_clerk(institution, "inst_beijiang_clerk", "任晓梅")
        publish_rules(institution, manager)
        sign_demo_commitment(institution, manager, bureau)
        from skillcert.institutions import services as institution_services
        from skillcert.institutions.selectors import scope_items_on

        for item in scope_items_on(institution):
            institution_services.save_fee(
                actor=manager,
                institution=institution,
                occupation=item.occupation,
                work_type=item.work_type,
                level=item.level,
                items=fee_items(item.level),
                publish=True,
            )
        venue = ensure_venue(
            institution,
            manager,
            "北疆评价中心考点",
            "150100",
            [("第一笔试考场", RoomKind.WRITTEN, 40, True), ("烹饪实训室", RoomKind.PRACTICAL, 40, True)],
        )
        occupations = list(Occupation.objects.filter(edition=2022, code__in=["4-03-02-01", "4-10-01-05"]))
        people = _staff(demo_user("center_150100"), institution, occupations, founded)
    return institution, demo_user("inst_beijiang_clerk"), venue, people


def _final_plan(
    today: datetime.date, inst: Institution, clerk: User, venue: Venue, people: dict[str, list[Person]]
) -> ExamPlan:
    bureau = demo_user("bureau_150100")
    written, workshop = venue.rooms.get(kind=RoomKind.WRITTEN), venue.rooms.get(kind=RoomKind.PRACTICAL)
    t1 = today - datetime.timedelta(days=110)
    exam_day = add_working_days(t1, 14)
    with _on(t1):
        plan = _plan(
            clerk,
            inst,
            title="中式烹调师四级认定（第一批）",
            code="4-03-02-01",
            levels={4: 40},
            venue=venue,
            first=exam_day,
            deadline=t1 + datetime.timedelta(days=7),
            days=2,
        )
        _register(clerk, plan, 0, 35, "四级/中级工")
    with _on(t1 + datetime.timedelta(days=8)):
        plans.close_registration(actor=clerk, plan=plan)
        _approve_all(clerk, plan)
        sittings = _hold(clerk, bureau, plan, 4, written, workshop, exam_day, people, "BJ2026-01")
    with _on(exam_day, 16):
        _sit_and_score(clerk, plan, 4, sittings, spread=3)
        cheat = plan.registrations.filter(status=RegistrationStatus.APPROVED).order_by("exam_number")[3]
        conduct.record_incident(
            actor=clerk,
            session=sittings[0],
            registration=cheat,
            kind="cheating",
            description="考试中使用手机查阅资料，经监考人员当场制止",
            handling="component_voided",
        )
        warned = plan.registrations.filter(status=RegistrationStatus.APPROVED).order_by("exam_number")[5]
        conduct.record_incident(
            actor=clerk,
            session=_skills_of(warned),
            registration=warned,
            kind="violation",
            description="未按规定着装进入实训室",
            handling="warning",
        )
    with _on(exam_day + datetime.timedelta(days=2)):
        scoring.confirm_scores(actor=clerk, plan=plan)
        publication = publicity.publish_results(actor=clerk, plan=plan)
    with _on(exam_day + datetime.timedelta(days=3)):
        objection = publicity.file_objection(
            actor=None,
            publication=publication,
            complainant_name="刘女士",
            text_="公示名单中有一名考生未参加操作技能考核却显示成绩",
            contact="13947100001",
        )
        failing = (
            Registration.objects.filter(
                plan=plan, result__passed=False, scores__component="theory", scores__voided=False, scores__score__gte=55
            )
            .order_by("exam_number")
            .first()
        )
    with _on(exam_day + datetime.timedelta(days=5)):
        publicity.handle_objection(
            actor=clerk,
            objection=objection,
            outcome="经核对签到记录和监控录像，缺考考生显示为“缺考”，未显示成绩，异议不成立",
        )
        if failing is not None:
            user = registration.sign_up_candidate(
                username="candidate_final",
                password=DEMO_PASSWORD,
                full_name=failing.name,
                id_type="resident_id",
                id_number=failing.id_number,
                mobile=f"1394710{failing.pk % 10000:04d}",
            )
            Registration.objects.filter(pk=failing.pk).update(user=user)
            failing.refresh_from_db()
            recheck = publicity.request_recheck(
                actor=user, registration=failing, component="theory", reason="本人核对答题情况，认为理论知识成绩偏低"
            )
            cs = ComponentScore.objects.get(registration=failing, component="theory")
            publicity.handle_recheck(
                actor=clerk,
                recheck=recheck,
                outcome="复核发现一道判断题漏计分，更正成绩",
                score=str(min(100, max(60, int(cs.score or 0) + 6))),
            )
    ends = max(publication.recheck_deadline, publication.publicity_ends_on) + datetime.timedelta(days=1)
    with _on(ends, 2):
        publicity.finalise_due_results()
    return plan


def _publicity_plan(
    today: datetime.date, inst: Institution, clerk: User, venue: Venue, people: dict[str, list[Person]]
) -> ExamPlan:
    bureau = demo_user("bureau_150100")
    written, workshop = venue.rooms.get(kind=RoomKind.WRITTEN), venue.rooms.get(kind=RoomKind.PRACTICAL)
    published = today - datetime.timedelta(days=1)
    exam_day = published - datetime.timedelta(days=4)
    t1 = exam_day - datetime.timedelta(days=24)
    with _on(t1):
        plan = _plan(
            clerk,
            inst,
            title="养老护理员四级认定",
            code="4-10-01-05",
            levels={4: 30},
            venue=venue,
            first=exam_day,
            deadline=t1 + datetime.timedelta(days=6),
            days=2,
        )
        _register(clerk, plan, 40, 25, "四级/中级工")
    with _on(t1 + datetime.timedelta(days=7)):
        plans.close_registration(actor=clerk, plan=plan)
        _approve_all(clerk, plan)
        sittings = _hold(clerk, bureau, plan, 4, written, workshop, exam_day, people, "BJ2026-02")
    with _on(exam_day, 17):
        _sit_and_score(clerk, plan, 4, sittings, spread=11)
    with _on(published):
        scoring.confirm_scores(actor=clerk, plan=plan)
        publication = publicity.publish_results(actor=clerk, plan=plan)
        publicity.file_objection(
            actor=None,
            publication=publication,
            complainant_name="匿名群众",
            text_="反映个别考生操作技能考核时有他人代为操作，请核查",
            exam_number=plan.registrations.order_by("exam_number").values_list("exam_number", flat=True)[0],
        )
    return plan


def _closed_plan(today: datetime.date) -> ExamPlan:
    """Real time: filed today, registration closed, seated and staffed; tickets printable."""
    hohhot = Institution.objects.get(organisation__code="demo-inst-150100")
    clerk, bureau = demo_user("inst_150100_clerk"), demo_user("bureau_150100")
    venue = hohhot.venues.get(name="呼和浩特示范中心考点")
    first = add_working_days(today, 12)
    plan = _plan(
        clerk,
        hohhot,
        title="中式烹调师四级认定（第二批）",
        code="4-03-02-01",
        levels={4: 40},
        venue=venue,
        first=first,
        deadline=today + datetime.timedelta(days=5),
        days=2,
    )
    _register(clerk, plan, 70, 24, "四级/中级工")
    candidate = registration.sign_up_candidate(
        username="candidate_ticket",
        password=DEMO_PASSWORD,
        full_name="王晓燕",
        id_type="resident_id",
        id_number=_person_number(99),
        mobile="13947109999",
    )
    registration.register_online(
        actor=candidate,
        plan=plan,
        application=registration.OnlineApplication(
            level=4, mobile="13947109999", employer_name="呼和浩特市某酒店", years_in_occupation="8"
        ),
        photo=SimpleUploadedFile("照片.png", _png(7), content_type="image/png"),
    )
    plans.close_registration(actor=clerk, plan=plan)
    _approve_all(clerk, plan)
    people = {
        "examiners": list(Person.objects.filter(name__in=["李淑芬", "王志强", "张建国"]).order_by("name")),
        "internal": list(Person.objects.filter(name="吴秀梅")),
    }
    written = venue.rooms.get(kind=RoomKind.WRITTEN)
    workshop = venue.rooms.get(kind=RoomKind.PRACTICAL)
    _hold(clerk, bureau, plan, 4, written, workshop, first, people, "HH2026-03")
    return plan


def _open_plan(today: datetime.date) -> ExamPlan:
    hohhot = Institution.objects.get(organisation__code="demo-inst-150100")
    clerk = demo_user("inst_150100_clerk")
    venue = hohhot.venues.get(name="呼和浩特示范中心考点")
    plan = _plan(
        clerk,
        hohhot,
        title="养老护理员五级认定",
        code="4-10-01-05",
        levels={5: 30},
        venue=venue,
        first=add_working_days(today, 20),
        deadline=today + datetime.timedelta(days=14),
    )
    _register(clerk, plan, 100, 15, "五级/初级工")
    waiting = list(plan.registrations.order_by("id"))
    for r in waiting[:4]:
        review.approve_registration(actor=clerk, registration=r, reason="材料齐全")
    if len(waiting) > 4:
        review.reject_registration(
            actor=clerk, registration=waiting[4], reason="身份证件照片不清晰，请重新上传后再报名"
        )
    return plan


def _filed_plan(today: datetime.date) -> ExamPlan:
    hohhot = Institution.objects.get(organisation__code="demo-inst-150100")
    clerk = demo_user("inst_150100_clerk")
    venue = hohhot.venues.get(name="呼和浩特示范中心考点")
    plan = _plan(
        clerk,
        hohhot,
        title="电工四级认定",
        code="6-31-01-03",
        levels={4: 30},
        venue=venue,
        first=add_working_days(today, 25),
        deadline=today + datetime.timedelta(days=20),
    )
    plans.question_plan(
        actor=demo_user("bureau_150100"), plan=plan, question="请说明实操考场的安全防护设备配置情况及考评员来源。"
    )
    return plan


def seed(ctx: dict[str, Any]) -> None:
    """Five plans from filed to final results with about a hundred candidates (R-EXAM-1..9)."""
    if not ExamPlan.objects.filter(title__startswith=MARK).exists():
        today = timezone.localdate()
        inst, clerk, venue, people = _beijiang(today)
        _final_plan(today, inst, clerk, venue, people)
        _publicity_plan(today, inst, clerk, venue, people)
        _closed_plan(today)
        _open_plan(today)
        _filed_plan(today)
    demo = ExamPlan.objects.filter(title__startswith=MARK)
    candidates = Registration.objects.filter(plan__in=demo).count()
    states = "、".join(f"{p.get_status_display()}" for p in demo.order_by("first_session_on"))
    ctx.setdefault("summary", []).append(f"认定计划：{demo.count()}个演示计划（{states}），考生{candidates}人")
    ctx.setdefault("accounts", []).extend(
        [
            ("北疆评价机构 经办人", "inst_beijiang_clerk", DEMO_PASSWORD),
            ("考生（准考证可下载）", "candidate_ticket", DEMO_PASSWORD),
            ("考生（成绩复核已办结）", "candidate_final", DEMO_PASSWORD),
        ]
    )
