"""Which authority handles what for an institution (R-INS-2, R-INS-4; configurable through the policy table).

Filing: the region centre for region-scope institutions and the league bureau for league-scope
ones, by default; the region administrator may change either (policy keys
`institutions.filing_authority.region` / `.league`). Branch 报备: always the bureau of the league
(seed §3(五)). Integrity commitment: the local bureau, or the region filing authority for
institutions whose jurisdiction is the region.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

from skillcert.accounts.choices import JurisdictionLevel, OrgKind
from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.core.policy import get_policy
from skillcert.institutions.models import Institution

REGION_CHOICES = (OrgKind.REGION_CENTER, OrgKind.REGION_DEPT)
LEAGUE_CHOICES = (OrgKind.LEAGUE_BUREAU, OrgKind.LEAGUE_CENTER, OrgKind.REGION_CENTER, OrgKind.REGION_DEPT)
COMMITMENT_TEMPLATE_AUTHORITY = OrgKind.REGION_DEPT
"""Whose commitment text applies where the local bureau has not published one of its own."""


def _authority_org(kind: str, league: Jurisdiction | None) -> Organisation:
    if kind in (OrgKind.REGION_CENTER, OrgKind.REGION_DEPT):
        return Organisation.objects.get(code=kind)
    assert league is not None
    prefix = "bureau" if kind == OrgKind.LEAGUE_BUREAU else "center"
    return Organisation.objects.get(code=f"{prefix}-{league.code}")


def competent_authority_for(area: Jurisdiction) -> Organisation:
    """The organisation that decides filings of an institution with this area scope (R-INS-2)."""
    if area.level == JurisdictionLevel.REGION:
        kind = str(get_policy("institutions.filing_authority.region"))
        if kind not in REGION_CHOICES:
            raise ImproperlyConfigured(
                gettext("institutions.filing_authority.region 应为 %(REGION_CHOICES)s 之一，实为 %(kind)s")
                % {"REGION_CHOICES": REGION_CHOICES, "kind": repr(kind)}
            )
        return _authority_org(kind, None)
    kind = str(get_policy("institutions.filing_authority.league"))
    if kind not in LEAGUE_CHOICES:
        raise ImproperlyConfigured(
            gettext("institutions.filing_authority.league 应为 %(LEAGUE_CHOICES)s 之一，实为 %(kind)s")
            % {"LEAGUE_CHOICES": LEAGUE_CHOICES, "kind": repr(kind)}
        )
    return _authority_org(kind, area)


def bureau_of(league: Jurisdiction) -> Organisation:
    """The league's HRSS bureau, which accepts branch 报备 and countersigns commitments (R-INS-1, R-INS-4)."""
    return _authority_org(OrgKind.LEAGUE_BUREAU, league)


def commitment_authority_for(institution: Institution) -> Organisation:
    """The 属地 authority the institution signs its integrity commitment with (R-INS-4, seed §4(二))."""
    jurisdiction = institution.organisation.jurisdiction
    if jurisdiction.level == JurisdictionLevel.LEAGUE:
        return bureau_of(jurisdiction)
    return competent_authority_for(jurisdiction)


def template_authority() -> Organisation:
    return Organisation.objects.get(code=COMMITMENT_TEMPLATE_AUTHORITY)


def is_decision_authority(org: Organisation) -> bool:
    """Authorities that sanction institutions: the region department and centre, and league bureaus (R-SUP-6)."""
    return org.kind in (OrgKind.REGION_DEPT, OrgKind.REGION_CENTER, OrgKind.LEAGUE_BUREAU)


def region() -> Jurisdiction:
    return Jurisdiction.objects.get(level=JurisdictionLevel.REGION)
