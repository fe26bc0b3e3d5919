"""Roster import benchmark (R-EXAM-3): rows per second and peak traced memory for 5,000 and 50,000 rows.

Reading is streamed and rows are checked a batch at a time, so the peak memory of a 50,000-row
import should stay within 2× that of a 5,000-row one. Timing runs without tracemalloc (which
slows Python down several times); memory is measured in a second run of the same size.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time
import tracemalloc
from typing import Any

SIZES = (5_000, 50_000)


def _write_roster(path: str, n: int, offset: int) -> None:
    from openpyxl import Workbook

    from skillcert.core.validators import resident_id_check_digit
    from skillcert.exams.services.roster import ROSTER_HEADERS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名册")
    ws.append(ROSTER_HEADERS)
    digits = "零一二三四五六七八九"
    for i in range(offset, offset + n):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i // 1000)
        first17 = f"150102{birth:%Y%m%d}{i % 1000:03d}"
        name = "考生" + "".join(digits[int(d)] for d in str(i))
        row = [name, "", first17 + resident_id_check_digit(first17), "", f"138{i % 10**8:08d}", "四级/中级工"]
        ws.append([*row, "示例单位", "3", "", "", "", "", "", "", "否"])
    wb.save(path)


def _setup_plan(capacity: int) -> tuple[Any, Any]:
    from skillcert.exams.tests.factories import open_plan, ready_institution

    setup = ready_institution(levels=(4,))
    return setup.clerk, open_plan(setup, levels={4: capacity})


def _import(clerk: Any, plan: Any, path: str) -> Any:
    from django.core.files import File

    from skillcert.exams.services.roster import start_roster_import

    with open(path, "rb") as fh:
        roster_import, _ = start_roster_import(actor=clerk, plan=plan, upload=File(fh, name=os.path.basename(path)))
    assert roster_import.status == "done", roster_import.failure
    return roster_import


def bench_roster_import() -> list[tuple[str, float, str]]:
    from django.core.cache import cache

    from skillcert.core.models import PolicyValue
    from skillcert.core.testing import ensure_reference_data

    ensure_reference_data()
    # Run inline (the bench has no queue worker); the background task calls the same function.
    PolicyValue.objects.update_or_create(key="exams.roster_inline_kb", defaults={"value": 10**9})
    PolicyValue.objects.update_or_create(key="exams.roster_max_rows", defaults={"value": 10**6})
    cache.clear()
    out: list[tuple[str, float, str]] = []
    peaks: dict[int, int] = {}
    tmp = tempfile.mkdtemp(prefix="skillcert-roster-")
    offset = 0
    for n in SIZES:
        path = os.path.join(tmp, f"roster-{n}-a.xlsx")
        _write_roster(path, n, offset)
        clerk, plan = _setup_plan(n)
        started = time.perf_counter()
        roster_import = _import(clerk, plan, path)
        elapsed = time.perf_counter() - started
        assert roster_import.rows_accepted == n
        offset += n
        path = os.path.join(tmp, f"roster-{n}-b.xlsx")
        _write_roster(path, n, offset)
        clerk, plan = _setup_plan(n)
        tracemalloc.start()
        _import(clerk, plan, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        offset += n
        peaks[n] = peak
        out.append((f"roster import {n:,} rows (.xlsx): rows/second", n / elapsed, "figure"))
        out.append((f"roster import {n:,} rows (.xlsx): peak traced memory, MB", peak / 2**20, "figure"))
    small, large = SIZES
    out.append(
        (f"roster import: peak memory {large:,} / {small:,} rows", peaks[large] / peaks[small], "goal < 2 (streamed)")
    )
    return out
