"""Writes of the complaints app; each validates, writes and audits in one transaction (R-SUP-5, R-X-1)."""

from skillcert.complaints.services.common import may_handle
from skillcert.complaints.services.handling import (
    accept_complaint,
    conclude_complaint,
    extend_complaint,
    record_investigation,
    refuse_complaint,
    transfer_complaint,
)
from skillcert.complaints.services.intake import ComplaintInput, Filed, file_public_complaint, record_complaint

__all__ = [
    "ComplaintInput",
    "Filed",
    "accept_complaint",
    "conclude_complaint",
    "extend_complaint",
    "file_public_complaint",
    "may_handle",
    "record_complaint",
    "record_investigation",
    "refuse_complaint",
    "transfer_complaint",
]
