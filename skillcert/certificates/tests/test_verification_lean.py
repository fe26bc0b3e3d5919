"""The lean verification path answers exactly as the DRF view does (issue #16, R-CERT-4)."""

from __future__ import annotations

import pytest

from skillcert.certificates.tests.factories import final_plan
from skillcert.core.policy import forget_policy

pytestmark = pytest.mark.django_db

API = "/api/v1/public/certificates/verify"
HEADERS = (
    "Content-Type",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Content-Language",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def _vary(response):
    # The full chain adds Cookie (the session middleware is consulted); the answer never depends on one.
    return [v for v in response["Vary"].split(", ") if v != "Cookie"]


@pytest.fixture(autouse=True)
def _no_leftover_limit():
    # The process keeps policy values a few seconds: an earlier test's low limit must not answer 429 here.
    forget_policy("certificates.verify_rate_limit")
    yield
    forget_policy("certificates.verify_rate_limit")


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
    assert all(lean.get(h) for h in HEADERS[1:]), "the security headers the rest of the site sends"
    assert _vary(lean) == _vary(drf)
    assert lean["X-Request-ID"] and lean["Content-Length"] == str(len(lean.content))
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


def test_a_json_look_up_skips_the_signed_in_middleware(client, cert, monkeypatch):
    """The lean answer leaves before sessions, CSRF, authentication and URL resolution; the rest do not."""
    from django.contrib.sessions.middleware import SessionMiddleware

    seen = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(SessionMiddleware, "process_request", lambda self, r: seen.append(r.path) or original(self, r))
    params = {"number": cert.number, "name": cert.name}
    answer = client.get(API, params)
    assert answer.status_code == 200 and "Cookie" not in answer["Vary"] and seen == []
    assert client.get(API, params, HTTP_ACCEPT="text/html").status_code == 200 and seen == [API]
    assert client.get(API, {**params, "format": "json"}).status_code == 200 and len(seen) == 2


def test_a_suspension_and_a_revocation_show_in_the_next_lean_answer(client, cert):
    from skillcert.accounts.choices import Role
    from skillcert.certificates import services
    from skillcert.certificates.choices import ProposalKind
    from skillcert.institutions.tests.factories import bureau_user

    params = {"number": cert.number, "name": cert.name}
    assert client.get(API, params).json()["status"] == "valid"
    bureau, manager = bureau_user("150100", Role.CLERK), bureau_user("150100", Role.MANAGER)
    for kind, status in ((ProposalKind.SUSPEND, "suspended"), (ProposalKind.REVOKE, "revoked")):
        proposal = services.propose_status_change(actor=bureau, certificate=cert, kind=kind, grounds="核查")
        services.approve_status_change(actor=manager, proposal=proposal)
        answer = client.get(API, params)
        assert answer.status_code == 200 and answer.json()["status"] == status and "Cookie" not in answer["Vary"]


@pytest.mark.redis
def test_the_limit_counts_in_redis_in_one_round_trip_with_the_look_up(client, cert, set_policy, settings):
    """Through Redis: INCR and the window's expiry sent before the look-up, read after it; 429 past the limit."""
    import redis
    from django.core.cache import caches

    from skillcert.core.testing import redis_url_or_skip

    url = redis_url_or_skip()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "skillcert-test-lean",
        }
    }
    server = redis.Redis.from_url(url)
    for key in server.scan_iter("skillcert-test-lean:*"):
        server.delete(key)
    set_policy("certificates.verify_rate_limit", 3)
    params = {"number": cert.number, "name": cert.name}
    codes = [client.get(API, params, REMOTE_ADDR="10.9.0.1").status_code for _ in range(3)]
    unknown = client.get(API, {**params, "number": cert.number[:16] + "999999"}, REMOTE_ADDR="10.9.0.1")
    assert codes == [200, 200, 200] and unknown.status_code == 429 and unknown["Retry-After"]
    assert client.get(API, params, REMOTE_ADDR="10.9.0.2").status_code == 200  # per address
    (key,) = [k for k in server.scan_iter("skillcert-test-lean:*") if b"10.9.0.1" in k]
    assert int(server.get(key)) == 4 and server.ttl(key) > 0  # the window's expiry was set
    assert client.get(API, params, REMOTE_ADDR="10.9.0.1").status_code == 429
    assert caches["default"].get("anything") is None  # the connection is clean for the next command
    forget_policy("certificates.verify_rate_limit")
