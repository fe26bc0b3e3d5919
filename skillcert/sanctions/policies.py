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
