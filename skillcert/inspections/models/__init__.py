"""Models of the inspections app (R-SUP-3, R-SUP-4, R-SUP-9, R-SUP-10)."""

from skillcert.inspections.models.campaigns import Campaign, Inspection, InspectionInspector, ResultVersion
from skillcert.inspections.models.quality import InternalRecord, RectificationOrder, SupervisionPhoto, SupervisionReport

__all__ = [
    "Campaign",
    "Inspection",
    "InspectionInspector",
    "InternalRecord",
    "RectificationOrder",
    "ResultVersion",
    "SupervisionPhoto",
    "SupervisionReport",
]
