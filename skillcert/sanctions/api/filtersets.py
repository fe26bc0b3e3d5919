"""FilterSets shared by the sanctions pages, exports and API (R-SUP-6, R-X-5)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from skillcert.sanctions.choices import InactivityStatus, Kind, Status
from skillcert.sanctions.models import InactivityCase, Sanction


class SanctionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("机构名称/信用代码"), method="search")
    kind = django_filters.ChoiceFilter(label=_("处理类别"), choices=Kind.choices, empty_label=_("全部类别"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部状态"))

    class Meta:
        model = Sanction
        fields = ["q", "kind", "status"]

    def search(self, queryset: QuerySet[Sanction], name: str, value: str) -> QuerySet[Sanction]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(institution__filed_name__icontains=value) | Q(institution__credit_code__iexact=value))


class InactivityCaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("机构名称/信用代码"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=InactivityStatus.choices, empty_label=_("全部状态"))

    class Meta:
        model = InactivityCase
        fields = ["q", "status"]

    def search(self, queryset: QuerySet[InactivityCase], name: str, value: str) -> QuerySet[InactivityCase]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(institution__filed_name__icontains=value) | Q(institution__credit_code__iexact=value))
