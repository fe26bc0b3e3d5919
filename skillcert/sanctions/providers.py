"""Workbench tiles of the sanctions app: follow-ups overdue and decisions awaiting a second person (R-SUP-6, R-X-5)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor
from skillcert.portal.dashboard import Tile, register
from skillcert.sanctions import selectors, services
from skillcert.sanctions.choices import Status


@register
def sanction_tiles(actor: Actor) -> list[Tile]:
    if not services.may_sanction(actor):
        return []
    rows = selectors.sanctions_visible_to(actor)
    url = reverse("sanctions:list")
    missed = selectors.missed_follow_ups().filter(pk__in=rows.values("pk")).count()
    pending = selectors.pending_proposals_for(actor).count()
    return [
        Tile(
            _("待决定的处理建议"),
            pending,
            f"{reverse('sanctions:proposals')}?status=pending",
            _("双随机检查提出、送本级决定的处理建议"),
        ),
        Tile(_("复查逾期的限期整改"), missed, url, _("整改期限已过、尚未记录复查结果")),
        Tile(_("待复核的处理决定"), rows.filter(status=Status.DECIDED).count(), f"{url}?status={Status.DECIDED}"),
    ]
