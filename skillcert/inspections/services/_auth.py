"""Who may act in this app: assigned supervisors, drawn inspectors, deciding authorities."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import User
from skillcert.core.scoping import is_authenticated
from skillcert.inspections.models.policies import EDIT_ROLES
from skillcert.institutions import authorities

CAMPAIGN_ORGANISERS = frozenset({OrgKind.REGION_DEPT, OrgKind.REGION_CENTER, OrgKind.LEAGUE_BUREAU})
"""The region and the league bureaus organise 双随机 campaigns (seed §5(三))."""


def is_edit_staff(actor: User) -> bool:
    return is_authenticated(actor) and (actor.is_superuser or bool(actor.role_codes & EDIT_ROLES))


def require_decision_authority(actor: User, league_id: int) -> None:
    """The league's bureau or the region decides rectification orders (R-SUP-3, R-SUP-6)."""
    if getattr(actor, "is_superuser", False):
        return
    org = getattr(actor, "organisation", None)
    if org is None or not authorities.is_decision_authority(org) or not is_edit_staff(actor):
        raise PermissionDenied(_("整改通知由盟市人社局或自治区人社部门决定"))
    if org.scope_level == "league" and org.jurisdiction_id != league_id:
        raise PermissionDenied(_("整改通知由机构所在盟市人社局决定"))


def require_organiser_staff(actor: User, organiser_id: int) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if not is_edit_staff(actor) or actor.organisation_id != organiser_id:
        raise PermissionDenied(_("只有检查任务的组织单位可以办理此事项"))
