"""The lean verification path (config.wsgi → public_wsgi) answers exactly as Django's full path (issue #16, R-CERT-4).

Each request is sent twice, as gunicorn would pass it: to the WSGI application production serves and to
Django's own WSGI handler (every middleware, the DRF view). Status line, body and every header must match;
only the request id (new each time) and the moment in `checked_at` may differ.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from skillcert.certificates import verification
from skillcert.certificates.public_wsgi import LeanVerification
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.policy import forget_policy

pytestmark = pytest.mark.django_db

API = "/api/v1/public/certificates/verify"
_CHECKED_AT = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # checked_at, in JSON or the browsable API


@pytest.fixture(autouse=True)
def _no_leftover_limit():
    # The process keeps policy values a few seconds: an earlier test's low limit must not answer 429 here.
    forget_policy("certificates.verify_rate_limit")
    yield
    forget_policy("certificates.verify_rate_limit")


class Spy:
    """Django's handler, counting the requests the lean path hands it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def apps():
    """The lean application around a spy on Django's; a connection is not closed between requests (the
    test's transaction holds it), as Django's test client arranges it."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    full = Spy()
    try:
        yield LeanVerification(full), full
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def environ(method: str = "GET", params: dict[str, str] | None = None, **headers: str) -> dict[str, Any]:
    """The environ gunicorn builds: no HTTP_COOKIE unless the request has a Cookie header."""
    built = RequestFactory().generic(method, API, **headers)
    env = dict(built.environ)
    if not env.get("HTTP_COOKIE"):
        env.pop("HTTP_COOKIE", None)
    if params is not None:
        env["QUERY_STRING"] = urlencode(params)
    return env


def call(app: Any, env: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer.update(status=status, headers=headers)

    body_parts = app(env, start_response)
    try:
        body = b"".join(body_parts)
    finally:
        getattr(body_parts, "close", lambda: None)()
    return answer["status"], answer["headers"], body


def same(apps: tuple[LeanVerification, Spy], lean_expected: bool, method: str = "GET", **kwargs: Any) -> Any:
    """Send one request both ways; assert the same answer; return the lean one's status, headers, body."""
    lean_app, full = apps
    before = full.calls
    lean = call(lean_app, environ(method, **kwargs))
    assert (full.calls == before) is lean_expected, "answered by the lean path" if lean_expected else "handed on"
    reference = call(WSGIHandler(), environ(method, **kwargs))
    assert lean[0] == reference[0]
    assert _CHECKED_AT.sub(b"", lean[2]) == _CHECKED_AT.sub(b"", reference[2])
    lean_headers = [(k, v) for k, v in lean[1] if k != "X-Request-ID"]
    reference_headers = [(k, v) for k, v in reference[1] if k != "X-Request-ID"]
    assert lean_headers == reference_headers
    lean_ids = [v for k, v in lean[1] if k == "X-Request-ID"]
    assert len(lean_ids) == 1 and re.fullmatch(r"[A-Za-z0-9._-]{8,64}", lean_ids[0])
    return lean


@pytest.fixture
def certs():
    """A valid, a suspended and a revoked certificate."""
    from skillcert.accounts.choices import Role
    from skillcert.certificates import services
    from skillcert.certificates.choices import ProposalKind
    from skillcert.institutions.tests.factories import bureau_user

    f = final_plan(3)
    valid, suspended, revoked = f.issue(0), f.issue(1), f.issue(2)
    bureau, manager = bureau_user("150100", Role.CLERK), bureau_user("150100", Role.MANAGER)
    for cert, kind in ((suspended, ProposalKind.SUSPEND), (revoked, ProposalKind.REVOKE)):
        proposal = services.propose_status_change(actor=bureau, certificate=cert, kind=kind, grounds="核查")
        services.approve_status_change(actor=manager, proposal=proposal)
    return valid, suspended, revoked


def test_found_unknown_suspended_and_revoked_answer_as_the_full_path(apps, certs):
    valid, suspended, revoked = certs
    for cert, status in ((valid, "valid"), (suspended, "suspended"), (revoked, "revoked")):
        answer = same(apps, True, params={"number": cert.number, "name": cert.name})
        assert answer[0] == "200 OK" and f'"status":"{status}"'.encode() in answer[2]
    unknown = {"number": valid.number[:16] + "999999", "name": valid.name}
    assert same(apps, True, params=unknown)[0] == "404 Not Found"
    assert same(apps, True, params={"number": valid.number, "name": "李四"})[0] == "404 Not Found"
    assert same(apps, True, params={"number": valid.number.lower(), "name": f" {valid.name} "})[0] == "200 OK"
    found = same(apps, True, params={"number": valid.number, "name": valid.name})
    headers = dict(found[1])
    assert headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Content-Language"] == "zh-hans"
    assert headers["Content-Length"] == str(len(found[2])) and b", " not in found[2]  # compact, as DRF


def test_languages_and_accept_headers(apps, certs):
    params = {"number": certs[0].number, "name": certs[0].name}
    for language in ("zh-CN,zh;q=0.9", "en-US,en;q=0.8", "fr"):
        assert same(apps, True, params=params, HTTP_ACCEPT_LANGUAGE=language)[0] == "200 OK"
    for accept in ("application/json", "*/*", "text/plain, */*", "application/json, text/javascript, */*; q=0.01"):
        assert same(apps, True, params=params, HTTP_ACCEPT=accept)[0] == "200 OK"
    same(apps, False, params=params, HTTP_ACCEPT="")  # whatever DRF makes of an empty Accept
    # The browsable API, an indented JSON, a format, a cookie: Django's full path, as before.
    lean_app, full = apps
    before = full.calls
    browser = call(lean_app, environ(params=params, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"))
    assert browser[0] == "200 OK" and dict(browser[1])["Content-Type"].startswith("text/html")
    assert full.calls == before + 1
    assert same(apps, False, params=params, HTTP_ACCEPT="application/json; indent=4")[0] == "200 OK"
    assert same(apps, False, params=params, HTTP_ACCEPT="application/xml")[0] == "406 Not Acceptable"
    assert same(apps, False, params={**params, "format": "json"})[0] == "200 OK"
    assert same(apps, False, params=params, HTTP_COOKIE="sk_primary=1")[0] == "200 OK"
    assert same(apps, False, params=params, HTTP_HOST="evil.example")[0] == "400 Bad Request"


def test_bad_input_and_other_methods_answer_as_the_full_path(apps, certs):
    cert = certs[0]
    malformed = same(apps, False, params={"number": "X000014000000264000001", "name": "王伟"})
    assert malformed[0] == "400 Bad Request" and "证书编号".encode() in malformed[2]
    missing_name = same(apps, False, params={"number": cert.number})
    assert missing_name[0] == "400 Bad Request" and "姓名".encode() in missing_name[2]
    assert same(apps, False, params={})[0] == "400 Bad Request"
    for method in ("HEAD", "OPTIONS", "POST"):
        same(apps, False, method, params={"number": cert.number, "name": cert.name})


def test_an_unexpected_error_answers_as_the_full_path(apps, certs, monkeypatch):
    def broken(number: Any, name: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(verification, "find_by_number_and_name", broken)
    params = {"number": certs[0].number, "name": certs[0].name}
    assert same(apps, False, params=params)[0] == "500 Internal Server Error"


def test_the_limit_answers_as_the_full_path_and_counts_each_look_up_once(apps, certs, set_policy, monkeypatch):
    monkeypatch.setattr(verification.time, "time", lambda: 1_800_000_000.0)  # one window, one Retry-After
    set_policy("certificates.verify_rate_limit", 3)
    lean_app, full = apps
    params = {"number": certs[0].number, "name": certs[0].name}
    codes = [call(lean_app, environ(params=params, REMOTE_ADDR="10.0.0.7"))[0] for _ in range(3)]
    assert codes == ["200 OK"] * 3 and full.calls == 0
    # Both ways now past the limit (the reference's look-up counts too): the same 429, Retry-After included.
    limited = same(apps, False, params=params, REMOTE_ADDR="10.0.0.7")
    assert limited[0] == "429 Too Many Requests" and dict(limited[1])["Retry-After"]
    assert b'"code":"throttled"' in limited[2]
    assert call(lean_app, environ(params=params, REMOTE_ADDR="10.0.0.8"))[0] == "200 OK"  # per address


def test_a_suspension_and_a_revocation_show_in_the_next_lean_answer(apps):
    from skillcert.accounts.choices import Role
    from skillcert.certificates import services
    from skillcert.certificates.choices import ProposalKind
    from skillcert.institutions.tests.factories import bureau_user

    lean_app, full = apps
    cert = final_plan(1).issue(0)
    params = {"number": cert.number, "name": cert.name}
    assert b'"status":"valid"' in call(lean_app, environ(params=params))[2]
    bureau, manager = bureau_user("150100", Role.CLERK), bureau_user("150100", Role.MANAGER)
    for kind, status in ((ProposalKind.SUSPEND, "suspended"), (ProposalKind.REVOKE, "revoked")):
        proposal = services.propose_status_change(actor=bureau, certificate=cert, kind=kind, grounds="核查")
        services.approve_status_change(actor=manager, proposal=proposal)
        answer = call(lean_app, environ(params=params))
        assert answer[0] == "200 OK" and f'"status":"{status}"'.encode() in answer[2]
    assert full.calls == 0


def test_production_serves_the_lean_path():
    from config import wsgi

    assert isinstance(wsgi.application, LeanVerification)


@pytest.mark.redis
def test_through_redis_one_round_trip_and_the_same_answers(apps, certs, set_policy, settings):
    """With the shared cache: INCR and the window's expiry before the look-up, read after it; 429 past it."""
    import redis
    from django.core.cache import caches

    from skillcert.core.testing import redis_url_or_skip

    url = redis_url_or_skip()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "sk-lean"}
    }
    server = redis.Redis.from_url(url)
    for key in server.scan_iter("sk-lean:*"):
        server.delete(key)
    set_policy("certificates.verify_rate_limit", 3)
    lean_app, full = apps
    params = {"number": certs[0].number, "name": certs[0].name}
    codes = [call(lean_app, environ(params=params, REMOTE_ADDR="10.9.0.1"))[0] for _ in range(3)]
    unknown = {**params, "number": certs[0].number[:16] + "999999"}
    over = call(lean_app, environ(params=unknown, REMOTE_ADDR="10.9.0.1"))
    assert codes == ["200 OK"] * 3 and over[0] == "429 Too Many Requests" and full.calls == 1
    assert call(lean_app, environ(params=params, REMOTE_ADDR="10.9.0.2"))[0] == "200 OK"  # per address
    (key,) = [k for k in server.scan_iter("sk-lean:*") if b"10.9.0.1" in k]
    assert int(server.get(key)) == 4 and server.ttl(key) > 0  # counted once each, the window's expiry set
    assert caches["default"].get("anything") is None  # the connection is clean for the next command
    set_policy("certificates.verify_rate_limit", 100)
    forget_policy("certificates.verify_rate_limit")
    same(apps, True, params=params, REMOTE_ADDR="10.9.0.3")


HAS_REPLICA = "replica" in settings.DATABASES


@pytest.mark.postgres
@pytest.mark.skipif(not HAS_REPLICA, reason="set SKILLCERT_TEST_REPLICA_URL to a second PostgreSQL database")
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_lean_path_reads_the_replica(apps, settings):
    settings.SKILLCERT_REPLICA_ALIAS = "replica"
    cert = final_plan(1).issue(0)
    lean_app, full = apps
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        answer = call(lean_app, environ(params={"number": cert.number, "name": cert.name}))
    assert answer[0] == "404 Not Found" and full.calls == 0  # the replica here is an empty second database
    assert any("certificates_publiccertificate" in q["sql"] for q in replica.captured_queries)
    assert not any("certificates_publiccertificate" in q["sql"] for q in primary.captured_queries)
