"""Filters shared by the catalogue pages and the API (R-CAT-1..4)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import CURRENT_EDITION, Edition, Level, MajorCategory
from skillcert.catalog.models import EligibilityRule, Occupation, SkillStandard, WorkType
from skillcert.core.bounds import IdFilter


class OccupationFilterSet(django_filters.FilterSet):
    """Search and narrow occupations; without `edition` the 2022 edition is shown."""

    q = django_filters.CharFilter(label=gettext_lazy("名称/编码/工种"), method="search")
    edition = django_filters.ChoiceFilter(
        label=gettext_lazy("大典版本"), choices=Edition.choices, empty_label=gettext_lazy("全部版本")
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("大类"),
        choices=MajorCategory.choices,
        method="filter_category",
        empty_label=gettext_lazy("全部大类"),
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("等级"), choices=Level.choices, method="filter_level", empty_label=gettext_lazy("全部等级")
    )
    has_work_types = django_filters.ChoiceFilter(
        label=gettext_lazy("工种"),
        choices=[("true", gettext_lazy("有工种")), ("false", gettext_lazy("无工种"))],
        method="filter_has_work_types",
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = Occupation
        fields = ["q", "edition", "category", "level", "has_work_types"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is None or "edition" not in data:
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["edition"] = str(CURRENT_EDITION)
        super().__init__(data, *args, **kwargs)

    def search(self, queryset: QuerySet[Occupation], name: str, value: str) -> QuerySet[Occupation]:
        value = value.strip()
        if not value:
            return queryset
        matching = Occupation.objects.filter(
            Q(name__icontains=value) | Q(code__startswith=value) | Q(work_types__name__icontains=value)
        )
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_category(self, queryset: QuerySet[Occupation], name: str, value: str) -> QuerySet[Occupation]:
        return queryset.filter(code__startswith=f"{value}-")

    def filter_level(self, queryset: QuerySet[Occupation], name: str, value: str) -> QuerySet[Occupation]:
        having = SkillStandard.objects.filter(is_current=True, levels__level=value).values("occupation_id")
        return queryset.filter(pk__in=having)

    def filter_has_work_types(self, queryset: QuerySet[Occupation], name: str, value: str) -> QuerySet[Occupation]:
        with_types = WorkType.objects.values("occupation_id")
        return queryset.filter(pk__in=with_types) if value == "true" else queryset.exclude(pk__in=with_types)


class SkillStandardFilterSet(django_filters.FilterSet):
    occupation = IdFilter(label=gettext_lazy("职业ID"), field_name="occupation_id")
    occupation_code = django_filters.CharFilter(label=gettext_lazy("职业编码"), field_name="occupation__code")
    edition = django_filters.ChoiceFilter(
        label=gettext_lazy("大典版本"), choices=Edition.choices, field_name="occupation__edition"
    )
    is_current = django_filters.BooleanFilter(label=gettext_lazy("现行"))
    level = django_filters.ChoiceFilter(label=gettext_lazy("等级"), choices=Level.choices, method="filter_level")

    class Meta:
        model = SkillStandard
        fields = ["occupation", "occupation_code", "edition", "is_current", "level"]

    def filter_level(self, queryset: QuerySet[SkillStandard], name: str, value: str) -> QuerySet[SkillStandard]:
        return queryset.filter(pk__in=SkillStandard.objects.filter(levels__level=value).values("pk"))


class EligibilityRuleFilterSet(django_filters.FilterSet):
    occupation = IdFilter(label=gettext_lazy("职业ID"), field_name="standard_level__standard__occupation_id")
    occupation_code = django_filters.CharFilter(
        label=gettext_lazy("职业编码"), field_name="standard_level__standard__occupation__code"
    )
    standard = IdFilter(label=gettext_lazy("标准ID"), field_name="standard_level__standard_id")
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("等级"), choices=Level.choices, field_name="standard_level__level"
    )
    is_current = django_filters.BooleanFilter(label=gettext_lazy("现行"))

    class Meta:
        model = EligibilityRule
        fields = ["occupation", "occupation_code", "standard", "level", "is_current"]
