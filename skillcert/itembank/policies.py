"""Item-bank rules the spec marks *(default)* (R-BANK-2..4)."""

DEFAULTS = {
    # R-BANK-2: a bank with no approved change for this many months is stale.
    "itembank.stale_after_months": 12,
    # R-BANK-3: no item from the last N paper sets of the same occupation and level.
    "itembank.exposure_last_papers": 2,
    # R-BANK-3: seconds the solver may search before a blueprint is refused as too hard.
    "itembank.solver_seconds": 20,
    # R-BANK-4: two markers further apart than this share of the item's points call a third.
    "itembank.marking_gap_ratio": 0.2,
    # R-BANK-4: minutes before the session starts that the exam page accepts sign-in.
    "itembank.signin_minutes_before": 0,
}
