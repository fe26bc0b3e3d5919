"""Figures for the public home page."""

from __future__ import annotations

from django.db.models import Count

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Jurisdiction, Organisation


def public_overview() -> dict[str, int]:
    orgs = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {
        "leagues": Jurisdiction.objects.filter(level="league").count(),
        "authorities": sum(
            orgs.get(k, 0)
            for k in (OrgKind.REGION_DEPT, OrgKind.REGION_CENTER, OrgKind.LEAGUE_BUREAU, OrgKind.LEAGUE_CENTER)
        ),
        "institutions": orgs.get(OrgKind.INSTITUTION, 0),
    }
