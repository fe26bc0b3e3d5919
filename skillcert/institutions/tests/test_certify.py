"""Who may be certified (R-INS-1): rosters imported from Excel with per-row errors, venues inside the
area scope (R-INS-6), and may_certify per institution type and date."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.core.validators import resident_id_check_digit
from skillcert.institutions import services
from skillcert.institutions.choices import InstitutionStatus, InstitutionType
from skillcert.institutions.models import Room, RosterEntry, StatusChange, Venue
from skillcert.institutions.selectors import PersonFacts, may_certify
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def rid(seq: int, birth: str = "19900307", area: str = "150102") -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + resident_id_check_digit(first17)


def _import(institution, rows, filename="名册.csv"):  # type: ignore[no-untyped-def]
    return services.import_roster(
        actor=f.staff(institution, Role.CLERK), institution=institution, upload=f.roster_csv(rows), filename=filename
    )


# --- venues (R-INS-6) --------------------------------------------------------------------------------


def test_a_venue_outside_the_area_scope_is_refused():
    institution = f.FiledInstitutionFactory(league="150200")
    clerk = f.staff(institution, Role.CLERK)
    with pytest.raises(DomainError) as exc:
        services.save_venue(actor=clerk, institution=institution, name="鄂尔多斯考点", league="150600", address="x")
    assert exc.value.field == "league"
    assert exc.value.message == "所在盟市：鄂尔多斯市不在本机构备案区域范围（包头市）内，考点只能设在备案区域内"
    with pytest.raises(DomainError, match="所在盟市：请选择考点所在的盟市"):
        services.save_venue(actor=clerk, institution=institution, name="全区考点", league="150000", address="x")
    assert not Venue.objects.exists()
    region_wide = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    venue = services.save_venue(
        actor=f.staff(region_wide, Role.CLERK),
        institution=region_wide,
        name="鄂尔多斯考点",
        league="150600",
        address="x",
    )
    assert venue.league.code == "150600"


def test_rooms_have_a_type_capacity_equipment_and_video_monitoring():
    institution = f.FiledInstitutionFactory()
    venue = f.venue(institution)
    clerk = f.staff(institution, Role.CLERK)
    room = services.save_room(
        actor=clerk,
        venue=venue,
        name="201",
        kind="computer",
        capacity="60",
        equipment="电脑60台",
        video_monitoring=True,
    )
    assert (room.kind, room.capacity, room.video_monitoring) == ("computer", 60, True)
    for capacity, message in (("0", "容纳人数：须在1到10000之间，实为0"), ("十", "容纳人数：须为正整数，实为“十”")):
        with pytest.raises(DomainError, match=message):
            services.save_room(actor=clerk, venue=venue, name="202", kind="written", capacity=capacity)
    with pytest.raises(DomainError, match="考场类型：应为笔试、机考、实操或综合评审"):
        services.save_room(actor=clerk, venue=venue, name="203", kind="gym", capacity=10)
    with pytest.raises(DomainError, match="考场名称：该考点已有名为“201”的考场"):
        services.save_room(actor=clerk, venue=venue, name="201", kind="written", capacity=10)
    assert Room.objects.count() == 1


# --- rosters -------------------------------------------------------------------------------------------


def test_a_roster_imports_workers_encrypted_and_updates_on_reimport():
    enterprise = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE)
    result = _import(
        enterprise,
        [
            ["张伟", rid(1), "本单位职工", "A1", "炼钢厂", "2010-07-01", ""],
            ["王芳", rid(2), "劳务派遣人员", "P1", "检修", "2021-03-01", ""],
            ["赵磊", rid(3), "劳务外包", "W1", "动力", "", ""],
        ],
    )
    assert (result.created, result.updated) == (3, 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {RosterEntry._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert rid(1) not in str(stored), "ID numbers are encrypted at rest"
    entry = RosterEntry.objects.get(full_name="张伟")
    assert entry.id_number == rid(1) and entry.masked_id_number == rid(1)[:6] + "********" + rid(1)[-4:]
    again = _import(enterprise, [["张伟", rid(1), "本单位职工", "A1", "炼钢厂", "2010-07-01", "2025-12-31"]])
    assert (again.created, again.updated) == (0, 1)
    assert RosterEntry.objects.get(full_name="张伟").valid_to == datetime.date(2025, 12, 31)


def test_a_roster_from_excel():
    school = f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL)
    wb = Workbook()
    ws = wb.active
    ws.append(list(services.ROSTER_HEADERS))
    ws.append(["马晓东", rid(7, "20060411"), "本校学生", "2024QC01", "汽修2401班", datetime.date(2024, 9, 1), None])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = services.import_roster(
        actor=f.staff(school, Role.CLERK), institution=school, upload=buffer, filename="学生名册.xlsx"
    )
    assert result.created == 1 and RosterEntry.objects.get().valid_from == datetime.date(2024, 9, 1)


def test_every_bad_row_is_named_and_nothing_is_imported():
    school = f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL)
    bad_checksum = rid(4)[:-1] + ("0" if rid(4)[-1] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        _import(
            school,
            [
                ["马晓东", rid(5, "20060411"), "本校学生", "", "", "2024-09-01", ""],
                ["白雅琴", bad_checksum, "本校学生", "", "", "", ""],
                ["周涛", rid(6), "本单位职工", "", "", "", ""],
                ["", rid(8), "本校学生", "", "", "", ""],
                ["吴敏", rid(9), "本校学生", "", "", "2024-13-01", ""],
                ["郑爽", rid(5, "20060411"), "本校学生", "", "", "", ""],
                ["冯晨", rid(10), "本校学生", "", "", "2024-09-01", "2023-07-01"],
            ],
        )
    rows = exc.value.errors["file"]
    assert exc.value.message.startswith("名册有6行错误，全部未导入。")
    assert rows[0].startswith("第3行：证件号码身份证号码校验位错误")
    assert rows[1] == "第4行：人员类别“本单位职工”不允许，本机构名册只能是本校学生"
    assert rows[2] == "第5行：姓名不能为空，且不超过50个字符"
    assert rows[3] == "第6行：入职/入学日期“2024-13-01”不是有效日期（格式如 2024-09-01）"
    assert rows[4] == "第7行：证件号码与第2行重复"
    assert rows[5] == "第8行：离职/毕业日期早于入职/入学日期"
    assert not RosterEntry.objects.exists()


def test_social_institutions_need_no_roster_and_bad_files_are_refused():
    social = f.FiledInstitutionFactory()
    with pytest.raises(DomainError, match="不需要人员名册"):
        _import(social, [["张伟", rid(1), "本单位职工", "", "", "", ""]])
    enterprise = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE)
    with pytest.raises(DomainError, match="文件格式不支持"):
        services.import_roster(
            actor=f.staff(enterprise, Role.CLERK), institution=enterprise, upload=io.BytesIO(b"x"), filename="a.doc"
        )
    with pytest.raises(DomainError, match="表头缺少必填列：证件号码"):
        services.import_roster(
            actor=f.staff(enterprise, Role.CLERK),
            institution=enterprise,
            upload=io.BytesIO("姓名\n张三\n".encode()),
            filename="a.csv",
        )


# --- may_certify ---------------------------------------------------------------------------------------


def test_an_enterprise_certifies_its_own_workers_incl_dispatched_and_outsourced():
    enterprise = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE, league="150200")
    _import(
        enterprise,
        [
            ["张伟", rid(1), "本单位职工", "", "", "", ""],
            ["王芳", rid(2), "劳务派遣人员", "", "", "", ""],
            ["赵磊", rid(3), "劳务外包人员", "", "", "", ""],
            ["孙杰", rid(4), "本单位职工", "", "", "2000-01-01", "2020-12-31"],
        ],
    )
    baotou = f.jurisdiction("150200")
    for number in (rid(1), rid(2), rid(3)):
        assert may_certify(enterprise, PersonFacts(id_number=number), baotou) == (True, [])
    ok, reasons = may_certify(enterprise, PersonFacts(id_number=rid(99)), baotou)
    assert not ok and reasons == ["不在本企业职工名册（含劳务派遣、劳务外包人员）中：企业只能面向本企业职工开展认定"]
    assert may_certify(enterprise, PersonFacts(id_number=rid(4)), baotou) == (
        False,
        ["按人员名册，该人员已于2020-12-31离开本单位"],
    )
    assert may_certify(enterprise, PersonFacts(id_number=rid(4)), baotou, on=datetime.date(2019, 5, 1)).ok is False, (
        "not filed yet in 2019"
    )
    ok, reasons = may_certify(enterprise, PersonFacts(id_number=rid(1)), f.jurisdiction("150600"))
    assert not ok and reasons == ["鄂尔多斯市不在备案区域范围（包头市）内"]


def test_a_technical_school_certifies_its_own_students():
    school = f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL, league="150600")
    _import(school, [["马晓东", rid(5, "20060411"), "本校学生", "", "", "", ""]])
    ordos = f.jurisdiction("150600")
    assert may_certify(school, PersonFacts(id_number=rid(5, "20060411")), ordos).ok
    ok, reasons = may_certify(school, PersonFacts(id_number=rid(6)), ordos)
    assert not ok and reasons == ["不在本校学生名册中：技工院校只能面向本校学生开展认定"]
    assert may_certify(school, PersonFacts(), ordos).reasons == ["未提供证件号码，无法核对人员名册"]


def test_social_institutions_certify_anyone_in_their_area():
    league_scope = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_LEAGUE, league="150100")
    region_scope = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    anyone = PersonFacts(id_number=rid(1))
    assert may_certify(league_scope, anyone, f.jurisdiction("150100")).ok
    ok, reasons = may_certify(league_scope, anyone, f.jurisdiction("150200"))
    assert not ok and reasons == ["盟市范围的社会培训评价组织只能在呼和浩特市开展认定，不能在包头市开展"]
    for code in ("150100", "152900", "150781"):
        assert may_certify(region_scope, anyone, f.jurisdiction(code)).ok
    assert not may_certify(region_scope, anyone, f.jurisdiction("150000")).ok, "the place is a league"


def test_status_on_the_date_decides_suspended_stops_rectification_does_not():
    institution = f.FiledInstitutionFactory()
    hohhot = f.jurisdiction("150100")
    today = timezone.localdate()
    institution.status = InstitutionStatus.RECTIFICATION
    institution.rectification_deadline = today + datetime.timedelta(days=30)
    institution.save()
    assert may_certify(institution, PersonFacts(), hohhot).ok
    StatusChange.objects.create(
        institution=institution,
        from_status=InstitutionStatus.ACTIVE,
        to_status=InstitutionStatus.SUSPENDED,
        grounds="抽查",
        changed_at=timezone.now() - datetime.timedelta(days=10),
    )
    StatusChange.objects.create(
        institution=institution,
        from_status=InstitutionStatus.SUSPENDED,
        to_status=InstitutionStatus.ACTIVE,
        grounds="恢复",
        changed_at=timezone.now() - datetime.timedelta(days=5),
    )
    ok, reasons = may_certify(institution, PersonFacts(), hohhot, on=today - datetime.timedelta(days=7))
    assert not ok and "的状态为“暂停评价”，不能开展认定" in reasons[0]
    assert may_certify(institution, PersonFacts(), hohhot, on=today - datetime.timedelta(days=3)).ok
    institution.status = InstitutionStatus.SUSPENDED
    institution.save()
    assert not may_certify(institution, PersonFacts(), hohhot).ok


# --- upload bounds (R-X-4) -------------------------------------------------------------------------------


def test_a_roster_over_the_row_limit_is_refused_naming_the_limit(set_policy):
    set_policy("institutions.roster_max_rows", 3)
    school = f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL)
    rows = [[f"学生{i}", rid(i, "20060411"), "本校学生", "", "", "", ""] for i in range(1, 5)]
    with pytest.raises(DomainError, match="超过每次最多3行的上限") as exc:
        _import(school, rows)
    assert exc.value.field == "file" and exc.value.code == "too_many_rows"
    assert not RosterEntry.objects.exists()


def test_a_roster_over_the_size_limit_is_refused_before_reading(set_policy):
    set_policy("institutions.roster_max_mb", 1)
    school = f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL)
    upload = io.BytesIO(b"x" * (1024 * 1024 + 1))
    with pytest.raises(DomainError, match="超过1MB的上限") as exc:
        services.import_roster(actor=f.staff(school, Role.CLERK), institution=school, upload=upload, filename="a.csv")
    assert exc.value.code == "file_size"


def test_a_roster_with_many_bad_rows_answers_the_first_errors_and_a_full_report(set_policy):
    from rest_framework.test import APIClient

    set_policy("institutions.import_errors_shown", 5)
    school = f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL)
    clerk = f.staff(school, Role.CLERK)
    rows = [["", rid(i, "20060411"), "本校学生", "", "", "", ""] for i in range(1, 201)]
    upload = f.roster_csv(rows)
    upload.name = "名册.csv"
    client = APIClient()
    client.force_authenticate(clerk)
    url = f"/api/v1/institutions/institutions/{school.pk}/roster-import/"
    response = client.post(url, {"file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("名册有200行错误，全部未导入。")
    assert len(body["errors"]["file"]) == 5 and body["error_count"] == 200 and body["errors_shown"] == 5
    assert len(response.content) < 4000
    report = client.get(body["error_report"])
    assert report.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert sheet.max_row == 201 and sheet["B201"].value == "第201行：姓名不能为空，且不超过50个字符"
    other = f.staff(f.FiledInstitutionFactory(type=InstitutionType.TECHNICAL_SCHOOL), Role.CLERK)
    client.force_authenticate(other)
    assert client.get(body["error_report"]).status_code == 404
