"""Writes for accounts: users and roles, passwords, login state, second factor, API tokens.

Every function here is the only way its change happens (R-ORG-2, R-X-1, R-X-2): keyword
arguments, validation first, one transaction, the audit event inside it. Audit events are
appended after the row updates of the same transaction, so every transaction takes row
locks before the audit chain's lock and two of them can never wait on each other.

`actor=None` means the system itself (management commands, demo data, data migrations).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import string
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts import totp
from skillcert.accounts.choices import TOKEN_ROLES, AuthEvent, LoginFailure, OrgKind, Role
from skillcert.accounts.lockout import lock_period, note_unknown_username_failure
from skillcert.accounts.models import MANAGE_USERS, TOTP_SECRET_CONTEXT, ApiToken, Organisation, User, UserRole
from skillcert.accounts.types import Actor
from skillcert.core import crypto
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.fields import with_blind_indexes
from skillcert.core.locking import lock
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may, scope_q
from skillcert.core.validation import clean_mobile, named_error

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")
USER_AUDIT_FIELDS = ["username", "full_name", "email", "organisation", "is_active", "is_superuser"]
CONTACT_AUDIT_FIELDS = ["mobile", "mobile_index"]
TOKEN_AUDIT_FIELDS = ["user", "name", "prefix", "expires_at", "revoked_at"]
TOKEN_KEY_PREFIX = "sc_"
TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_DEFAULT_DAYS = 90
TOKEN_TOUCH_SECONDS = 60

VISITOR = AnonymousUser()
"""The actor of a failed login step: someone not (yet) identified, recorded as 匿名."""


class TotpResult(Enum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"


# --- helpers -------------------------------------------------------------------------------------


def _user_snapshot(user: User) -> dict[str, Any]:
    data = {**snapshot(user, USER_AUDIT_FIELDS), **_contact_snapshot(user)}
    data["roles"] = sorted(user.roles.values_list("role", flat=True))
    return data


def _contact_snapshot(user: User) -> dict[str, Any]:
    """The number never enters the audit log: "***" when there is one, and its blind index (R-X-3)."""
    data = snapshot(user, CONTACT_AUDIT_FIELDS)
    if not user.mobile:
        data["mobile"] = ""
    return data


def _forget_roles(user: User) -> None:
    user.__dict__.pop("role_codes", None)
    getattr(user, "_prefetched_objects_cache", {}).pop("roles", None)  # role_codes would read it


def _is_admin(actor: Actor) -> bool:
    return bool(actor.is_superuser or actor.has_role(Role.ADMIN))


def _ensure_may_manage_org(actor: Actor | None, organisation: Organisation) -> None:
    if actor is None:
        return
    if not actor_may(actor, "manage_users", MANAGE_USERS):
        raise PermissionDenied(_("您的角色不能管理账号"))
    q = scope_q(actor, "manage_users", MANAGE_USERS)
    if q is None or not Organisation.objects.filter(q).filter(pk=organisation.pk).exists():
        raise NotFoundError(_("未找到该机构"))


def _ensure_may_change_user(actor: Actor | None, user: User) -> None:
    if actor is None:
        return
    if not User.objects.restrict(actor, "change").filter(pk=user.pk).exists():
        raise NotFoundError(_("未找到该账号"))


def _clean_roles(*, actor: Actor | None, organisation: Organisation, roles: Any) -> list[str]:
    cleaned = list(dict.fromkeys(str(r) for r in roles or []))
    if not cleaned:
        raise DomainError(_("角色：至少选择一个角色"), field="roles", code="required")
    for role in cleaned:
        if role not in Role.values:
            message = _("角色：“%(role)s”不是有效的角色") % {"role": role}
            raise DomainError(message, field="roles", code="invalid_choice")
    if organisation.kind == OrgKind.INDIVIDUAL and cleaned != [Role.CANDIDATE]:
        raise DomainError(_("角色：个人用户只能持有“考生”角色"), field="roles", code="role_org_mismatch")
    if Role.CANDIDATE in cleaned and organisation.kind != OrgKind.INDIVIDUAL:
        raise DomainError(_("角色：“考生”角色只能授予个人用户"), field="roles", code="role_org_mismatch")
    if Role.ADMIN in cleaned and actor is not None and not _is_admin(actor):
        raise DomainError(_("角色：只有系统管理员可以授予“系统管理员”角色"), field="roles", code="forbidden_role")
    return cleaned


def _validate_new_password(password: str, user: User, *, field: str, label: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        messages = [str(m) for m in exc.messages]
        err = DomainError(f"{label}：{messages[0]}", field=field, code="password_policy")
        err.errors = {field: [f"{label}：{m}" for m in messages]}
        raise err from exc


# --- users and roles (R-ORG-2) -----------------------------------------------------------------


def create_user(
    *,
    actor: Actor | None,
    organisation: Organisation,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
    email: str = "",
    mobile: str = "",
    must_change_password: bool | None = None,
) -> User:
    """Open an account in one organisation with its roles (R-ORG-2).

    A password chosen by someone else (an administrator) must be changed at first login;
    pass `must_change_password=False` only when the person chose it themselves. The mobile
    number is optional and stored encrypted with a blind index (R-X-3).
    """
    _ensure_may_manage_org(actor, organisation)
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    if not USERNAME_RE.match(username):
        raise DomainError(
            _("用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"), field="username", code="invalid"
        )
    if not full_name:
        raise DomainError(_("姓名：不能为空"), field="full_name", code="required")
    if not organisation.is_active:
        raise DomainError(_("所属机构：该机构已停用，不能新建账号"), field="organisation", code="inactive")
    cleaned_roles = _clean_roles(actor=actor, organisation=organisation, roles=roles)
    cleaned_mobile = clean_mobile(mobile)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名：“%(u)s”已被使用") % {"u": username}, field="username", code="unique")
    now = timezone.now()
    user = User(
        username=username,
        full_name=full_name,
        email=(email or "").strip(),
        mobile=cleaned_mobile,
        organisation=organisation,
        password_changed_at=now,
        password_must_change=(actor is not None) if must_change_password is None else must_change_password,
    )
    _validate_new_password(password, user, field="password", label=_("密码"))
    user.set_password(password)
    try:
        user.full_clean(exclude=["password", "username"])
    except ValidationError as exc:
        raise named_error(exc, User) from exc
    try:
        with transaction.atomic():
            user.save(force_insert=True)
            UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in cleaned_roles])
            _forget_roles(user)
            record_event(
                actor=actor,
                action=AuthEvent.USER_CREATED,
                obj=user,
                organisation=organisation,
                after=_user_snapshot(user),
            )
    except IntegrityError as exc:
        raise DomainError(_("用户名：“%(u)s”已被使用") % {"u": username}, field="username", code="unique") from exc
    return user


def set_roles(*, actor: Actor | None, user: User, roles: list[str]) -> User:
    """Replace the roles a user holds in their organisation (R-ORG-2)."""
    _ensure_may_change_user(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("角色：不能修改自己的角色"), field="roles", code="self")
    cleaned = _clean_roles(actor=actor, organisation=user.organisation, roles=roles)
    with transaction.atomic():
        lock(user)
        before = sorted(user.roles.values_list("role", flat=True))
        if Role.ADMIN in before and Role.ADMIN not in cleaned and actor is not None and not _is_admin(actor):
            raise DomainError(_("角色：只有系统管理员可以收回“系统管理员”角色"), field="roles", code="forbidden_role")
        if before == sorted(cleaned):
            return user
        UserRole.objects.filter(user=user).exclude(role__in=cleaned).delete()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in cleaned if r not in before])
        _forget_roles(user)
        record_event(
            actor=actor,
            action=AuthEvent.ROLES_SET,
            obj=user,
            organisation=user.organisation,
            before={"roles": before},
            after={"roles": sorted(cleaned)},
        )
    return user


def update_contact(*, actor: Actor | None, user: User, mobile: str) -> User:
    """Record, change or clear a user's mobile number, encrypted at rest (R-X-3).

    The user themselves, or an administrator or manager who may manage the account.
    """
    if actor is None or actor.pk != user.pk:
        _ensure_may_change_user(actor, user)
    cleaned = clean_mobile(mobile)
    if cleaned == user.mobile:
        return user
    with transaction.atomic():
        before = _contact_snapshot(user)
        user.mobile = cleaned
        user.save(update_fields=with_blind_indexes(User, ["mobile"]))
        record_event(
            actor=actor,
            action=AuthEvent.CONTACT_UPDATED,
            obj=user,
            organisation=user.organisation,
            before=before,
            after=_contact_snapshot(user),
        )
    return user


def deactivate_user(*, actor: Actor | None, user: User) -> User:
    """Close an account: no more logins, and its API tokens are revoked (R-ORG-2, R-X-2)."""
    _ensure_may_change_user(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("账号：不能停用自己的账号"), field="user", code="self")
    now = timezone.now()
    with transaction.atomic():
        lock(user)
        if not user.is_active:
            return user
        User.objects.filter(pk=user.pk).update(is_active=False)
        tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("id"))
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=now)
        user.is_active = False
        record_event(
            actor=actor,
            action=AuthEvent.USER_DEACTIVATED,
            obj=user,
            organisation=user.organisation,
            before={"is_active": True},
            after={"is_active": False},
        )
        for token in tokens:
            token.revoked_at = now
            record_event(
                actor=actor,
                action=AuthEvent.TOKEN_REVOKED,
                obj=token,
                organisation=user.organisation,
                after={**snapshot(token, TOKEN_AUDIT_FIELDS), "reason": "user_deactivated"},
            )
    return user


def unlock_user(*, actor: Actor | None, user: User) -> User:
    """Lift a login lockout before its period ends (R-X-2)."""
    _ensure_may_change_user(actor, user)
    with transaction.atomic():
        lock(user)
        User.objects.filter(pk=user.pk).update(locked_until=None, failed_login_count=0)
        record_event(
            actor=actor,
            action=AuthEvent.UNLOCKED,
            obj=user,
            organisation=user.organisation,
            before={"locked_until": user.locked_until, "failed_login_count": user.failed_login_count},
        )
    user.locked_until = None
    user.failed_login_count = 0
    return user


# --- passwords (R-X-2) ---------------------------------------------------------------------------


def change_password(*, actor: Actor | None, user: User, new_password: str, old_password: str | None = None) -> User:
    """Set a new password and restart the change period (R-X-2).

    The user changing their own password proves the old one; an administrator resetting
    someone else's sets a password that must be changed at the next login.
    """
    self_service = actor is not None and actor.pk == user.pk
    if not self_service:
        _ensure_may_change_user(actor, user)
    if self_service and not (old_password and user.check_password(old_password)):
        raise DomainError(_("当前密码：输入不正确"), field="old_password", code="wrong_password")
    if user.check_password(new_password):
        raise DomainError(_("新密码：不能与当前密码相同"), field="new_password", code="unchanged")
    _validate_new_password(new_password, user, field="new_password", label=_("新密码"))
    now = timezone.now()
    must_change = actor is not None and not self_service
    with transaction.atomic():
        user.set_password(new_password)
        user.password_changed_at = now
        user.password_must_change = must_change
        user.save(update_fields=["password", "password_changed_at", "password_must_change"])
        record_event(
            actor=actor,
            action=AuthEvent.PASSWORD_CHANGED,
            obj=user,
            organisation=user.organisation,
            after={
                "password_changed_at": now,
                "by": "self" if self_service else "administrator",
                "must_change": must_change,
            },
        )
    return user


# --- login state (R-X-2) -------------------------------------------------------------------------


def record_login_failure(*, user: User, reason: str, detail: str = "") -> datetime | None:
    """Count one failed login step against an account; lock it at login.max_failures.

    The count is an F() update guarded by "not locked now", so concurrent attempts each
    count exactly once, exactly one of them locks, and attempts against a locked account
    are refused without counting. Returns the lock's end when the account is locked.
    """
    now = timezone.now()
    action = AuthEvent.TOTP_FAILED if reason == LoginFailure.BAD_TOTP else AuthEvent.LOGIN_FAILED
    extra = {"detail": detail} if detail else {}
    rows = User.objects.filter(pk=user.pk)
    with transaction.atomic():
        counted = rows.exclude(locked_until__gt=now).update(failed_login_count=F("failed_login_count") + 1)
        if not counted:
            locked_until = rows.values_list("locked_until", flat=True).get()
            record_event(
                actor=VISITOR,
                action=action,
                obj=user,
                organisation=user.organisation,
                after={"reason": LoginFailure.LOCKED, "attempted": reason, "locked_until": locked_until, **extra},
            )
            user.locked_until = locked_until
            return locked_until
        failures = rows.values_list("failed_login_count", flat=True).get()
        locked_until = None
        if failures >= int(get_policy("login.max_failures")):
            locked_until = now + lock_period()
            rows.update(locked_until=locked_until, failed_login_count=0)
        record_event(
            actor=VISITOR,
            action=action,
            obj=user,
            organisation=user.organisation,
            after={"reason": reason, "failures": failures, **extra},
        )
        if locked_until is not None:
            record_event(
                actor=None,
                action=AuthEvent.LOCKOUT,
                obj=user,
                organisation=user.organisation,
                after={
                    "failures": failures,
                    "locked_until": locked_until,
                    "minutes": int(get_policy("login.lockout_minutes")),
                },
            )
    user.failed_login_count = 0 if locked_until is not None else failures
    user.locked_until = locked_until
    return locked_until


def record_refused_login(*, user: User, reason: str) -> None:
    """A login refused for a reason that is not a guess (inactive account): audited, not counted."""
    with transaction.atomic():
        record_event(
            actor=VISITOR,
            action=AuthEvent.LOGIN_FAILED,
            obj=user,
            organisation=user.organisation,
            after={"reason": reason},
        )


def restart_demo_password_period(*, user: User) -> bool:
    """Start a demo account's password period now, so the README's password logs in (R-X-2).

    Demo data is written as if months ago (past plans, past filings); an account created in
    that past would otherwise meet the password change policy on its first login. Only for
    accounts whose password is still the published demo password; audited.
    """
    from skillcert.demo.builders import DEMO_PASSWORD

    now = timezone.now()
    if not user.check_password(DEMO_PASSWORD) or (user.password_changed_at and user.password_changed_at >= now):
        return False
    with transaction.atomic():
        before = user.password_changed_at
        User.objects.filter(pk=user.pk).update(password_changed_at=now, password_must_change=False)
        user.password_changed_at = now
        user.password_must_change = False
        record_event(
            actor=None,
            action=AuthEvent.PASSWORD_CHANGED,
            obj=user,
            organisation=user.organisation,
            before={"password_changed_at": before},
            after={"password_changed_at": now, "by": "demo_seed"},
        )
    return True


def record_refused_token(*, token: ApiToken, reason: str) -> None:
    """A valid token presented for a deactivated or locked account: refused and audited (R-X-2)."""
    with transaction.atomic():
        record_event(
            actor=VISITOR,
            action=AuthEvent.TOKEN_REFUSED,
            obj=token.user,
            organisation=token.user.organisation,
            after={"reason": reason, "token": token.pk, "token_name": token.name},
        )


def record_unknown_username(*, username: str) -> None:
    """A login with a username that does not exist: audited, and "locked" like a real account."""
    shown = username[:50]
    with transaction.atomic():
        record_event(
            actor=VISITOR,
            action=AuthEvent.LOGIN_FAILED,
            object_repr=_("用户名“%(u)s”") % {"u": shown},
            after={"reason": LoginFailure.UNKNOWN_USER, "username": shown},
        )
    note_unknown_username_failure(username)


def complete_login(*, user: User, second_factor: bool) -> None:
    """The user passed every step: the failure count starts again (R-X-2)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk, failed_login_count__gt=0).update(failed_login_count=0)
        record_event(
            actor=user,
            action=AuthEvent.LOGIN,
            obj=user,
            after={"second_factor": "totp" if second_factor else None},
        )
    user.failed_login_count = 0


def record_logout(*, user: User, timeout: bool = False) -> None:
    """A session ended, by the user's choice or after session.idle_minutes of inactivity (R-X-2)."""
    with transaction.atomic():
        after = {"idle_minutes": int(get_policy("session.idle_minutes"))} if timeout else None
        record_event(actor=user, action=AuthEvent.TIMEOUT if timeout else AuthEvent.LOGOUT, obj=user, after=after)


# --- second factor (R-X-2) -----------------------------------------------------------------------


def _claim_counter(user: User, counter: int, **also: Any) -> bool:
    """Use a TOTP time step once: a step at or before the last one used is a replay."""
    claimed = (
        User.objects.filter(pk=user.pk)
        .filter(Q(totp_last_counter__isnull=True) | Q(totp_last_counter__lt=counter))
        .update(totp_last_counter=counter, **also)
    )
    if claimed:
        user.totp_last_counter = counter
        for name, value in also.items():
            setattr(user, name, value)
    return bool(claimed)


def verify_second_factor(*, user: User, code: str) -> TotpResult:
    """Check the TOTP code of a login; wrong and replayed codes count towards the lockout."""
    if not user.totp_enrolled:
        raise DomainError(_("动态口令：尚未绑定验证器"), field="code", code="not_enrolled")
    if user.is_locked():
        record_login_failure(user=user, reason=LoginFailure.BAD_TOTP)
        return TotpResult.LOCKED
    counter = totp.matching_counter(user.get_totp_secret(), code)
    if counter is not None:
        with transaction.atomic():
            if _claim_counter(user, counter):
                return TotpResult.OK
    detail = "replay" if counter is not None else ""
    locked_until = record_login_failure(user=user, reason=LoginFailure.BAD_TOTP, detail=detail)
    return TotpResult.LOCKED if locked_until is not None else TotpResult.INVALID


def start_totp_enrolment(*, user: User) -> str:
    """Give the user a new secret to add to their authenticator app (kept until confirmed)."""
    if user.totp_enrolled:
        raise DomainError(_("动态口令：已绑定验证器，如需更换请联系管理员重置"), field="code", code="already_enrolled")
    if user.totp_secret:
        return user.get_totp_secret()
    secret = totp.new_secret()
    token = crypto.encrypt(secret, TOTP_SECRET_CONTEXT)
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, totp_secret="").update(totp_secret=token):
            user.refresh_from_db(fields=["totp_secret", "totp_confirmed_at"])
            return user.get_totp_secret()
        user.totp_secret = token
        record_event(actor=user, action=AuthEvent.TOTP_ENROLMENT_STARTED, obj=user)
    return secret


def confirm_totp_enrolment(*, user: User, code: str, during_login: bool) -> TotpResult:
    """Bind the authenticator once the user proves it shows the right code (R-X-2).

    During login a wrong code counts towards the lockout like any other failed login step.
    """
    if user.totp_enrolled:
        raise DomainError(_("动态口令：已绑定验证器"), field="code", code="already_enrolled")
    if not user.totp_secret:
        raise DomainError(_("动态口令：请先打开绑定页面获取密钥"), field="code", code="no_secret")
    if during_login and user.is_locked():
        record_login_failure(user=user, reason=LoginFailure.BAD_TOTP, detail="enrolment")
        return TotpResult.LOCKED
    counter = totp.matching_counter(user.get_totp_secret(), code)
    if counter is None:
        if during_login:
            locked = record_login_failure(user=user, reason=LoginFailure.BAD_TOTP, detail="enrolment")
            return TotpResult.LOCKED if locked is not None else TotpResult.INVALID
        with transaction.atomic():
            record_event(actor=user, action=AuthEvent.TOTP_FAILED, obj=user, after={"detail": "enrolment"})
        return TotpResult.INVALID
    now = timezone.now()
    with transaction.atomic():
        if not _claim_counter(user, counter, totp_confirmed_at=now):
            return TotpResult.INVALID
        record_event(actor=user, action=AuthEvent.TOTP_ENROLLED, obj=user, after={"method": "app", "confirmed_at": now})
    return TotpResult.OK


def provision_totp(*, actor: Actor | None, user: User, secret: str) -> User:
    """Bind a known secret without a code (demo accounts, migration from another system)."""
    _ensure_may_change_user(actor, user)
    try:
        if len(base64.b32decode(secret, casefold=True)) < 10:
            raise ValueError
    except (binascii.Error, ValueError) as exc:
        raise DomainError(_("动态口令密钥：须为至少 80 位的 Base32 字符串"), field="secret", code="invalid") from exc
    now = timezone.now()
    with transaction.atomic():
        user.totp_secret = crypto.encrypt(secret.upper(), TOTP_SECRET_CONTEXT)
        user.totp_confirmed_at = now
        user.totp_last_counter = None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_counter"])
        record_event(
            actor=actor,
            action=AuthEvent.TOTP_ENROLLED,
            obj=user,
            organisation=user.organisation,
            after={"method": "provisioned", "confirmed_at": now},
        )
    return user


def reset_second_factor(*, actor: Actor | None, user: User) -> User:
    """Unbind a lost authenticator; the user enrols again at the next login (R-X-2)."""
    _ensure_may_change_user(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("动态口令：不能重置自己的动态口令，请联系本单位管理员"), field="user", code="self")
    with transaction.atomic():
        lock(user)
        before = {"totp_confirmed_at": user.totp_confirmed_at}
        user.totp_secret = ""
        user.totp_confirmed_at = None
        user.totp_last_counter = None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_counter"])
        record_event(actor=actor, action=AuthEvent.TOTP_RESET, obj=user, organisation=user.organisation, before=before)
    return user


# --- API tokens (R-X-2) --------------------------------------------------------------------------


def may_hold_tokens(actor: Actor) -> bool:
    return bool(actor.is_superuser or actor.has_role(*TOKEN_ROLES))


def create_api_token(*, actor: Actor, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a key for a machine client. The key is returned once; only its SHA-256 is stored."""
    if not may_hold_tokens(actor):
        raise PermissionDenied(_("您的角色不能创建接口令牌"))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("名称：不能为空"), field="name", code="required")
    if len(name) > 100:
        raise DomainError(_("名称：不能超过 100 个字符"), field="name", code="max_length")
    max_days = int(get_policy("api_token.max_days"))
    if days is None:
        days = min(TOKEN_DEFAULT_DAYS, max_days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= max_days:
        raise DomainError(_("有效期：须为 1 到 %(max)d 之间的整数天数") % {"max": max_days}, field="days", code="range")
    now = timezone.now()
    if ApiToken.objects.filter(user=actor, name=name, revoked_at__isnull=True, expires_at__gt=now).exists():
        raise DomainError(_("名称：已有同名的有效令牌“%(n)s”") % {"n": name}, field="name", code="unique")
    # 40 letters and digits (238 bits): one word to double-click, no characters URLs or shells mangle.
    key = TOKEN_KEY_PREFIX + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(40))
    token = ApiToken(
        user=actor,
        name=name,
        prefix=key[: len(TOKEN_KEY_PREFIX) + 8],
        key_hash=ApiToken.hash_key(key),
        expires_at=now + timedelta(days=days),
    )
    with transaction.atomic():
        token.save(force_insert=True)
        record_event(
            actor=actor,
            action=AuthEvent.TOKEN_CREATED,
            obj=token,
            after={**snapshot(token, TOKEN_AUDIT_FIELDS), "days": days},
        )
    return token, key


def revoke_api_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Withdraw a key at once; its owner or an administrator of the owner may (R-X-2)."""
    if token.user_id != actor.pk:
        _ensure_may_change_user(actor, token.user)
    if token.revoked_at is not None:
        return token
    now = timezone.now()
    with transaction.atomic():
        if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
            before = snapshot(token, TOKEN_AUDIT_FIELDS)
            token.revoked_at = now
            record_event(
                actor=actor,
                action=AuthEvent.TOKEN_REVOKED,
                obj=token,
                organisation=token.user.organisation,
                before=before,
                after=snapshot(token, TOKEN_AUDIT_FIELDS),
            )
        else:
            token.refresh_from_db(fields=["revoked_at"])
    return token


def touch_api_token(*, token: ApiToken) -> None:
    """Stamp the last use, at most once a minute; usage is telemetry, not a change, so not audited."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= TOKEN_TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
