"""Who sees and does what with exam records (R-ORG-2).

Every exam record hangs off a plan. Region organisations see every plan; a league bureau or
centre the plans held in its league (`ExamPlan.league`, where the venue is); an institution
its own plans; a candidate only the registrations of their own account and what hangs off
them. Anonymous visitors see nothing through these policies: announcements and masked
results reach the public through the public selectors (R-EXAM-2, R-EXAM-9).

Actions: ``view``; ``change`` (the institution runs its plan); ``review`` (eligibility
review, R-EXAM-4); ``reveal`` (see an ID or phone number in full, R-X-3); ``supervise``
(the bureau questions or stops a plan — services also check that the actor is an
authority); ``apply`` (a candidate acts on their own registration).
"""

from __future__ import annotations

from collections.abc import Mapping

from skillcert.accounts.choices import Role
from skillcert.core.scoping import ScopePolicy

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
"""Office roles that read exam records."""
EDIT_ROLES = frozenset({Role.MANAGER, Role.CLERK})
"""Institution staff who run plans; authority staff who question and stop them."""
CANDIDATE_ROLES = frozenset({Role.CANDIDATE})


def plan_policy(
    path: str = "plan",
    *,
    owner: str | None = None,
    extra_roles: Mapping[str, frozenset[str]] | None = None,
) -> ScopePolicy:
    """The policy of a row that belongs to a plan through `path` ("" for the plan itself).

    `owner` is the path to the candidate's account for rows a candidate may see; those rows
    also let candidates view (and ``apply``). `extra_roles` adds or replaces actions.
    """
    prefix = f"{path}__" if path else ""
    roles: dict[str, frozenset[str]] = {
        "view": OFFICE_ROLES | (CANDIDATE_ROLES if owner else frozenset()),
        "change": EDIT_ROLES,
        "review": EDIT_ROLES,
        "reveal": EDIT_ROLES,
        "supervise": EDIT_ROLES,
    }
    if owner:
        roles["apply"] = CANDIDATE_ROLES
    roles.update(extra_roles or {})
    return ScopePolicy(
        organisation=f"{prefix}institution__organisation",
        jurisdiction=f"{prefix}league",
        owner=owner,
        roles=roles,
    )


PLAN_POLICY = plan_policy("")
REGISTRATION_POLICY = plan_policy("plan", owner="user")

CANDIDATE_PROFILE_POLICY = ScopePolicy(owner="user", roles={"view": CANDIDATE_ROLES, "apply": CANDIDATE_ROLES})
"""A candidate's identity on the platform is theirs alone; institutions see registrations, not accounts."""
