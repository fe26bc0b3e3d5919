"""Supervision benchmark (R-SUP-1, R-SUP-2): the dashboard at 100× the data, a full alert scan
against a plain COUNT(*) over the certificate table, and the scale generator's rows per second.

Sizes come from the environment so the same module runs the quick default on SQLite and the
region-scale run on PostgreSQL:
    SKILLCERT_BENCH_CERTS_SMALL (default 1,000) and SKILLCERT_BENCH_CERTS_LARGE (default 100,000 on
    PostgreSQL, 20,000 on SQLite, whose inserts are slower), e.g.
    DATABASE_URL=postgres://... SKILLCERT_BENCH_CERTS_SMALL=10000 SKILLCERT_BENCH_CERTS_LARGE=1000000.
The large data set is the small one plus the rest, generated with the same proportions
(one plan per ~42 certificates, sessions for 5/6 of the plans, one institution per 1,000 certificates).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def _best(fn: Callable[[], object], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def large_size() -> int:
    """Certificates of the large data set: SKILLCERT_BENCH_CERTS_LARGE, or the default for this database."""
    from django.db import connection

    default = "100000" if connection.vendor == "postgresql" else "20000"
    return int(os.environ.get("SKILLCERT_BENCH_CERTS_LARGE", default))


def grow(certificates: int, seed: int) -> tuple[int, float]:
    """Add region-scale data in the same proportions; rows written and the generator's seconds."""
    from skillcert.supervision.scale import generate

    plans = max(certificates // 42, 10)
    report = generate(
        institutions=max(certificates // 1000, 10),
        plans=plans,
        sessions=plans * 5 // 6,
        certificates=certificates,
        seed=seed,
        outlier_league="150200",
    )
    return report.total, report.seconds


def bench_supervision() -> list[tuple[str, float, str]]:
    from django.db import connection
    from django.test import Client

    from skillcert.accounts.choices import OrgKind, Role
    from skillcert.accounts.models import Organisation, User, UserRole
    from skillcert.supervision.services.rollups import rebuild_rollups
    from skillcert.supervision.services.scan import run_scan

    small = int(os.environ.get("SKILLCERT_BENCH_CERTS_SMALL", "1000"))
    large = large_size()
    region = User.objects.create_user(
        username="bench-region", organisation=Organisation.objects.get(kind=OrgKind.REGION_CENTER)
    )
    UserRole.objects.create(user=region, role=Role.CLERK)
    league = User.objects.create_user(
        username="bench-league", organisation=Organisation.objects.get(code="bureau-150100")
    )
    UserRole.objects.create(user=league, role=Role.CLERK)

    def dashboards() -> dict[str, float]:
        times = {}
        for user, url in ((region, "/api/v1/supervision/dashboard/"), (league, "/api/v1/supervision/dashboard/")):
            client = Client()
            client.force_login(user)
            assert client.get(url).status_code == 200
            times[user.username] = _best(lambda c=client, u=url: c.get(u))  # type: ignore[misc]
        return times

    grow(small, seed=1)
    rebuild_rollups()
    at_small = dashboards()
    rows, seconds = grow(large - small, seed=2)
    rebuild_rollups()
    at_large = dashboards()

    def count() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM certificates_certificate")
            cursor.fetchone()

    t_count = _best(count, 3)
    run_scan()  # the first scan raises; the one measured is the nightly steady state
    started = time.perf_counter()
    report = run_scan()
    t_scan = time.perf_counter() - started
    assert not report.failures, report.failures
    started = time.perf_counter()
    rebuild_rollups()
    t_rollups = time.perf_counter() - started
    factor = large / small
    return [
        (
            f"dashboard (region) at {large:,} / at {small:,} certificates ({factor:.0f}×)",
            at_large["bench-region"] / at_small["bench-region"],
            "goal ≤ 2",
        ),
        (
            f"dashboard (league) at {large:,} / at {small:,} certificates",
            at_large["bench-league"] / at_small["bench-league"],
            "goal ≤ 2",
        ),
        (f"dashboard (region) at {large:,} certificates, ms", at_large["bench-region"] * 1000, "for the record"),
        (f"full alert scan / COUNT(*) at {large:,} certificates", t_scan / t_count, "for the record"),
        (f"full alert scan at {large:,} certificates, s", t_scan, "for the record"),
        (f"rollup rebuild at {large:,} certificates, s", t_rollups, "for the record"),
        ("generate_scale_data: rows per second", rows / seconds, f"{rows:,} rows in {seconds:.0f} s"),
    ]
