"""FilterSets shared by the sanctions pages, exports and API (R-SUP-6, R-X-5)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.forms import HiddenInput
from django.utils.translation import gettext_lazy as _

from skillcert.core.bounds import IdFilter
from skillcert.sanctions.choices import InactivityStatus, Kind, ProposalStatus, Status
from skillcert.sanctions.models import InactivityCase, Proposal, Sanction


class InstitutionSearch(django_filters.FilterSet):
    """`q`: part of the institution's filed name, or its whole credit code."""

    q = django_filters.CharFilter(label=_("机构名称/信用代码"), method="search")

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(institution__filed_name__icontains=value) | Q(institution__credit_code__iexact=value))


class SanctionFilterSet(InstitutionSearch):
    kind = django_filters.ChoiceFilter(label=_("处理类别"), choices=Kind.choices, empty_label=_("全部类别"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部状态"))

    class Meta:
        model = Sanction
        fields = ["q", "kind", "status"]


class InactivityCaseFilterSet(InstitutionSearch):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=InactivityStatus.choices, empty_label=_("全部状态"))

    class Meta:
        model = InactivityCase
        fields = ["q", "status"]


class ProposalFilterSet(InstitutionSearch):
    measure = django_filters.ChoiceFilter(label=_("建议处理类别"), choices=Kind.choices, empty_label=_("全部类别"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProposalStatus.choices, empty_label=_("全部状态"))
    inspection = IdFilter(label=_("双随机检查"), field_name="inspection_id", widget=HiddenInput)

    class Meta:
        model = Proposal
        fields = ["q", "measure", "status", "inspection"]
