"""Supervision III: sanctions on institutions and the exit engine (R-SUP-6)."""
