"""Archive rules the spec marks *(default)* (R-ARC-2; notice §4(九))."""

DEFAULTS = {
    "archives.retention_years.paper": 3,
    "archives.retention_years.electronic": 5,
    "archives.upload_max_mb": 20,
}
