"""The W3C Bitstring Status List (v1.0) of the region's certificates, signed and published at stable
URLs under ``/.well-known/skillcert/status/<purpose>`` (R-CERT-5).

* ``message``: the list new credentials and the QR code's online check use. Two bits per
  certificate (``statusSize`` 2), the value read left-most bit first: 0x0 valid, 0x1 suspended,
  0x2 revoked, 0x3 voided (`STATUS_MESSAGES`, signed into each credential's entry and into the
  list's subject). One entry tells all four states, so a credential needs one ``credentialStatus``
  object (all the Open Badges 3.0 schema allows).
* ``revocation`` and ``suspension``: the one-bit lists of credentials issued before the message
  list (their entry names the revocation list; the suspension list has the same index). They stay
  published and up to date so those credentials keep verifying; nothing new refers to them.

Each certificate that has a QR record or a credential holds one random index (`StatusListEntry`),
the same in all three lists. A status change of a certificate (any save that writes `status`) marks
every published list stale in the same transaction, so the next fetch rebuilds it before answering,
and schedules a rebuild after the commit (huey) so that fetch is usually already fresh; a list last
checked more than a minute ago is rebuilt too, for changes made outside the ORM. A list is re-signed
only when its bits change, so its ETag is stable in between.
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
"""A list not rebuilt for this long is rebuilt on the next fetch (changes made outside the ORM)."""
STATUS_SIZE = 2
"""Bits per certificate in the message list."""


@dataclass(frozen=True)
class ListSpec:
    """One published list: bits per entry and the value each certificate status writes (0 if absent)."""

    size: int
    values: dict[str, int]


LISTS: dict[str, ListSpec] = {
    StatusPurpose.MESSAGE: ListSpec(
        STATUS_SIZE,
        {CertificateStatus.SUSPENDED: 1, CertificateStatus.REVOKED: 2, CertificateStatus.VOIDED: 3},
    ),
    StatusPurpose.REVOCATION: ListSpec(1, {CertificateStatus.REVOKED: 1, CertificateStatus.VOIDED: 1}),
    StatusPurpose.SUSPENSION: ListSpec(1, {CertificateStatus.SUSPENDED: 1}),
}
MESSAGE_STATUS: dict[int, str] = {
    0: CertificateStatus.VALID,
    1: CertificateStatus.SUSPENDED,
    2: CertificateStatus.REVOKED,
    3: CertificateStatus.VOIDED,
}
"""What each value of the message list means, as a certificate status."""
STATUS_MESSAGES: list[dict[str, str]] = [
    {"status": "0x0", "message": "有效 / valid"},  # i18n: data (signed into credentials, both languages)
    {"status": "0x1", "message": "已暂停 / suspended"},  # i18n: data
    {"status": "0x2", "message": "已撤销 / revoked"},  # i18n: data
    {"status": "0x3", "message": "已作废 / voided"},  # i18n: data
]
"""The ``statusMessage`` of the message entry: one per value of the 2 bits, as the specification requires."""


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
            mark_stale()
            schedule_refresh()
        return entry
    raise RuntimeError("no free status list index found")  # pragma: no cover - the list is kept half empty


def list_url(purpose: str) -> str:
    return f"{public_base_url()}{reverse('wellknown:status_list', args=[purpose])}"


def _spec(purpose: str) -> ListSpec:
    spec = LISTS.get(purpose)
    if spec is None:
        raise StatusListError(_("没有用途为 %(purpose)s 的状态列表") % {"purpose": purpose})
    return spec


def put_value(bits: bytearray, index: int, size: int, value: int) -> None:
    """Write `value` into the `size` bits of entry `index`, left-most bit first."""
    for offset in range(size):
        if (value >> (size - 1 - offset)) & 1:
            position = index * size + offset
            bits[position // 8] |= 0x80 >> (position % 8)  # position 0 is the left-most bit of the first byte


def _bits(purpose: str) -> bytes:
    spec = _spec(purpose)
    rows = list(
        StatusListEntry.objects.filter(certificate__status__in=list(spec.values)).values_list(
            "index", "certificate__status"
        )
    )
    top = StatusListEntry.objects.order_by("-index").values_list("index", flat=True).first() or 0
    entries = max(MIN_BITS, MIN_BITS * (1 + top // MIN_BITS))
    bits = bytearray(entries * spec.size // 8)
    for index, status in rows:
        put_value(bits, index, spec.size, spec.values[status])
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
    subject: dict[str, Any] = {
        "id": f"{url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": encode_list(bits),
    }
    if _spec(purpose).size > 1:  # the specification asks the list to name its size and messages too
        subject["statusSize"] = _spec(purpose).size
        subject["statusMessages"] = STATUS_MESSAGES
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_keys.issuer_did(),
        "validFrom": _iso(now),
        "credentialSubject": subject,
    }


def build(purpose: str) -> StatusListSnapshot:
    """Rebuild one list from the certificates; re-signed only when its bits changed.

    The published row is locked before the certificates are read, so a status change committed
    while the list is built either is in the bits or marks the new row stale again.
    """
    _spec(purpose)
    with transaction.atomic():
        snapshot = StatusListSnapshot.objects.select_for_update().filter(purpose=purpose).first()
        now = timezone.now()
        bits = _bits(purpose)
        digest = hashlib.sha256(bits).hexdigest()
        if snapshot is not None and snapshot.bits_sha256 == digest:
            snapshot.checked_at = now
            snapshot.stale = False
            snapshot.save(update_fields=["checked_at", "stale"])
            return snapshot
        token = sign_jwt(credential(purpose, bits, now), now=now)
        values = {
            "token": token,
            "etag": '"' + hashlib.sha256(token.encode()).hexdigest()[:40] + '"',
            "bits_sha256": digest,
            "built_at": now,
            "checked_at": now,
            "stale": False,
        }
        if snapshot is None:
            snapshot, _created = StatusListSnapshot.objects.update_or_create(purpose=purpose, defaults=values)
            return snapshot
        for name, value in values.items():
            setattr(snapshot, name, value)
        snapshot.save()
        return snapshot


def refresh() -> None:
    for purpose in LISTS:
        build(purpose)


def current(purpose: str) -> StatusListSnapshot:
    """The list to serve: rebuilt when missing, marked stale by a status change, or last checked
    more than a minute ago."""
    _spec(purpose)
    snapshot = StatusListSnapshot.objects.filter(purpose=purpose).first()
    if (
        snapshot is None
        or snapshot.stale
        or timezone.now() - snapshot.checked_at > datetime.timedelta(seconds=MAX_AGE_SECONDS)
    ):
        snapshot = build(purpose)
    return snapshot


def mark_stale() -> None:
    """Every published list is out of date: the next fetch rebuilds it (call inside the change's transaction)."""
    StatusListSnapshot.objects.filter(stale=False).update(stale=True)


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
        mark_stale()
        schedule_refresh()


@dataclass(frozen=True)
class ListCheck:
    """The value of one index in one signed list, after the list's own signature was checked."""

    purpose: str
    index: int
    value: int

    @property
    def set(self) -> bool:
        return self.value != 0


@dataclass(frozen=True)
class SignedList:
    """A verified status list credential: its purposes, bits per entry and the bitstring."""

    purposes: tuple[str, ...]
    size: int
    bits: bytes


def read_list(token: str, keys: dict[str, issuer_keys.PublicKeyInfo] | None = None) -> SignedList:
    """Verify a status list credential (JWT) and return what it says; a malformed list is refused."""
    from skillcert.certificates.credentials import CredentialError, verify_jwt

    try:
        claims = verify_jwt(token, keys)
    except CredentialError as exc:
        raise StatusListError(_("状态列表凭证无效：%(detail)s") % {"detail": exc}) from exc
    subject = claims.get("credentialSubject")
    types = claims.get("type")
    if not isinstance(types, list) or "BitstringStatusListCredential" not in types or not isinstance(subject, dict):
        raise StatusListError(_("不是位串状态列表凭证"))
    purposes = subject.get("statusPurpose")
    purposes = [purposes] if isinstance(purposes, str) else purposes
    size = subject.get("statusSize", 1)
    if (
        not isinstance(purposes, list)
        or not all(isinstance(p, str) for p in purposes)
        or not isinstance(size, int)
        or isinstance(size, bool)
        or not 1 <= size <= 8
    ):
        raise StatusListError(_("状态列表格式不正确"))
    encoded = subject.get("encodedList")
    bits = decode_list(encoded if isinstance(encoded, str) else "")
    if len(bits) * 8 // size < MIN_BITS:
        raise StatusListError(
            _("状态列表过短（%(entries)s 项，规范要求至少 %(minimum)s 项）")
            % {"entries": len(bits) * 8 // size, "minimum": MIN_BITS}
        )
    return SignedList(purposes=tuple(purposes), size=size, bits=bits)


def value_at(bits: bytes, index: Any, size: int = 1) -> int:
    """The value of entry `index` (`size` bits, left-most first); an index that is not a whole
    number inside the list is refused."""
    entries = len(bits) * 8 // size
    try:
        position = int(str(index).strip())
    except (TypeError, ValueError):
        raise StatusListError(_("状态列表序号 %(index)s 不是整数") % {"index": index}) from None
    if str(position) != str(index).strip() or position < 0 or position >= entries:
        raise StatusListError(
            _("状态列表序号 %(index)s 超出范围（列表共 %(size)s 项）") % {"index": index, "size": entries}
        )
    value = 0
    for offset in range(size):
        bit = position * size + offset
        value = (value << 1) | bool(bits[bit // 8] & (0x80 >> (bit % 8)))
    return value


def check(
    token: str,
    index: Any,
    keys: dict[str, issuer_keys.PublicKeyInfo] | None = None,
    *,
    purpose: str | None = None,
    size: int = 1,
) -> ListCheck:
    """The value of `index` in a signed list; with `purpose`, the list must be for that purpose,
    and its entries must be `size` bits (what the credential's entry says)."""
    signed = read_list(token, keys)
    if purpose is not None and purpose not in signed.purposes:
        raise StatusListError(_("状态列表用途与凭证不符"))
    if signed.size != size:
        raise StatusListError(
            _("状态列表每项 %(list)s 位，与凭证所写的 %(entry)s 位不符") % {"list": signed.size, "entry": size}
        )
    value = value_at(signed.bits, index, size)
    return ListCheck(purpose=purpose or signed.purposes[0], index=int(str(index).strip()), value=value)


def lookup(index: Any, *, token: str | None = None, keys: dict[str, issuer_keys.PublicKeyInfo] | None = None) -> str:
    """The certificate status (`CertificateStatus` value) of `index` in the message list: what a
    verifier reads online for a QR record or a credential."""
    token = token or current(StatusPurpose.MESSAGE).token
    checked = check(token, index, keys, purpose=StatusPurpose.MESSAGE, size=STATUS_SIZE)
    return MESSAGE_STATUS[checked.value]
