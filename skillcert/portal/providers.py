"""Workbench tiles for organisations, accounts and the audit log, from the actor's scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.selectors import organisations_visible_to, users_visible_to
from skillcert.accounts.types import Actor
from skillcert.core.selectors import audit_events_visible_to
from skillcert.portal.dashboard import Tile, register


@register
def organisation_tiles(actor: Actor) -> list[Tile]:
    if not (actor.is_superuser or actor.has_role(Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR)):
        return []
    if actor.organisation.scope_level not in ("region", "league") and not actor.is_superuser:
        return []
    qs = organisations_visible_to(actor)
    if actor.organisation.scope_level == "league":
        # Authority organisations are public; the league's own tile counts its jurisdiction.
        qs = qs.filter(jurisdiction_id=actor.organisation.jurisdiction_id)
    url = reverse("accounts:organisations")
    return [
        Tile(gettext("辖区内评价机构"), qs.filter(kind=OrgKind.INSTITUTION).count(), f"{url}?kind=institution"),
        Tile(
            gettext("人社部门与服务中心"), qs.exclude(kind__in=[OrgKind.INSTITUTION, OrgKind.INDIVIDUAL]).count(), url
        ),
    ]


@register
def account_tiles(actor: Actor) -> list[Tile]:
    users = users_visible_to(actor)
    if not users.exists():
        return []
    return [Tile(gettext("可管理账号"), users.count(), reverse("accounts:users"))]


@register
def audit_tiles(actor: Actor) -> list[Tile]:
    events = audit_events_visible_to(actor)
    if not (actor.is_superuser or actor.has_role(Role.ADMIN, Role.AUDITOR, Role.MANAGER)):
        return [Tile(gettext("我的操作记录（今日）"), _today(audit_events_visible_to_self(actor)).count())]
    url = reverse("portal:audit_log") if actor.organisation.scope_level in ("region", "league") else ""
    return [Tile(gettext("今日审计事件"), _today(events).count(), url, gettext("本机构权限范围内"))]


def audit_events_visible_to_self(actor: Actor) -> Any:
    from skillcert.core.models import AuditEvent

    return AuditEvent.objects.filter(actor_id=actor.pk)


def _today(qs: Any) -> Any:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return qs.filter(occurred_at__gte=start)
