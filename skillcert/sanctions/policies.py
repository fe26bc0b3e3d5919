"""Policy defaults of the sanctions app (SPEC *(default)* values, R-SUP-6).

The 陈述申辩 window before a 取消评价资质 (or suspension) decision is counted in working days
on the official calendar (skillcert.core.workdays); inactivity is counted in calendar days.
"""

DEFAULTS = {
    "sanctions.statement_working_days": 5,
    "sanctions.inactivity_days": 365,
    "sanctions.explanation_days": 15,
    "sanctions.criticism_publication_days": 180,
}

# R-X-8: "一年内无理由未开展工作" is an exit ground of the 2021 notice; the 5-working-day statement
# window is a default (行政处罚法 grants the right to state and defend, not this number).
SOURCES: dict[str, tuple[str, str]] = {
    "sanctions.inactivity_days": ("nmg-2021-193", "五（五）"),  # i18n: data (article number)
}
