"""Bounded numbers, years and dates for every filter and query parameter (R-X-4).

A database integer is 64-bit and a calendar year has four digits: anything outside those
bounds answers 400 naming the field, never a 500 from an overflowing query or date.
FilterSets use `IdFilter` and `YearFilter` instead of `django_filters.NumberFilter`;
views that read a parameter by hand use `year_param` and `id_param`; serializers use
`BoundedDateField` for a date that feeds date arithmetic and `BoundedIdField` for an id in a body.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext as _
from rest_framework import serializers

from skillcert.core.errors import DomainError

ID_MIN = 1
ID_MAX = 2**63 - 1
"""The largest value a 64-bit database integer (BigAutoField) holds."""
YEAR_MIN = 1900
YEAR_MAX = 2100
DATE_MIN = date(YEAR_MIN, 1, 1)
DATE_MAX = date(YEAR_MAX, 12, 31)


class IdField(forms.IntegerField):
    """A record id: a whole number that fits a database integer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class YearField(forms.IntegerField):
    """A calendar year between YEAR_MIN and YEAR_MAX."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter on a record id (`?plan=12`); a huge or non-integer value answers 400."""

    field_class = IdField


class YearFilter(django_filters.NumberFilter):
    """Filter on a calendar year (`?year=2026`); a year outside YEAR_MIN..YEAR_MAX answers 400."""

    field_class = YearField


def _whole_number(raw: str, field: str, label: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise DomainError(_("%(label)s：应为整数") % {"label": label}, field=field) from None


def year_param(
    raw: str | None, *, default: int | None = None, field: str = "year", label: str | None = None
) -> int | None:
    """A year read from a query parameter or form; blank gives `default`."""
    if raw is None or not raw.strip():
        return default
    label = label or _("年度")
    year = _whole_number(raw, field, label)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError(
            _("%(label)s：应在%(low)s年至%(high)s年之间") % {"label": label, "low": YEAR_MIN, "high": YEAR_MAX},
            field=field,
        )
    return year


def id_param(raw: str | None, *, field: str, label: str) -> int | None:
    """A record id read from a query parameter or form; blank gives None."""
    if raw is None or not raw.strip():
        return None
    value = _whole_number(raw, field, label)
    if not ID_MIN <= value <= ID_MAX:
        raise DomainError(_("%(label)s：不是有效的编号") % {"label": label}, field=field)
    return value


class BoundedDateField(serializers.DateField):
    """A date between DATE_MIN and DATE_MAX, so that computing years before or after it cannot underflow."""

    def to_internal_value(self, value: Any) -> date:
        parsed: date = super().to_internal_value(value)
        if not DATE_MIN <= parsed <= DATE_MAX:
            raise serializers.ValidationError(
                _("日期应在%(low)s至%(high)s之间") % {"low": DATE_MIN.isoformat(), "high": DATE_MAX.isoformat()},
                code="out_of_range",
            )
        return parsed


class BoundedIdField(serializers.IntegerField):
    """A record id in a request body: a whole number that fits a database integer (else 400, not 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)
