"""Filters shared by the certificate list page and the API (R-CERT-6, R-REP-2)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from skillcert.accounts.models import Jurisdiction
from skillcert.catalog.choices import Level
from skillcert.certificates.choices import CertificateStatus, ProposalKind, ProposalStatus, RunStatus
from skillcert.certificates.models import Certificate, IssuanceRun, StatusProposal
from skillcert.core.bounds import IdFilter
from skillcert.core.fields import blind_index_for

ALL = gettext_lazy("全部")


class CertificateFilterSet(django_filters.FilterSet):
    """By number or name, ID number (exact, through the blind index), status, level, league, dates, export."""

    q = django_filters.CharFilter(label=gettext_lazy("证书编号/姓名"), method="search")
    id_number = django_filters.CharFilter(label=gettext_lazy("证件号码"), method="filter_id_number")
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=CertificateStatus.choices, empty_label=ALL)
    level = django_filters.ChoiceFilter(label=gettext_lazy("等级"), choices=Level.choices, empty_label=ALL)
    occupation = django_filters.CharFilter(label=gettext_lazy("职业编码"), field_name="occupation_code")
    plan = IdFilter(label=gettext_lazy("认定计划ID"), field_name="plan_id")
    league = django_filters.ModelChoiceFilter(
        label=gettext_lazy("认定实施盟市"),
        field_name="league",
        queryset=Jurisdiction.objects.filter(level="league"),
        to_field_name="code",
        empty_label=gettext_lazy("全部盟市"),
    )
    issued_from = django_filters.DateFilter(label=gettext_lazy("发证日期起"), field_name="issued_on", lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=gettext_lazy("发证日期止"), field_name="issued_on", lookup_expr="lte")
    exported = django_filters.ChoiceFilter(
        label=gettext_lazy("上报"),
        choices=[("true", gettext_lazy("已上报")), ("false", gettext_lazy("未上报"))],
        method="filter_exported",
        empty_label=ALL,
    )

    class Meta:
        model = Certificate
        fields: list[str] = []

    def search(self, queryset: QuerySet[Certificate], name: str, value: str) -> QuerySet[Certificate]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__startswith=value.upper()) | Q(name__contains=value))

    def filter_id_number(self, queryset: QuerySet[Certificate], name: str, value: str) -> QuerySet[Certificate]:
        try:
            return queryset.filter(id_number_index=blind_index_for(Certificate, "id_number", value))
        except ValueError:
            return queryset

    def filter_exported(self, queryset: QuerySet[Certificate], name: str, value: Any) -> QuerySet[Certificate]:
        if value == "true":
            return queryset.filter(export_batch__isnull=False)
        if value == "false":
            return queryset.filter(export_batch__isnull=True)
        return queryset


class ProposalFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=ProposalStatus.choices, empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("变更类型"), choices=ProposalKind.choices, empty_label=ALL)

    class Meta:
        model = StatusProposal
        fields: list[str] = []


class RunFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=RunStatus.choices, empty_label=ALL)
    plan = IdFilter(label=gettext_lazy("认定计划ID"), field_name="plan_id")

    class Meta:
        model = IssuanceRun
        fields: list[str] = []
