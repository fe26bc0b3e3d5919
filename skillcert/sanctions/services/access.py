"""Who may decide a 处理建议: the may_* predicates the pages ask before showing a button, and the
require_* checks the services make with the same answers (R-SUP-6, R-ORG-2)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.choices import ScopeLevel
from skillcert.accounts.types import Visitor
from skillcert.core.scoping import is_authenticated
from skillcert.sanctions.choices import ProposalStatus
from skillcert.sanctions.models import Proposal
from skillcert.sanctions.services.measures import may_sanction


def may_decide_proposal(actor: Visitor, proposal: Proposal) -> bool:
    """A handler of a sanctioning authority: the region, or the bureau of the league the proposal is
    routed to."""
    if not may_sanction(actor) or not is_authenticated(actor):
        return False
    if actor.is_superuser:
        return True
    org = actor.organisation
    return org is not None and (org.scope_level == ScopeLevel.REGION or org.jurisdiction_id == proposal.league_id)


def may_decide_now(actor: Visitor, proposal: Proposal) -> bool:
    """The accept / decline buttons: the actor may decide and the proposal still waits."""
    return proposal.status == ProposalStatus.PENDING and may_decide_proposal(actor, proposal)


def require_proposal_decider(actor: Visitor, proposal: Proposal) -> None:
    if not may_decide_proposal(actor, proposal):
        raise PermissionDenied(_("处理建议由机构所在盟市人社局或自治区人社部门的经办人员决定"))
