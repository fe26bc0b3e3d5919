"""Organisation kinds, jurisdiction levels and roles (R-ORG-1, R-ORG-2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JurisdictionLevel(models.TextChoices):
    REGION = "region", _("自治区")
    LEAGUE = "league", _("盟市")


class ScopeLevel(models.TextChoices):
    """What an organisation's users see (R-ORG-2): core.scoping keys its filters on these values."""

    REGION = "region", _("全区")
    LEAGUE = "league", _("本盟市")
    INSTITUTION = "institution", _("本机构")
    INDIVIDUAL = "individual", _("本人")


class OrgKind(models.TextChoices):
    REGION_DEPT = "region_dept", _("自治区人社厅")
    REGION_CENTER = "region_center", _("自治区就业服务中心")
    LEAGUE_BUREAU = "league_bureau", _("盟市人社局")
    LEAGUE_CENTER = "league_center", _("盟市就业服务中心")
    INSTITUTION = "institution", _("评价机构")
    INDIVIDUAL = "individual", _("个人用户")


REGION_KINDS = frozenset({OrgKind.REGION_DEPT, OrgKind.REGION_CENTER})
LEAGUE_KINDS = frozenset({OrgKind.LEAGUE_BUREAU, OrgKind.LEAGUE_CENTER})
AUTHORITY_KINDS = REGION_KINDS | LEAGUE_KINDS


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    MANAGER = "manager", _("负责人")
    CLERK = "clerk", _("经办人")
    AUDITOR = "auditor", _("审计员")
    EXAMINER = "examiner", _("考评员")
    INTERNAL_SUPERVISOR = "internal_supervisor", _("内部质量督导员")
    EXTERNAL_SUPERVISOR = "external_supervisor", _("外部质量督导员")
    EXPERT = "expert", _("专家")
    CANDIDATE = "candidate", _("考生")


class UserStatus(models.TextChoices):
    """An account's state as the account list shows it (R-ORG-2, R-X-2)."""

    ACTIVE = "active", _("正常")
    LOCKED = "locked", _("已锁定")
    INACTIVE = "inactive", _("已停用")


OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
"""Office roles that read records (as opposed to examiners, experts and candidates)."""
STAFF_ROLES = OFFICE_ROLES
EDIT_ROLES = frozenset({Role.MANAGER, Role.CLERK})
"""Office roles that change records."""
SIGN_ROLES = frozenset({Role.MANAGER})
"""The role that signs, approves and decides for its organisation."""
PEOPLE_ROLES = frozenset({Role.EXAMINER, Role.INTERNAL_SUPERVISOR, Role.EXTERNAL_SUPERVISOR, Role.EXPERT})
"""Roles of the people who examine, supervise and write items."""


class AuthEvent(models.TextChoices):
    """Audit actions written by the accounts app (R-X-1, R-X-2)."""

    LOGIN = "auth.login", _("登录")
    LOGIN_FAILED = "auth.login_failed", _("登录失败")
    LOCKOUT = "auth.lockout", _("账号锁定")
    UNLOCKED = "auth.unlocked", _("账号解锁")
    LOGOUT = "auth.logout", _("退出登录")
    TIMEOUT = "auth.timeout", _("超时退出")
    PASSWORD_CHANGED = "auth.password_changed", _("修改密码")
    TOTP_ENROLMENT_STARTED = "auth.totp_enrolment_started", _("开始绑定动态口令")
    TOTP_ENROLLED = "auth.totp_enrolled", _("绑定动态口令")
    TOTP_RESET = "auth.totp_reset", _("重置动态口令")
    TOTP_FAILED = "auth.totp_failed", _("动态口令错误")
    TOKEN_CREATED = "auth.token_created", _("创建接口令牌")
    TOKEN_REVOKED = "auth.token_revoked", _("撤销接口令牌")
    TOKEN_REFUSED = "auth.token_refused", _("拒绝接口令牌（账号停用或锁定）")
    USER_CREATED = "account.user_created", _("创建账号")
    ROLES_SET = "account.roles_set", _("调整角色")
    USER_DEACTIVATED = "account.user_deactivated", _("停用账号")
    CONTACT_UPDATED = "account.contact_updated", _("修改联系方式")


class LoginFailure(models.TextChoices):
    """Why a login step failed; stored in the audit event, never shown to the visitor."""

    BAD_PASSWORD = "bad_password", _("密码错误")
    UNKNOWN_USER = "unknown_user", _("用户名不存在")
    INACTIVE = "inactive", _("账号已停用")
    LOCKED = "locked", _("账号已锁定")
    BAD_TOTP = "bad_totp", _("动态口令错误")


TOKEN_ROLES = STAFF_ROLES
"""Roles that may hold API tokens for machine clients (office systems, not people)."""
