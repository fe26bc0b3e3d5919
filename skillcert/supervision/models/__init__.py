"""Models of the supervision app (R-SUP-1, R-SUP-2)."""

from skillcert.supervision.models.alerts import HANDLE_ROLES, VIEW_ROLES, Alert, ScanRun
from skillcert.supervision.models.rollups import InstitutionMonth, LeagueMonth

__all__ = ["HANDLE_ROLES", "VIEW_ROLES", "Alert", "InstitutionMonth", "LeagueMonth", "ScanRun"]
