"""The W3C Bitstring Status List (v1.0) of the region's certificates: one signed list for revocation,
one for suspension, at stable URLs under ``/.well-known/skillcert/status/`` (R-CERT-5).

Each certificate that has a QR record or a credential holds one random index (`StatusListEntry`);
the same index is used in both lists. Revoked and voided certificates have their bit set in the
revocation list, suspended ones in the suspension list. A status change of a certificate (any save
that writes `status`) schedules a rebuild after the transaction commits; the view also rebuilds a
list that was last checked more than a minute ago, so the lists are at most a minute behind even
for changes made outside the ORM. Each list is re-signed only when its bits change, so its ETag is
stable in between.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc import jws

from skillcert.certificates import issuer_keys
from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.credential_models import StatusListEntry, StatusListSnapshot, StatusPurpose
from skillcert.certificates.models import Certificate
from skillcert.certificates.public_address import public_base_url

MIN_BITS = 131072
"""The minimum list length of the specification (16 KiB), for group privacy."""
MAX_AGE_SECONDS = 60
SET_BITS: dict[str, tuple[str, ...]] = {
    StatusPurpose.REVOCATION: (CertificateStatus.REVOKED, CertificateStatus.VOIDED),
    StatusPurpose.SUSPENSION: (CertificateStatus.SUSPENDED,),
}


class StatusListError(ValueError):
    """A status list or an index that cannot be checked; the message is for the verifier."""


def _capacity() -> int:
    used = StatusListEntry.objects.count()
    return MIN_BITS * (1 + (2 * used) // MIN_BITS)


def entry_for(certificate: Certificate) -> StatusListEntry:
    """The certificate's index, drawn at random among free ones on first use."""
    entry = StatusListEntry.objects.filter(certificate=certificate).first()
    if entry is not None:
        return entry
    for _attempt in range(50):
        index = secrets.randbelow(_capacity())
        try:
            with transaction.atomic():
                entry = StatusListEntry.objects.create(certificate=certificate, index=index)
        except IntegrityError:
            existing = StatusListEntry.objects.filter(certificate=certificate).first()
            if existing is not None:
                return existing
            continue
        if certificate.status != CertificateStatus.VALID:
            schedule_refresh()
        return entry
    raise RuntimeError("no free status list index found")  # pragma: no cover - the list is kept half empty


def list_url(purpose: str) -> str:
    return f"{public_base_url()}{reverse('wellknown:status_list', args=[purpose])}"


def _bits(purpose: str) -> bytes:
    indexes = list(
        StatusListEntry.objects.filter(certificate__status__in=SET_BITS[purpose]).values_list("index", flat=True)
    )
    top = StatusListEntry.objects.order_by("-index").values_list("index", flat=True).first() or 0
    length = max(MIN_BITS, MIN_BITS * (1 + top // MIN_BITS))
    bits = bytearray(length // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)  # index 0 is the left-most bit of the first byte
    return bytes(bits)


def encode_list(bits: bytes) -> str:
    """Multibase base64url (prefix ``u``) of the GZIP-compressed bitstring."""
    return "u" + issuer_keys.b64url(gzip.compress(bits, mtime=0))


def decode_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise StatusListError(_("状态列表编码不正确"))
    try:
        return gzip.decompress(issuer_keys.b64url_decode(encoded[1:]))
    except (OSError, ValueError, EOFError) as exc:
        raise StatusListError(_("状态列表编码不正确")) from exc


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_jwt(claims: dict[str, Any], *, now: datetime.datetime) -> str:
    """A VC-JOSE-COSE compact JWS (typ vc+jwt) over `claims`, signed by the active key."""
    kid, key = issuer_keys.signer()
    header = {"alg": issuer_keys.ALGORITHM, "kid": issuer_keys.verification_method(kid), "typ": "vc+jwt", "cty": "vc"}
    payload = json.dumps({**claims, "iat": int(now.timestamp())}, ensure_ascii=False, separators=(",", ":"))
    return jws.serialize_compact(header, payload.encode(), _okp(key), algorithms=[issuer_keys.ALGORITHM])


def _okp(key: Any) -> Any:
    from cryptography.hazmat.primitives import serialization
    from joserfc.jwk import OKPKey

    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    x = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": issuer_keys.b64url(x), "d": issuer_keys.b64url(raw)})


def credential(purpose: str, bits: bytes, now: datetime.datetime) -> dict[str, Any]:
    url = list_url(purpose)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_keys.issuer_did(),
        "validFrom": _iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_list(bits),
        },
    }


def build(purpose: str) -> StatusListSnapshot:
    """Rebuild one list from the certificates; re-signed only when its bits changed."""
    if purpose not in SET_BITS:
        raise StatusListError(_("没有用途为 %(purpose)s 的状态列表") % {"purpose": purpose})
    now = timezone.now()
    bits = _bits(purpose)
    digest = hashlib.sha256(bits).hexdigest()
    with transaction.atomic():
        snapshot = StatusListSnapshot.objects.select_for_update().filter(purpose=purpose).first()
        if snapshot is not None and snapshot.bits_sha256 == digest:
            snapshot.checked_at = now
            snapshot.save(update_fields=["checked_at"])
            return snapshot
        token = sign_jwt(credential(purpose, bits, now), now=now)
        values = {
            "token": token,
            "etag": '"' + hashlib.sha256(token.encode()).hexdigest()[:40] + '"',
            "bits_sha256": digest,
            "built_at": now,
            "checked_at": now,
        }
        if snapshot is None:
            return StatusListSnapshot.objects.create(purpose=purpose, **values)
        for name, value in values.items():
            setattr(snapshot, name, value)
        snapshot.save()
        return snapshot


def refresh() -> None:
    for purpose in SET_BITS:
        build(purpose)


def current(purpose: str) -> StatusListSnapshot:
    """The list to serve: rebuilt when missing or last checked more than a minute ago."""
    if purpose not in SET_BITS:
        raise StatusListError(_("没有用途为 %(purpose)s 的状态列表") % {"purpose": purpose})
    snapshot = StatusListSnapshot.objects.filter(purpose=purpose).first()
    if snapshot is None or timezone.now() - snapshot.checked_at > datetime.timedelta(seconds=MAX_AGE_SECONDS):
        snapshot = build(purpose)
    return snapshot


def schedule_refresh() -> None:
    from skillcert.certificates.tasks import refresh_status_lists_task

    transaction.on_commit(refresh_status_lists_task)


@receiver(post_save, sender=Certificate, dispatch_uid="skillcert.certificates.status_list.on_status")
def _on_certificate_saved(
    sender: type, instance: Certificate, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    if created or (update_fields is not None and "status" not in update_fields):
        return
    if StatusListEntry.objects.filter(certificate_id=instance.pk).exists():
        schedule_refresh()


@dataclass(frozen=True)
class ListCheck:
    """The bit of one index in one signed list, after the list's own signature was checked."""

    purpose: str
    index: int
    set: bool


def read_list(token: str, keys: dict[str, issuer_keys.PublicKeyInfo] | None = None) -> tuple[str, bytes]:
    """Verify a status list credential (JWT) and return its purpose and bitstring."""
    from skillcert.certificates.credentials import CredentialError, verify_jwt

    try:
        claims = verify_jwt(token, keys)
    except CredentialError as exc:
        raise StatusListError(_("状态列表凭证无效：%(detail)s") % {"detail": exc}) from exc
    subject = claims.get("credentialSubject") or {}
    if "BitstringStatusListCredential" not in (claims.get("type") or []) or not isinstance(subject, dict):
        raise StatusListError(_("不是位串状态列表凭证"))
    return str(subject.get("statusPurpose", "")), decode_list(str(subject.get("encodedList", "")))


def bit_at(bits: bytes, index: Any) -> bool:
    """The bit of `index`; an index that is not a whole number inside the list is refused."""
    try:
        position = int(index)
    except (TypeError, ValueError):
        raise StatusListError(_("状态列表序号 %(index)s 不是整数") % {"index": index}) from None
    if str(position) != str(index).strip() or position < 0 or position >= len(bits) * 8:
        raise StatusListError(
            _("状态列表序号 %(index)s 超出范围（列表共 %(size)s 位）") % {"index": index, "size": len(bits) * 8}
        )
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def check(token: str, index: Any, keys: dict[str, issuer_keys.PublicKeyInfo] | None = None) -> ListCheck:
    purpose, bits = read_list(token, keys)
    is_set = bit_at(bits, index)
    return ListCheck(purpose=purpose, index=int(index), set=is_set)
