"""Writes of the inspections app; each validates, writes and audits in one transaction (R-X-1, R-X-4)."""
