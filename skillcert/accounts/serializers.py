from __future__ import annotations

from rest_framework import serializers

from skillcert.accounts.models import Jurisdiction, Organisation, User


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
