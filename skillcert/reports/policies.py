"""Report rules the spec marks *(default)* (R-REP-1; notice §6)."""

DEFAULTS = {
    "reports.summary_deadline": "12-31",
}
"""Month and day (MM-DD) of the year being reported by which a league submits its annual summary."""
