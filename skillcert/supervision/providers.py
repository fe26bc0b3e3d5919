"""Workbench tiles of the supervision app: live alerts in the actor's scope (R-SUP-2, R-X-5)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor
from skillcert.portal.dashboard import Tile, register
from skillcert.supervision.choices import LIVE_STATUSES, AlertStatus, Severity
from skillcert.supervision.models import VIEW_ROLES, Alert


@register
def alert_tiles(actor: Actor) -> list[Tile]:
    if not (actor.is_superuser or actor.role_codes & VIEW_ROLES):
        return []
    alerts = Alert.objects.restrict(actor, "view")
    url = reverse("supervision:inbox")
    open_count = alerts.filter(status=AlertStatus.OPEN).count()
    serious = alerts.filter(status__in=LIVE_STATUSES, severity=Severity.HIGH).count()
    return [
        Tile(_("待处理预警"), open_count, f"{url}?status=open"),
        Tile(_("严重预警（未解除）"), serious, f"{url}?status=live&severity=high"),
    ]
