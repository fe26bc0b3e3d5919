"""Who may write to a bank: the permission check the item-bank services share (R-ORG-2, R-BANK-1)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
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
