"""Writes owned by core: policy values and calendar overrides, each audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.core.audit import record_event, snapshot
from skillcert.core.choices import CoreAction
from skillcert.core.errors import DomainError
from skillcert.core.models import CalendarDay, PolicySource, PolicyValue
from skillcert.core.policy import forget_policy, policy_choices, policy_defaults, value_in_force
from skillcert.core.scoping import require_unrestricted

if TYPE_CHECKING:
    from skillcert.accounts.types import Acting


def set_policy_value(
    *,
    actor: Acting,
    key: str,
    value: Any,
    note: str = "",
    effective_from: date | None = None,
    source: PolicySource | str | None = None,
    article: str = "",
    is_correction: bool = False,
) -> PolicyValue:
    """Set the value of a default rule for the whole region from a date, naming its source (R-X-8).

    Without a date the value takes effect on the source's effective date, or today when no
    source is named. A date in the past changes what was in force then, so it is accepted only
    as a correction of a mistaken entry; a future date schedules the value while the old one
    stays in force until that day.
    """
    require_unrestricted(actor, "change", PolicyValue)
    defaults = policy_defaults()
    if key not in defaults:
        raise DomainError(_("规则参数“%(key)s”不存在") % {"key": key}, field="key", code="unknown_policy")
    value = _checked_policy_value(key, defaults[key], value)
    if isinstance(source, str):
        found = PolicySource.objects.filter(code=source).first() if source else None
        if source and found is None:
            raise DomainError(_("依据文件：“%(code)s”不在规则依据文件登记中") % {"code": source}, field="source")
        source = found
    article = article.strip()
    if len(article) > 100:
        raise DomainError(_("条款：不能超过100个字"), field="article", code="max_length")
    if len(note) > 200:
        raise DomainError(_("说明：不能超过200个字"), field="note", code="max_length")
    if article and source is None:
        raise DomainError(_("条款：填写条款时须选择依据文件"), field="source", code="required")
    today = timezone.localdate()
    if effective_from is None:
        effective_from = source.effective_on if source is not None else today
    if effective_from < today and not is_correction:
        raise DomainError(
            _("生效日期：%(day)s 早于今天；改变过去已生效的值只能作为“更正录入错误”提交") % {"day": effective_from},
            field="effective_from",
            code="past",
        )
    with transaction.atomic():
        row = PolicyValue.objects.select_for_update().filter(key=key, effective_from=effective_from).first()
        in_force = value_in_force(key, effective_from)
        before = snapshot(row) if row else {"value": in_force.value if in_force else defaults[key]}
        fields = {
            "value": value,
            "note": note,
            "source": source,
            "article": article,
            "is_correction": is_correction,
            "created_by_id": getattr(actor, "pk", None),
        }
        if row is None:
            row = PolicyValue.objects.create(key=key, effective_from=effective_from, **fields)
        else:
            for name, field_value in fields.items():
                setattr(row, name, field_value)
            row.save()
        record_event(actor=actor, action=CoreAction.POLICY_SET, obj=row, before=before, after=snapshot(row))
        forget_policy(key)
        # Forget again after commit, in case another request re-cached the old value meanwhile.
        transaction.on_commit(lambda: forget_policy(key))
    return row


def _checked_policy_value(key: str, default: Any, value: Any) -> Any:
    expected = type(default)
    if expected is bool:
        if not isinstance(value, bool):
            raise DomainError(_("规则参数“%(key)s”只能取“是”或“否”") % {"key": key}, field="value", code="type")
        return value
    if expected in (int, float) and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise DomainError(_("规则参数“%(key)s”必须是数字") % {"key": key}, field="value", code="type")
    if expected in (int, float) and value < 0:
        raise DomainError(_("规则参数“%(key)s”不能为负数") % {"key": key}, field="value", code="min_value")
    if expected is str:
        if not isinstance(value, str) or not value.strip():
            raise DomainError(_("规则参数“%(key)s”必须是非空文本") % {"key": key}, field="value", code="type")
        choices = policy_choices(key)
        if choices is not None and value not in choices:
            raise DomainError(
                _("规则参数“%(key)s”只能取以下值之一：%(choices)s") % {"key": key, "choices": "、".join(choices)},
                field="value",
                code="choice",
            )
    return value


def register_policy_source(
    *,
    actor: Acting,
    code: str,
    title: str,
    effective_on: date,
    number: str = "",
    issuer: str = "",
    url: str = "",
    note: str = "",
) -> PolicySource:
    """Add a document to the register of texts the rules rest on (R-X-8)."""
    require_unrestricted(actor, "change", PolicySource)
    source = PolicySource(
        code=code.strip(),
        title=title.strip(),
        effective_on=effective_on,
        number=number.strip(),
        issuer=issuer.strip(),
        url=url.strip(),
        note=note.strip(),
    )
    with transaction.atomic():
        try:
            source.full_clean()
        except ValidationError as exc:
            raise DomainError.from_validation_error(exc) from exc
        source.save(force_insert=True)
        record_event(actor=actor, action=CoreAction.POLICY_SOURCE_REGISTERED, obj=source, after=snapshot(source))
    return source


def set_calendar_day(*, actor: Acting, day: date, is_working_day: bool, name: str = "") -> CalendarDay:
    """Record an official holiday or adjusted working day (R-EXAM-10)."""
    require_unrestricted(actor, "change", CalendarDay)
    if len(name) > 50:
        raise DomainError(gettext("名称不能超过50个字"), field="name", code="max_length")
    with transaction.atomic():
        row = CalendarDay.objects.filter(date=day).first()
        before = snapshot(row) if row else None
        row, _ = CalendarDay.objects.update_or_create(
            date=day, defaults={"is_working_day": is_working_day, "name": name}
        )
        record_event(actor=actor, action=CoreAction.CALENDAR_SET, obj=row, before=before, after=snapshot(row))
    return row


def remove_calendar_day(*, actor: Acting, day: date) -> None:
    """Drop an override so the official calendar applies again (R-EXAM-10)."""
    require_unrestricted(actor, "change", CalendarDay)
    with transaction.atomic():
        row = CalendarDay.objects.filter(date=day).first()
        if row is None:
            raise DomainError(gettext("%(day)s 没有节假日调整记录") % {"day": day}, field="date", code="not_found")
        before = snapshot(row)
        record_event(actor=actor, action=CoreAction.CALENDAR_REMOVE, obj=row, before=before)
        row.delete()


def reveal_personal_data(*, actor: Acting, obj: Any, field: str, reason: str = "") -> str:
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
            action=CoreAction.PII_REVEAL,
            obj=obj,
            after={"field": field, "reason": reason[:200]},
        )
    return "" if value is None else str(value)
