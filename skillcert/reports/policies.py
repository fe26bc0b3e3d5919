"""Report rules the spec marks *(default)* (R-REP-1; notice §6)."""

DEFAULTS = {
    "reports.summary_deadline": "12-31",
}
"""Month and day (MM-DD) of the year being reported by which a league submits its annual summary."""

# R-X-8: leagues report their year to the region centre "每年年底" (2021 notice §6).
SOURCES: dict[str, tuple[str, str]] = {
    "reports.summary_deadline": ("nmg-2021-193", "六"),  # i18n: data (article number)
}
