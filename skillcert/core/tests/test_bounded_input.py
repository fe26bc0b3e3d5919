"""Huge integers, impossible years and far-past dates answer 400 or an empty list, never a 500 (R-X-4)."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority

HUGE = ["99999999999999999999", "1e20", "-99999999999999999999"]
BAD_YEARS = ["0", "99999999999", "-1"]


def _list_operations() -> list[tuple[str, list[dict[str, Any]]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, item in schema["paths"].items():
        get = item.get("get")
        if not get or "{" in path:
            continue
        params = [p for p in get.get("parameters", []) if p.get("in") == "query"]
        if params:
            found.append(("/api/v1" + path if not path.startswith("/api") else path, params))
    return found


def _integer_like(param: dict[str, Any]) -> bool:
    kind = param.get("schema", {}).get("type")
    return kind in ("integer", "number") or param["name"] in ("year", "plan", "occupation", "institution", "person")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["region", "institution"])
def test_huge_numbers_in_any_list_filter_never_answer_500(role: str) -> None:
    if role == "region":
        user = UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.ADMIN])
    else:
        user = UserFactory(roles=[Role.MANAGER])
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    failures = []
    checked = 0
    for path, params in _list_operations():
        for param in params:
            if param["name"] in ("page", "page_size") or not _integer_like(param):
                continue
            values = BAD_YEARS if param["name"].endswith("year") else HUGE
            for value in values:
                checked += 1
                response = client.get(path, {param["name"]: value})
                if response.status_code >= 500 or response.status_code not in (200, 400, 403):
                    failures.append(f"{path}?{param['name']}={value} → {response.status_code}")
    assert checked > 20
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/users/?organisation=99999999999999999999",
        "/personnel/targets/?year=99999999999",
        "/certificates/?plan=99999999999999999999",
    ],
)
def test_huge_numbers_on_list_pages_never_answer_500(client: Any, url: str) -> None:
    user = UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.ADMIN])
    client.raise_request_exception = False
    client.force_login(user)
    response = client.get(url)
    assert response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "１０"])
def test_a_page_size_that_is_not_a_positive_integer_answers_400(value: str) -> None:
    user = UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.ADMIN])
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/catalog/occupations/", {"page_size": value})
    assert response.status_code == 400 and "page_size" in response.json()["errors"]
    assert client.get("/api/v1/catalog/occupations/", {"page_size": "2"}).status_code == 200


def test_every_operation_documents_its_error_answers_and_problems_is_a_plain_list() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            if "400" not in codes or ("{" in path and "404" not in codes):
                missing.append(f"{method.upper()} {path}")
    assert not missing, missing[:10]
    problems = schema["paths"]["/api/v1/exams/plans/{id}/problems/"]["get"]
    assert problems["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    person = schema["components"]["schemas"]["Person"]["properties"]["employer"]
    assert person.get("nullable") is True
