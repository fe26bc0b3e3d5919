"""Workbench tiles of the certificates app, each a real count from the actor's own scope."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import Role
from skillcert.accounts.types import Actor
from skillcert.certificates import selectors
from skillcert.certificates.models import OFFICE_ROLES
from skillcert.portal.dashboard import Tile, register


@register
def certificate_tiles(actor: Actor) -> list[Tile]:
    if actor.has_role(Role.CANDIDATE) and not actor.is_superuser:
        mine = selectors.certificates_visible_to(actor).count()
        return [Tile(gettext("我的职业技能等级证书"), mine, reverse("certificates:mine"))]
    if not (actor.is_superuser or actor.role_codes & OFFICE_ROLES):
        return []
    level = actor.organisation.scope_level
    if level not in ("region", "league", "institution") and not actor.is_superuser:
        return []
    issued, overdue = _counts(actor)
    tiles = [
        Tile(gettext("已颁发证书"), issued, reverse("certificates:list")),
        Tile(
            gettext("逾期未上报证书"),
            overdue,
            reverse("certificates:exports") + "#overdue",
            gettext("公示期满后规定工作日内须上报全国数据库"),
        ),
    ]
    pending = selectors.pending_proposals_for(actor).count()
    if pending or actor.has_role(Role.MANAGER):
        tiles.append(Tile(gettext("待审批的证书状态变更"), pending, reverse("certificates:proposals")))
    return tiles


def _counts(actor: Actor) -> tuple[int, int]:
    """Issued and overdue certificates: from the rollup (a few thousand rows whatever the number of
    certificates, issue #16), which the certificate services keep current; live on a platform that
    never built it."""
    from skillcert.portal.models import CertificateTally
    from skillcert.portal.rollups import CERTIFICATES, as_of

    if as_of(CERTIFICATES) is None:
        return selectors.certificates_visible_to(actor).count(), selectors.overdue_exports(actor).count()
    rows = CertificateTally.objects.restrict(actor, "view")
    issued = rows.aggregate(n=Sum("certificates"))["n"] or 0
    overdue = rows.filter(
        exported=False, voided=False, publicity_ended_on__lt=selectors.overdue_from(timezone.localdate())
    ).aggregate(n=Sum("certificates"))["n"]
    return issued, overdue or 0
