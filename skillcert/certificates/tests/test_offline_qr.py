"""The offline QR record (R-CERT-3, R-CERT-4): COSE_Sign1 and Base45 exactly as their RFCs, issue →
PDF → QR → offline verification, the size of the printed code, key rotation, and every damaged input
answered "签名无效" with its reason."""

from __future__ import annotations

import datetime
import zlib

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.utils import timezone

from skillcert.certificates import cose, issuer_keys, offline_qr
from skillcert.certificates.models import SigningKey, StatusListEntry
from skillcert.certificates.printing import QR_SIZE_MM
from skillcert.certificates.tests.factories import final_plan

pytestmark = pytest.mark.django_db


# --- the encodings, against their specifications ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0"), (b"", "")],
)
def test_base45_matches_rfc_9285_examples(raw, encoded):
    assert cose.b45encode(raw) == encoded
    assert cose.b45decode(encoded) == raw


@pytest.mark.parametrize("bad", ["GGW", "A", "ab"])
def test_base45_refuses_values_out_of_range_and_odd_lengths(bad):
    with pytest.raises(cose.CoseError):
        cose.b45decode(bad)


def test_sig_structure_is_the_rfc_9052_to_be_signed_bytes():
    # COSE WG example sign1-pass-01: protected {1: -7}, payload "This is the content.".
    expected = bytes.fromhex("846A5369676E61747572653143A101264054546869732069732074686520636F6E74656E742E")
    assert cose.sig_structure(bytes.fromhex("A10126"), b"This is the content.") == expected


def test_sign1_has_the_rfc_9052_shape_and_verifies_with_the_public_key():
    key = Ed25519PrivateKey.generate()
    message = cose.sign1(b"payload", kid="k1", key=key)
    decoded = cbor2.loads(message)
    assert isinstance(decoded, cbor2.CBORTag) and decoded.tag == 18
    protected, unprotected, payload, signature = decoded.value
    assert cbor2.loads(protected) == {1: -8, 4: b"k1"} and unprotected == {} and payload == b"payload"
    key.public_key().verify(signature, cose.sig_structure(protected, payload))  # raises if wrong
    parsed = cose.parse_sign1(message)
    assert parsed.kid == "k1" and parsed.verify(key.public_key())
    assert not parsed.verify(Ed25519PrivateKey.generate().public_key())


# --- issue → QR → offline verify ----------------------------------------------------------------------


def test_certificate_payload_verifies_offline_with_every_printed_field():
    cert = final_plan(1).issue(0)
    payload = offline_qr.payload_for(cert)
    assert payload.startswith("SC1:")
    verdict = offline_qr.verify(offline_qr.qr_url(payload))
    assert verdict.valid, verdict.reason
    assert verdict.message == "签名有效（离线，未核对最新状态）"
    record = verdict.record
    assert record[offline_qr.NUMBER] == cert.number and record[offline_qr.NAME] == cert.name
    assert record[offline_qr.MASKED_ID] == cert.masked_id_number and cert.id_number not in payload
    assert record[offline_qr.OCCUPATION] == cert.occupation_code and record[offline_qr.LEVEL] == cert.level
    assert record[offline_qr.INSTITUTION] == cert.institution.credit_code
    assert record[offline_qr.ISSUED_ON] == int(cert.issued_on.strftime("%Y%m%d"))
    assert record[offline_qr.STATUS_INDEX] == StatusListEntry.objects.get(certificate=cert).index
    assert verdict.kid == SigningKey.objects.get(retired_at__isnull=True).kid


def test_qr_text_is_an_upper_case_url_with_the_payload_in_the_fragment(settings):
    settings.SKILLCERT_PUBLIC_URL = "https://zscx.example.cn"
    cert = final_plan(1).issue(0)
    payload = offline_qr.payload_for(cert)
    text = offline_qr.qr_url(payload)
    assert text.startswith("HTTPS://ZSCX.EXAMPLE.CN/V#SC1:")
    assert " " not in text  # a phone camera must see one unbroken URL
    assert offline_qr.extract_payload(text) == payload
    # Everything but the "#" is in the alphanumeric set.
    assert set(text.replace("#", "")) <= set(cose.BASE45_ALPHABET)


def test_printed_qr_code_is_small_enough_to_scan_at_its_printed_width(settings):
    settings.SKILLCERT_PUBLIC_URL = "https://zscx.nmgrs.gov.cn"
    f = final_plan(1)
    cert = f.issue(0)
    # The longest name and institution code the record can carry are no worse than these.
    cert.name = "阿拉腾其其格·巴特尔"
    qr = offline_qr.make_qr(offline_qr.payload_for(cert))
    modules = qr.symbol_size(scale=1, border=0)[0]
    module_mm = QR_SIZE_MM / (modules + 4)  # the printed box includes a 2-module quiet zone each side
    assert qr.version <= 13, qr.version
    assert qr.error == "M"
    # 0.5 mm modules: above the 0.33 mm ISO/IEC 18004 guidance for phone cameras at reading distance.
    assert module_mm >= 0.5, (qr.version, modules, module_mm)
    print(f"QR version {qr.version}, {modules} modules, module {module_mm:.3f} mm at {QR_SIZE_MM} mm")


# --- damaged and forged input ------------------------------------------------------------------------


def _reencode(message: bytes) -> str:
    return offline_qr.PREFIX + cose.b45encode(zlib.compress(message))


def _message(payload: str) -> bytes:
    return zlib.decompress(cose.b45decode(payload[len(offline_qr.PREFIX) :]))


@pytest.fixture
def payload():
    return offline_qr.payload_for(final_plan(1).issue(0))


def test_a_flipped_bit_is_invalid_with_the_reason(payload):
    message = bytearray(_message(payload))
    message[-70] ^= 0x01  # inside the signed record
    verdict = offline_qr.verify(_reencode(bytes(message)))
    assert not verdict.valid and verdict.message == "签名无效"
    assert "签名与内容不符" in verdict.reason


def test_a_flipped_bit_in_the_signature_is_invalid(payload):
    message = bytearray(_message(payload))
    message[-1] ^= 0x80
    verdict = offline_qr.verify(_reencode(bytes(message)))
    assert not verdict.valid and "签名与内容不符" in verdict.reason


@pytest.mark.parametrize("cut", [1, 2, 30, 200])
def test_a_truncated_payload_is_invalid_with_the_reason(payload, cut):
    verdict = offline_qr.verify(payload[:-cut])
    assert not verdict.valid and verdict.message == "签名无效"
    assert "损坏" in verdict.reason


def test_an_altered_field_is_invalid(payload):
    sign1 = cose.parse_sign1(_message(payload))
    record = cbor2.loads(sign1.payload)
    record[offline_qr.LEVEL] = 1  # claims a higher level
    forged = cbor2.dumps(cbor2.CBORTag(18, [sign1.protected, {}, cbor2.dumps(record), sign1.signature]))
    verdict = offline_qr.verify(_reencode(forged))
    assert not verdict.valid and "签名与内容不符" in verdict.reason


def test_an_unknown_key_id_is_invalid_with_the_key_named(payload):
    record = cbor2.loads(cose.parse_sign1(_message(payload)).payload)
    forged = cose.sign1(cbor2.dumps(record), kid="XXXXXXXX", key=Ed25519PrivateKey.generate())
    verdict = offline_qr.verify(_reencode(forged))
    assert not verdict.valid and verdict.reason == "签名密钥 XXXXXXXX 不在已发布的公钥中"


def test_a_key_of_ours_that_did_not_sign_it_under_its_own_kid_is_invalid(payload):
    record = cbor2.loads(cose.parse_sign1(_message(payload)).payload)
    kid = SigningKey.objects.get().kid
    forged = cose.sign1(cbor2.dumps(record), kid=kid, key=Ed25519PrivateKey.generate())
    assert "签名与内容不符" in offline_qr.verify(_reencode(forged)).reason


@pytest.mark.parametrize("text", ["", "hello", "SC1:", "SC1:@@@", "HC1:6BFOXN%TS3DH", "https://x/V#SC1:%E0%A4%A"])
def test_garbage_is_invalid_never_an_exception(text):
    verdict = offline_qr.verify(text)
    assert not verdict.valid and verdict.message == "签名无效" and verdict.reason


# --- rotation --------------------------------------------------------------------------------------


def test_rotation_keeps_old_payloads_valid_and_the_retired_key_never_signs_again():
    cert = final_plan(1).issue(0)
    old_payload = offline_qr.payload_for(cert)
    old_kid = SigningKey.objects.get().kid
    call_command("rotate_signing_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old = SigningKey.objects.get(kid=old_kid)
    assert old.retired_at is not None
    new = SigningKey.objects.get(retired_at__isnull=True)
    assert new.kid != old_kid
    # What the retired key signed keeps verifying; new payloads are signed by the new key.
    assert offline_qr.verify(old_payload).valid
    assert offline_qr.verify(offline_qr.payload_for(cert)).kid == new.kid
    assert issuer_keys.signer()[0] == new.kid


def test_a_retired_key_used_after_its_retirement_is_invalid():
    cert = final_plan(1).issue(0)
    offline_qr.payload_for(cert)
    old = SigningKey.objects.get()
    issuer_keys.rotate(now=timezone.now() - datetime.timedelta(hours=1))
    old.refresh_from_db()
    # Someone holding the retired private key signs a record dated after the retirement.
    record = offline_qr.record_for(cert, status_index=1, signed_at=timezone.now())
    forged = cose.sign1(cbor2.dumps(record), kid=old.kid, key=issuer_keys.private_key(old))
    verdict = offline_qr.verify(_reencode(forged))
    assert not verdict.valid
    assert f"晚于密钥 {old.kid} 的停用时间" in verdict.reason and "停用的密钥不得再签名" in verdict.reason


def test_the_private_key_is_stored_encrypted():
    issuer_keys.active_key()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key, public_key FROM certificates_signingkey")
        stored, public = cursor.fetchone()
    assert stored.startswith("v1:") and public not in stored
