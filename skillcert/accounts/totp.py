"""TOTP (RFC 6238) helpers for the second factor: codes, provisioning URI, QR code (R-X-2).

Codes are 6 digits over 30-second steps; one step either side is accepted for clock drift.
`matching_counter` returns the step a code belongs to, so the caller can refuse a step
already used (replay protection through `User.totp_last_counter`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from datetime import datetime

import pyotp
import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

DEFAULT_ISSUER = gettext_lazy("内蒙古职业技能等级认定监管平台")
DIGITS = 6
INTERVAL = 30
DRIFT_STEPS = 1
CODE_RE = re.compile(r"^\d{6}$")

DEMO_TOTP_SEED = "skillcert-demo-totp-seed-2026"
"""Fixed seed for the demo accounts' secrets, so `demo_totp` can print their codes. Demo only."""


def issuer() -> str:
    """Shown as the account's title in authenticator apps (setting SKILLCERT_TOTP_ISSUER)."""
    return str(getattr(settings, "SKILLCERT_TOTP_ISSUER", DEFAULT_ISSUER))


def new_secret() -> str:
    """160 random bits, base32 — the size RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def demo_secret(username: str) -> str:
    """A demo account's secret, derived from the fixed demo seed and the username."""
    digest = hmac.new(DEMO_TOTP_SEED.encode(), username.encode(), hashlib.sha256).digest()[:20]
    return base64.b32encode(digest).decode()


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)


def normalise_code(code: str) -> str:
    """Codes are often typed as "123 456" or with full-width digits."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", code or ""))


def matching_counter(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The time step whose code equals `code` (within the drift window), or None."""
    code = normalise_code(code)
    if not CODE_RE.match(code):
        return None
    totp = _totp(secret)
    when = at or timezone.now()
    current = totp.timecode(when)
    for counter in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def code_at(secret: str, at: datetime | None = None) -> str:
    return _totp(secret).at(at or timezone.now())


def seconds_left(at: datetime | None = None) -> int:
    when = at or timezone.now()
    return INTERVAL - int(when.timestamp()) % INTERVAL


def provisioning_uri(secret: str, username: str) -> str:
    return _totp(secret).provisioning_uri(name=username, issuer_name=issuer())


def qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code, drawn locally (no external requests)."""
    qr = segno.make(uri, error="m")
    return str(qr.svg_inline(scale=5, border=2, dark="#1f2328", light="#ffffff"))


def grouped(secret: str) -> str:
    """ "ABCD EFGH ..." — easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
