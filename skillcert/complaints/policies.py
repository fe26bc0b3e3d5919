"""Policy defaults of the complaints app (SPEC *(default)* values, R-SUP-5).

Deadlines follow 信访工作条例 (2022): the authority tells the complainant within 15 days of
receipt whether it accepts the matter, and concludes within 60 days of acceptance, which it
may extend once by at most 30 days with recorded reasons (art. 32). The regulation counts
these in days (日), i.e. calendar days; `complaints.day_kind` switches to working days.
"""

DEFAULTS = {
    "complaints.accept_days": 15,
    "complaints.conclude_days": 60,
    "complaints.extension_max_days": 30,
    "complaints.day_kind": "calendar",
    "complaints.rate_limit_per_hour": 5,
    "complaints.attachment_max_mb": 10,
    "complaints.attachment_max_count": 5,
}

CHOICES = {"complaints.day_kind": ["calendar", "working"]}

# R-X-8: acceptance within 15 days, conclusion within 60, one extension of at most 30 (信访工作条例 art. 32).
SOURCES: dict[str, tuple[str, str]] = {
    "complaints.accept_days": ("xinfang-2022", "第三十二条"),  # i18n: data (article number)
    "complaints.conclude_days": ("xinfang-2022", "第三十二条"),  # i18n: data (article number)
    "complaints.extension_max_days": ("xinfang-2022", "第三十二条"),  # i18n: data (article number)
}
