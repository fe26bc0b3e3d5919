"""Who may decide a 处理建议: the may_* predicates the pages ask before showing a button, and the
require_* checks the services make with the same answers (R-SUP-6, R-ORG-2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.sanctions.choices import ProposalStatus
from skillcert.sanctions.models import Proposal
from skillcert.sanctions.services.measures import may_sanction


def may_decide_proposal(actor: Any, proposal: Proposal) -> bool:
    """A handler of a sanctioning authority: the region, or the bureau of the league the proposal is
    routed to."""
    if not may_sanction(actor):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    org = actor.organisation
    return org.scope_level == "region" or org.jurisdiction_id == proposal.league_id


def may_decide_now(actor: Any, proposal: Proposal) -> bool:
    """The accept / decline buttons: the actor may decide and the proposal still waits."""
    return proposal.status == ProposalStatus.PENDING and may_decide_proposal(actor, proposal)


def require_proposal_decider(actor: Any, proposal: Proposal) -> None:
    if not may_decide_proposal(actor, proposal):
        raise PermissionDenied(_("处理建议由机构所在盟市人社局或自治区人社部门的经办人员决定"))
