"""Rule defaults owned by the institutions app (collected by skillcert.core.policy)."""

from __future__ import annotations

DEFAULTS: dict[str, object] = {
    # R-INS-9: the examiner management rules (考评员管理办法) are the eighth published document;
    # the region may decide whether the readiness gate requires them.
    "institutions.require_examiner_rules": True,
    # Roster imports (R-INS-1, R-X-4): the largest file and row count one upload may hold, and how many
    # row errors the answer lists (the rest are in the downloadable report).
    "institutions.roster_max_mb": 10,
    "institutions.roster_max_rows": 20000,
    "institutions.import_errors_shown": 50,
}

SOURCES: dict[str, tuple[str, str]] = {
    "institutions.require_examiner_rules": ("nmg-2021-193", "四（四）"),  # i18n: data (article number)
}
