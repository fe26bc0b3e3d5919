"""Filters shared by the organisation/user pages and the API."""

from __future__ import annotations

import django_filters

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Jurisdiction, Organisation, User


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="机构类型", choices=OrgKind.choices)
    jurisdiction = django_filters.ModelChoiceFilter(
        label="辖区", queryset=Jurisdiction.objects.all(), to_field_name="code"
    )
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "jurisdiction", "q"]


class UserFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices, field_name="roles__role")
    organisation = django_filters.NumberFilter(label="机构ID", field_name="organisation_id")
    q = django_filters.CharFilter(label="用户名/姓名", method="search")

    class Meta:
        model = User
        fields = ["role", "organisation", "q"]

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
