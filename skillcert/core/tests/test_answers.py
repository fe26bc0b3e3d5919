"""One answer for each situation, across every app's API (R-X-4, R-ORG-2).

Walks the OpenAPI schema the server publishes: every detail endpoint answers a record that does not
exist with the same 404 body, and every create endpoint answers an empty body with a 400 whose
messages are Chinese and keyed by the fields they are about (or refuses the role with 403).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
MISSING = 2_000_000_000


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _paths(method: str, shape: re.Pattern[str]) -> list[str]:
    return sorted(p for p, ops in _schema()["paths"].items() if method in ops and shape.fullmatch(p))


DETAILS = _paths("get", re.compile(r"/api/v1/(?!public/)[^{}]+/\{[a-z_]+\}/"))
CREATES = _paths("post", re.compile(r"/api/v1/(?!public/)[a-z0-9_/-]+/"))


@pytest.fixture
def region_admin() -> APIClient:
    user = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN], is_superuser=True)
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("path", DETAILS)
def test_a_missing_record_answers_the_same_404_everywhere(region_admin, path):
    url = re.sub(r"\{[a-z_]+\}", str(MISSING), path)

    response = region_admin.get(url)

    assert response.status_code == 404, (url, response.status_code)
    assert response.json() == {"code": "not_found", "detail": "未找到该记录"}, (url, response.json())


@pytest.mark.parametrize("path", CREATES)
def test_an_empty_body_answers_400_naming_the_fields_in_chinese(region_admin, path):
    response = region_admin.post(path, {}, format="json")
    if response.status_code == 415:  # an upload endpoint takes multipart only
        response = region_admin.post(path, {}, format="multipart")

    assert response.status_code in (400, 403), (path, response.status_code)
    body = response.json()
    assert CHINESE.search(body["detail"]), (path, body)
    if response.status_code == 400:
        assert body["errors"], (path, body)
        for field, messages in body["errors"].items():
            assert all(CHINESE.search(m) for m in messages), (path, field, messages)


@pytest.fixture
def candidate() -> APIClient:
    user = UserFactory(organisation=authority(OrgKind.INDIVIDUAL), roles=[Role.CANDIDATE])
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("path", CREATES)
def test_a_wrong_role_is_refused_with_a_chinese_reason(candidate, path):
    """A candidate posting to a staff endpoint gets 403 and the reason in Chinese, never a bare code; the
    endpoints a candidate may use answer the empty body with 400 naming the fields."""
    response = candidate.post(path, {}, format="json")
    if response.status_code == 415:
        response = candidate.post(path, {}, format="multipart")

    assert response.status_code in (400, 403, 404), (path, response.status_code)
    body = response.json()
    assert CHINESE.search(body["detail"]), (path, body)
    if response.status_code == 403:
        assert body["code"] == "permission_denied", (path, body)
