"""python -m bench — speed and memory figures for the platform's shared machinery.

Each benchmark measures the platform's code and a baseline doing the irreducible part of
the same work in the same process, and prints the ratio; absolute times depend on the
machine, ratios much less so. Runs against a throw-away SQLite file (or DATABASE_URL); bench/pages.py
adds a demo database and a scale database beside it (see there for SKILLCERT_BENCH_SCALE_DATABASE_URL).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def _setup() -> None:
    tmp = tempfile.mkdtemp(prefix="skillcert-bench-")
    os.environ.setdefault("SKILLCERT_VAR_DIR", tmp)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.db import reset_queries

    settings.DEBUG = False  # no query log growing through the run
    reset_queries()  # migrate filled the (bounded) log; captured counts need an empty one


def timed(fn: Callable[[], Any]) -> tuple[float, int]:
    """Seconds and peak traced memory (bytes) of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def bench_audit_append(n: int = 1500) -> list[tuple[str, float, str]]:
    """Chained append (lock + read tail + hash + insert) against a plain insert of the same row."""
    from django.db import transaction
    from django.utils import timezone

    from skillcert.core.audit import record_event
    from skillcert.core.models import AuditEvent

    def chained() -> None:
        for i in range(n):
            with transaction.atomic():
                record_event(actor=None, action="bench.chained", after={"i": i})

    def plain_per_tx() -> None:
        for i in range(n):
            with transaction.atomic():
                AuditEvent.objects.create(
                    occurred_at=timezone.now(), action="bench.plain", prev_hash="1" * 64, hash=f"{i + n:064x}"
                )

    t_plain, _ = timed(plain_per_tx)
    # The baseline rows are not chained; clear them (a throw-away database) before chaining.
    AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
    t_chain, _ = timed(chained)
    return [("audit append: chained / plain insert (per transaction)", t_chain / t_plain, "goal ≤ 3.0")]


def bench_verify_scaling() -> list[tuple[str, float, str]]:
    """verify_chain must stream: 4× the events → ~4× the time and about the same peak memory."""
    from django.db import transaction

    from skillcert.core.audit import record_event, verify_chain
    from skillcert.core.models import AuditEvent

    def verify() -> None:
        assert verify_chain(batch=500).ok

    t1, m1 = timed(verify)

    target = AuditEvent.objects.count() * 4
    with transaction.atomic():
        for i in range(target - AuditEvent.objects.count()):
            record_event(actor=None, action="bench.grow", after={"i": i})
    t4, m4 = timed(verify)
    return [
        ("verify_audit: time at 4N / time at N", t4 / t1, "goal ≈ 4 (linear)"),
        ("verify_audit: peak memory at 4N / at N", m4 / m1, "goal ≤ 1.5 (streamed)"),
    ]


def bench_workdays() -> list[tuple[str, float, str]]:
    """add_working_days over ~8 years against a bare weekday loop over the same span."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skillcert.core.workdays import add_working_days

    start, n = datetime.date(2019, 1, 1), 2000

    def baseline() -> None:
        day, left = start, n
        while left:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1

    def ours() -> None:
        add_working_days(start, n)

    for _ in range(3):
        ours()  # warm the per-year holiday tables
    t_base = min(timed(baseline)[0] for _ in range(5))
    t_ours = min(timed(ours)[0] for _ in range(5))
    with CaptureQueriesContext(connection) as ctx:
        ours()
    return [
        ("add_working_days(2000): ours / bare weekday loop", t_ours / t_base, "goal ≤ 25"),
        ("add_working_days(2000): database queries", float(len(ctx.captured_queries)), "goal ≤ 2"),
    ]


def main() -> int:
    _setup()
    rows: list[tuple[str, float, str]] = []
    from bench.certificates import bench_certificates
    from bench.exams_import import bench_roster_import
    from bench.itembank_assembly import bench_assembly
    from bench.offline_verification import bench_offline_verification
    from bench.pages import bench_pages
    from bench.supervision import bench_supervision

    for bench in (
        bench_pages,  # first: it copies the freshly migrated database for the demo
        bench_audit_append,
        bench_verify_scaling,
        bench_workdays,
        bench_roster_import,
        bench_certificates,
        bench_offline_verification,
        bench_supervision,
        bench_assembly,
    ):
        rows.extend(bench())
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'ratio':>8}  target")
    for name, ratio, goal in rows:
        print(f"{name:<{width}}  {ratio:8.2f}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
