"""Demo data of the supervision app (via `seed_demo`): a league with outlier pass rates, alerts
of every kind that has data, and the dashboards' rollups (R-SUP-1, R-SUP-2)."""

from __future__ import annotations

from typing import Any

from skillcert.accounts.models import Organisation
from skillcert.supervision.models import Alert


def seed(ctx: dict[str, Any]) -> None:
    from skillcert.supervision.scale import generate
    from skillcert.supervision.services.rollups import rebuild_rollups
    from skillcert.supervision.services.scan import run_scan

    if not Organisation.objects.filter(code__startswith="scale-").exists():
        # A year of activity at eight institutions; in 包头 (150200) every other institution passes
        # almost everyone, which the pass-rate rule flags against its peers.
        generate(institutions=8, plans=80, sessions=60, certificates=4000, years=1, seed=193, outlier_league="150200")
    report = run_scan(trigger="demo")
    rebuild_rollups()
    kinds = set(Alert.objects.values_list("kind", flat=True))
    ctx.setdefault("summary", []).append(
        f"监管预警：{Alert.objects.count()} 条（{len(kinds)} 类），本次新增 {report.total.raised}；"
        "仪表盘 /supervision/，预警 /supervision/alerts/"
    )
