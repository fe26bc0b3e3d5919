"""Filters shared by the exams list pages and the exams API (R-EXAM-1..7, R-X-5).

A page binds `request.GET` to the same FilterSet the API's DjangoFilterBackend uses, so a list
filtered on a page and the same query on `/api/v1/exams/...` return the same rows.
"""

from __future__ import annotations

import contextlib
import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from skillcert.catalog.choices import Level
from skillcert.core.bounds import IdFilter
from skillcert.core.fields import blind_index_for
from skillcert.exams.choices import PlanStatus, RegistrationSource, RegistrationStatus
from skillcert.exams.models import ExamPlan, ExamSession, Registration

__all__ = ["AnnouncementFilterSet", "PlanFilterSet", "RegistrationFilterSet", "SessionFilterSet"]

ALL = _("全部")


class PlanFilterSet(django_filters.FilterSet):
    """Plans by name or number and by status (R-EXAM-1)."""

    q = django_filters.CharFilter(label=_("计划名称或编号"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PlanStatus.choices, empty_label=ALL)

    class Meta:
        model = ExamPlan
        fields = ["q", "status"]

    def search(self, queryset: QuerySet[ExamPlan], name: str, value: str) -> QuerySet[ExamPlan]:
        value = value.strip()
        return queryset.filter(Q(title__contains=value) | Q(number=value)) if value else queryset


class AnnouncementFilterSet(django_filters.FilterSet):
    """The public announcements by occupation or plan name (R-EXAM-2)."""

    q = django_filters.CharFilter(label=_("职业或计划名称"), method="search")

    class Meta:
        model = ExamPlan
        fields = ["q"]

    def search(self, queryset: QuerySet[ExamPlan], name: str, value: str) -> QuerySet[ExamPlan]:
        value = value.strip()
        return queryset.filter(Q(title__contains=value) | Q(occupation__name__contains=value)) if value else queryset


class RegistrationFilterSet(django_filters.FilterSet):
    """Registrations by plan, status, level and source, and a name or an exact exam or ID number.

    ID numbers are matched through the blind index, never decrypted (R-X-3).
    """

    plan = IdFilter(label=_("认定计划ID"), field_name="plan_id")
    q = django_filters.CharFilter(label=_("姓名、准考证号或完整证件号码"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RegistrationStatus.choices, empty_label=ALL)
    level = django_filters.ChoiceFilter(label=_("等级"), choices=Level.choices, empty_label=ALL)
    source = django_filters.ChoiceFilter(label=_("报名方式"), choices=RegistrationSource.choices, empty_label=ALL)

    class Meta:
        model = Registration
        fields = ["plan", "q", "status", "level", "source"]

    def search(self, queryset: QuerySet[Registration], name: str, value: str) -> QuerySet[Registration]:
        value = value.strip()
        if not value:
            return queryset
        match = Q(name__contains=value) | Q(exam_number=value)
        with contextlib.suppress(ValueError):
            match |= Q(id_number_index=blind_index_for(Registration, "id_number", value))
        return queryset.filter(match)


class SessionFilterSet(django_filters.FilterSet):
    """Sessions by plan and exam day (local time), unconfirmed or set-aside staffing (R-EXAM-6)."""

    plan = IdFilter(label=_("认定计划ID"), field_name="plan_id")
    date = django_filters.DateFilter(label=_("考试日期"), method="filter_date")
    unstaffed = django_filters.BooleanFilter(
        label=_("只看人员配备未确认"), field_name="staffing_confirmation", lookup_expr="isnull", widget=BooleanWidget
    )
    set_aside = django_filters.BooleanFilter(label=_("只看确认已失效"), method="filter_set_aside", widget=BooleanWidget)

    class Meta:
        model = ExamSession
        fields = ["plan", "date", "unstaffed", "set_aside"]

    def filter_date(
        self, queryset: QuerySet[ExamSession], name: str, value: datetime.date | None
    ) -> QuerySet[ExamSession]:
        if value is None:
            return queryset
        start = timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
        return queryset.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))

    def filter_set_aside(self, queryset: QuerySet[ExamSession], name: str, value: bool | None) -> QuerySet[ExamSession]:
        if value is None:
            return queryset
        return queryset.filter(staffing_confirmation__set_aside_at__isnull=not value)
