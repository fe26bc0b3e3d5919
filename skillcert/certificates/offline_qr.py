"""The compact signed record printed as the certificate's QR code, readable offline (R-CERT-3, R-CERT-4).

Encoding, after the EU Digital COVID Certificate: the record is a CBOR map → signed as COSE_Sign1
with the region's Ed25519 key (key id in the protected header) → zlib → Base45 → prefixed ``SC1:``.

Record keys (CBOR integers, to keep the code small):

==  ==================================  =============================
1   证书编号 (22 characters)             text
2   姓名                                 text
3   证件号码（脱敏）                      text
4   职业编码                             text
5   等级 (1-5)                           integer
6   评价机构统一社会信用代码               text
7   发证日期                             integer YYYYMMDD
8   状态列表序号                          integer (Bitstring Status List index)
9   签名时间                             integer, Unix seconds
==  ==================================  =============================

The QR code holds ``HTTPS://<HOST>/V#SC1:…``: a phone camera opens the live verification page, and
the payload, in the fragment, never reaches the server; the page checks the signature in the
browser and then the status list. Scheme, host and the path ``/V`` are upper-case and the payload
is Base45 with space and ``%`` percent-escaped, so everything except the ``#`` is encoded in the
QR's alphanumeric mode (5.5 bits a character).
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import cbor2
import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from skillcert.certificates import cose, issuer_keys
from skillcert.certificates.issuer_keys import PublicKeyInfo
from skillcert.certificates.models import Certificate
from skillcert.certificates.public_address import public_base_url

PREFIX = "SC1:"
LIVE_PATH = "/V"
VALID = gettext_lazy("签名有效（离线，未核对最新状态）")
INVALID = gettext_lazy("签名无效")

NUMBER, NAME, MASKED_ID, OCCUPATION, LEVEL, INSTITUTION, ISSUED_ON, STATUS_INDEX, SIGNED_AT = range(1, 10)
_TYPES: dict[int, type] = {
    NUMBER: str,
    NAME: str,
    MASKED_ID: str,
    OCCUPATION: str,
    LEVEL: int,
    INSTITUTION: str,
    ISSUED_ON: int,
    STATUS_INDEX: int,
    SIGNED_AT: int,
}


def record_for(certificate: Certificate, *, status_index: int, signed_at: datetime.datetime | None = None) -> dict:
    issued = certificate.issued_on
    return {
        NUMBER: certificate.number,
        NAME: certificate.name,
        MASKED_ID: certificate.masked_id_number,
        OCCUPATION: certificate.occupation_code,
        LEVEL: int(certificate.level),
        INSTITUTION: certificate.institution.credit_code or "",
        ISSUED_ON: issued.year * 10000 + issued.month * 100 + issued.day,
        STATUS_INDEX: status_index,
        SIGNED_AT: int((signed_at or timezone.now()).timestamp()),
    }


def encode_record(record: dict[int, Any]) -> str:
    """Sign and encode a record with the active key: the text after ``#`` in the QR code."""
    kid, key = issuer_keys.signer()
    message = cose.sign1(cbor2.dumps(record, canonical=True), kid=kid, key=key)
    return PREFIX + cose.b45encode(zlib.compress(message, 9))


def payload_for(certificate: Certificate) -> str:
    """The signed payload of a certificate, drawing its status list index on first use."""
    from skillcert.certificates.status_list import entry_for

    return encode_record(record_for(certificate, status_index=entry_for(certificate).index))


def _live_base() -> str:
    parts = urlsplit(public_base_url())
    return f"{parts.scheme.upper()}://{parts.netloc.upper()}{parts.path}{LIVE_PATH}"


def escape_payload(payload: str) -> str:
    return payload.replace("%", "%25").replace(" ", "%20")


def qr_url(payload: str) -> str:
    """The text of the QR code: the live page's address with the payload in the fragment."""
    return f"{_live_base()}#{escape_payload(payload)}"


def qr_segments(payload: str) -> list[str]:
    """QR segments, each in the densest mode that holds it: the address and the payload are
    alphanumeric, the ``#`` between them is a one-byte segment."""
    return [_live_base(), "#", escape_payload(payload)]


def make_qr(payload: str, error: str = "m") -> segno.QRCode:
    segments: Any = qr_segments(payload)  # segno takes a list of segments; its stubs name only str
    return segno.make(segments, error=error, micro=False, boost_error=False)


def extract_payload(text: str) -> str:
    """The payload from a scanned text: a bare ``SC1:…`` or the whole URL with it after ``#``."""
    text = (text or "").strip("\r\n\t")
    if "#" in text:
        text = unquote(text.split("#", 1)[1])
    return text


@dataclass(frozen=True)
class Verdict:
    """The answer of an offline check: `message` is what the verifier shows, `reason` why."""

    valid: bool
    message: StrOrPromise
    reason: str = ""
    kid: str = ""
    record: dict[int, Any] = field(default_factory=dict)


def _invalid(reason: str, kid: str = "") -> Verdict:
    return Verdict(valid=False, message=INVALID, reason=reason, kid=kid)


def _utc(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def verify(text: str, keys: dict[str, PublicKeyInfo] | None = None) -> Verdict:
    """Check a scanned payload with the published keys only (no status); never raises."""
    payload = extract_payload(text)
    if not payload:
        return _invalid(_("未读取到二维码内容"))
    if not payload.startswith(PREFIX):
        return _invalid(_("不是本平台的证书二维码（应以 %(prefix)s 开头）") % {"prefix": PREFIX})
    try:
        compressed = cose.b45decode(payload[len(PREFIX) :])
    except cose.CoseError as exc:
        return _invalid(_("二维码内容已损坏：%(detail)s") % {"detail": exc})
    try:
        message = zlib.decompress(compressed)
    except zlib.error:
        return _invalid(_("二维码内容已损坏或被截断：无法解压"))
    try:
        sign1 = cose.parse_sign1(message)
    except cose.CoseError as exc:
        return _invalid(_("签名结构不正确：%(detail)s") % {"detail": exc})
    keys = issuer_keys.known_keys() if keys is None else keys
    info = keys.get(sign1.kid)
    if info is None:
        return _invalid(_("签名密钥 %(kid)s 不在已发布的公钥中") % {"kid": sign1.kid}, sign1.kid)
    if not sign1.verify(info.key):
        return _invalid(_("签名与内容不符：内容被改动或二维码损坏"), sign1.kid)
    try:
        record = cbor2.loads(sign1.payload)
    except (ValueError, TypeError, LookupError, RecursionError):  # signed, but not a record of ours
        return _invalid(_("证书数据格式不正确"), sign1.kid)
    if not isinstance(record, Mapping) or any(not isinstance(record.get(k), t) for k, t in _TYPES.items()):
        return _invalid(_("证书数据格式不正确"), sign1.kid)
    signed_at = _utc(record[SIGNED_AT])
    if info.retired_before(signed_at):
        assert info.retired_at is not None
        return _invalid(
            _("签名时间 %(signed)s 晚于密钥 %(kid)s 的停用时间 %(retired)s，停用的密钥不得再签名")
            % {"signed": _local(signed_at), "kid": sign1.kid, "retired": _local(info.retired_at)},
            sign1.kid,
        )
    return Verdict(valid=True, message=VALID, kid=sign1.kid, record=dict(record))
