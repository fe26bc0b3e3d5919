"""One FilterSet for the complaint inbox page, its exports and the API (R-SUP-5, R-X-5)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction
from skillcert.complaints.choices import Outcome, Source, Status, SubjectKind
from skillcert.complaints.models import Complaint
from skillcert.complaints.selectors import overdue_q


class ComplaintFilterSet(django_filters.FilterSet):
    """Search by tracking code, title or institution; filter by status, source, outcome, overdue."""

    q = django_filters.CharFilter(label=_("查询码/标题/机构"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部状态"))
    source = django_filters.ChoiceFilter(label=_("来源"), choices=Source.choices, empty_label=_("全部来源"))
    subject_kind = django_filters.ChoiceFilter(label=_("对象"), choices=SubjectKind.choices, empty_label=_("全部对象"))
    outcome = django_filters.ChoiceFilter(label=_("办理结果"), choices=Outcome.choices, empty_label=_("全部结果"))
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("办理辖区"),
        queryset=Jurisdiction.objects.order_by("-level", "sort_order"),
        to_field_name="code",
        empty_label=_("全部辖区"),
    )

    class Meta:
        model = Complaint
        fields = ["q", "status", "source", "subject_kind", "outcome", "overdue", "jurisdiction"]

    def search(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(tracking_code__iexact=value) | Q(title__icontains=value) | Q(institution__filed_name__icontains=value)
        )

    def filter_overdue(self, queryset: QuerySet[Complaint], name: str, value: bool | None) -> QuerySet[Complaint]:
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
