"""Writes of the institutions app; each is keyword-only, validates first, writes and audits in one
transaction, and is the only way its change happens (R-INS-1..8, R-X-1, R-X-4)."""

from skillcert.institutions.services.branches import (
    BranchRegistration,
    accept_branch_filing,
    register_branch,
    reject_branch_filing,
    submit_branch_filing,
)
from skillcert.institutions.services.documents import (
    add_rule_document,
    countersign_commitment,
    publish_commitment_text,
    publish_rule_document,
    sign_commitment,
)
from skillcert.institutions.services.entry import (
    open_selection_call,
    publish_institution,
    record_assessment,
    record_selection,
)
from skillcert.institutions.services.filings import (
    Decision,
    ScopeEntry,
    SupportingDocument,
    accept_application,
    reject_application,
    submit_change_application,
    submit_initial_application,
)
from skillcert.institutions.services.operations import (
    ROSTER_HEADERS,
    RosterImportResult,
    change_status,
    deviation_percent,
    import_roster,
    publish_fee,
    save_fee,
    save_room,
    save_venue,
)

__all__ = [
    "ROSTER_HEADERS",
    "BranchRegistration",
    "Decision",
    "RosterImportResult",
    "ScopeEntry",
    "SupportingDocument",
    "accept_application",
    "accept_branch_filing",
    "add_rule_document",
    "change_status",
    "countersign_commitment",
    "deviation_percent",
    "import_roster",
    "open_selection_call",
    "publish_commitment_text",
    "publish_fee",
    "publish_institution",
    "publish_rule_document",
    "record_assessment",
    "record_selection",
    "register_branch",
    "reject_application",
    "reject_branch_filing",
    "save_fee",
    "save_room",
    "save_venue",
    "sign_commitment",
    "submit_branch_filing",
    "submit_change_application",
    "submit_initial_application",
]
