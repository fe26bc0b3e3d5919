"""Public verification (R-CERT-4): by number and name or the signed QR link, no login, statuses with
reasons, personal data masked, malformed numbers explained, forged tokens refused, rate-limited."""

from __future__ import annotations

import pytest
from django.core import signing

from skillcert.certificates import services
from skillcert.certificates.choices import ProposalKind
from skillcert.certificates.tests.factories import final_plan
from skillcert.certificates.verification import qr_token, verification_path

pytestmark = pytest.mark.django_db

API = "/api/v1/public/certificates/verify"


@pytest.fixture
def issued():
    f = final_plan(1)
    return f, f.issue(0)


def test_valid_certificate_answers_with_masked_fields(api_client, issued):
    _f, cert = issued
    response = api_client.get(API, {"number": cert.number.lower(), "name": f" {cert.name} "})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["status_label"] == "有效" and body["status_reason"] == ""
    assert body["number"] == cert.number and body["level_label"] == "四级/中级工" and body["work_type"] == "--"
    assert body["id_number"] == cert.id_number[:6] + "********" + cert.id_number[-4:]
    assert body["name"] != cert.name and body["name"].startswith(cert.name[0]) and "*" in body["name"]
    assert cert.id_number not in response.content.decode()


def test_malformed_number_names_each_segment(api_client):
    response = api_client.get(API, {"number": "X000014000000264000001", "name": "王伟"})
    assert response.status_code == 400
    body = response.json()
    assert "第1位" in body["detail"] and "第6-7位省份代码应为15，实为14" in body["detail"]
    assert "第8-13位站点序号" in body["detail"]
    assert response.json()["errors"]["number"]
    short = api_client.get(API, {"number": "S0000", "name": "王伟"})
    assert short.status_code == 400 and "应为22位，实为5位" in short.json()["detail"]


def test_unknown_number_and_wrong_name_are_404_alike(api_client, issued):
    _f, cert = issued
    unknown = cert.number[:16] + "999999"
    a = api_client.get(API, {"number": unknown, "name": cert.name})
    b = api_client.get(API, {"number": cert.number, "name": "李四"})
    assert a.status_code == b.status_code == 404
    assert a.json()["detail"] == b.json()["detail"]
    missing_name = api_client.get(API, {"number": cert.number})
    assert missing_name.status_code == 400 and "姓名" in missing_name.json()["detail"]


def test_revocation_shows_at_once_with_reason(api_client, issued):
    f, cert = issued
    proposal = services.propose_status_change(
        actor=f.s.bureau, certificate=cert, kind=ProposalKind.REVOKE, grounds="经查替考取得，依法撤销"
    )
    before = api_client.get(API, {"number": cert.number, "name": cert.name}).json()
    assert before["status"] == "valid"
    from skillcert.accounts.choices import Role
    from skillcert.institutions.tests.factories import bureau_user

    services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=proposal)
    after = api_client.get(API, {"number": cert.number, "name": cert.name}).json()
    assert after["status"] == "revoked" and after["status_label"] == "已撤销"
    assert after["status_reason"] == "经查替考取得，依法撤销" and after["status_changed_on"]


def test_qr_token_page_and_api(client, api_client, issued):
    _f, cert = issued
    page = client.get(verification_path(cert.number))
    assert page.status_code == 200
    html = page.content.decode()
    assert "证书状态：有效" in html and cert.number in html and cert.id_number not in html
    api = api_client.get("/api/v1/public/certificates/qr", {"token": qr_token(cert.number)})
    assert api.status_code == 200 and api.json()["number"] == cert.number


def test_forged_tokens_are_refused(client, api_client, issued):
    _f, cert = issued
    other = cert.number[:16] + "000777"
    forged = f"{other}:{qr_token(cert.number).split(':', 1)[1]}"
    assert api_client.get("/api/v1/public/certificates/qr", {"token": forged}).status_code == 400
    assert client.get(f"/certificates/v/{forged}/").status_code == 400
    wrong_key = signing.Signer(key="not-our-key", salt="skillcert.certificates.qr").sign(other)
    response = api_client.get("/api/v1/public/certificates/qr", {"token": wrong_key})
    assert response.status_code == 400 and "二维码无效" in response.json()["detail"]
    # A correctly signed token for a number that was never issued finds nothing.
    assert api_client.get("/api/v1/public/certificates/qr", {"token": qr_token(other)}).status_code == 404


def test_verification_page_form(client, issued):
    _f, cert = issued
    ok = client.get("/certificates/verify/", {"number": cert.number, "name": cert.name})
    assert ok.status_code == 200 and "证书状态：有效" in ok.content.decode()
    bad = client.get("/certificates/verify/", {"number": "S00001", "name": cert.name})
    assert bad.status_code == 400 and "应为22位" in bad.content.decode()
    assert client.get("/certificates/verify/").status_code == 200


def test_rate_limit_per_client_address(api_client, client, set_policy, issued):
    _f, cert = issued
    set_policy("certificates.verify_rate_limit", 3)
    params = {"number": cert.number, "name": cert.name}
    codes = [api_client.get(API, params, REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api_client.get(API, params, REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429 and "查询过于频繁" in limited.json()["detail"] and limited["Retry-After"]
    assert api_client.get(API, params, REMOTE_ADDR="10.0.0.2").status_code == 200
    page = client.get("/certificates/verify/", params, REMOTE_ADDR="10.0.0.1")
    assert page.status_code == 429 and "查询过于频繁" in page.content.decode()


def test_lookup_is_one_query_on_the_public_row_without_decryption(api_client, issued, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skillcert.core import fields

    _f, cert = issued
    api_client.get(API, {"number": cert.number, "name": cert.name})  # policies read and cached once

    def no_decryption(*args, **kwargs):
        raise AssertionError("public verification must not decrypt personal data")

    monkeypatch.setattr(fields.EncryptedTextField, "from_db_value", no_decryption)
    with CaptureQueriesContext(connection) as ctx:
        response = api_client.get(API, {"number": cert.number, "name": cert.name})
    assert response.status_code == 200 and response.json()["number"] == cert.number
    assert len(ctx.captured_queries) == 1
    assert "certificates_publiccertificate" in ctx.captured_queries[0]["sql"]
    record = cert.public_record
    assert cert.name not in {record.masked_name, record.name_key} and cert.id_number != record.masked_id_number


def test_suspension_and_reinstatement_rewrite_the_public_row(api_client, issued):
    from skillcert.accounts.choices import Role
    from skillcert.institutions.tests.factories import bureau_user

    f, cert = issued
    manager = bureau_user("150100", Role.MANAGER)
    params = {"number": cert.number, "name": cert.name}
    for kind, status in ((ProposalKind.SUSPEND, "suspended"), (ProposalKind.REINSTATE, "valid")):
        proposal = services.propose_status_change(actor=f.s.bureau, certificate=cert, kind=kind, grounds="核查")
        services.approve_status_change(actor=manager, proposal=proposal)
        assert api_client.get(API, params).json()["status"] == status


def test_backfill_writes_the_rows_issuance_writes(issued):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from skillcert.certificates.models import PublicCertificate
    from skillcert.certificates.verification import public_fields

    _f, cert = issued
    written = public_fields(cert)
    PublicCertificate.objects.all().delete()
    migration = importlib.import_module("skillcert.certificates.migrations.0005_backfill_public_certificates")
    migration.backfill(apps, SimpleNamespace(connection=connection))
    record = PublicCertificate.objects.get()
    assert record.certificate_id == cert.pk
    assert {k: getattr(record, k) for k in written} == written


def test_the_limit_says_the_wait_once(api_client, set_policy, issued):
    _f, cert = issued
    set_policy("certificates.verify_rate_limit", 1)
    params = {"number": cert.number, "name": cert.name}
    api_client.get(API, params, REMOTE_ADDR="10.0.0.9")
    detail = api_client.get(API, params, REMOTE_ADDR="10.0.0.9").json()["detail"]
    assert detail.count("秒") == 1 and "Expected" not in detail and "预计" not in detail, detail


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(api_client, set_policy, settings, issued):
    _f, cert = issued
    set_policy("certificates.verify_rate_limit", 2)
    params = {"number": cert.number, "name": cert.name}

    def ask(remote: str, forwarded: str) -> int:
        return api_client.get(API, params, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).status_code

    # Untrusted: a client rotating the header is still counted by its own address.
    assert [ask("203.0.113.5", f"198.51.100.{i}") for i in range(3)] == [200, 200, 429]
    settings.SKILLCERT_TRUSTED_PROXIES = ["10.1.0.0/16"]
    # Behind the trusted balancer each real client has its own count; a spoofed left-most hop is ignored.
    assert [ask("10.1.2.3", f"1.1.1.1, 198.51.100.{i}") for i in (7, 7, 7)] == [200, 200, 429]
    assert ask("10.1.2.3", "198.51.100.8") == 200
