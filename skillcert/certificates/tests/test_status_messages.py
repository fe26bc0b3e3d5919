"""One 2-bit status entry per credential (W3C Bitstring Status List v1.0, statusPurpose message,
statusSize 2): issue → credential → JWT verification → status look-up while valid, after a
suspension, after it is lifted, after a key rotation and after a revocation, each seen by the very
next fetch of the published list (no background rebuild needed); the QR record's index reads the
same list; credentials issued with the old revocation entry keep verifying against the one-bit
lists; malformed lists, entries and out-of-range indexes are answered with a reason, never an error."""

from __future__ import annotations

import gzip
import json

import pytest
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.certificates import credentials, issuer_keys, offline_qr, services, status_list
from skillcert.certificates.choices import CertificateStatus, ProposalKind
from skillcert.certificates.credential_models import StatusPurpose
from skillcert.certificates.models import Certificate, SigningKey, StatusListEntry
from skillcert.certificates.tests.factories import final_plan
from skillcert.institutions.tests.factories import bureau_user

pytestmark = pytest.mark.django_db
MESSAGE_URL = "/.well-known/skillcert/status/message"


def _claims(token: str) -> dict:
    return json.loads(issuer_keys.b64url_decode(token.split(".")[1]))


def _change(f, cert: Certificate, kind: str) -> None:
    """Propose and approve; what would run after the commit (the background rebuild) does not run."""
    proposal = services.propose_status_change(actor=f.s.bureau, certificate=cert, kind=kind, grounds="经查违规取得")
    services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=proposal)


def _published(client, index: int) -> tuple[str, str]:
    """The status of `index` in the list as fetched now, and the list's ETag."""
    response = client.get(MESSAGE_URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    assert response["Cache-Control"] == "public, no-cache" and response["Access-Control-Allow-Origin"] == "*"
    return status_list.lookup(index, token=response.content.decode()), response["ETag"]


def _legacy(cert: Certificate) -> str:
    """A credential as issued before the message list: the one-bit revocation entry."""
    claims = credentials.credential_for(cert)
    claims["credentialStatus"] = credentials.status_entry(cert.status_entry.index, StatusPurpose.REVOCATION)
    return status_list.sign_jwt(claims, now=timezone.now())


@pytest.fixture
def issued():
    f = final_plan(2)
    return f, f.issue(0)


def test_the_credential_carries_one_two_bit_message_entry(issued):
    _f, cert = issued
    entry = _claims(credentials.issue_jwt(cert))["credentialStatus"]
    index = StatusListEntry.objects.get(certificate=cert).index
    url = status_list.list_url("message")
    assert url.endswith(MESSAGE_URL)
    assert entry == {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": str(index),
        "statusListCredential": url,
        "statusSize": 2,
        "statusMessage": [
            {"status": "0x0", "message": "有效 / valid"},
            {"status": "0x1", "message": "已暂停 / suspended"},
            {"status": "0x2", "message": "已撤销 / revoked"},
            {"status": "0x3", "message": "已作废 / voided"},
        ],
    }


def test_the_published_message_list_is_signed_and_big_enough(client, issued):
    _f, cert = issued
    credentials.issue_jwt(cert)
    token = client.get(MESSAGE_URL).content.decode()
    claims = credentials.verify_jwt(token)
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["id"] == status_list.list_url("message")
    subject = claims["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"], subject["statusSize"]) == ("BitstringStatusList", "message", 2)
    assert subject["statusMessages"] == status_list.STATUS_MESSAGES
    bits = gzip.decompress(issuer_keys.b64url_decode(subject["encodedList"][1:]))
    assert len(bits) * 8 // 2 >= 131072  # the specification's minimum number of entries


def test_round_trip_valid_suspended_lifted_rotated_revoked_each_seen_by_the_next_fetch(client, issued):
    f, cert = issued
    token = credentials.issue_jwt(cert)
    payload = offline_qr.payload_for(cert)
    index = int(_claims(token)["credentialStatus"]["statusListIndex"])
    assert offline_qr.verify(payload).record[offline_qr.STATUS_INDEX] == index  # the QR reads the same entry

    def states() -> tuple[str, str, str]:
        verdict = credentials.verify_credential(token)
        published, etag = _published(client, index)
        assert published == status_list.lookup(offline_qr.verify(payload).record[offline_qr.STATUS_INDEX])
        return verdict.status, published, etag

    status, published, etag0 = states()
    assert (status, published) == ("valid", "valid") and credentials.verify_credential(token).valid
    assert client.get(MESSAGE_URL, HTTP_IF_NONE_MATCH=etag0).status_code == 304

    _change(f, cert, ProposalKind.SUSPEND)
    status, published, etag1 = states()
    assert (status, published) == ("suspended", "suspended") and etag1 != etag0
    verdict = credentials.verify_credential(token)
    assert not verdict.valid and verdict.message == "签名有效，但证书暂停使用"
    assert client.get(MESSAGE_URL, HTTP_IF_NONE_MATCH=etag0).status_code == 200

    _change(f, cert, ProposalKind.REINSTATE)
    status, published, etag2 = states()
    assert (status, published) == ("valid", "valid") and etag2 != etag1
    assert credentials.verify_credential(token).valid

    old_kid = SigningKey.objects.get().kid
    issuer_keys.rotate()
    status, published, _etag = states()
    assert (status, published) == ("valid", "valid"), "signed by the retired key before it retired"
    assert offline_qr.verify(payload).valid
    fresh = credentials.issue_jwt(cert)
    assert json.loads(issuer_keys.b64url_decode(fresh.split(".")[0]))["kid"].split("#")[1] != old_kid
    assert credentials.verify_credential(fresh).valid

    _change(f, cert, ProposalKind.REVOKE)
    status, published, _etag = states()
    assert (status, published) == ("revoked", "revoked")
    verdict = credentials.verify_credential(fresh)
    assert not verdict.valid and verdict.status == "revoked" and verdict.message == "签名有效，但证书已撤销"
    # The list that says so is signed by the new key; the QR's offline answer is unchanged.
    list_kid = json.loads(issuer_keys.b64url_decode(client.get(MESSAGE_URL).content.decode().split(".")[0]))["kid"]
    assert list_kid.endswith(SigningKey.objects.get(retired_at__isnull=True).kid)
    assert offline_qr.verify(payload).message == "签名有效（离线，未核对最新状态）"
    # The other certificate's entry is untouched.
    other = f.issue(1)
    assert credentials.verify_credential(credentials.issue_jwt(other)).valid


def test_voided_is_the_fourth_value_and_two_bits_are_read_left_most_first(client, issued):
    _f, cert = issued
    token = credentials.issue_jwt(cert)
    index = cert.status_entry.index
    cert.status = CertificateStatus.VOIDED
    cert.save(update_fields=["status"])
    assert _published(client, index)[0] == "voided"
    assert credentials.verify_credential(token).message == "签名有效，但证书已作废"
    bits = status_list.read_list(client.get(MESSAGE_URL).content.decode()).bits
    assert [bool(bits[p // 8] & (0x80 >> (p % 8))) for p in (2 * index, 2 * index + 1)] == [True, True]

    for value in range(4):
        scratch = bytearray(8)
        status_list.put_value(scratch, 5, 2, value)
        assert status_list.value_at(bytes(scratch), 5, 2) == value and status_list.value_at(bytes(scratch), 4, 2) == 0
        assert scratch[1] == value << 4  # entry 5 is bits 10 and 11: the high bit first


def test_old_credentials_with_the_revocation_entry_keep_verifying(client, issued):
    f, cert = issued
    credentials.issue_jwt(cert)
    old = _legacy(cert)
    assert _claims(old)["credentialStatus"]["statusPurpose"] == "revocation"
    assert credentials.verify_credential(old).valid
    for purpose in ("revocation", "suspension"):
        response = client.get(f"/.well-known/skillcert/status/{purpose}")
        assert response.status_code == 200 and response["Cache-Control"] == "public, no-cache"

    _change(f, cert, ProposalKind.SUSPEND)
    assert credentials.verify_credential(old).status == "suspended"
    suspension = client.get("/.well-known/skillcert/status/suspension").content.decode()
    assert status_list.check(suspension, cert.status_entry.index, purpose="suspension").set
    _change(f, cert, ProposalKind.REINSTATE)
    assert credentials.verify_credential(old).valid
    issuer_keys.rotate()
    assert credentials.verify_credential(old).valid
    _change(f, cert, ProposalKind.REVOKE)
    verdict = credentials.verify_credential(old)
    assert not verdict.valid and verdict.status == "revoked"
    revocation = client.get("/.well-known/skillcert/status/revocation").content.decode()
    assert status_list.check(revocation, cert.status_entry.index, purpose="revocation").set


def _signed_list(**subject) -> str:
    claims = status_list.credential("message", bytes(65536), timezone.now())
    claims["credentialSubject"].update(subject)
    return status_list.sign_jwt(claims, now=timezone.now())


@pytest.mark.parametrize(
    ("subject", "reason"),
    [
        ({"encodedList": "xH4sI"}, "状态列表编码不正确"),
        ({"encodedList": "u" + issuer_keys.b64url(b"not gzip at all")}, "状态列表编码不正确"),
        ({"encodedList": 12}, "状态列表编码不正确"),
        ({"encodedList": status_list.encode_list(bytes(16384))}, "状态列表过短（65536 项，规范要求至少 131072 项）"),
        ({"statusPurpose": "revocation"}, "状态列表用途与凭证不符"),
        ({"statusSize": 1}, "状态列表每项 1 位，与凭证所写的 2 位不符"),
        ({"statusSize": "2"}, "状态列表格式不正确"),
        ({"statusPurpose": 7}, "状态列表格式不正确"),
    ],
)
def test_malformed_lists_are_refused_with_the_reason(issued, subject, reason):
    _f, cert = issued
    token = credentials.issue_jwt(cert)
    verdict = credentials.verify_credential(token, lists={"message": _signed_list(**subject)})
    assert not verdict.valid and verdict.message == "凭证无效" and verdict.reason == reason


def test_lists_that_are_not_status_lists_or_not_signed_are_refused(issued):
    _f, cert = issued
    token = credentials.issue_jwt(cert)
    good = status_list.current("message").token
    head, _body, signature = good.split(".")
    claims = _claims(good)
    claims["credentialSubject"]["encodedList"] = status_list.encode_list(b"\xff" * 65536)
    forged = f"{head}.{issuer_keys.b64url(json.dumps(claims).encode())}.{signature}"
    for bad, reason in (
        (" ", "状态列表凭证无效"),
        ("garbage", "状态列表凭证无效"),
        (forged, "状态列表凭证无效：签名与内容不符"),
        (token, "不是位串状态列表凭证"),  # a certificate's credential is not a list
    ):
        verdict = credentials.verify_credential(token, lists={"message": bad})
        assert not verdict.valid and verdict.reason.startswith(reason), (bad[:20], verdict.reason)


@pytest.mark.parametrize("index", ["262144", "131072", "-1", "12a", "1.5", "", None, " 7x"])
def test_an_index_out_of_range_or_not_a_number_is_refused(issued, index):
    _f, cert = issued
    claims = _claims(credentials.issue_jwt(cert))
    claims["credentialStatus"]["statusListIndex"] = index
    verdict = credentials.verify_credential(status_list.sign_jwt(claims, now=timezone.now()))
    assert not verdict.valid and verdict.reason.startswith("状态列表序号")
    with pytest.raises(status_list.StatusListError):
        status_list.lookup(index)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"statusSize": 1}, "凭证的状态条目格式不正确（应为2位、4条状态消息）"),
        ({"statusMessage": status_list.STATUS_MESSAGES[:3]}, "凭证的状态条目格式不正确（应为2位、4条状态消息）"),
        ({"statusMessage": "0x0"}, "凭证的状态条目格式不正确（应为2位、4条状态消息）"),
        ({"statusPurpose": "refresh"}, "不支持的状态用途：refresh"),
    ],
)
def test_a_malformed_entry_is_refused(issued, change, reason):
    _f, cert = issued
    claims = _claims(credentials.issue_jwt(cert))
    claims["credentialStatus"].update(change)
    verdict = credentials.verify_credential(status_list.sign_jwt(claims, now=timezone.now()))
    assert not verdict.valid and verdict.reason == reason


def test_a_status_change_marks_the_published_lists_stale_in_its_own_transaction(
    issued, django_capture_on_commit_callbacks
):
    f, cert = issued
    credentials.issue_jwt(cert)
    status_list.refresh()
    with django_capture_on_commit_callbacks() as callbacks:
        _change(f, cert, ProposalKind.SUSPEND)
    assert len(callbacks) >= 1  # the background rebuild is queued as well
    from skillcert.certificates.models import StatusListSnapshot

    assert set(StatusListSnapshot.objects.values_list("purpose", "stale")) == {
        ("message", True),
        ("revocation", True),
        ("suspension", True),
    }
    assert status_list.current("message").stale is False
    assert status_list.lookup(cert.status_entry.index) == "suspended"
