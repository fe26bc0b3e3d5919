"""Catalogue API: login-only catalogue, public occupation list, filters, query counts (R-X-5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from skillcert.accounts.models import User
from skillcert.catalog.choices import Edition
from skillcert.catalog.models import Occupation
from skillcert.catalog.tests.factories import SkillStandardFactory, WorkTypeFactory

pytestmark = pytest.mark.django_db


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


@pytest.fixture
def client_as(api_client: APIClient, institution_clerk: User) -> APIClient:
    api_client.force_authenticate(institution_clerk)
    return api_client


def test_catalogue_api_needs_a_login(api_client: APIClient) -> None:
    for name in ("catalog-occupation-list", "catalog-standard-list", "catalog-eligibility-rule-list"):
        assert api_client.get(reverse(name)).status_code in (401, 403)


def test_any_logged_in_user_lists_occupations_with_work_types_and_levels(client_as: APIClient) -> None:
    rows = results(client_as.get(reverse("catalog-occupation-list"), {"page_size": 500}))
    assert len(rows) >= 30
    assert {r["edition"] for r in rows} == {2022}  # the current edition unless asked otherwise
    welder = next(r for r in rows if r["code"] == "6-18-02-04")
    assert welder["name"] == "焊工"
    assert [w["name"] for w in welder["work_types"]] == ["电焊工", "气焊工", "钎焊工", "焊接设备操作工"]
    assert [lv["label"] for lv in welder["levels"]][:3] == ["五级/初级工", "四级/中级工", "三级/高级工"]
    assert welder["current_standard"]["version"] == "2018年版"
    electrician = next(r for r in rows if r["code"] == "6-31-01-03")
    assert electrician["work_types"] == [] and electrician["work_type_display"] == "--"


def test_occupation_filters(client_as: APIClient) -> None:
    url = reverse("catalog-occupation-list")
    assert [r["code"] for r in results(client_as.get(url, {"q": "焊"}))] == ["6-18-02-04"]
    assert [r["name"] for r in results(client_as.get(url, {"q": "装载机司机"}))] == ["挖掘铲运和桩工机械司机"]
    assert [r["name"] for r in results(client_as.get(url, {"q": "6-18-02"}))] == ["焊工"]
    only_345 = results(client_as.get(url, {"level": 1, "page_size": 500}))
    assert "挖掘铲运和桩工机械司机" not in {r["name"] for r in only_345}
    assert "焊工" in {r["name"] for r in only_345}
    farming = results(client_as.get(url, {"category": 5, "page_size": 500}))
    assert farming and all(r["code"].startswith("5-") for r in farming)
    old = results(client_as.get(url, {"edition": Edition.E1999, "page_size": 500}))
    western = next(r for r in old if r["code"] == "4-03-02-01")
    assert western["name"] == "西式烹调师" and western["successor"]["code"] == "4-03-02-03"
    with_types = results(client_as.get(url, {"has_work_types": "true", "page_size": 500}))
    assert {r["name"] for r in with_types} >= {"焊工", "互联网营销师"}
    assert all(r["work_types"] for r in with_types)
    without = results(client_as.get(url, {"has_work_types": "false", "page_size": 500}))
    assert "电工" in {r["name"] for r in without} and not any(r["work_types"] for r in without)
    bad = client_as.get(url, {"level": 9})
    assert bad.status_code == 400 and "level" in bad.json()["errors"]


def test_occupation_list_query_count_does_not_grow(client_as: APIClient, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        std = SkillStandardFactory(levels=[5, 4, 3])
        WorkTypeFactory(occupation=std.occupation)
    with django_assert_max_num_queries(8):
        rows = results(client_as.get(reverse("catalog-occupation-list"), {"page_size": 500}))
    assert len(rows) >= 35


def test_standard_detail_has_components_ratios_and_conditions(client_as: APIClient) -> None:
    rows = results(
        client_as.get(reverse("catalog-standard-list"), {"occupation_code": "6-18-02-04", "is_current": "true"})
    )
    assert len(rows) == 1
    std = rows[0]
    assert std["ratio"] == {
        "proctor_per_candidates": 15,
        "min_proctors_per_room": 2,
        "examiner_per_candidates": 5,
        "min_examiners": 3,
        "min_review_panel": 3,
    }
    level2 = next(lv for lv in std["levels"] if lv["level"] == 2)
    assert [c["kind_display"] for c in level2["components"]] == ["理论知识", "操作技能", "综合评审"]
    assert all(c["pass_mark"] == 60 and c["full_marks"] == 100 for c in level2["components"])
    first = level2["eligibility"]["description"][0]
    assert first["conditions"] == ["持有本职业三级/高级工及以上等级证书满4年", "累计从事本职业或相关职业工作满4年"]


def test_standard_list_query_count(client_as: APIClient, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(10):
        rows = results(client_as.get(reverse("catalog-standard-list"), {"page_size": 500}))
    assert len(rows) >= 30


def test_eligibility_rules_filter_by_occupation_and_level(client_as: APIClient) -> None:
    rows = results(
        client_as.get(reverse("catalog-eligibility-rule-list"), {"occupation_code": "6-30-05-05", "level": 5})
    )
    assert len(rows) == 1
    assert rows[0]["level_label"] == "五级/初级工"
    assert rows[0]["description"][0]["conditions"] == ["年满16周岁"]


def test_check_eligibility_endpoint_lists_every_unmet_condition(client_as: APIClient) -> None:
    welder = Occupation.objects.get(edition=Edition.E2022, code="6-18-02-04")
    url = reverse("catalog-occupation-check-eligibility", args=[welder.pk])
    body = {"level": 4, "birth_date": "1995-05-05", "on_date": "2026-06-01", "years_in_occupation": "3"}
    response = client_as.post(url, body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["ok"] is False
    assert len(data["unmet"]) == 4
    assert data["rule_version"] == 1
    body["years_in_occupation"] = "6"
    assert client_as.post(url, body, format="json").json()["ok"] is True
    bad = client_as.post(url, {"level": 9, "birth_date": "1995-05-05"}, format="json")
    assert bad.status_code == 400
    assert "level" in bad.json()["errors"]


def test_public_occupation_list_needs_no_login(api_client: APIClient) -> None:
    rows = results(api_client.get(reverse("public-occupation-list"), {"page_size": 500}))
    assert len(rows) >= 30
    welder = next(r for r in rows if r["code"] == "6-18-02-04")
    assert set(welder) == {
        "id",
        "edition",
        "edition_display",
        "code",
        "name",
        "work_types",
        "work_type_display",
        "levels",
    }
    assert [r["name"] for r in results(api_client.get(reverse("public-occupation-list"), {"q": "养老"}))] == [
        "养老护理员"
    ]
    assert api_client.post(reverse("public-occupation-list"), {}).status_code in (401, 403, 405)


def test_public_list_query_count(api_client: APIClient, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(6):
        results(api_client.get(reverse("public-occupation-list"), {"page_size": 500}))
