"""Workbench tiles of the complaints app: matters waiting in the actor's jurisdiction (R-SUP-5, R-X-5)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor
from skillcert.complaints import selectors, services
from skillcert.complaints.choices import Status
from skillcert.portal.dashboard import Tile, register


@register
def complaint_tiles(actor: Actor) -> list[Tile]:
    if not services.may_handle(actor):
        return []
    rows = selectors.complaints_visible_to(actor)
    url = reverse("complaints:inbox")
    return [
        Tile(_("待受理投诉举报"), rows.filter(status=Status.RECEIVED).count(), f"{url}?status={Status.RECEIVED}"),
        Tile(
            _("逾期投诉举报"),
            rows.filter(selectors.overdue_q()).count(),
            url,
            _("受理15日、办结60日（可延长一次）的期限已过"),
        ),
    ]
