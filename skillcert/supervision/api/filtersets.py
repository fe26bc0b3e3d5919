"""Filters shared by the alert inbox page and the API (R-SUP-2, R-REP-2)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction
from skillcert.core.bounds import IdFilter
from skillcert.supervision.choices import LIVE_STATUSES, AlertStatus, Severity
from skillcert.supervision.models import Alert
from skillcert.supervision.registry import kind_choices

ALL = _("全部")


class AlertFilterSet(django_filters.FilterSet):
    """By kind, severity, status (live = open or acknowledged), league, institution, subject text, dates."""

    kind = django_filters.ChoiceFilter(label=_("预警类型"), choices=kind_choices, empty_label=ALL)
    severity = django_filters.ChoiceFilter(label=_("严重程度"), choices=Severity.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("live", _("待处理和已确认")), *AlertStatus.choices],
        method="filter_status",
        empty_label=ALL,
    )
    league = django_filters.ModelChoiceFilter(
        label=_("所属辖区"),
        field_name="jurisdiction",
        queryset=Jurisdiction.objects.all(),
        to_field_name="code",
        empty_label=_("全部辖区"),
    )
    institution = IdFilter(label=_("评价机构ID"), field_name="institution_id")
    q = django_filters.CharFilter(label=_("对象"), method="search")
    seen_from = django_filters.DateFilter(label=_("最近发现起"), field_name="last_seen_at", lookup_expr="date__gte")
    seen_to = django_filters.DateFilter(label=_("最近发现止"), field_name="last_seen_at", lookup_expr="date__lte")

    class Meta:
        model = Alert
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet[Alert], name: str, value: Any) -> QuerySet[Alert]:
        if value == "live":
            return queryset.filter(status__in=LIVE_STATUSES)
        return queryset.filter(status=value) if value else queryset

    def search(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        value = value.strip()
        return queryset.filter(Q(subject_label__contains=value)) if value else queryset
