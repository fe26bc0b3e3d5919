"""Supervision III: complaints and media reports with tracking codes (R-SUP-5)."""
