"""Reads of the inspections app, scoped to the actor (R-ORG-2)."""

from skillcert.inspections.selectors.campaigns import (
    campaigns_visible_to,
    inspections_visible_to,
    public_campaigns,
    verify_campaign,
)
from skillcert.inspections.selectors.quality import (
    internal_assignments_of,
    internal_records_visible_to,
    orders_visible_to,
    reports_visible_to,
    supervision_assignments_of,
)

__all__ = [
    "campaigns_visible_to",
    "inspections_visible_to",
    "internal_assignments_of",
    "internal_records_visible_to",
    "orders_visible_to",
    "public_campaigns",
    "reports_visible_to",
    "supervision_assignments_of",
    "verify_campaign",
]
