"""Keeping abuse out of the public complaint form without third-party services (R-SUP-5).

Three layers, none of which locks out a real person for long: a per-address rate limit in
Django's cache, a honeypot field that people never see, and an arithmetic question signed by
the server (no external captcha), good for one answer within 30 minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy

CHALLENGE_SALT = "skillcert.complaints.challenge"
CHALLENGE_MAX_AGE = 30 * 60
HONEYPOT_FIELD = "website"
NUMERALS = gettext_lazy("零一二三四五六七八九十")


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _digest(nonce: str, answer: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{nonce}:{answer.strip()}".encode(), hashlib.sha256).hexdigest()


def new_challenge() -> Challenge:
    """A small sum written in Chinese numerals, and a signed token holding its answer's digest."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "d": _digest(nonce, str(a + b))}, salt=CHALLENGE_SALT)
    return Challenge(
        question=_("%(a)s加%(b)s等于几？（请填写阿拉伯数字）") % {"a": NUMERALS[a], "b": NUMERALS[b]}, token=token
    )


def check_challenge(token: str, answer: str) -> None:
    """Refuse a missing, wrong, expired or already used answer."""
    try:
        data = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature as exc:
        raise DomainError(_("验证问题：已过期，请回答新的问题"), field="challenge_answer", code="challenge") from exc
    nonce = str(data.get("n", ""))
    if not hmac.compare_digest(str(data.get("d", "")), _digest(nonce, str(answer or ""))):
        raise DomainError(_("验证问题：答案不正确"), field="challenge_answer", code="challenge")
    if not cache.add(f"complaints:challenge:{nonce}", 1, CHALLENGE_MAX_AGE):
        raise DomainError(_("验证问题：已使用过，请回答新的问题"), field="challenge_answer", code="challenge")


def check_honeypot(value: str | None) -> None:
    if value:
        raise DomainError(_("提交未被接受，请刷新页面后重试"), code="honeypot")


def check_rate_limit(address: str) -> None:
    """At most `complaints.rate_limit_per_hour` submissions per address and clock hour."""
    limit = int(get_policy("complaints.rate_limit_per_hour"))
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"complaints:rate:{hashlib.sha256((address or '-').encode()).hexdigest()[:32]}:{hour}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    if count > limit:
        raise DomainError(
            _("提交过于频繁：同一网络每小时最多提交%(n)s件，请稍后再试，或拨打12333电话反映") % {"n": limit},
            code="rate_limited",
        )


def screen_public_submission(*, address: str, honeypot: str | None, token: str, answer: str) -> None:
    """All three checks, cheapest first."""
    check_honeypot(honeypot)
    check_rate_limit(address)
    check_challenge(token, answer)
