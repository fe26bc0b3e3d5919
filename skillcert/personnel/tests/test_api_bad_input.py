"""Bad input through the API: 400 with a Chinese message naming the field, never a 500, and
nothing saved (R-X-4)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from skillcert.core.models import AuditEvent
from skillcert.personnel.tests.factories import PersonFactory, external_supervisor, make_id_number, serving_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def setup(center, inst):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(center)
    person = serving_person(employer=inst)
    for _ in range(2):
        external_supervisor()
    return client, person, inst


def _cases(person, inst):  # type: ignore[no-untyped-def]
    p = f"/api/v1/personnel/people/{person.pk}"
    valid_id = make_id_number()
    past = str(TODAY() - datetime.timedelta(days=1))
    soon = str(TODAY() + datetime.timedelta(days=5))
    return [
        ("/api/v1/personnel/people/", {"name": "甲", "id_number": "123", "employer": inst.pk}, "id_number"),
        ("/api/v1/personnel/people/", {"name": "甲", "id_number": valid_id}, "employer"),
        (
            "/api/v1/personnel/people/",
            {"name": "甲", "id_number": valid_id, "employer": inst.pk, "role": "examiner", "card_valid_until": past},
            "card_valid_until",
        ),
        ("/api/v1/personnel/people/", {"name": "甲", "id_number": valid_id, "jurisdiction": "999999"}, "jurisdiction"),
        ("/api/v1/personnel/people/", {"name": "甲", "id_number": person.id_number, "employer": inst.pk}, "id_number"),
        (f"{p}/qualifications/", {"occupation": "6-99-99-99", "level": 3}, "occupation"),
        (f"{p}/qualifications/", {"occupation": "6-18-02-04", "level": 9}, "level"),
        (f"{p}/qualifications/", {"occupation": "6-18-02-04", "level": 3, "edition": 2016}, "edition"),
        (f"{p}/qualifications/", {"occupation": "6-18-02-04", "level": "三"}, "level"),
        (
            f"{p}/trainings/",
            {"role": "examiner", "course": "x", "hours": "0", "result": "passed", "completed_on": str(TODAY())},
            "hours",
        ),
        (
            f"{p}/trainings/",
            {"role": "examiner", "course": "x", "hours": "8", "result": "passed", "completed_on": soon},
            "completed_on",
        ),
        (
            f"{p}/relations/",
            {"kind": "relative", "other_name": "乙", "other_id_number": valid_id[:17] + "Z"},
            "other_id_number",
        ),
        (f"{p}/relations/", {"kind": "cousin", "other_name": "乙", "other_id_number": valid_id}, "kind"),
        (f"{p}/roles/", {"role": "examiner"}, "role"),
        (f"{p}/may-serve/", {"role": "examiner", "occupation": "6-18-02-04", "level": 0}, "level"),
        (f"{p}/may-serve/", {"role": "examiner", "occupation": "6-99-99-99"}, "occupation"),
        (f"{p}/may-serve/", {"role": "examiner", "on": "0001-01-01"}, "on"),
        (f"{p}/violations/", {"occurred_on": soon, "description": "x"}, "occurred_on"),
        ("/api/v1/personnel/draws/", {"institution": inst.pk, "on": soon, "n": 0}, "n"),
        ("/api/v1/personnel/draws/", {"institution": inst.pk, "on": soon, "n": 5}, "n"),
        ("/api/v1/personnel/draws/", {"institution": inst.pk, "on": soon, "n": 1, "level": 8}, "level"),
        ("/api/v1/personnel/draws/", {"institution": 999999, "on": soon, "n": 1}, "institution"),
        (
            "/api/v1/personnel/workforce-targets/",
            {"jurisdiction": "150100", "year": 1990, "group": "examiner", "headcount": 1, "trained": 1},
            "year",
        ),
        (
            "/api/v1/personnel/workforce-targets/",
            {"jurisdiction": "150100", "year": 2026, "group": "examiner", "headcount": -1, "trained": 1},
            "headcount",
        ),
    ]


def test_each_bad_input_is_a_chinese_400_and_saves_nothing(setup):  # type: ignore[no-untyped-def]
    client, person, inst = setup
    for url, data, field in _cases(person, inst):
        before = AuditEvent.objects.count()
        response = client.post(url, data, format="json")
        assert response.status_code == 400, (url, data, response.status_code, response.content)
        body = response.json()
        assert field in body["errors"], (url, data, body)
        assert CHINESE.search(body["detail"]) and "：" in body["detail"], body
        assert AuditEvent.objects.count() == before, (url, data)


def test_patch_with_bad_values(setup):  # type: ignore[no-untyped-def]
    client, person, inst = setup
    url = f"/api/v1/personnel/people/{person.pk}/"
    for data, field in [
        ({"mobile": "12345"}, "mobile"),
        ({"employer": None, "employer_name": ""}, "employer"),
        ({"jurisdiction": "150200"}, "jurisdiction"),
        ({"id_number": "150102199001011234"}, "id_number"),
    ]:
        response = client.patch(url, data, format="json")
        if field == "id_number":
            # Not a writable field: ignored by the serializer, the ID number never changes through PATCH.
            assert response.status_code == 200
            continue
        assert response.status_code == 400 and field in response.json()["errors"], (data, response.content)
    PersonFactory()  # an unrelated row does not change the answer
    person.refresh_from_db()
    assert person.employer == inst


def test_an_import_over_the_size_limit_is_refused_before_reading(setup, set_policy):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client, _person, _inst = setup
    set_policy("personnel.import_max_mb", 1)
    big = SimpleUploadedFile("人员.csv", b"x" * (1024 * 1024 + 1))
    response = client.post("/api/v1/personnel/people/import/", {"file": big}, format="multipart")
    assert response.status_code == 400 and "超过1MB的上限" in response.json()["detail"]
