"""Helpers shared by the session, staffing, conduct, scoring and publicity services.

Permission checks and input cleaning come from `_common` (the plans/registration services');
here they only gain the system actor (`actor=None`: demo data, the nightly task, the item
bank returning computer-based exam scores).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from skillcert.core.audit import record_event
from skillcert.exams.models import ExamPlan
from skillcert.exams.services._common import clean_model, require_plan_staff, text

__all__ = [
    "audit",
    "clean",
    "is_system",
    "now",
    "require_authority_staff",
    "require_institution_staff",
    "text",
    "user_or_none",
]


def is_system(actor: Any) -> bool:
    return actor is None or bool(getattr(actor, "is_superuser", False))


def user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def require_institution_staff(actor: Any, plan: ExamPlan, action: str = "change") -> None:
    """The plan's institution runs it: its manager or clerk (R-ORG-2); others get a 404 or 403."""
    if actor is None:
        return
    require_plan_staff(actor, plan, action)


def require_authority_staff(actor: Any, plan: ExamPlan) -> None:
    """A regulator over the plan's league — bureau, centre or region — in an office role (R-EXAM-6).

    Dispatching external supervisors is the authorities' (R-PER-3); `draw_staff` checks again.
    """
    if actor is None:
        return
    from django.core.exceptions import PermissionDenied

    from skillcert.core.scoping import require_row

    require_row(actor, "view", plan)
    if getattr(actor, "is_superuser", False):
        return
    org = getattr(actor, "organisation", None)
    if org is None or not org.is_authority or not actor.has_role("manager", "clerk"):
        raise PermissionDenied("外部质量督导员由人社部门或就业服务中心的负责人、经办人抽取")


def clean(obj: models.Model) -> None:
    clean_model(obj)


def audit(
    actor: Any, action: str, obj: models.Model | None, *, before: Any = None, after: Any = None, **kw: Any
) -> None:
    record_event(actor=actor, action=action, obj=obj, before=before, after=after, **kw)


def now() -> Any:
    return timezone.now()
