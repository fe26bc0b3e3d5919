"""Permission checks and small helpers shared by the item-bank services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.scoping import actor_may, require_row
from skillcert.itembank.models import Bank


def require_bank_staff(actor: User | None, bank: Bank, action: str) -> None:
    """The actor works for the bank's institution in a role allowed `action`; others see no bank (R-ORG-2)."""
    if actor is None:
        return
    require_row(actor, "view", bank)
    if actor.is_superuser:
        return
    if actor.organisation_id != bank.institution.organisation_id:
        raise PermissionDenied(_("只有题库所属评价机构的人员可以办理此事项"))
    if not actor_may(actor, action, Bank.scope_policy):
        raise PermissionDenied(_("您的角色不能办理此事项"))


def audit(actor: User | None, action: str, obj: models.Model | None, **kw: Any) -> None:
    record_event(actor=actor, action=action, obj=obj, **kw)


def required_text(value: Any, *, field: str, label: str, max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(_("请填写%(label)s") % {"label": label}, field=field, code="required")
    if max_length and len(text) > max_length:
        raise DomainError(
            _("%(label)s不能超过%(n)s个字") % {"label": label, "n": max_length}, field=field, code="too_long"
        )
    return text


def now() -> Any:
    return timezone.now()
