"""Rule defaults owned by the personnel app (collected by skillcert.core.policy)."""

from __future__ import annotations

DEFAULTS: dict[str, object] = {
    # People and qualification imports (R-PER-1, R-X-4): the largest file one upload may be.
    "personnel.import_max_mb": 10,
}
