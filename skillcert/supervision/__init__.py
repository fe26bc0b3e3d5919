"""Supervision I: alerts, dashboards and rollups (R-SUP-1, R-SUP-2)."""
