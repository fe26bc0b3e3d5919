"""Input checks and bookkeeping shared by the personnel services.

Text and model validation come from `skillcert.core.validation` (one wording everywhere, R-X-4);
what is here is particular to people: roles, dates that cannot lie ahead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.types import Acting
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.personnel.choices import Event, StaffRole

__all__ = [
    "MAX_TEXT",
    "audit",
    "check_role",
    "date_not_future",
    "recheck_sessions",
    "role_label",
    "today",
]

MAX_TEXT = 200
"""Length of the short text fields (notes, reasons, names of outside employers)."""


def today() -> date:
    return timezone.localdate()


def role_label(role: str) -> str:
    return str(StaffRole(role).label)


def check_role(role: str) -> str:
    if role not in StaffRole.values:
        raise DomainError(
            gettext("人员类别：“%(role)s”不是有效的人员类别") % {"role": role}, field="role", code="invalid_role"
        )
    return role


def date_not_future(value: date | None, *, field: str, label: str) -> date:
    if value is None:
        raise DomainError(gettext("%(label)s：不能为空") % {"label": label}, field=field, code="required")
    if value > today():
        raise DomainError(
            gettext("%(label)s：%(value)s 晚于今天") % {"label": label, "value": value}, field=field, code="future_date"
        )
    return value


def audit(actor: Acting, action: Event, obj: models.Model, before: dict[str, Any] | None, **extra: Any) -> None:
    after = snapshot(obj)
    after.update(extra)
    record_event(actor=actor, action=action, obj=obj, before=before, after=after)


def recheck_sessions(person_id: int, trigger: str) -> None:
    """Exam sessions whose confirmed staffing includes this person are checked again; one the change
    breaks is set aside with the reasons (R-EXAM-6)."""
    from skillcert.exams.services.staffing_checks import recheck_person

    recheck_person(person_id=person_id, trigger=trigger)
