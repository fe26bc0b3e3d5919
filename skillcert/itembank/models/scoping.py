"""Who sees and does what with item-bank records (R-ORG-2, R-BANK-1..4).

A bank belongs to one institution: its office staff and experts see it; the league bureau
where the institution is visible and the region see it too (read only). Authors are the
institution's managers, clerks and experts; reviewers its managers and experts; paper
assembly and computer-based exams are run by managers and clerks. Services also check that
a writer works for the bank's institution, so authorities never edit a bank.
"""

from __future__ import annotations

from skillcert.accounts.choices import Role
from skillcert.core.scoping import ScopePolicy

VIEW_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR, Role.EXPERT})
AUTHOR_ROLES = frozenset({Role.MANAGER, Role.CLERK, Role.EXPERT})
REVIEW_ROLES = frozenset({Role.MANAGER, Role.EXPERT})
RUN_ROLES = frozenset({Role.MANAGER, Role.CLERK})


def bank_policy(path: str = "bank") -> ScopePolicy:
    """The policy of a row that belongs to a bank through `path` ("" for the bank itself)."""
    prefix = f"{path}__" if path else ""
    return ScopePolicy(
        organisation=f"{prefix}institution__organisation",
        jurisdiction=f"{prefix}institution__visible_in",
        roles={
            "view": VIEW_ROLES,
            "author": AUTHOR_ROLES,
            "review": REVIEW_ROLES,
            "assemble": RUN_ROLES,
            "change": RUN_ROLES,
        },
    )


BANK_POLICY = bank_policy("")

SITTING_POLICY = ScopePolicy(
    organisation="cbt_session__exam_session__plan__institution__organisation",
    jurisdiction="cbt_session__exam_session__plan__league",
    roles={"view": VIEW_ROLES - {Role.EXPERT}, "change": RUN_ROLES, "mark": AUTHOR_ROLES},
)
CBT_SESSION_POLICY = ScopePolicy(
    organisation="exam_session__plan__institution__organisation",
    jurisdiction="exam_session__plan__league",
    roles={"view": VIEW_ROLES - {Role.EXPERT}, "change": RUN_ROLES, "mark": AUTHOR_ROLES},
)
MARK_POLICY = ScopePolicy(
    organisation=f"answer__sitting__{SITTING_POLICY.organisation}",
    jurisdiction=f"answer__sitting__{SITTING_POLICY.jurisdiction}",
    roles=SITTING_POLICY.roles,
)
