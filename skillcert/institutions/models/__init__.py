"""Evaluation institutions: filing, scope versions, branches and 报备, rule documents, integrity
commitments, fees, venues, rosters and the lifecycle with its blacklist (R-INS-1..8, R-PUB-1)."""

from skillcert.institutions.models.entry import EntryStageRecord, SelectionCall
from skillcert.institutions.models.filings import (
    BranchFiling,
    FilingApplication,
    FilingApplicationItem,
    FilingDocument,
)
from skillcert.institutions.models.institution import (
    BlacklistEntry,
    Institution,
    ScopeItem,
    ScopeVersion,
    StatusChange,
)
from skillcert.institutions.models.operations import (
    Commitment,
    CommitmentText,
    Fee,
    FeeItem,
    Room,
    RosterEntry,
    RuleDocument,
    Venue,
)

__all__ = [
    "BlacklistEntry",
    "BranchFiling",
    "Commitment",
    "CommitmentText",
    "EntryStageRecord",
    "Fee",
    "FeeItem",
    "FilingApplication",
    "FilingApplicationItem",
    "FilingDocument",
    "Institution",
    "Room",
    "RosterEntry",
    "RuleDocument",
    "ScopeItem",
    "ScopeVersion",
    "SelectionCall",
    "StatusChange",
    "Venue",
]
