"""Filters shared by the organisation/user pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skillcert.accounts.choices import OrgKind, Role, UserStatus
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.core.bounds import IdFilter


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("机构类型"), choices=OrgKind.choices)
    jurisdiction = django_filters.ModelChoiceFilter(
        label=gettext_lazy("辖区"), queryset=Jurisdiction.objects.all(), to_field_name="code"
    )
    q = django_filters.CharFilter(label=gettext_lazy("名称"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "jurisdiction", "q"]


class UserFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("角色"), choices=Role.choices, field_name="roles__role", empty_label=gettext_lazy("全部")
    )
    organisation = IdFilter(label=gettext_lazy("机构ID"), field_name="organisation_id")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=UserStatus.choices, method="filter_status", empty_label=gettext_lazy("全部")
    )
    q = django_filters.CharFilter(label=gettext_lazy("用户名/姓名"), method="search")

    class Meta:
        model = User
        fields = ["role", "organisation", "status", "q"]

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))

    def filter_status(self, queryset, name, value):  # type: ignore[no-untyped-def]
        """The same three states the list shows (User.status)."""
        locked = Q(locked_until__gt=timezone.now())
        if value == UserStatus.INACTIVE:
            return queryset.filter(is_active=False)
        if value == UserStatus.LOCKED:
            return queryset.filter(locked, is_active=True)
        return queryset.filter(is_active=True).exclude(locked)
