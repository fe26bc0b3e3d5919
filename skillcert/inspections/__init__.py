"""Supervision II: quality supervision records and 双随机、一公开 inspections (R-SUP-3, R-SUP-4, R-SUP-9, R-SUP-10)."""
