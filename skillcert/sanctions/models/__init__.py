"""Models of the sanctions app (R-SUP-6)."""

from skillcert.sanctions.models.sanction import PROPOSAL_POLICY, SANCTION_POLICY, InactivityCase, Proposal, Sanction

__all__ = ["PROPOSAL_POLICY", "SANCTION_POLICY", "InactivityCase", "Proposal", "Sanction"]
