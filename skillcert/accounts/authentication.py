"""`Authorization: Token <key>` for machine clients (R-X-2).

The key is looked up by its SHA-256, the only form stored. Expired, revoked and unknown
keys, and keys of deactivated or locked accounts (audited), are refused with a 401 and a Chinese reason.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from skillcert.accounts import services
from skillcert.accounts.choices import LoginFailure
from skillcert.accounts.lockout import format_local
from skillcert.accounts.models import ApiToken, User
from skillcert.accounts.selectors import api_token_for_key


class TokenRefused(exceptions.AuthenticationFailed):
    default_code = "token_invalid"


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise TokenRefused(_("令牌格式错误：请求头应为“Authorization: Token <密钥>”"), code="token_malformed")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise TokenRefused(_("令牌格式错误：密钥只能包含英文字符"), code="token_malformed") from exc
        token = api_token_for_key(key)
        if token is None:
            raise TokenRefused(_("令牌无效：没有与该密钥对应的令牌"), code="token_invalid")
        if token.revoked_at is not None:
            raise TokenRefused(
                _("令牌已于 %(t)s 被撤销，请使用新的令牌") % {"t": format_local(token.revoked_at)}, code="token_revoked"
            )
        if token.expires_at <= timezone.now():
            raise TokenRefused(
                _("令牌已于 %(t)s 过期，请在“账号安全”页面创建新的令牌") % {"t": format_local(token.expires_at)},
                code="token_expired",
            )
        user = token.user
        if not user.is_active:
            services.record_refused_token(token=token, reason=LoginFailure.INACTIVE)
            raise TokenRefused(_("令牌所属账号已停用"), code="user_inactive")
        if user.is_locked():
            services.record_refused_token(token=token, reason=LoginFailure.LOCKED)
            assert user.locked_until is not None
            raise TokenRefused(
                _("令牌所属账号已锁定，%(t)s 后恢复") % {"t": format_local(user.locked_until)}, code="user_locked"
            )
        services.touch_api_token(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Documents the scheme in the OpenAPI schema (drf-spectacular)."""

    target_class = "skillcert.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
        scheme["description"] = _(
            "接口令牌：请求头 Authorization: Token <密钥>，密钥在“账号安全”页面创建，只显示一次。"
        )
        return scheme  # type: ignore[no-any-return]
