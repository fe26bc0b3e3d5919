"""FilterSets of core's API lists: the audit log and the calendar."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy

from skillcert.core.bounds import YearFilter
from skillcert.core.models import AuditEvent, CalendarDay


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter(label=gettext_lazy("操作（前缀）"), lookup_expr="startswith")
    object_type = django_filters.CharFilter(label=gettext_lazy("对象类型"))
    object_id = django_filters.CharFilter(label=gettext_lazy("对象ID"))

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]


class CalendarDayFilterSet(django_filters.FilterSet):
    year = YearFilter(label=gettext_lazy("年份"), field_name="date__year")

    class Meta:
        model = CalendarDay
        fields = ["year"]
