"""Filters shared by the institution pages, the staff API and the public register (R-PUB-1, R-X-5)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.catalog.choices import Level
from skillcert.catalog.models import Occupation
from skillcert.core.bounds import IdFilter
from skillcert.institutions.choices import (
    ApplicationKind,
    ApplicationStatus,
    BranchFilingStatus,
    FeeStatus,
    InstitutionStatus,
    InstitutionType,
    RosterKind,
    RuleDocumentKind,
)
from skillcert.institutions.models import (
    BlacklistEntry,
    BranchFiling,
    Commitment,
    Fee,
    FilingApplication,
    Institution,
    RosterEntry,
    RuleDocument,
    ScopeItem,
    Venue,
)
from skillcert.institutions.selectors import out_of_band_q


def _leagues() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(level=JurisdictionLevel.LEAGUE)


def _areas() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.order_by("-level", "sort_order")


class InstitutionFilterSet(django_filters.FilterSet):
    """Search the register by league, type, occupation, level and status (R-PUB-1)."""

    q = django_filters.CharFilter(label=gettext_lazy("名称/信用代码/备案编号"), method="search")
    league = django_filters.ModelChoiceFilter(
        label=gettext_lazy("开展认定的盟市"),
        queryset=_leagues(),
        to_field_name="code",
        method="filter_league",
        empty_label=gettext_lazy("全部盟市"),
    )
    type = django_filters.ChoiceFilter(
        label=gettext_lazy("机构类型"), choices=InstitutionType.choices, empty_label=gettext_lazy("全部类型")
    )
    occupation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("职业"),
        queryset=Occupation.objects.filter(is_active=True),
        method="filter_scope",
        empty_label=gettext_lazy("全部职业"),
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("等级"), choices=Level.choices, method="filter_scope", empty_label=gettext_lazy("全部等级")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=InstitutionStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    branch = django_filters.BooleanFilter(
        label=gettext_lazy("分支机构"), field_name="parent", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Institution
        fields = ["q", "league", "type", "occupation", "level", "status", "branch"]

    def search(self, queryset: QuerySet[Institution], name: str, value: str) -> QuerySet[Institution]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(filed_name__icontains=value) | Q(credit_code__iexact=value) | Q(filing_number__icontains=value)
        )

    def filter_league(self, queryset: QuerySet[Institution], name: str, value: Jurisdiction) -> QuerySet[Institution]:
        """Institutions that may work in the league: filed for it, region-wide, or a branch with accepted 报备."""
        if not value:
            return queryset
        accepted = BranchFiling.objects.filter(branch=OuterRef("pk"), league=value, status=BranchFilingStatus.ACCEPTED)
        return queryset.filter(
            Q(parent__isnull=True, area=value)
            | Q(parent__isnull=True, area__level=JurisdictionLevel.REGION)
            | Q(Exists(accepted))
        )

    def filter_scope(self, queryset: QuerySet[Institution], name: str, value: Any) -> QuerySet[Institution]:
        # Both filters are applied together so "电工 三级" means one scope item, not two.
        occupation = self.form.cleaned_data.get("occupation")
        level = self.form.cleaned_data.get("level")
        if name == "level" and occupation:
            return queryset  # applied with the occupation
        items = ScopeItem.objects.filter(version__valid_to__isnull=True).filter(
            Q(version__institution=OuterRef("pk")) | Q(version__institution=OuterRef("parent"))
        )
        if occupation:
            items = items.filter(occupation=occupation)
        if level:
            items = items.filter(level=level)
        if not occupation and not level:
            return queryset
        return queryset.filter(Exists(items))


class ApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("名称/信用代码/申请编号"), method="search")
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("申请类型"), choices=ApplicationKind.choices, empty_label=gettext_lazy("全部类型")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=ApplicationStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    area = django_filters.ModelChoiceFilter(
        label=gettext_lazy("区域范围"), queryset=_areas(), to_field_name="code", empty_label=gettext_lazy("全部区域")
    )

    class Meta:
        model = FilingApplication
        fields = ["q", "kind", "status", "area"]

    def search(self, queryset: QuerySet[FilingApplication], name: str, value: str) -> QuerySet[FilingApplication]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(filed_name__icontains=value) | Q(credit_code__iexact=value) | Q(reference__iexact=value)
        )


class BranchFilingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("分支机构/报备编号"), method="search")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=BranchFilingStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    league = django_filters.ModelChoiceFilter(
        label=gettext_lazy("报备盟市"), queryset=_leagues(), to_field_name="code", empty_label=gettext_lazy("全部盟市")
    )

    class Meta:
        model = BranchFiling
        fields = ["q", "status", "league"]

    def search(self, queryset: QuerySet[BranchFiling], name: str, value: str) -> QuerySet[BranchFiling]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(branch__filed_name__icontains=value) | Q(reference__iexact=value))


class FeeFilterSet(django_filters.FilterSet):
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    q = django_filters.CharFilter(
        label=gettext_lazy("机构名称"), field_name="institution__filed_name", lookup_expr="icontains"
    )
    occupation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("职业"),
        queryset=Occupation.objects.filter(is_active=True),
        empty_label=gettext_lazy("全部职业"),
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("等级"), choices=Level.choices, empty_label=gettext_lazy("全部等级")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=FeeStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    flagged = django_filters.BooleanFilter(label=gettext_lazy("偏离成本超出幅度"), method="filter_flagged")

    class Meta:
        model = Fee
        fields = ["institution", "q", "occupation", "level", "status", "flagged"]

    def filter_flagged(self, queryset: QuerySet[Fee], name: str, value: bool | None) -> QuerySet[Fee]:
        if value is None:
            return queryset
        flagged = out_of_band_q()
        return queryset.filter(flagged) if value else queryset.exclude(flagged)


class RuleDocumentFilterSet(django_filters.FilterSet):
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("制度类别"), choices=RuleDocumentKind.choices)
    published = django_filters.BooleanFilter(
        label=gettext_lazy("已公开"), field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = RuleDocument
        fields = ["institution", "kind", "published"]


class VenueFilterSet(django_filters.FilterSet):
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    league = django_filters.ModelChoiceFilter(label=gettext_lazy("所在盟市"), queryset=_leagues(), to_field_name="code")

    class Meta:
        model = Venue
        fields = ["institution", "league"]


class RosterFilterSet(django_filters.FilterSet):
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("人员类别"), choices=RosterKind.choices)
    name = django_filters.CharFilter(label=gettext_lazy("姓名"), field_name="full_name", lookup_expr="icontains")

    class Meta:
        model = RosterEntry
        fields = ["institution", "kind", "name"]


class CommitmentFilterSet(django_filters.FilterSet):
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    countersigned = django_filters.BooleanFilter(
        label=gettext_lazy("已会签"), field_name="countersigned_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Commitment
        fields = ["institution", "countersigned"]


class BlacklistFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("机构名称/信用代码"), method="search")

    class Meta:
        model = BlacklistEntry
        fields = ["q"]

    def search(self, queryset: QuerySet[BlacklistEntry], name: str, value: str) -> QuerySet[BlacklistEntry]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(filed_name__icontains=value) | Q(credit_code__iexact=value))
