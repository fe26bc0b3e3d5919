"""Filters shared by the personnel pages and the API (R-PER-1, R-SUP-7)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.catalog.choices import Level
from skillcert.core.bounds import IdFilter, YearFilter
from skillcert.core.fields import blind_index_for
from skillcert.core.policy import get_policy
from skillcert.personnel.choices import (
    AppointmentStatus,
    SanctionKind,
    StaffGroup,
    StaffRole,
    ViolationStatus,
)
from skillcert.personnel.eligibility import blocking_sanctions
from skillcert.personnel.models import (
    Appointment,
    Assignment,
    Person,
    Qualification,
    StaffDraw,
    StaffViolation,
    WorkforceTarget,
)

CARD_STATES = [
    ("valid", gettext_lazy("证卡有效")),
    ("expiring", gettext_lazy("即将到期")),
    ("expired", gettext_lazy("已过期")),
]
ALL = gettext_lazy("全部")


def _yes_no(label: StrOrPromise, yes: StrOrPromise, no: StrOrPromise, **kwargs: Any) -> django_filters.ChoiceFilter:
    """A true/false filter that reads well on a page ("全部/在册/不在册") and takes true/false in the API."""
    return django_filters.ChoiceFilter(label=label, choices=[("true", yes), ("false", no)], empty_label=ALL, **kwargs)


def _employers(request: Any) -> Any:
    from skillcert.personnel.selectors import employer_choices

    return employer_choices(getattr(request, "user", None)) if request is not None else Organisation.objects.none()


def _jurisdiction_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=gettext("工作所在地"),
        field_name=field_name,
        queryset=Jurisdiction.objects.all(),
        to_field_name="code",
        empty_label=gettext("全部盟市"),
    )


def _card_q(state: str, prefix: str = "") -> Q:
    today = timezone.localdate()
    active = Q(**{f"{prefix}status": AppointmentStatus.ACTIVE})
    if state == "valid":
        return active & Q(**{f"{prefix}card_valid_until__gte": today})
    if state == "expiring":
        days = int(get_policy("personnel.card_expiry_warning_days"))
        return active & Q(
            **{f"{prefix}card_valid_until__gte": today, f"{prefix}card_valid_until__lte": today + timedelta(days=days)}
        )
    return active & (Q(**{f"{prefix}card_valid_until__lt": today}) | Q(**{f"{prefix}card_valid_until__isnull": True}))


class PersonFilterSet(django_filters.FilterSet):
    """The people register: by name or card, ID number (exact, through the blind index), role, card state..."""

    q = django_filters.CharFilter(label=gettext_lazy("姓名/证卡编号"), method="search")
    id_number = django_filters.CharFilter(label=gettext_lazy("身份证号码"), method="filter_id_number")
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("人员类别"), choices=StaffRole.choices, method="filter_role", empty_label=ALL
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("资格状态"), choices=AppointmentStatus.choices, method="filter_status", empty_label=ALL
    )
    card = django_filters.ChoiceFilter(
        label=gettext_lazy("证卡"), choices=CARD_STATES, method="filter_card", empty_label=ALL
    )
    jurisdiction = _jurisdiction_filter("jurisdiction")
    employer = django_filters.ModelChoiceFilter(label=gettext_lazy("工作单位"), queryset=_employers, empty_label=ALL)
    occupation = django_filters.CharFilter(label=gettext_lazy("职业编码/名称"), method="filter_occupation")
    is_active = _yes_no(gettext_lazy("在册"), gettext_lazy("在册"), gettext_lazy("不在册"), method="filter_active")

    class Meta:
        model = Person
        fields = ["q", "id_number", "role", "status", "card", "jurisdiction", "employer", "occupation", "is_active"]

    def filter_active(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(is_active=value == "true")

    def _with_appointments(self, queryset: QuerySet[Person], q: Q) -> QuerySet[Person]:
        return queryset.filter(pk__in=Appointment.objects.filter(q).values("person_id"))

    def _roles_q(self) -> Q:
        role = self.form.cleaned_data.get("role") if hasattr(self.form, "cleaned_data") else None
        return Q(role=role) if role else Q()

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        value = value.strip()
        if not value:
            return queryset
        by_card = Appointment.objects.filter(card_number__icontains=value).values("person_id")
        return queryset.filter(Q(name__icontains=value) | Q(pk__in=by_card) | Q(employer_name__icontains=value))

    def filter_id_number(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        try:
            return queryset.filter(id_number_index=blind_index_for(Person, "id_number", value))
        except ValueError:
            return queryset

    def filter_role(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return self._with_appointments(queryset, Q(role=value))

    def filter_status(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return self._with_appointments(queryset, Q(status=value) & self._roles_q())

    def filter_card(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return self._with_appointments(queryset, _card_q(value) & self._roles_q())

    def filter_occupation(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        value = value.strip()
        if not value:
            return queryset
        quals = Qualification.objects.filter(is_active=True).filter(
            Q(occupation__code=value) | Q(occupation__name__icontains=value)
        )
        return queryset.filter(pk__in=quals.values("person_id"))


class AppointmentFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=AppointmentStatus.choices)
    card = django_filters.ChoiceFilter(label=gettext_lazy("证卡"), choices=CARD_STATES, method="filter_card")
    person = IdFilter(label=gettext_lazy("人员ID"), field_name="person_id")
    jurisdiction = _jurisdiction_filter("person__jurisdiction")

    class Meta:
        model = Appointment
        fields = ["role", "status", "card", "person", "jurisdiction"]

    def filter_card(self, queryset: QuerySet[Appointment], name: str, value: str) -> QuerySet[Appointment]:
        return queryset.filter(_card_q(value))


class QualificationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("姓名"), field_name="person__name", lookup_expr="icontains")
    occupation = django_filters.CharFilter(label=gettext_lazy("职业编码/名称"), method="filter_occupation")
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("最高等级"), choices=Level.choices, empty_label=gettext_lazy("全部等级")
    )
    covers = django_filters.ChoiceFilter(
        label=gettext_lazy("可承担等级"),
        choices=Level.choices,
        method="filter_covers",
        empty_label=gettext_lazy("不限"),
    )
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("人员类别"), choices=StaffRole.choices, method="filter_role", empty_label=ALL
    )
    jurisdiction = _jurisdiction_filter("person__jurisdiction")
    person = IdFilter(label=gettext_lazy("人员ID"), field_name="person_id")
    is_active = _yes_no(gettext_lazy("状态"), gettext_lazy("有效"), gettext_lazy("已撤销"), method="filter_active")

    class Meta:
        model = Qualification
        fields = ["q", "occupation", "level", "covers", "role", "jurisdiction", "person", "is_active"]

    def filter_occupation(self, queryset: QuerySet[Qualification], name: str, value: str) -> QuerySet[Qualification]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(occupation__code=value) | Q(occupation__name__icontains=value))

    def filter_active(self, queryset: QuerySet[Qualification], name: str, value: str) -> QuerySet[Qualification]:
        return queryset.filter(is_active=value == "true")

    def filter_covers(self, queryset: QuerySet[Qualification], name: str, value: str) -> QuerySet[Qualification]:
        return queryset.filter(level__lte=int(value))

    def filter_role(self, queryset: QuerySet[Qualification], name: str, value: str) -> QuerySet[Qualification]:
        held = Appointment.objects.filter(role=value, status=AppointmentStatus.ACTIVE).values("person_id")
        return queryset.filter(person_id__in=held)


class ViolationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("姓名"), field_name="person__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("处理状态"), choices=ViolationStatus.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("处分"), choices=SanctionKind.choices, method="filter_kind", empty_label=ALL
    )
    in_force = _yes_no(
        gettext_lazy("处分期内"), gettext_lazy("处分期内"), gettext_lazy("不在处分期内"), method="filter_in_force"
    )
    referred = _yes_no(gettext_lazy("移交"), gettext_lazy("已移交"), gettext_lazy("未移交"), method="filter_referred")
    jurisdiction = _jurisdiction_filter("person__jurisdiction")
    person = IdFilter(label=gettext_lazy("人员ID"), field_name="person_id")

    class Meta:
        model = StaffViolation
        fields = ["q", "status", "kind", "in_force", "referred", "jurisdiction", "person"]

    def filter_kind(self, queryset: QuerySet[StaffViolation], name: str, value: str) -> QuerySet[StaffViolation]:
        return queryset.filter(pk__in=StaffViolation.objects.filter(sanctions__kind=value).values("pk"))

    def filter_in_force(self, queryset: QuerySet[StaffViolation], name: str, value: str) -> QuerySet[StaffViolation]:
        ids = blocking_sanctions().values("violation_id")
        return queryset.filter(pk__in=ids) if value == "true" else queryset.exclude(pk__in=ids)

    def filter_referred(self, queryset: QuerySet[StaffViolation], name: str, value: str) -> QuerySet[StaffViolation]:
        return queryset.filter(referred_on__isnull=value != "true")


class DrawFilterSet(django_filters.FilterSet):
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    role = django_filters.ChoiceFilter(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    on_after = django_filters.DateFilter(label=gettext_lazy("日期从"), field_name="on", lookup_expr="gte")
    on_before = django_filters.DateFilter(label=gettext_lazy("日期至"), field_name="on", lookup_expr="lte")

    class Meta:
        model = StaffDraw
        fields = ["institution", "role", "on_after", "on_before"]


class AssignmentFilterSet(django_filters.FilterSet):
    person = IdFilter(label=gettext_lazy("人员ID"), field_name="person_id")
    institution = IdFilter(label=gettext_lazy("机构ID"), field_name="institution_id")
    role = django_filters.ChoiceFilter(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    on_after = django_filters.DateFilter(label=gettext_lazy("日期从"), field_name="on", lookup_expr="gte")
    on_before = django_filters.DateFilter(label=gettext_lazy("日期至"), field_name="on", lookup_expr="lte")

    class Meta:
        model = Assignment
        fields = ["person", "institution", "role", "on_after", "on_before"]


class TargetFilterSet(django_filters.FilterSet):
    year = YearFilter(label=gettext_lazy("年度"))
    jurisdiction = _jurisdiction_filter("jurisdiction")
    group = django_filters.ChoiceFilter(label=gettext_lazy("人员类别"), choices=StaffGroup.choices)

    class Meta:
        model = WorkforceTarget
        fields = ["year", "jurisdiction", "group"]
