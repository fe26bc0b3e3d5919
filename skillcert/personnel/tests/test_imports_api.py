"""The people and qualification imports over the API (R-PER-1, R-X-4, R-X-5): the success answer says what
the rows became without telling an institution who is registered elsewhere (R-ORG-2), and every refusal
has the one documented shape of all imports (issue #17: the fuzzer found these 400s untrue to the schema)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from skillcert.catalog.tests.factories import OccupationFactory
from skillcert.core.testing import assert_documented
from skillcert.personnel.models import Person, RegistrationRequest
from skillcert.personnel.tests.factories import PersonFactory, make_id_number
from skillcert.personnel.tests.test_pages import _upload as _xlsx

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/personnel/people/import/"
QUALIFICATIONS = "/api/v1/personnel/qualifications/import/"
PEOPLE_HEADER = ["姓名", "身份证号码", "人员类别"]  # i18n: data
QUALIFICATION_HEADER = ["身份证号码", "职业编码", "等级"]  # i18n: data
REQUESTED = "待盟市就业服务中心核实办理（结果见“人员登记申请”）"


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_institutions_people_import_says_what_the_rows_became(inst_clerk, inst, other_inst):
    own = PersonFactory(employer=inst)
    elsewhere = PersonFactory(employer=other_inst)
    rows = [["甲", own.id_number, "考评员"], ["乙", elsewhere.id_number, "考评员"], ["丙", make_id_number(), "考评员"]]
    response = _api(inst_clerk).post(PEOPLE, {"file": _xlsx(PEOPLE_HEADER, rows)}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    # It said "已导入3行", although two rows were only filed as requests to the league centre.
    assert body["detail"] == f"3行已导入：为本机构人员推荐类别1人（待审核）；2人已提交人员登记申请，{REQUESTED}"
    assert (body["imported"], body["proposed"], body["requested"], body["registered"]) == (3, 1, 2, 0)
    assert RegistrationRequest.objects.count() == 2 and Person.objects.count() == 2
    assert_documented(response, "/api/v1/personnel/people/import/", "post")


def test_the_import_answer_is_byte_identical_whether_or_not_a_number_is_registered_elsewhere(inst_clerk, other_inst):
    elsewhere = PersonFactory(employer=other_inst)
    client = _api(inst_clerk)
    answers = [
        client.post(PEOPLE, {"file": _xlsx(PEOPLE_HEADER, [["张三", number, "考评员"]])}, format="multipart")
        for number in (elsewhere.id_number, make_id_number())
    ]
    assert answers[0].status_code == answers[1].status_code == 201
    assert answers[0].content == answers[1].content
    assert answers[0].json()["detail"] == f"1行已导入：1人已提交人员登记申请，{REQUESTED}"


def test_a_centres_import_counts_new_people_and_new_roles_on_the_page(center, inst):
    known = PersonFactory(employer=inst)
    rows = [["甲", make_id_number(), "考评员", inst.code], ["乙", known.id_number, "内部质量督导员", inst.code]]
    client = Client()
    client.force_login(center)
    upload = _xlsx([*PEOPLE_HEADER, "工作单位编码"], rows)
    response = client.post(reverse("personnel:import", args=["people"]), {"file": upload}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2行已导入：新登记1人；为已登记人员增加类别1人"]


def test_a_qualification_import_answers_its_documented_success(center, inst):
    person = PersonFactory(employer=inst)
    OccupationFactory(code="9-77-77-01")
    upload = _xlsx(QUALIFICATION_HEADER, [[person.id_number, "9-77-77-01", "3"]])
    response = _api(center).post(QUALIFICATIONS, {"file": upload}, format="multipart")
    assert response.status_code == 201 and response.json()["detail"] == "1行已导入：授予或调整职业资格1条"
    assert_documented(response, "/api/v1/personnel/qualifications/import/", "post")


BOTH_HEADERS = PEOPLE_HEADER + QUALIFICATION_HEADER[1:]  # the required columns of either import


def _refusals() -> dict[str, Any]:
    return {
        "no file": {},
        "not a spreadsheet": {"file": SimpleUploadedFile("名单.txt", b"hello")},
        "not readable": {"file": SimpleUploadedFile("名单.xlsx", b"PK\x03\x04 not a workbook")},
        "unknown encoding": {"file": SimpleUploadedFile("名单.csv", b"\xe5\xa7\x93\x00\n")},
        "no header": {"file": _xlsx(["备注"], [["x"]])},
        "no rows": {"file": _xlsx(BOTH_HEADERS, [])},
        "too big": {"file": SimpleUploadedFile("名单.csv", b"x" * (1024 * 1024 + 1))},
        "bad rows": {"file": _xlsx(BOTH_HEADERS, [["甲", "150102199001011234", "督导", "x", "9"]])},
    }


@pytest.mark.parametrize("path", [PEOPLE, QUALIFICATIONS])
def test_every_refusal_has_the_documented_shape_of_all_imports(center, set_policy, path):
    set_policy("personnel.import_max_mb", 1)
    client = _api(center)
    for case, data in _refusals().items():
        response = client.post(path, data, format="multipart")
        assert response.status_code == 400, (case, response.content)
        body = response.json()
        # The row errors answered {"errors": [{"row": …}], "imported": 0}, the file errors {"errors": {"file": …}}.
        assert isinstance(body["errors"], dict) and body["detail"], (case, body)
        assert_documented(response, path, "post")
    assert not Person.objects.exists()


def test_many_bad_rows_answer_the_first_errors_and_a_full_report(center, inst, other_center, set_policy):
    set_policy("personnel.import_errors_shown", 5)
    rows = [["甲", "150102199001011234", "考评员"] for _ in range(20)]
    client = _api(center)
    response = client.post(PEOPLE, {"file": _xlsx(PEOPLE_HEADER, rows)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rows" and body["detail"].startswith("20行中有20处错误，全部未导入。第2行：身份证号码")
    assert len(body["errors"]["file"]) == 5 and body["error_count"] == 20 and body["errors_shown"] == 5
    report = client.get(body["error_report"])
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert sheet.max_row == 21 and sheet["A21"].value == 21 and sheet["E21"].value == "150102********1234"
    assert _api(other_center).get(body["error_report"]).status_code == 404
