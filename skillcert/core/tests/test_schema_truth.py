"""Answers true to the OpenAPI schema where the fuzzer (schemathesis, `.ci/fuzz`) found them untrue
(issue #17, R-X-5), and a huge id in a request body answers 400, not 500 (R-X-4)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.models import PolicySource
from skillcert.core.testing import assert_documented


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _ok_schema(schema: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    content = schema["paths"][path][method]["responses"]["200"]["content"]
    return content["application/json"]["schema"]  # type: ignore[no-any-return]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/supervision/inactivity-cases/candidates/",
        "/api/v1/reports/summaries/board/",
        "/api/v1/institutions/applications/{id}/stages/",
    ],
)
def test_actions_answering_a_plain_list_are_documented_as_lists(schema, path):
    documented = _ok_schema(schema, path)
    assert documented["type"] == "array"
    names = [p["name"] for p in schema["paths"][path]["get"].get("parameters", [])]
    assert "page" not in names and "page_size" not in names


def test_actions_that_page_themselves_stay_documented_as_pages(schema):
    assert _resolve(schema, _ok_schema(schema, "/api/v1/certificates/overdue/"))["required"][0] == "count"
    assert _resolve(schema, _ok_schema(schema, "/api/v1/certificates/"))["required"][0] == "count"


def test_the_export_batch_json_is_documented_as_the_upload_document(schema):
    documented = _resolve(schema, _ok_schema(schema, "/api/v1/certificates/export-batches/{id}/json/"))
    assert documented["type"] == "object"
    assert {"batch", "institution", "count", "certificates"} <= set(documented["required"])


@pytest.mark.django_db
def test_a_policy_source_without_a_link_answers_what_the_schema_says(schema):
    url_schema = _resolve(schema, {"$ref": "#/components/schemas/PolicySource"})["properties"]["url"]
    assert url_schema.get("format") != "uri"  # the stored blank is not a URI
    PolicySource.objects.create(
        code="no-link", title="没有链接的文件", issuer="某厅", url="", effective_on=datetime.date(2024, 1, 1)
    )
    client = APIClient()
    client.force_authenticate(UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.ADMIN]))
    rows = client.get("/api/v1/core/policy-sources/").json()
    assert [row["url"] for row in rows if row["code"] == "no-link"] == [""]
    refused = client.post(
        "/api/v1/core/policy-sources/", {"code": "bad-link", "title": "t", "issuer": "i", "url": "不是链接"}
    )
    assert refused.status_code in (400, 403)


@pytest.mark.django_db
def test_a_huge_id_in_a_request_body_answers_400_naming_the_field():
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.ADMIN]))
    response = client.post("/api/v1/supervision/alerts/acknowledge/", {"alerts": [10**30], "note": ""}, format="json")
    assert response.status_code == 400
    assert "alerts" in response.json()["errors"]


def test_a_file_the_platform_stored_itself_may_have_no_uploader(schema):
    uploaded_by = _resolve(schema, {"$ref": "#/components/schemas/StoredFile"})["properties"]["uploaded_by"]
    assert uploaded_by.get("nullable") is True


@pytest.mark.django_db
def test_a_body_that_cannot_be_parsed_answers_the_documented_400():
    """A broken multipart boundary answered {"code", "detail"} in English, without the errors every 400 documents."""
    client = APIClient()
    client.force_authenticate(UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.CLERK]))
    path = "/api/v1/personnel/people/import/"
    response = client.generic("POST", path, b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error" and body["errors"] == {"__all__": [body["detail"]]}
    assert body["detail"].startswith("请求体无法解析")
    assert_documented(response, path, "post")
