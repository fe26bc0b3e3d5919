from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework import serializers

from skillcert.accounts.choices import Role, UserStatus
from skillcert.accounts.models import ApiToken, Jurisdiction, Organisation, User


class JurisdictionSerializer(serializers.ModelSerializer[Jurisdiction]):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name", "level"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    jurisdiction = JurisdictionSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "code", "kind", "kind_display", "name", "short_name", "jurisdiction", "is_active"]


class UserSerializer(serializers.ModelSerializer[User]):
    """An account as listed: its state, and the mobile number masked (R-ORG-2, R-X-2, R-X-3)."""

    organisation = OrganisationSerializer(read_only=True)
    roles = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=UserStatus.choices, read_only=True)
    status_display = serializers.CharField(read_only=True, help_text=_("例如“锁定至 2026-03-01 10:15”（北京时间）"))
    second_factor_required = serializers.BooleanField(source="requires_second_factor", read_only=True)
    second_factor_enabled = serializers.BooleanField(source="totp_enrolled", read_only=True)
    mobile_masked = serializers.CharField(
        read_only=True, help_text=_("部分隐去的手机号码（138****5678）；完整号码须经 reveal-mobile 查看并记入审计")
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "organisation",
            "roles",
            "is_active",
            "status",
            "status_display",
            "locked_until",
            "second_factor_required",
            "second_factor_enabled",
            "mobile_masked",
            "password_must_change",
            "last_login",
        ]
        read_only_fields = fields

    def get_roles(self, obj: User) -> list[str]:
        return sorted(r.role for r in obj.roles.all())


class MeSerializer(UserSerializer):
    """The logged-in user, with the state of their own credentials (R-X-2)."""

    password_expires_at = serializers.DateTimeField(read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "password_expires_at"]
        read_only_fields = fields


def _text(label: StrOrPromise, **kwargs: Any) -> serializers.CharField:
    """A text input whose rules the service checks, so every message names the field (R-X-4)."""
    return serializers.CharField(label=label, required=False, allow_blank=True, default="", **kwargs)


def _roles(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(),
        label=_("角色"),
        help_text=kwargs.pop("help_text", _("角色代码的列表：") + " " + ", ".join(Role.values)),
        error_messages={"not_a_list": _("角色：须为角色代码的列表")},
        **kwargs,
    )


class UserCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Input of account creation; the service validates the rules and names the field (R-X-4)."""

    organisation = serializers.IntegerField(
        label=_("所属机构"),
        help_text=_("机构 ID；须是您可以管理的机构，否则与不存在的机构一样返回 404"),
        error_messages={"required": _("所属机构：不能为空"), "invalid": _("所属机构：须为机构 ID（整数）")},
    )
    username = _text(_("用户名"))
    full_name = _text(_("姓名"))
    roles = _roles(required=False, default=list)
    email = _text(_("电子邮件地址"))
    mobile = _text(_("手机号码"), help_text=_("可选，11 位大陆手机号码，加密存储"))
    password = serializers.CharField(
        label=_("初始密码"),
        required=False,
        allow_blank=True,
        write_only=True,
        style={"input_type": "password"},
        help_text=_("省略时自动生成并在响应的 initial_password 中返回一次；无论哪种，首次登录时须修改"),
    )


class UserCreatedSerializer(UserSerializer):
    initial_password = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("自动生成的初始密码，只在本次响应中返回；请求中给出密码时为 null"),
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "initial_password"]
        read_only_fields = fields


class UserRolesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    roles = _roles(required=False, default=list, help_text=_("替换该账号的全部角色；角色代码见 Role"))


class UserContactSerializer(serializers.Serializer):  # type: ignore[type-arg]
    mobile = _text(_("手机号码"), help_text=_("11 位大陆手机号码；空字符串表示清除"))


class RevealRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = _text(
        _("查看原因"),
        max_length=200,
        help_text=_("记入审计日志"),
        error_messages={"max_length": _("查看原因：不能超过 200 个字符")},
    )


class RevealedMobileSerializer(serializers.Serializer):  # type: ignore[type-arg]
    mobile = serializers.CharField(read_only=True, help_text=_("完整的手机号码；未登记时为空字符串"))


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    """A token as listed: never the key, only its first characters to recognise it."""

    status = serializers.ChoiceField(
        choices=[("active", _("有效")), ("expired", _("已过期")), ("revoked", _("已撤销"))], read_only=True
    )
    status_display = serializers.CharField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "status",
            "status_display",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(label=_("令牌名称"), max_length=100)
    days = serializers.IntegerField(
        label=_("有效期（天）"), required=False, help_text=_("默认 90 天，最长见规则参数 api_token.max_days")
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text=_("完整密钥，只在创建时返回这一次，请立即妥善保存"))

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields
