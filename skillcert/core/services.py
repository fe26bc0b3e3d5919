"""Writes owned by core: policy values and calendar overrides, each audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.models import CalendarDay, PolicyValue
from skillcert.core.policy import forget_policy, policy_choices, policy_defaults
from skillcert.core.scoping import require_unrestricted


def set_policy_value(*, actor: Any, key: str, value: Any, note: str = "") -> PolicyValue:
    """Override a default rule for the whole region (SPEC *(default)* values)."""
    require_unrestricted(actor, "change", PolicyValue)
    defaults = policy_defaults()
    if key not in defaults:
        raise DomainError(f"规则参数“{key}”不存在", field="key", code="unknown_policy")
    expected = type(defaults[key])
    if expected in (int, float) and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise DomainError(f"规则参数“{key}”必须是数字", field="value", code="type")
    if expected in (int, float) and value < 0:
        raise DomainError(f"规则参数“{key}”不能为负数", field="value", code="min_value")
    if expected is str:
        if not isinstance(value, str) or not value.strip():
            raise DomainError(f"规则参数“{key}”必须是非空文本", field="value", code="type")
        choices = policy_choices(key)
        if choices is not None and value not in choices:
            raise DomainError(f"规则参数“{key}”只能取以下值之一：{'、'.join(choices)}", field="value", code="choice")
    with transaction.atomic():
        row = PolicyValue.objects.filter(key=key).first()
        before = snapshot(row) if row else {"value": defaults[key]}
        row, _ = PolicyValue.objects.update_or_create(key=key, defaults={"value": value, "note": note})
        record_event(actor=actor, action="policy.set", obj=row, before=before, after=snapshot(row))
        forget_policy(key)
        # Forget again after commit, in case another request re-cached the old value meanwhile.
        transaction.on_commit(lambda: forget_policy(key))
    return row


def set_calendar_day(*, actor: Any, day: date, is_working_day: bool, name: str = "") -> CalendarDay:
    """Record an official holiday or adjusted working day (R-EXAM-10)."""
    require_unrestricted(actor, "change", CalendarDay)
    if len(name) > 50:
        raise DomainError("名称不能超过50个字", field="name", code="max_length")
    with transaction.atomic():
        row = CalendarDay.objects.filter(date=day).first()
        before = snapshot(row) if row else None
        row, _ = CalendarDay.objects.update_or_create(
            date=day, defaults={"is_working_day": is_working_day, "name": name}
        )
        record_event(actor=actor, action="calendar.set", obj=row, before=before, after=snapshot(row))
    return row


def remove_calendar_day(*, actor: Any, day: date) -> None:
    """Drop an override so the official calendar applies again (R-EXAM-10)."""
    require_unrestricted(actor, "change", CalendarDay)
    with transaction.atomic():
        row = CalendarDay.objects.filter(date=day).first()
        if row is None:
            raise DomainError(f"{day} 没有节假日调整记录", field="date", code="not_found")
        before = snapshot(row)
        record_event(actor=actor, action="calendar.remove", obj=row, before=before)
        row.delete()


def reveal_personal_data(*, actor: Any, obj: Any, field: str, reason: str = "") -> str:
    """Show one encrypted value in clear to someone allowed to; every reveal is audited (R-X-3).

    The model's scope policy must grant the actor the "reveal" action on the row; anyone
    else gets the same answer as for a missing record.
    """
    from skillcert.core.scoping import require_row

    require_row(actor, "reveal", obj)
    value = getattr(obj, field)
    with transaction.atomic():
        record_event(
            actor=actor,
            action="pii.reveal",
            obj=obj,
            after={"field": field, "reason": reason[:200]},
        )
    return "" if value is None else str(value)
