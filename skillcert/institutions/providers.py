"""Workbench tiles of the institutions app, each a real count from the actor's own scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.types import Actor
from skillcert.institutions import selectors
from skillcert.institutions.choices import ApplicationStatus, BranchFilingStatus
from skillcert.institutions.models import Institution
from skillcert.institutions.models.policies import OFFICE_ROLES
from skillcert.portal.dashboard import Tile, register


@register
def institution_tiles(actor: Actor) -> list[Tile]:
    if not (actor.is_superuser or actor.role_codes & OFFICE_ROLES):
        return []
    org = actor.organisation
    if org.kind == OrgKind.INSTITUTION:
        institution = Institution.objects.filter(organisation=org).select_related("parent", "area").first()
        if institution is None:
            return [Tile(gettext("尚未备案：提交备案申请"), 0, reverse("institutions:apply"))]
        missing = selectors.institution_readiness(institution)
        url = reverse("institutions:detail", args=[institution.pk])
        return [
            Tile(gettext("开展认定尚缺事项"), len(missing), url + "#readiness", gettext("全部就绪后方可报送认定计划")),
            Tile(
                gettext("已公开规章制度（共7项）"),
                len(selectors.published_rule_documents(institution)),
                url + "#rule-documents",
            ),
        ]
    if org.scope_level not in ("region", "league") and not actor.is_superuser:
        return []
    tiles = [
        Tile(
            gettext("待审核备案申请"),
            selectors.applications_visible_to(actor)
            .filter(status=ApplicationStatus.SUBMITTED, competent_authority=org)
            .count(),
            reverse("institutions:applications") + "?status=submitted",
        ),
        Tile(
            gettext("已备案评价机构（辖区）"),
            selectors.institutions_visible_to(actor).filter(filed_on__isnull=False).count(),
            reverse("institutions:list"),
        ),
        Tile(
            gettext("收费偏离成本预警"),
            selectors.fee_flags_visible_to(actor).count(),
            reverse("institutions:fee_flags"),
            gettext("超出±%(band_percent)s%%") % {"band_percent": selectors.band_percent()},
        ),
    ]
    if org.kind == OrgKind.LEAGUE_BUREAU or actor.is_superuser:
        tiles.append(
            Tile(
                gettext("待审核分支机构报备"),
                selectors.branch_filings_visible_to(actor)
                .filter(status=BranchFilingStatus.SUBMITTED, bureau=org)
                .count(),
                reverse("institutions:branch_filings") + "?status=submitted",
            )
        )
    pending = selectors.commitments_visible_to(actor).filter(authority=org, countersigned_at__isnull=True).count()
    if pending or org.kind == OrgKind.LEAGUE_BUREAU:
        tiles.append(Tile(gettext("待会签诚信承诺书"), pending, reverse("institutions:commitment_texts")))
    return tiles
