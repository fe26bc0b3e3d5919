"""Rule defaults owned by the personnel app (collected by skillcert.core.policy)."""

from __future__ import annotations

DEFAULTS: dict[str, object] = {
    # People and qualification imports (R-PER-1, R-X-4): the largest file one upload may be, and how
    # many row errors the API's answer lists (the rest are in the downloadable report).
    "personnel.import_max_mb": 10,
    "personnel.import_errors_shown": 50,
}
