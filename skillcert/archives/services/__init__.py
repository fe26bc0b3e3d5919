"""Writes of the archives app, each audited in its own transaction (R-ARC-1..3)."""
