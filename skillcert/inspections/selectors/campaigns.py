"""Reads of campaigns and inspections, and the public re-run of a draw (R-SUP-4, R-PUB-1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from skillcert.accounts.models import User
from skillcert.core.scoping import is_authenticated
from skillcert.inspections import draw
from skillcert.inspections.choices import CampaignStatus
from skillcert.inspections.models import Campaign, Inspection


def campaigns_visible_to(actor: User) -> QuerySet[Campaign]:
    return (
        Campaign.objects.restrict(actor, "view").select_related("organiser", "jurisdiction").prefetch_related("leagues")
    )


def inspections_visible_to(actor: User) -> QuerySet[Inspection]:
    """Inspections in the actor's scope, and those the actor was drawn to carry out."""
    qs = Inspection.objects.select_related("campaign__organiser", "institution__organisation", "stratum")
    if not is_authenticated(actor):
        return qs.none()
    scoped = Inspection.objects.restrict(actor, "view").values("pk")
    return qs.filter(Q(pk__in=scoped) | Q(inspectors__person__user_id=actor.pk)).distinct()


def public_campaigns() -> QuerySet[Campaign]:
    """Campaigns whose pool is published: the public sees them from then on (R-SUP-4, R-PUB-1)."""
    return (
        Campaign.objects.exclude(status=CampaignStatus.DRAFT)
        .select_related("organiser", "jurisdiction")
        .prefetch_related("leagues", "versions")
        .order_by("-pool_published_at", "-id")
    )


@dataclass
class Verification:
    """What the public page shows after re-running the draw from the published seed."""

    seed_matches: bool | None
    institutions_match: bool | None
    replayed: list[dict[str, Any]] = field(default_factory=list)
    inspectors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.seed_matches and self.institutions_match and all(i["matches"] for i in self.inspectors))


def verify_campaign(campaign: Campaign) -> Verification:
    """Re-run the documented algorithm from the published pool, seed and eligible lists."""
    if not campaign.seed:
        return Verification(None, None)
    seed_ok = draw.commitment(campaign.seed) == campaign.seed_commitment
    replayed = draw.draw_institutions(campaign.pool, campaign.sampling_percent, campaign.seed)
    recorded = [e["credit_code"] for e in campaign.sample]
    inspectors = []
    for inspection in campaign.inspections.select_related("institution").order_by("draw_order"):
        record = inspection.inspector_draw or {}
        again = draw.pick_inspectors(
            record.get("eligible", []),
            campaign.inspectors_per_inspection,
            campaign.seed,
            inspection.institution.credit_code,
        )
        inspectors.append(
            {
                "institution": inspection.institution.filed_name,
                "selected": record.get("selected", []),
                "replayed": again,
                "matches": again == record.get("selected", []),
            }
        )
    return Verification(seed_ok, [e["credit_code"] for e in replayed] == recorded, replayed, inspectors)
