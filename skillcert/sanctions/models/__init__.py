"""Models of the sanctions app (R-SUP-6)."""

from skillcert.sanctions.models.sanction import SANCTION_POLICY, InactivityCase, Sanction

__all__ = ["SANCTION_POLICY", "InactivityCase", "Sanction"]
