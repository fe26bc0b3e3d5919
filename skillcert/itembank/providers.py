"""Workbench tile of the item bank: an examiner's skills tasks still to mark and sign (R-EXAM-11)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.accounts.choices import Role
from skillcert.accounts.types import Actor
from skillcert.itembank.selectors import skills_marking_rows
from skillcert.portal.dashboard import Tile, register


@register
def skills_marking_tiles(actor: Actor) -> list[Tile]:
    if not actor.has_role(Role.EXAMINER, Role.EXPERT):
        return []
    rows = skills_marking_rows(actor)
    if not rows:
        return []
    to_sign = sum(1 for r in rows if r["sheet"] is None or r["sheet"].signed_at is None)
    return [
        Tile(
            _("待评分的技能操作任务"),
            to_sign,
            reverse("itembank:skills_list"),
            _("按试卷评分细则逐步评分，勾选否决项，签名确认"),
        )
    ]
