"""Public verification of a certificate by number and name, or through the signed link in its QR code,
with a per-address rate limit (R-CERT-4, R-PUB-1).

The QR code holds ``<public URL>/certificates/v/<token>/`` where the token is the number signed
with the secret key (Django's `signing`), so nobody can make a QR code that the platform
accepts for a number it did not sign; the page then reads the live status, so a suspension or
revocation shows at once. Answers show the certified fields with name and ID number masked.
A malformed number answers with the validator's explanation of each wrong segment; an unknown
number and a number whose name does not match get the same answer, so numbers cannot be
harvested by guessing.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.policy import get_policy
from skillcert.core.validators import validate_certificate_number

SALT = "skillcert.certificates.qr"
NOT_FOUND = "未查询到与该证书编号和姓名相符的证书，请核对后重试"
_DOTS = re.compile(r"[·•・．.\u00b7\u2022\u2027\u30fb\uff0e]")


class RateLimited(Exception):
    """Too many look-ups from one client address in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"查询过于频繁，请{retry_after}秒后再试")
        self.retry_after = retry_after


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def qr_token(number: str) -> str:
    """The signed token for a certificate number."""
    return _signer().sign(number)


def verification_path(number: str) -> str:
    return reverse("certificates:verify_qr", args=[qr_token(number)])


def verification_url(number: str) -> str:
    """The absolute link printed as the QR code (settings.SKILLCERT_PUBLIC_URL + path)."""
    return f"{settings.SKILLCERT_PUBLIC_URL}{verification_path(number)}"


def number_from_token(token: str) -> str:
    """The number a token was signed for; a forged or damaged token is refused (R-CERT-4)."""
    try:
        number = _signer().unsign(str(token or "").strip())
    except signing.BadSignature:
        raise DomainError(
            "二维码无效：签名校验不通过，可能是伪造或损坏的二维码，请改用证书编号和姓名查询",
            field="token",
            code="bad_token",
        ) from None
    return number


def normalise_name(value: Any) -> str:
    """Names compare after NFKC, without spaces, with the middle dots of minority names unified."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", "", text)
    return _DOTS.sub("·", text)


def check_rate(client: str) -> None:
    """A fixed window per client address: at most `certificates.verify_rate_limit` look-ups (R-CERT-4)."""
    limit = int(get_policy("certificates.verify_rate_limit"))
    window = max(1, int(get_policy("certificates.verify_rate_window_seconds")))
    if limit <= 0:
        return
    now = time.time()
    slot = int(now // window)
    key = f"skillcert:certverify:{client or 'unknown'}:{slot}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        count = 1
    if count > limit:
        raise RateLimited(max(1, int((slot + 1) * window - now) + 1))


def find_by_number_and_name(number: Any, name: Any) -> Certificate:
    """Look a certificate up by number and name (R-CERT-4).

    Raises ValidationError (each wrong segment named) for a malformed number, DomainError for
    a missing name, NotFoundError for an unknown number or a name that does not match.
    """
    parts = validate_certificate_number(number)
    wanted = normalise_name(name)
    if not wanted:
        raise DomainError("姓名：请输入证书持有人姓名", field="name", code="required")
    certificate = _select().filter(number=parts.number).first()
    if certificate is None or normalise_name(certificate.name) != wanted:
        raise NotFoundError(NOT_FOUND)
    return certificate


def find_by_token(token: str) -> Certificate:
    """The certificate a QR token was signed for (R-CERT-4)."""
    number = number_from_token(token)
    certificate = _select().filter(number=number).first()
    if certificate is None:
        raise NotFoundError("未查询到该证书")
    return certificate


def _select() -> Any:
    return Certificate.objects.select_related("institution")


@dataclass(frozen=True)
class PublicAnswer:
    """What the public sees of a certificate: status and certified fields, personal data masked."""

    number: str
    status: str
    status_label: str
    status_reason: str
    status_changed_on: str
    name: str
    id_type: str
    id_number: str
    occupation_code: str
    occupation: str
    work_type: str
    level: int
    level_label: str
    institution: str
    issued_on: str
    checked_at: str

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


def public_answer(certificate: Certificate) -> PublicAnswer:
    changed = certificate.status_changed_at
    shows_reason = certificate.status != CertificateStatus.VALID
    return PublicAnswer(
        number=certificate.number,
        status=certificate.status,
        status_label=str(CertificateStatus(certificate.status).label),
        status_reason=certificate.status_reason if shows_reason else "",
        status_changed_on=timezone.localtime(changed).date().isoformat() if changed and shows_reason else "",
        name=certificate.masked_name,
        id_type=certificate.get_id_type_display(),
        id_number=certificate.masked_id_number,
        occupation_code=certificate.occupation_code,
        occupation=certificate.occupation_name,
        work_type=certificate.work_type_display,
        level=certificate.level,
        level_label=certificate.level_label,
        institution=certificate.institution_name,
        issued_on=certificate.issued_on.isoformat(),
        checked_at=timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
    )
