from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
    organisation = OrganisationSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "organisation", "roles", "is_active", "last_login"]

    def get_roles(self, obj: User) -> list[str]:
        return sorted(r.role for r in obj.roles.all())


class MeSerializer(UserSerializer):
    """The logged-in user, with the state of their own credentials (R-X-2)."""

    second_factor_required = serializers.BooleanField(source="requires_second_factor", read_only=True)
    second_factor_enabled = serializers.BooleanField(source="totp_enrolled", read_only=True)
    password_expires_at = serializers.DateTimeField(read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [
            *UserSerializer.Meta.fields,
            "second_factor_required",
            "second_factor_enabled",
            "password_expires_at",
        ]


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
