"""Thresholds of the alert rules (R-SUP-2); SPEC *(default)* values unless noted."""

DEFAULTS = {
    # R-SUP-2 "no certification activity for 365 days (default)".
    "supervision.inactivity_days": 365,
    # Pass rate far from peers: minimum candidates of the institution in the cell, minimum peer
    # candidates, and the two-sided p-value under which the difference is an alert.
    "supervision.pass_rate_min_n": 20,
    "supervision.pass_rate_min_peer_n": 50,
    "supervision.pass_rate_alpha": 0.001,
    # Answer copying: minimum common items and the one-sided p-value of the ω index.
    "supervision.copying_min_items": 20,
    "supervision.copying_alpha": 0.0001,
}

# R-X-8: no certification activity within a year is the exit ground of the 2021 notice §5(五).
SOURCES: dict[str, tuple[str, str]] = {
    "supervision.inactivity_days": ("nmg-2021-193", "五（五）"),  # i18n: data (article number)
}
