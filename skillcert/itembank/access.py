"""Who may write to a bank: the permission check the item-bank services share (R-ORG-2, R-BANK-1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.accounts.types import Actor
from skillcert.core.scoping import actor_may, require_row
from skillcert.itembank.models import Bank

if TYPE_CHECKING:
    from skillcert.exams.models import Seat


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


# --- skills tasks marked by their rubric (predicates driving the marking page's buttons) ----------


def may_mark_skills(actor: Actor, seat: Seat) -> bool:
    """The seat's session is examined with a skills paper and the actor is one of its examiners (exams staffing)."""
    from skillcert.exams.selectors.sheets import assignment
    from skillcert.itembank.models import SkillsSession

    return (
        SkillsSession.objects.filter(exam_session_id=seat.session_id).exists()
        and assignment(actor, seat.session) is not None
    )


def _open_for_marking(view: Any) -> bool:
    from skillcert.exams.services.sheets import SCORING_STATUSES

    cs = view.component_score
    if cs is not None and (cs.locked or cs.voided or cs.absent):
        return False
    return view.seat.session.plan.status in SCORING_STATUSES


def may_sign_skills(view: Any) -> bool:
    """The examiner's own sheet is not yet signed and the scores are still open (save and sign buttons)."""
    mine = view.mine
    return (mine is None or mine.signed_at is None) and _open_for_marking(view)


def may_change_skills(view: Any) -> bool:
    """The examiner signed their sheet and the scores are not yet confirmed (the change-with-reason form)."""
    mine = view.mine
    return mine is not None and mine.signed_at is not None and _open_for_marking(view)
