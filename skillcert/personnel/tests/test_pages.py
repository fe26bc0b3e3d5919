"""Personnel pages: registers with filters, a person's page and its forms, reveal, import and
export, sanctions, dispatch, workforce planning, workbench tiles; no N+1 on lists."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, jurisdiction
from skillcert.catalog.tests.factories import OccupationFactory
from skillcert.core.excel import write_xlsx
from skillcert.core.models import AuditEvent
from skillcert.personnel.choices import AppointmentStatus, StaffGroup, StaffRole
from skillcert.personnel.eligibility import PoolFilter
from skillcert.personnel.models import Person, Qualification, StaffDraw, StaffSanction, WorkforceTarget
from skillcert.personnel.services.dispatch import draw_staff
from skillcert.personnel.services.people import register_person
from skillcert.personnel.services.sanctions import record_violation, sanction_violation
from skillcert.personnel.tests.factories import (
    AppointmentFactory,
    PersonFactory,
    QualificationFactory,
    external_supervisor,
    make_id_number,
    serving_person,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _many(inst: Any, n: int) -> list[Person]:
    people = []
    for _ in range(n):
        person = serving_person(employer=inst, occupation=OccupationFactory())
        AppointmentFactory(person=person, role=StaffRole.INTERNAL_SUPERVISOR)
        QualificationFactory(person=person)
        people.append(person)
    return people


def _xlsx_rows(response: Any) -> list[tuple[Any, ...]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def _upload(headers: list[str], rows: list[list[Any]], name: str = "名单.xlsx") -> io.BytesIO:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows)
    buffer.seek(0)
    buffer.name = name
    return buffer


class TestRegister:
    def test_list_is_scoped_masked_and_has_no_n_plus_one(self, center, inst, django_assert_max_num_queries):
        people = _many(inst, 3)
        other = serving_person(employer=InstitutionFactory(jurisdiction=jurisdiction("150200")), name="包头的人")
        client = _client(center)
        with django_assert_max_num_queries(16) as small:
            client.get(reverse("personnel:people"))
        _many(inst, 12)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(reverse("personnel:people"))
        html = response.content.decode()
        assert response.status_code == 200 and people[0].name in html and other.name not in html
        assert people[0].id_number_masked in html and people[0].id_number not in html

    def test_filters(self, center, inst):
        expired = serving_person(employer=inst, name="过期者", card_valid_until=TODAY() + datetime.timedelta(days=1))
        expired.appointments.update(card_valid_until=TODAY() - datetime.timedelta(days=1))
        valid = serving_person(employer=inst, name="有效者")
        client = _client(center)
        html = client.get(reverse("personnel:people"), {"card": "expired"}).content.decode()
        assert "过期者" in html and "有效者" not in html
        html = client.get(reverse("personnel:people"), {"id_number": valid.id_number}).content.decode()
        assert "有效者" in html and "过期者" not in html
        html = client.get(reverse("personnel:people"), {"role": "external_supervisor"}).content.decode()
        assert "没有符合条件的人员" in html

    def test_institution_sees_only_its_own(self, inst, inst_clerk, other_inst):
        mine = PersonFactory(employer=inst, name="本机构")
        PersonFactory(employer=other_inst, name="他机构")
        html = _client(inst_clerk).get(reverse("personnel:people")).content.decode()
        assert "本机构" in html and "他机构" not in html
        assert _client(inst_clerk).get(reverse("personnel:person", args=[mine.pk])).status_code == 200

    def test_examiner_role_sees_nothing(self, inst, inst_examiner):
        person = PersonFactory(employer=inst)
        assert _client(inst_examiner).get(reverse("personnel:person", args=[person.pk])).status_code == 404

    def test_register_through_the_page(self, center, inst):
        client = _client(center)
        number = make_id_number()
        response = client.post(
            reverse("personnel:person_create"),
            {"name": "页面登记", "id_number": number, "employer": inst.pk, "role": "examiner"},
        )
        person = Person.objects.get(name="页面登记")
        assert response.status_code == 302 and response["Location"] == reverse("personnel:person", args=[person.pk])
        assert person.appointments.get().status == AppointmentStatus.ACTIVE

    def test_expired_card_on_the_page_is_a_field_error(self, center, inst):
        response = _client(center).post(
            reverse("personnel:person_create"),
            {
                "name": "过期证卡",
                "id_number": make_id_number(),
                "employer": inst.pk,
                "role": "examiner",
                "card_valid_until": str(TODAY() - datetime.timedelta(days=3)),
            },
        )
        assert response.status_code == 400
        assert "证卡有效期至：" in response.context["form"].errors["card_valid_until"][0]
        assert not Person.objects.filter(name="过期证卡").exists()

    def test_bureau_cannot_open_the_register_form(self, bureau):
        assert _client(bureau).get(reverse("personnel:person_create")).status_code == 403


class TestPersonPage:
    def test_edit_person_through_the_page(self, center, inst):
        person = register_person(
            actor=center, name="待改", id_number=make_id_number(), employer=inst, role=StaffRole.EXAMINER
        )
        client = _client(center)
        form = client.get(reverse("personnel:person_edit", args=[person.pk])).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(employer=inst.pk, jurisdiction="", is_active="on", name="已改", job_title="技师")
        response = client.post(reverse("personnel:person_edit", args=[person.pk]), data)
        assert response.status_code == 302
        person.refresh_from_db()
        assert (person.name, person.job_title, person.jurisdiction.code) == ("已改", "技师", "150100")
        assert AuditEvent.objects.filter(action="personnel.person.update", object_id=str(person.pk)).exists()

    def test_employer_filter_offers_only_visible_organisations(self, center, inst, other_inst):
        form = _client(center).get(reverse("personnel:people")).context["filter"].form
        choices = list(form.fields["employer"].queryset)
        assert inst in choices and other_inst not in choices

    def test_reveal_is_audited_and_limited(self, center, inst):
        person = serving_person(employer=inst)
        response = _client(center).post(
            reverse("personnel:person_reveal", args=[person.pk]), {"field": "id_number", "reason": "核对"}
        )
        assert person.id_number in response.content.decode()
        event = AuditEvent.objects.get(action="pii.reveal")
        assert event.after == {"field": "id_number", "reason": "核对"} and event.object_id == str(person.pk)
        auditor = UserFactory(organisation=center.organisation, roles=[Role.AUDITOR])
        response = _client(auditor).post(reverse("personnel:person_reveal", args=[person.pk]), {"field": "id_number"})
        assert response.status_code == 404

    def test_qualification_form_refuses_unknown_occupation(self, center, inst):
        person = PersonFactory(employer=inst)
        response = _client(center).post(
            reverse("personnel:person_add_qualification", args=[person.pk]), {"occupation": "6-99-99-99", "level": 3}
        )
        assert response.status_code == 400
        assert "不在职业目录" in response.context["qualification_form"].errors["occupation"][0]
        assert Qualification.objects.count() == 0

    def test_approve_from_the_page(self, center, inst_clerk, inst):
        person = register_person(actor=inst_clerk, name="待审", id_number=make_id_number(), role=StaffRole.EXAMINER)
        proposal = person.appointments.get()
        html = _client(center).get(reverse("personnel:person", args=[person.pk])).content.decode()
        assert "审核通过" in html
        response = _client(center).post(reverse("personnel:appointment_approve", args=[proposal.pk]), {"note": "同意"})
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == AppointmentStatus.ACTIVE
        assert "审核通过" not in _client(inst_clerk).get(reverse("personnel:person", args=[person.pk])).content.decode()

    def test_eligibility_check_on_the_page(self, center, inst):
        occupation = OccupationFactory(code="9-88-88-01", name="页面职业")
        person = serving_person(employer=inst, occupation=occupation, level=4)
        html = (
            _client(center)
            .get(
                reverse("personnel:person", args=[person.pk]),
                {"check": "1", "role": "examiner", "occupation": "9-88-88-01", "level": "3"},
            )
            .content.decode()
        )
        assert "不能承担" in html and "四级/中级工及以下等级的资格" in html


class TestExportImport:
    def test_people_export_masks_identity(self, center, inst):
        person = serving_person(employer=inst, mobile="13912345678")
        rows = _xlsx_rows(_client(center).get(reverse("personnel:people") + "?export=xlsx"))
        assert rows[0][:2] == ("姓名", "身份证号码（脱敏）")
        assert rows[1][0] == person.name and rows[1][1] == person.id_number_masked and rows[1][2] == "139****5678"
        assert person.id_number not in str(rows)

    def test_qualification_export(self, center, inst):
        q = QualificationFactory(person=PersonFactory(employer=inst), level=2)
        rows = _xlsx_rows(_client(center).get(reverse("personnel:qualifications") + "?export=xlsx"))
        assert rows[1][4] == q.occupation.code and rows[1][6] == "二级/技师"

    def test_import_with_errors_saves_nothing_and_reports_each_row(self, center, inst):
        good = make_id_number()
        upload = _upload(
            ["姓名", "身份证号码", "人员类别", "工作单位编码", "证卡有效期至"],
            [
                ["甲", good, "考评员", inst.code, ""],
                ["乙", "150102199001011234", "考评员", inst.code, ""],
                ["丙", make_id_number(), "督导", inst.code, ""],
                ["丁", make_id_number(), "考评员", inst.code, "2020-01-01"],
                ["戊", good, "内部质量督导员", inst.code, ""],
            ],
        )
        client = _client(center)
        response = client.post(reverse("personnel:import", args=["people"]), {"file": upload})
        assert response.status_code == 400
        errors = [(e.row, e.column) for e in response.context["result"].errors]
        assert errors == [(3, "身份证号码"), (4, "人员类别"), (5, "证卡有效期至")]
        assert Person.objects.count() == 0 and AuditEvent.objects.filter(action__startswith="personnel.").count() == 0
        rows = _xlsx_rows(client.get(reverse("personnel:import_errors", args=["people"])))
        assert rows[0][:3] == ("行号", "出错列", "错误说明") and rows[1][0] == 3 and "校验位" in rows[1][2]
        assert "150102********1234" in rows[1]

    def test_import_all_rows_and_add_roles_to_known_people(self, center, inst):
        number = make_id_number()
        upload = _upload(
            ["姓名", "身份证号码", "人员类别", "工作单位编码"],
            [["甲", number, "考评员", inst.code], ["甲", number, "内部质量督导员", inst.code]],
        )
        response = _client(center).post(reverse("personnel:import", args=["people"]), {"file": upload})
        assert response.status_code == 302
        person = Person.objects.get()
        assert sorted(person.appointments.values_list("role", flat=True)) == ["examiner", "internal_supervisor"]

    def test_qualification_import(self, center, inst):
        person = PersonFactory(employer=inst)
        OccupationFactory(code="9-77-77-01")
        upload = _upload(
            ["身份证号码", "职业编码", "等级", "取得日期"],
            [[person.id_number, "9-77-77-01", "三级/高级工", "2025-05-01"], [person.id_number, "6-99-99-99", "3", ""]],
        )
        response = _client(center).post(reverse("personnel:import", args=["qualifications"]), {"file": upload})
        assert response.status_code == 400 and Qualification.objects.count() == 0
        assert [e.message for e in response.context["result"].errors] == [
            "职业编码：“6-99-99-99”不在职业目录（2022年版大典）中"
        ]

    def test_wrong_file_type(self, center):
        upload = io.BytesIO(b"hello")
        upload.name = "名单.txt"
        response = _client(center).post(reverse("personnel:import", args=["people"]), {"file": upload})
        assert response.status_code == 400 and "请上传 .xlsx 或 .csv 文件" in response.content.decode()


class TestSanctionsDispatchWorkforce:
    def test_violations_page_and_sanction_form(self, bureau, inst, django_assert_max_num_queries):
        person = serving_person(employer=inst, name="违纪者")
        violation = record_violation(actor=bureau, person=person, occurred_on=TODAY(), description="私自带离试卷")
        client = _client(bureau)
        response = client.post(
            reverse("personnel:violation_sanction", args=[violation.pk]),
            {"kind": "suspension", "starts_on": str(TODAY()), "reason": "违纪"},
        )
        assert response.status_code == 400 and "暂停资格须写明截止日期" in response.content.decode()
        response = client.post(
            reverse("personnel:violation_sanction", args=[violation.pk]),
            {
                "kind": "suspension",
                "starts_on": str(TODAY()),
                "ends_on": str(TODAY() + datetime.timedelta(days=60)),
                "reason": "违纪",
            },
        )
        assert response.status_code == 302 and StaffSanction.objects.count() == 1
        for _ in range(10):
            record_violation(actor=bureau, person=serving_person(employer=inst), occurred_on=TODAY(), description="x")
        with django_assert_max_num_queries(14):
            html = client.get(reverse("personnel:violations"), {"in_force": "true"}).content.decode()
        assert "违纪者" in html and "期内" in html

    def test_dispatch_page(self, center, inst):
        for i in range(3):
            external_supervisor(name=f"页面督导{i}")
        client = _client(center)
        data = {
            "institution": inst.pk,
            "on": str(TODAY() + datetime.timedelta(days=3)),
            "role": "external_supervisor",
            "seed": "页面种子",
        }
        response = client.post(reverse("personnel:dispatch"), {**data, "n": 5})
        html = response.content.decode()
        assert response.status_code == 400 and "申请抽取5人，但候选池3人中符合条件的只有3人" in html
        assert StaffDraw.objects.count() == 0
        response = client.post(reverse("personnel:dispatch"), {**data, "n": 2})
        draw = StaffDraw.objects.get()
        assert response["Location"] == reverse("personnel:draw", args=[draw.pk])
        html = client.get(response["Location"]).content.decode()
        assert "复核一致" in html and "页面种子" in html and "抽中（第1位）" in html
        assert (
            _client(UserFactory(organisation=inst, roles=[Role.MANAGER])).get(response["Location"]).status_code == 404
        )

    def test_workforce_page_counts_and_export(self, center, inst, other_inst):
        serving_person(employer=inst)
        serving_person(employer=inst, card_valid_until=TODAY() + datetime.timedelta(days=1)).appointments.update(
            card_valid_until=TODAY() - datetime.timedelta(days=1)
        )
        serving_person(employer=other_inst)
        client = _client(center)
        response = client.post(
            reverse("personnel:workforce"),
            {
                "jurisdiction": "150100",
                "year": TODAY().year,
                "group": StaffGroup.EXAMINER,
                "headcount": 5,
                "trained": 4,
            },
        )
        assert response.status_code == 302 and WorkforceTarget.objects.get().headcount == 5
        response = client.get(reverse("personnel:workforce"))
        rows = response.context["rows"]
        assert [r.jurisdiction.code for r in rows] == ["150100"]
        examiners = rows[0].cells[1]
        assert (examiners.headcount_target, examiners.actual, examiners.trained_target, examiners.trained) == (
            5,
            1,
            4,
            2,
        )
        sheet = _xlsx_rows(client.get(reverse("personnel:workforce") + "?export=xlsx"))
        assert sheet[0][:4] == ("辖区", "人员类别", "目标人数", "实有人数")
        assert ("呼和浩特市", "考评人员", 5, 1, -4, 4, 2, -2, 48.0) in sheet
        response = client.post(
            reverse("personnel:workforce"),
            {
                "jurisdiction": "150200",
                "year": TODAY().year,
                "group": StaffGroup.EXAMINER,
                "headcount": 5,
                "trained": 4,
            },
        )
        assert response.status_code == 400  # not a choice for a league centre of 呼和浩特市

    def test_workforce_is_for_authorities(self, inst_clerk):
        assert _client(inst_clerk).get(reverse("personnel:workforce")).status_code == 404

    def test_region_sees_every_league(self, region_center):
        rows = _client(region_center).get(reverse("personnel:workforce")).context["rows"]
        assert len(rows) == 15


def test_workbench_tiles_and_navigation(center, inst_clerk):
    register_person(actor=inst_clerk, name="推荐甲", id_number=make_id_number(), role=StaffRole.EXAMINER)
    response = _client(center).get(reverse("portal:dashboard"))
    tiles = {t.label: t.value for t in response.context["tiles"]}
    assert tiles["待审核的人员推荐"] == 1
    assert "考评督导人员" in response.content.decode()
    tiles = {t.label: t.value for t in _client(inst_clerk).get(reverse("portal:dashboard")).context["tiles"]}
    assert "待审核的人员推荐" not in tiles


@pytest.mark.parametrize(
    "name",
    ["personnel:people", "personnel:qualifications", "personnel:violations", "personnel:dispatch"],
)
def test_list_pages_have_no_n_plus_one(name, region_center, django_assert_max_num_queries):
    inst = InstitutionFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            person = serving_person(employer=inst, occupation=OccupationFactory())
            record_violation(actor=region_center, person=person, occurred_on=TODAY(), description="x")
            sanction_violation(
                actor=region_center,
                violation=person.violations.get(),
                kind="warning",
                starts_on=TODAY(),
                reason="警告",
            )
            external_supervisor()
        draw_staff(
            actor=region_center,
            pool_filter=PoolFilter(
                institution=inst, on=TODAY() + datetime.timedelta(days=StaffDraw.objects.count() + 1)
            ),
            n=1,
        )

    client = _client(region_center)
    grow(2)
    with django_assert_max_num_queries(25) as small:
        assert client.get(reverse(name)).status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/personnel/people/",
        "/api/v1/personnel/appointments/",
        "/api/v1/personnel/qualifications/",
        "/api/v1/personnel/violations/",
        "/api/v1/personnel/draws/",
        "/api/v1/personnel/trainings/",
        "/api/v1/personnel/assignments/",
    ],
)
def test_api_lists_have_no_n_plus_one(url, region_center, django_assert_max_num_queries):
    from rest_framework.test import APIClient

    inst = InstitutionFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            person = serving_person(employer=inst, occupation=OccupationFactory())
            record_violation(actor=region_center, person=person, occurred_on=TODAY(), description="x")
        for i in range(n):
            external_supervisor(name=f"督导{i}")
        draw_staff(
            actor=region_center,
            pool_filter=PoolFilter(
                institution=inst, on=TODAY() + datetime.timedelta(days=StaffDraw.objects.count() + 1)
            ),
            n=1,
        )

    client = APIClient()
    client.force_authenticate(region_center)
    grow(2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    grow(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).json()["count"] > 0
