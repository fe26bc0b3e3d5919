"""Filters shared by the inspections pages and API (R-X-5)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.core.bounds import IdFilter, YearFilter
from skillcert.inspections.choices import CampaignStatus, Grade, InspectionStatus, OrderStatus, Outcome, ReportStatus
from skillcert.inspections.models import Campaign, Inspection, InternalRecord, RectificationOrder, SupervisionReport


def _leagues():  # type: ignore[no-untyped-def]
    return Jurisdiction.objects.filter(level=JurisdictionLevel.LEAGUE)


class ReportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=ReportStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    grade = django_filters.ChoiceFilter(
        label=gettext_lazy("发现问题等级"), choices=Grade.choices, empty_label=gettext_lazy("全部等级")
    )
    league = django_filters.ModelChoiceFilter(
        label=gettext_lazy("盟市"), queryset=_leagues(), to_field_name="code", empty_label=gettext_lazy("全部盟市")
    )
    overdue = django_filters.BooleanFilter(label=gettext_lazy("逾期"), method="filter_overdue")

    class Meta:
        model = SupervisionReport
        fields = ["status", "grade", "league"]

    def filter_overdue(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.utils import timezone

        if value is None:
            return queryset
        overdue = queryset.filter(status=ReportStatus.DRAFT, due_on__lt=timezone.localdate()) | queryset.filter(
            submitted_late=True
        )
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class InternalRecordFilterSet(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(
        label=gettext_lazy("发现问题等级"), choices=Grade.choices, empty_label=gettext_lazy("全部等级")
    )
    league = django_filters.ModelChoiceFilter(
        label=gettext_lazy("盟市"), queryset=_leagues(), to_field_name="code", empty_label=gettext_lazy("全部盟市")
    )

    class Meta:
        model = InternalRecord
        fields = ["grade", "league"]


class OrderFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=OrderStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    league = django_filters.ModelChoiceFilter(
        label=gettext_lazy("盟市"), queryset=_leagues(), to_field_name="code", empty_label=gettext_lazy("全部盟市")
    )

    class Meta:
        model = RectificationOrder
        fields = ["status", "league", "source"]


class CampaignFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=CampaignStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    year = YearFilter(label=gettext_lazy("年度"), field_name="period_start", lookup_expr="year")

    class Meta:
        model = Campaign
        fields = ["status", "year"]


class InspectionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=InspectionStatus.choices, empty_label=gettext_lazy("全部状态")
    )
    outcome = django_filters.ChoiceFilter(
        label=gettext_lazy("检查结论"), choices=Outcome.choices, empty_label=gettext_lazy("全部结论")
    )
    campaign = IdFilter(label=gettext_lazy("检查任务"), field_name="campaign_id")

    class Meta:
        model = Inspection
        fields = ["status", "outcome", "campaign"]
