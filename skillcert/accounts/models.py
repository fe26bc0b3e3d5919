"""Jurisdictions, organisations, users and their roles (R-ORG-1, R-ORG-2, R-X-2)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import (
    AUTHORITY_KINDS,
    LEAGUE_KINDS,
    REGION_KINDS,
    STAFF_ROLES,
    JurisdictionLevel,
    OrgKind,
    Role,
    ScopeLevel,
    UserStatus,
)
from skillcert.accounts.lockout import format_local
from skillcert.core import crypto
from skillcert.core.fields import BlindIndexField, EncryptedTextField
from skillcert.core.masking import mask_mobile
from skillcert.core.models import BaseModel
from skillcert.core.policy import get_policy
from skillcert.core.scoping import ANY_ROLE, RestrictedQuerySet, ScopePolicy

if TYPE_CHECKING:
    from skillcert.accounts.types import Acting


class Jurisdiction(models.Model):
    """The region (150000) or one of its 14 league-level jurisdictions (R-ORG-1)."""

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字"))],
    )
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("层级"), max_length=10, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(BaseModel):
    """A regulator, a guidance centre, an evaluation institution or the individuals' pool (R-ORG-2)."""

    kind = models.CharField(_("机构类型"), max_length=20, choices=OrgKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(_("机构编码"), max_length=40, unique=True)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("所属辖区"), on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("有效"), default=True)

    scope_policy = ScopePolicy(
        organisation="pk",
        jurisdiction="jurisdiction",
        public=Q(kind__in=AUTHORITY_KINDS),
        roles={"view": ANY_ROLE, "change": frozenset({Role.ADMIN})},
    )

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["jurisdiction__sort_order", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_level(self) -> ScopeLevel:
        """What the scoping rules key on (R-ORG-2)."""
        if self.kind in REGION_KINDS:
            return ScopeLevel.REGION
        if self.kind in LEAGUE_KINDS:
            return ScopeLevel.LEAGUE
        if self.kind == OrgKind.INSTITUTION:
            return ScopeLevel.INSTITUTION
        return ScopeLevel.INDIVIDUAL

    @property
    def is_authority(self) -> bool:
        return self.kind in AUTHORITY_KINDS


MANAGE_USERS = ScopePolicy(
    organisation="pk",
    jurisdiction="jurisdiction",
    roles={"manage_users": frozenset({Role.ADMIN, Role.MANAGER})},
)
"""Which organisations' accounts an actor may open: admins and managers within their reach (R-ORG-2).

The same reach as `User.scope_policy["change"]`, seen from the organisation's side.
"""


class SkillCertUserManager(UserManager["User"]):
    def get_queryset(self) -> RestrictedQuerySet[User]:  # type: ignore[override]
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, actor: Acting, action: str = "view") -> RestrictedQuerySet[User]:
        return self.get_queryset().restrict(actor, action)


class User(AbstractUser):
    """A person who logs in; belongs to exactly one organisation (R-ORG-2)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="users"
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    mobile = EncryptedTextField(_("手机号码"), blank=True, default="")
    mobile_index = BlindIndexField("mobile", verbose_name=_("手机号码索引"))
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    failed_login_count = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_must_change = models.BooleanField(_("下次登录须修改密码"), default=False)
    totp_secret = models.CharField(_("动态口令密钥（加密）"), max_length=200, blank=True)
    totp_confirmed_at = models.DateTimeField(_("动态口令启用时间"), null=True, blank=True)
    totp_last_counter = models.BigIntegerField(_("最近使用的动态口令时段"), null=True, blank=True)

    REQUIRED_FIELDS = ["email", "full_name"]

    objects = SkillCertUserManager()  # type: ignore[misc]

    scope_policy = ScopePolicy(
        organisation="organisation",
        jurisdiction="organisation__jurisdiction",
        owner="pk",
        roles={
            "view": frozenset({Role.ADMIN, Role.MANAGER, Role.AUDITOR}),
            "change": frozenset({Role.ADMIN, Role.MANAGER}),
            # Seeing a mobile number in full (R-X-3): those who manage the account.
            "reveal": frozenset({Role.ADMIN, Role.MANAGER}),
        },
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name or self.username}（{self.username}）"

    @cached_property
    def role_codes(self) -> frozenset[str]:
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("roles")
        if prefetched is not None:  # a list page prefetched them: no query per row
            return frozenset(r.role for r in prefetched)
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes & set(roles))

    @property
    def is_regulator(self) -> bool:
        return self.organisation.is_authority and bool(self.role_codes & STAFF_ROLES)

    @property
    def requires_second_factor(self) -> bool:
        """TOTP is mandatory for regulator staff and institution managers (R-X-2)."""
        if self.is_regulator:
            return True
        return self.organisation.kind == OrgKind.INSTITUTION and Role.MANAGER in self.role_codes

    @property
    def totp_enrolled(self) -> bool:
        return self.totp_confirmed_at is not None and bool(self.totp_secret)

    @property
    def needs_second_factor(self) -> bool:
        """Whether login asks for a TOTP code: mandatory roles, and anyone who enrolled by choice."""
        return self.requires_second_factor or self.totp_enrolled

    def get_totp_secret(self) -> str:
        """The base32 TOTP secret in clear; the column holds it encrypted (R-X-2, R-X-3)."""
        return crypto.decrypt(self.totp_secret, TOTP_SECRET_CONTEXT) if self.totp_secret else ""

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    @property
    def status(self) -> UserStatus:
        """Deactivated, locked out, or active — what the account list shows (R-ORG-2, R-X-2)."""
        if not self.is_active:
            return UserStatus.INACTIVE
        return UserStatus.LOCKED if self.is_locked() else UserStatus.ACTIVE

    @property
    def status_display(self) -> str:
        status = self.status
        if status == UserStatus.LOCKED:
            assert self.locked_until is not None
            return str(_("锁定至 %(t)s") % {"t": format_local(self.locked_until)})
        return str(status.label)

    @property
    def mobile_masked(self) -> str:
        """The mobile number as everyone sees it (138****5678); in full only through a reveal (R-X-3)."""
        return mask_mobile(self.mobile)

    @property
    def password_expires_at(self) -> datetime:
        """When the password change period (password.max_age_days) runs out (R-X-2)."""
        changed = self.password_changed_at or self.date_joined
        return changed + timedelta(days=int(get_policy("password.max_age_days")))

    def password_expired(self, now: datetime | None = None) -> bool:
        """A must-change flag (password set by someone else) or an elapsed change period."""
        return self.password_must_change or self.password_expires_at <= (now or timezone.now())


TOTP_SECRET_CONTEXT = "accounts.user.totp_secret"
"""Associated data binding the encrypted TOTP secret to its column (skillcert.core.crypto)."""


class UserRole(models.Model):
    """One role a user holds in their organisation (R-ORG-2)."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="uniq_user_role")]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()}"


class ApiToken(BaseModel):
    """A machine client's credential; only the SHA-256 of the key is stored, never the key (R-X-2)."""

    user = models.ForeignKey(User, verbose_name=_("所属用户"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("密钥前缀"), max_length=16, db_index=True)
    key_hash = models.CharField(_("密钥摘要（SHA-256）"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("过期时间"))
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    scope_policy = ScopePolicy(
        organisation="user__organisation",
        jurisdiction="user__organisation__jurisdiction",
        owner="user",
        roles={"view": ANY_ROLE, "revoke": ANY_ROLE},
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @property
    def status_display(self) -> str:
        return str({"revoked": _("已撤销"), "expired": _("已过期"), "active": _("有效")}[self.status])
