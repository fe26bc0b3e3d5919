"""Policy defaults of supervision reports and 双随机、一公开 inspections (R-SUP-3, R-SUP-4).

The notice fixes none of these numbers; they are the spec's *(default)* values, which the
region administrator may change on the policy page.
"""

DEFAULTS = {
    # R-SUP-3: the external supervisor's report is due within N working days of the session.
    "inspections.report_working_days": 3,
    # Photos on a supervision record: images only, at most this many MB each.
    "inspections.photo_max_mb": 5,
    # R-SUP-4: a campaign samples at least this percentage of the institutions in scope ...
    "inspections.sampling_min_percent": 5,
    # ... with at least this many inspectors per inspection ...
    "inspections.inspectors_min": 2,
    # ... and publishes its results within N working days of each inspection (一公开).
    "inspections.publish_working_days": 20,
}
