"""The lean verification path answers exactly as the DRF view does (issue #16, R-CERT-4)."""

from __future__ import annotations

import pytest

from skillcert.certificates.tests.factories import final_plan
from skillcert.core.policy import forget_policy

pytestmark = pytest.mark.django_db

API = "/api/v1/public/certificates/verify"
HEADERS = ("Content-Type", "Vary", "X-Frame-Options", "X-Content-Type-Options")


@pytest.fixture
def cert():
    return final_plan(1).issue(0)


def _same(client, params):
    lean = client.get(API, params)
    drf = client.get(API, {**params, "format": "json"})  # a format always goes through DRF
    assert lean.status_code == drf.status_code
    lean_body, drf_body = lean.json(), drf.json()
    lean_body.pop("checked_at", None), drf_body.pop("checked_at", None)
    assert lean_body == drf_body
    assert list(lean.json()) == list(drf.json())  # the same order of fields
    assert {h: lean.get(h) for h in HEADERS} == {h: drf.get(h) for h in HEADERS}
    assert set(lean["Allow"].split(", ")) == set(drf["Allow"].split(", "))  # DRF's order varies by run
    return lean


def test_found_unknown_and_wrong_name_answer_as_drf(client, cert):
    assert _same(client, {"number": cert.number, "name": cert.name}).status_code == 200
    assert _same(client, {"number": cert.number[:16] + "999999", "name": cert.name}).status_code == 404
    assert _same(client, {"number": cert.number, "name": "李四"}).status_code == 404
    assert b", " not in client.get(API, {"number": cert.number, "name": cert.name}).content  # compact as DRF


def test_errors_and_the_limit_answer_as_drf_and_count_once(client, cert, set_policy):
    assert _same(client, {"number": "X000014000000264000001", "name": "王伟"}).status_code == 400
    assert _same(client, {"number": cert.number}).status_code == 400
    set_policy("certificates.verify_rate_limit", 2)
    params = {"number": cert.number, "name": cert.name}
    codes = [client.get(API, params, REMOTE_ADDR="10.0.0.7").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.get(API, params, REMOTE_ADDR="10.0.0.7")
    assert limited["Retry-After"] and limited.json()["code"] == "throttled"
    forget_policy("certificates.verify_rate_limit")  # the process keeps policies a few seconds: not for the next test


def test_a_browser_gets_the_browsable_api(client, cert):
    response = client.get(API, {"number": cert.number, "name": cert.name}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
