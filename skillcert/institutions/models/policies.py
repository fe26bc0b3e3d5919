"""Who sees and does what with institution records (R-ORG-2).

Region organisations see every row; a league bureau or centre the institutions whose
`visible_in` holds its league (the institution's own jurisdiction, plus every league a
branch filed 报备 with); an institution its own rows. Published data reaches the public
through the public selectors, never through these policies.
"""

from __future__ import annotations

from skillcert.accounts.choices import Role
from skillcert.core.scoping import ANY_ROLE, ScopePolicy

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
"""Office roles that read institution records."""
EDIT_ROLES = frozenset({Role.MANAGER, Role.CLERK})
"""Institution staff who maintain their records; authority staff who decide on them."""
SIGN_ROLES = frozenset({Role.MANAGER})
"""Only the institution's manager signs the integrity commitment (R-INS-4)."""


def owned_by_institution(path: str = "institution") -> ScopePolicy:
    """The policy of a row that belongs to one institution through `path`."""
    return ScopePolicy(
        organisation=f"{path}__organisation" if path else "organisation",
        jurisdiction=f"{path}__visible_in" if path else "visible_in",
        roles={
            "view": OFFICE_ROLES,
            "change": EDIT_ROLES,
            "decide": EDIT_ROLES,
            "sign": SIGN_ROLES,
            "reveal": EDIT_ROLES,
        },
    )


INSTITUTION_POLICY = owned_by_institution("")

APPLICATION_POLICY = ScopePolicy(
    organisation="organisation",
    jurisdiction="area",
    roles={"view": OFFICE_ROLES, "change": EDIT_ROLES, "decide": EDIT_ROLES},
)

BRANCH_FILING_POLICY = ScopePolicy(
    organisation="branch__organisation",
    jurisdiction="league",
    roles={"view": OFFICE_ROLES, "change": EDIT_ROLES, "decide": EDIT_ROLES},
)

COMMITMENT_TEXT_POLICY = ScopePolicy(
    jurisdiction="authority__jurisdiction",
    roles={"view": ANY_ROLE, "change": EDIT_ROLES},
    shared=frozenset({"view"}),
)
"""Commitment texts are read by every logged-in user (institutions sign them); authorities maintain their own."""
