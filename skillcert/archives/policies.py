"""Archive rules the spec marks *(default)* (R-ARC-2; notice §4(九))."""

DEFAULTS = {
    "archives.retention_years.paper": 3,
    "archives.retention_years.electronic": 5,
    "archives.upload_max_mb": 20,
}

# R-X-8: the retention periods are fixed by the 2021 notice (纸质材料不少于3年，电子材料不少于5年).
SOURCES: dict[str, tuple[str, str]] = {
    "archives.retention_years.paper": ("nmg-2021-193", "四（九）"),  # i18n: data (article number)
    "archives.retention_years.electronic": ("nmg-2021-193", "四（九）"),  # i18n: data (article number)
}
