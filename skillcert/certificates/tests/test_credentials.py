"""The certificate as a Verifiable Credential and the public status lists (R-CERT-4, R-CERT-5):
credential → JWT verification → status list look-up, before and after a key rotation and a
revocation; the credential against the published VC 2.0 and OB 3.0 JSON Schemas; the JWKS, the
did:web document and the cacheable lists; altered credentials and out-of-range indexes refused."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from skillcert.accounts.choices import Role
from skillcert.certificates import credentials, issuer_keys, offline_qr, services, status_list
from skillcert.certificates.choices import ProposalKind
from skillcert.certificates.models import Certificate, SigningKey, StatusListEntry
from skillcert.certificates.tests.factories import candidate_user, final_plan
from skillcert.core.models import AuditEvent
from skillcert.institutions.tests.factories import bureau_user

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "data" / "schemas"


def _claims(token: str) -> dict:
    return json.loads(issuer_keys.b64url_decode(token.split(".")[1]))


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    """Propose and approve a status change; what runs when the approval commits runs too."""

    def run(f, cert: Certificate, kind: str) -> None:
        proposal = services.propose_status_change(actor=f.s.bureau, certificate=cert, kind=kind, grounds="经查违规取得")
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=proposal)

    return run


@pytest.fixture
def issued():
    f = final_plan(2)
    return f, f.issue(0)


def test_credential_validates_against_the_published_vc_2_and_ob_3_schemas(issued):
    _f, cert = issued
    claims = _claims(credentials.issue_jwt(cert))
    vc_schema = json.loads((SCHEMAS / "vc-2.0-verifiable-credential-schema.json").read_text())
    ob_schema = json.loads((SCHEMAS / "ob-3.0-achievementcredential-schema.json").read_text())
    jsonschema.Draft202012Validator(vc_schema).validate(claims)
    jsonschema.Draft201909Validator(
        ob_schema, registry=Registry().with_resource(ob_schema["$id"], Resource.from_contents(ob_schema))
    ).validate(claims)
    # The schemas do bite: without a subject the credential fails both.
    broken = {k: v for k, v in claims.items() if k != "credentialSubject"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(vc_schema).validate(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(ob_schema).validate(broken)


def test_credential_carries_the_certificate_and_its_status_entries(issued):
    _f, cert = issued
    token = credentials.issue_jwt(cert)
    header = json.loads(issuer_keys.b64url_decode(token.split(".")[0]))
    assert header["typ"] == "vc+jwt" and header["alg"] == "Ed25519"
    assert header["kid"] == f"{issuer_keys.issuer_did()}#{SigningKey.objects.get().kid}"
    claims = _claims(token)
    assert claims["id"] == f"urn:skillcert:certificate:{cert.number}"
    ids = {e["identityType"]: e["identityHash"] for e in claims["credentialSubject"]["identifier"]}
    assert ids == {"identifier": cert.number, "name": cert.name, "nationalIdentityNumber": cert.masked_id_number}
    assert claims["credentialSubject"]["achievement"]["humanCode"] == cert.occupation_code
    index = str(StatusListEntry.objects.get(certificate=cert).index)
    entry = claims["credentialStatus"]
    assert (entry["type"], entry["statusPurpose"], entry["statusListIndex"], entry["statusSize"]) == (
        "BitstringStatusListEntry",
        "message",
        index,
        2,
    )
    assert entry["statusListCredential"].endswith("/.well-known/skillcert/status/message")


def test_round_trip_through_rotation_and_revocation(issued, change):
    f, cert = issued
    token = credentials.issue_jwt(cert)
    payload = offline_qr.payload_for(cert)
    verdict = credentials.verify_credential(token)
    assert verdict.valid and verdict.message == "凭证有效" and verdict.status == "valid"

    issuer_keys.rotate()
    assert credentials.verify_credential(token).valid, "signed by the retired key before it retired"
    assert offline_qr.verify(payload).valid

    change(f, cert, ProposalKind.REVOKE)
    verdict = credentials.verify_credential(token)
    assert not verdict.valid and verdict.status == "revoked" and verdict.message == "签名有效，但证书已撤销"
    # The offline QR check still says only what it can know.
    assert offline_qr.verify(payload).message == "签名有效（离线，未核对最新状态）"
    # The new list is signed by the new key.
    list_token = status_list.current("message").token
    assert json.loads(issuer_keys.b64url_decode(list_token.split(".")[0]))["kid"].endswith(
        SigningKey.objects.get(retired_at__isnull=True).kid
    )


def test_suspension_sets_the_suspension_bit_and_reinstatement_clears_it(issued, change):
    f, cert = issued
    token = credentials.issue_jwt(cert)
    change(f, cert, ProposalKind.SUSPEND)
    assert credentials.verify_credential(token).status == "suspended"
    change(f, cert, ProposalKind.REINSTATE)
    assert credentials.verify_credential(token).valid
    other = f.issue(1)
    assert credentials.verify_credential(credentials.issue_jwt(other)).valid


def test_an_altered_subject_is_invalid_with_the_reason(issued):
    _f, cert = issued
    header, payload, signature = credentials.issue_jwt(cert).split(".")
    claims = _claims(f"{header}.{payload}.{signature}")
    claims["credentialSubject"]["achievement"]["name"] = "高级技师"
    forged = issuer_keys.b64url(json.dumps(claims, ensure_ascii=False).encode())
    verdict = credentials.verify_credential(f"{header}.{forged}.{signature}")
    assert not verdict.valid and verdict.message == "凭证无效"
    assert verdict.reason == "签名与内容不符：凭证内容被改动"


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x.y.z.w"])
def test_malformed_credentials_are_invalid_never_an_exception(token):
    verdict = credentials.verify_credential(token)
    assert not verdict.valid and verdict.reason


def test_unknown_key_and_retired_key_after_retirement(issued):
    _f, cert = issued
    token = credentials.issue_jwt(cert)
    header = json.loads(issuer_keys.b64url_decode(token.split(".")[0]))
    header["kid"] = "did:web:x#nosuchkey"
    bad = issuer_keys.b64url(json.dumps(header).encode()) + "." + token.split(".", 1)[1]
    assert credentials.verify_credential(bad).reason == "签名密钥 nosuchkey 不在已发布的公钥中"

    import datetime

    from django.utils import timezone

    old = SigningKey.objects.get()
    issuer_keys.rotate(now=timezone.now() - datetime.timedelta(minutes=5))
    old.refresh_from_db()
    # A JWT signed with the retired key now (its iat is after the retirement).
    issuer_keys._private_cache.pop(old.kid, None)
    from joserfc import jws

    from skillcert.certificates.status_list import _okp

    late = jws.serialize_compact(
        {"alg": "Ed25519", "kid": issuer_keys.verification_method(old.kid), "typ": "vc+jwt"},
        json.dumps({**_claims(token), "iat": int(timezone.now().timestamp())}).encode(),
        _okp(issuer_keys.private_key(old)),
        algorithms=["Ed25519"],
    )
    verdict = credentials.verify_credential(late)
    assert not verdict.valid and "停用的密钥不得再签名" in verdict.reason


def test_a_status_index_out_of_range_is_refused(issued):
    _f, cert = issued
    token = status_list.current("revocation").token
    assert status_list.check(token, 0).set is False
    for index in (131072, -1, "12a", None, "1.5"):
        with pytest.raises(status_list.StatusListError) as raised:
            status_list.check(token, index)
        assert "状态列表序号" in str(raised.value)
    claims = _claims(credentials.issue_jwt(cert))
    claims["credentialStatus"]["statusListIndex"] = "999999999"
    verdict = credentials.verify_credential(
        status_list.sign_jwt(claims, now=__import__("django.utils.timezone").utils.timezone.now())
    )
    assert not verdict.valid and "超出范围" in verdict.reason


# --- the public endpoints --------------------------------------------------------------------------


def test_jwks_and_did_document_list_current_and_retired_keys(client):
    first = issuer_keys.active_key()
    issuer_keys.rotate()
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    keys = response.json()["keys"]
    assert [k["kid"] for k in keys][1] == first.kid and "retired_at" in keys[1] and "retired_at" not in keys[0]
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" and "d" not in k for k in keys)
    did = client.get("/.well-known/did.json").json()
    assert did["id"] == issuer_keys.issuer_did() and len(did["verificationMethod"]) == 2
    assert did["assertionMethod"][1] == f"{did['id']}#{first.kid}"


def test_status_list_is_cacheable_and_changes_within_a_minute_of_a_revocation(client, issued, change):
    f, cert = issued
    credentials.issue_jwt(cert)
    url = "/.well-known/skillcert/status/revocation"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/vc+jwt"
    assert first["Cache-Control"] == "public, no-cache" and first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    index = StatusListEntry.objects.get(certificate=cert).index
    assert status_list.check(first.content.decode(), index).set is False

    change(f, cert, ProposalKind.REVOKE)  # the rebuild runs when the approval commits
    second = client.get(url)
    assert second["ETag"] != first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert status_list.check(second.content.decode(), index).set is True
    assert client.get("/.well-known/skillcert/status/nonsense").status_code == 404


def test_verifier_download_and_scan_page(client):
    response = client.get("/.well-known/skillcert/verifier.html")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    html = response.content.decode()
    assert "SkillCertVerifier" in html and issuer_keys.active_key().kid in html
    page = client.get("/V")
    assert page.status_code == 200 and "offline-verifier.js" in page.content.decode()


def test_credential_download_is_scoped_and_audited(client, issued):
    _f, cert = issued
    url = f"/certificates/{cert.pk}/credential/"
    assert client.get(url).status_code == 302  # login first
    stranger = candidate_user()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    owner = candidate_user()
    Certificate.objects.filter(pk=cert.pk).update(candidate=owner)
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    assert credentials.verify_credential(response.content.decode()).valid
    assert AuditEvent.objects.filter(action="certificates.downloaded", after__format="vc+jwt").exists()


def test_credential_api_download_is_scoped_verifies_and_is_audited(api_client, issued, change):
    f, cert = issued
    url = f"/api/v1/certificates/{cert.pk}/credential/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(f.s.other_clerk)
    assert api_client.get(url).status_code == 404  # another institution: as if missing
    api_client.force_authenticate(f.clerk)
    response = api_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    assert response["Cache-Control"] == "private, no-store"
    verdict = credentials.verify_credential(response.content.decode())
    assert verdict.valid and verdict.claims["id"] == credentials.credential_id(cert.number)
    assert AuditEvent.objects.filter(
        action="certificates.downloaded", actor_id=f.clerk.pk, after__format="vc+jwt", after__number=cert.number
    ).exists()
    # After a revocation the same download still verifies its signature but reports the revocation.
    change(f, cert, ProposalKind.REVOKE)
    revoked = credentials.verify_credential(api_client.get(url).content.decode())
    assert not revoked.valid and revoked.status == "revoked"
