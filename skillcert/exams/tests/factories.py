"""Builders for exams tests (shared by both halves of the app): a ready institution, plans in each
state through the services, candidates with valid ID numbers, roster files."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from skillcert.catalog.models import EligibilityRule, Occupation, StandardLevel
from skillcert.core.validators import resident_id_check_digit
from skillcert.core.workdays import add_working_days
from skillcert.exams.choices import IdType
from skillcert.exams.models import ExamPlan, Registration
from skillcert.exams.services import plans as plan_services
from skillcert.exams.services.registration import OnlineApplication, register_online, sign_up_candidate
from skillcert.exams.services.roster import ROSTER_HEADERS
from skillcert.institutions import services as institution_services
from skillcert.institutions.choices import InstitutionType, RoomKind
from skillcert.institutions.models import Institution, Room, Venue
from skillcert.institutions.tests.factories import FiledInstitutionFactory, make_ready, occupation, staff
from skillcert.institutions.tests.factories import venue as make_venue

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def id_number(serial: int, birth: str = "19900307", area: str = "150102") -> str:
    """A valid 18-digit resident ID number; `serial` (0-999) makes it unique."""
    first17 = f"{area}{birth}{serial % 1000:03d}"
    return first17 + resident_id_check_digit(first17)


def id_numbers(n: int, start: int = 0) -> list[str]:
    """n distinct valid ID numbers (varying the birth day and serial)."""
    out = []
    for i in range(start, start + n):
        day = datetime.date(1980, 1, 1) + datetime.timedelta(days=i // 1000)
        out.append(id_number(i, birth=day.strftime("%Y%m%d")))
    return out


def photo(name: str = "照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def rule(occ: Occupation, level: int, years: int = 1) -> EligibilityRule:
    """Application conditions for a level: age 16+ and `years` in the occupation."""
    sl = StandardLevel.objects.get(standard__occupation=occ, standard__is_current=True, level=level)
    return EligibilityRule.objects.create(
        standard_level=sl,
        version=1,
        is_current=True,
        rules={
            "any_of": [
                {
                    "label": f"累计从事本职业工作{years}年（含）以上",
                    "all_of": [{"type": "age_min", "years": 16}, {"type": "years_in_occupation_min", "years": years}],
                }
            ]
        },
    )


@dataclass
class Setup:
    """A filed, ready institution with an occupation in scope, a venue with rooms and its staff."""

    institution: Institution
    manager: User
    clerk: User
    occupation: Occupation
    venue: Venue
    rooms: list[Room]


def ready_institution(
    *,
    levels: Sequence[int] = (5, 4, 3),
    type: str = InstitutionType.SOCIAL_LEAGUE,
    league: str = "150100",
    years: int = 1,
) -> Setup:
    occ = occupation(levels=levels)
    for level in levels:
        rule(occ, level, years)
    institution = FiledInstitutionFactory(type=type, league=league, scope=[(occ, None, lv) for lv in levels])
    manager = staff(institution, Role.MANAGER)
    clerk = staff(institution, Role.CLERK)
    make_ready(institution, manager)
    venue = make_venue(institution)
    rooms = [
        institution_services.save_room(
            actor=manager, venue=venue, name="理论考场1", kind=RoomKind.WRITTEN, capacity=40
        ),
        institution_services.save_room(
            actor=manager, venue=venue, name="实操车间1", kind=RoomKind.PRACTICAL, capacity=20
        ),
    ]
    return Setup(institution, manager, clerk, occ, venue, rooms)


def plan_input(setup: Setup, *, levels: dict[int, int] | None = None, **kw: Any) -> Any:
    """A plan whose first session is 20 working days away (the lead time is 10 by default)."""
    first = kw.pop("first_session_on", None) or add_working_days(timezone.localdate(), 20)
    return plan_services.PlanInput(
        title=kw.pop("title", f"{setup.occupation.name}职业技能等级认定"),
        occupation=setup.occupation,
        work_type=kw.pop("work_type", None),
        levels=levels or {4: 30},
        venue=setup.venue,
        rooms=setup.rooms,
        first_session_on=first,
        last_session_on=kw.pop("last_session_on", first + datetime.timedelta(days=1)),
        registration_deadline=kw.pop("registration_deadline", first - datetime.timedelta(days=3)),
        requirements=kw.pop("requirements", "符合申报条件的人员均可报名"),
        how_to_apply=kw.pop("how_to_apply", "登录平台在线报名，或由单位统一报送名册"),
        fee_note=kw.pop("fee_note", ""),
        contact=kw.pop("contact", "0471-1234567"),
        **kw,
    )


def draft_plan(setup: Setup, **kw: Any) -> ExamPlan:
    return plan_services.save_plan(actor=setup.clerk, institution=setup.institution, data=plan_input(setup, **kw))


def filed_plan(setup: Setup, **kw: Any) -> ExamPlan:
    return plan_services.file_plan(actor=setup.clerk, plan=draft_plan(setup, **kw))


def open_plan(setup: Setup, **kw: Any) -> ExamPlan:
    return plan_services.open_registration(actor=setup.clerk, plan=filed_plan(setup, **kw))


def candidate(serial: int = 1, *, name: str = "王小明", username: str | None = None, **kw: Any) -> User:
    return sign_up_candidate(
        username=username or f"cand{serial}",
        password=DEFAULT_PASSWORD,
        full_name=name,
        id_type=kw.pop("id_type", IdType.RESIDENT_ID),
        id_number=kw.pop("id_number", id_number(serial)),
        mobile=kw.pop("mobile", f"139{serial:08d}"),
        **kw,
    )


def register(user: User, plan: ExamPlan, level: int = 4, **kw: Any) -> Registration:
    app = OnlineApplication(level=level, mobile=kw.pop("mobile", "13912345678"), years_in_occupation="3", **kw)
    return register_online(actor=user, plan=plan, application=app, photo=photo())


def bureau_clerk(league: str = "150100") -> User:
    from skillcert.accounts.choices import OrgKind
    from skillcert.accounts.tests.factories import authority

    user: User = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, league), roles=[Role.CLERK])
    return user


def chinese_name(i: int) -> str:
    """A distinct, valid Chinese name for test person i (names may not contain digits)."""
    return "考生" + "".join("零一二三四五六七八九"[int(d)] for d in str(i))


def roster_rows(n: int, *, level: str = "四级/中级工", start: int = 0, years: str = "3") -> list[list[str]]:
    return [
        [chinese_name(i), "", number, "", f"138{i:08d}", level, "示例单位", years, "", "", "", "", "", "", ""]
        for i, number in zip(range(start, start + n), id_numbers(n, start), strict=True)
    ]


def roster_csv(rows: Iterable[Sequence[str]], headers: Sequence[str] = ROSTER_HEADERS, name: str = "名册.csv") -> Any:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def roster_xlsx(rows: Iterable[Sequence[str]], headers: Sequence[str] = ROSTER_HEADERS, name: str = "名册.xlsx") -> Any:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名册")
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
