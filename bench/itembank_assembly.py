"""Item-bank benchmark (R-BANK-3): assembling a 100-item paper from a 5,000-item bank with CP-SAT.

The bank is built in memory (unsaved items: the solver's time is the figure, not the ORM's):
10 knowledge areas, single choice, multiple choice and true/false, difficulties 1–5. The
blueprint asks for 100 one-point items — 10 per area, 60 single, 20 multiple, 20 true/false,
difficulty mix 30/50/20 % ± 5 — once as one paper and once as two parallel variants with the
least overlap. The baseline is reading the pool into the model's candidate list.
"""

from __future__ import annotations

import random
import time


def bench_assembly(bank_size: int = 5000) -> list[tuple[str, float, str]]:
    from skillcert.itembank.choices import ItemType, band_of
    from skillcert.itembank.models import Blueprint, Item
    from skillcert.itembank.services.assembly import Candidate, solve

    rng = random.Random(2026)
    types = [ItemType.SINGLE] * 6 + [ItemType.MULTIPLE] * 2 + [ItemType.TRUE_FALSE] * 2
    started = time.perf_counter()
    pool = []
    for pk in range(1, bank_size + 1):
        item = Item(pk=pk, code=f"T{pk:05d}", type=rng.choice(types))
        pool.append(
            Candidate(
                item=item, area=str(rng.randint(1, 10)), half_points=2, band=band_of(rng.randint(1, 5)), exposed=False
            )
        )
    baseline = time.perf_counter() - started
    rows: list[tuple[str, float, str]] = [("itembank: build 5,000 candidates (baseline)", baseline, "s")]
    for variants in (1, 2):
        blueprint = Blueprint(
            name="bench",
            total_points=100,
            area_points={str(a): "10" for a in range(1, 11)},
            type_points={"single": "60", "multiple": "20", "true_false": "20"},
            difficulty_mix={"easy": 30, "medium": 50, "hard": 20},
            difficulty_tolerance=5,
            variants=variants,
        )
        started = time.perf_counter()
        solution = solve(blueprint, pool, seed=7, time_limit=60.0, avoid_exposed=False)
        elapsed = time.perf_counter() - started
        assert all(len(v) == 100 for v in solution.variants)
        rows.append((f"itembank: assemble 100 items from {bank_size:,}, {variants} variant(s)", elapsed, "s"))
        rows.append((f"itembank: ratio to baseline, {variants} variant(s)", elapsed / baseline, "×"))
        if variants > 1:
            rows.append(("itembank: items shared by the two variants", float(sum(solution.overlap.values())), "items"))
    return rows
