"""Annual league summaries and the region roll-up (R-REP-1)."""
