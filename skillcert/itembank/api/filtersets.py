"""Filters shared by the item-bank pages and API (R-BANK-1, R-X-5)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from skillcert.core.bounds import IdFilter
from skillcert.exams.models import Seat
from skillcert.itembank.choices import ItemStatus, ItemType
from skillcert.itembank.models import Item, Sitting


class ItemFilterSet(django_filters.FilterSet):
    """Find items by bank, type, status, knowledge point, review flag or text."""

    q = django_filters.CharFilter(label=gettext_lazy("编号/题干"), method="search")
    type = django_filters.ChoiceFilter(label=gettext_lazy("题型"), choices=ItemType.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=ItemStatus.choices)
    knowledge_point = django_filters.CharFilter(label=gettext_lazy("鉴定要素代码"), method="by_point")
    flagged = django_filters.BooleanFilter(label=gettext_lazy("需复审"))

    class Meta:
        model = Item
        fields = ["bank", "type", "status", "flagged"]

    def search(self, queryset: QuerySet[Item], name: str, value: Any) -> QuerySet[Item]:
        return queryset.filter(Q(code__icontains=value) | Q(latest__stem__icontains=value))

    def by_point(self, queryset: QuerySet[Item], name: str, value: Any) -> QuerySet[Item]:
        return queryset.filter(
            Q(latest__knowledge_point__code=value) | Q(latest__knowledge_point__code__startswith=f"{value}.")
        )


class SittingFilterSet(django_filters.FilterSet):
    class Meta:
        model = Sitting
        fields = ["cbt_session", "status"]


class SkillsSheetFilterSet(django_filters.FilterSet):
    """Find skills sheets by session."""

    exam_session = IdFilter(label=gettext_lazy("考试场次"), field_name="session_id")

    class Meta:
        model = Seat
        fields = ["exam_session"]
