"""Who sees and does what with supervision and inspection records (R-ORG-2).

Region organisations see every row; a league bureau or centre the rows of its league; an
institution the records about itself (it countersigns reports and answers orders). The
supervisors and inspectors themselves reach their own rows through the selectors, which add
the rows whose person is linked to the actor's account.
"""

from __future__ import annotations

from skillcert.accounts.choices import Role
from skillcert.core.scoping import ScopePolicy

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
EDIT_ROLES = frozenset({Role.MANAGER, Role.CLERK})

SESSION_RECORD_POLICY = ScopePolicy(
    organisation="institution__organisation",
    jurisdiction="league",
    roles={"view": OFFICE_ROLES, "decide": EDIT_ROLES},
)
"""Supervision reports, internal records and rectification orders (R-SUP-3, R-SUP-9)."""

CAMPAIGN_POLICY = ScopePolicy(
    jurisdiction="jurisdiction",
    roles={"view": OFFICE_ROLES, "change": EDIT_ROLES},
)
"""A campaign belongs to its organiser's jurisdiction; institutions see campaigns on the public page."""

INSPECTION_POLICY = ScopePolicy(
    organisation="institution__organisation",
    jurisdiction="campaign__jurisdiction",
    roles={"view": OFFICE_ROLES, "change": EDIT_ROLES},
)
