"""Models of the complaints app (R-SUP-5)."""

from skillcert.complaints.models.complaint import (
    COMPLAINT_POLICY,
    Attachment,
    Complaint,
    InvestigationRecord,
    Step,
)

__all__ = ["COMPLAINT_POLICY", "Attachment", "Complaint", "InvestigationRecord", "Step"]
