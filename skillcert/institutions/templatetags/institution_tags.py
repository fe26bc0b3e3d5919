"""Template helpers for the institution pages."""

from __future__ import annotations

from django import template

from skillcert.institutions.choices import ApplicationStatus, BranchFilingStatus, FeeStatus, InstitutionStatus

register = template.Library()

_BADGES: dict[str, str] = {
    InstitutionStatus.ACTIVE: "ok",
    InstitutionStatus.RECTIFICATION: "warn",
    InstitutionStatus.SUSPENDED: "warn",
    InstitutionStatus.REVOKED: "bad",
    ApplicationStatus.ACCEPTED: "ok",
    ApplicationStatus.REJECTED: "bad",
    ApplicationStatus.SUBMITTED: "warn",
    BranchFilingStatus.ACCEPTED: "ok",
    FeeStatus.PUBLISHED: "ok",
    FeeStatus.DRAFT: "warn",
}


@register.filter
def badge(status: str) -> str:
    """The badge class for a status value: ok, warn, bad or plain."""
    return _BADGES.get(status, "")
