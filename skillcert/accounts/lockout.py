"""What the login page says about locks, and the same lock behaviour for unknown usernames (R-X-2).

A real account is locked in the database (`User.locked_until`, see services). If unknown
usernames were never "locked", the lock message itself would tell an attacker which
usernames exist: five wrong tries, then look for the message. So failures against an
unknown username are counted in the cache with the same threshold and period, and the
login page shows the same lock message for them. Nothing is written to the database for
unknown names beyond the audit event.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.core.policy import get_policy

_PREFIX = "skillcert:login-unknown:"


def _key(username: str) -> str:
    return _PREFIX + hashlib.sha256(username.encode("utf-8")).hexdigest()


def lock_period() -> timedelta:
    return timedelta(minutes=int(get_policy("login.lockout_minutes")))


def note_unknown_username_failure(username: str) -> None:
    """Count a failure against a username that does not exist, locking it like a real one."""
    key = _key(username)
    now = timezone.now()
    state = cache.get(key) or {"failures": 0, "locked_until": None}
    if state["locked_until"] is not None and state["locked_until"] > now:
        return
    failures = state["failures"] + 1
    period = lock_period()
    if failures >= int(get_policy("login.max_failures")):
        state = {"failures": 0, "locked_until": now + period}
    else:
        state = {"failures": failures, "locked_until": None}
    cache.set(key, state, timeout=int(period.total_seconds()) + 3600)


def unknown_username_locked_until(username: str) -> datetime | None:
    state = cache.get(_key(username))
    if state and state["locked_until"] is not None and state["locked_until"] > timezone.now():
        return state["locked_until"]  # type: ignore[no-any-return]
    return None


def format_local(moment: datetime) -> str:
    """Local (Asia/Shanghai) time rounded up to the minute, so "until 14:36" is never too early."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime("%Y-%m-%d %H:%M")


def lock_message(until: datetime) -> str:
    return _("该账号因连续登录失败已被锁定，请于 %(time)s（北京时间）后再试，或联系本单位管理员解锁。") % {
        "time": format_local(until)
    }


def generic_failure_message() -> str:
    """One message for an unknown username and a wrong password: no account enumeration."""
    return _("用户名或密码错误（均区分大小写）。连续输错 %(n)d 次，账号将被锁定 %(m)d 分钟。") % {
        "n": int(get_policy("login.max_failures")),
        "m": int(get_policy("login.lockout_minutes")),
    }


def minutes_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))
