"""Rebuild the dashboard rollups from the records, whole or for some institutions (R-SUP-1).

`rebuild_rollups()` runs after each nightly scan; `refresh_institutions(ids)` runs after the
events that change the figures (plan filed, scores confirmed, certificate issued), so the
dashboards stay current without reading the big tables. Plans are counted on rows with
level 0 (a plan has several levels); candidates, results and certificates on their level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.exams.choices import RegistrationStatus
from skillcert.exams.models import ExamPlan, Registration, Result
from skillcert.supervision.models import InstitutionMonth, LeagueMonth

MEASURES = ("plans", "candidates", "results", "passed", "certificates")
Key = tuple[int, int, date, int, int]  # institution, league, month, occupation, level


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _as_date(value: object) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[return-value]


def _collect(since: date | None, institution_ids: frozenset[int] | None) -> dict[Key, dict[str, int]]:
    cells: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))

    plans = ExamPlan.objects.filter(filed_at__isnull=False)
    if since:
        plans = plans.filter(filed_at__date__gte=since)
    if institution_ids is not None:
        plans = plans.filter(institution_id__in=institution_ids)
    for row in (
        plans.annotate(m=TruncMonth("filed_at"))
        .values("institution_id", "league_id", "m", "occupation_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(row["institution_id"], row["league_id"], _as_date(row["m"]), row["occupation_id"], 0)]["plans"] += row[
            "n"
        ]

    regs = Registration.objects.filter(status=RegistrationStatus.APPROVED)
    if since:
        regs = regs.filter(plan__first_session_on__gte=since)
    if institution_ids is not None:
        regs = regs.filter(plan__institution_id__in=institution_ids)
    for row in (
        regs.annotate(m=TruncMonth("plan__first_session_on"))
        .values("plan__institution_id", "plan__league_id", "m", "plan__occupation_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (
            row["plan__institution_id"],
            row["plan__league_id"],
            _as_date(row["m"]),
            row["plan__occupation_id"],
            row["level"],
        )
        cells[key]["candidates"] += row["n"]

    results = Result.objects.all()
    if since:
        results = results.filter(decided_at__date__gte=since)
    if institution_ids is not None:
        results = results.filter(registration__plan__institution_id__in=institution_ids)
    for row in (
        results.annotate(m=TruncMonth("decided_at"))
        .values(
            "registration__plan__institution_id",
            "registration__plan__league_id",
            "m",
            "registration__plan__occupation_id",
            "registration__level",
        )
        .annotate(n=Count("id"), p=Count("id", filter=Q(passed=True)))
        .order_by()
    ):
        key = (
            row["registration__plan__institution_id"],
            row["registration__plan__league_id"],
            _as_date(row["m"]),
            row["registration__plan__occupation_id"],
            row["registration__level"],
        )
        cells[key]["results"] += row["n"]
        cells[key]["passed"] += row["p"]

    certs = Certificate.objects.exclude(status=CertificateStatus.VOIDED)
    if since:
        certs = certs.filter(issued_on__gte=since)
    if institution_ids is not None:
        certs = certs.filter(institution_id__in=institution_ids)
    for row in (
        certs.annotate(m=TruncMonth("issued_on"))
        .values("institution_id", "league_id", "m", "occupation_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (row["institution_id"], row["league_id"], _as_date(row["m"]), row["occupation_id"], row["level"])
        cells[key]["certificates"] += row["n"]
    return cells


def rebuild_rollups(*, since: date | None = None, institution_ids: Iterable[int] | None = None) -> int:
    """Recompute the rollup rows of the window (months from `since`, the given institutions); returns rows."""
    ids = frozenset(int(i) for i in institution_ids) if institution_ids is not None else None
    month_from = _month_start(since) if since else None
    with transaction.atomic():
        cells = _collect(month_from, ids)
        stale = InstitutionMonth.objects.all()
        if month_from:
            stale = stale.filter(month__gte=month_from)
        if ids is not None:
            stale = stale.filter(institution_id__in=ids)
        leagues = set(stale.values_list("league_id", flat=True).distinct())
        stale.delete()
        InstitutionMonth.objects.bulk_create(
            [
                InstitutionMonth(
                    institution_id=k[0], league_id=k[1], month=k[2], occupation_id=k[3], level=k[4], **figures
                )
                for k, figures in cells.items()
            ],
            batch_size=2000,
        )
        leagues |= {k[1] for k in cells}
        _rebuild_league_rows(month_from, None if ids is None else leagues)
    return len(cells)


def _rebuild_league_rows(month_from: date | None, leagues: set[int] | None) -> None:
    stale = LeagueMonth.objects.all()
    source = InstitutionMonth.objects.all()
    if month_from:
        stale = stale.filter(month__gte=month_from)
        source = source.filter(month__gte=month_from)
    if leagues is not None:
        stale = stale.filter(league_id__in=leagues)
        source = source.filter(league_id__in=leagues)
    stale.delete()
    rows = (
        source.values("league_id", "month", "occupation_id", "level")
        .annotate(**{f"s_{m}": Sum(m) for m in MEASURES})
        .order_by()
    )
    LeagueMonth.objects.bulk_create(
        [
            LeagueMonth(
                league_id=r["league_id"],
                month=r["month"],
                occupation_id=r["occupation_id"],
                level=r["level"],
                **{m: r[f"s_{m}"] or 0 for m in MEASURES},
            )
            for r in rows
        ],
        batch_size=2000,
    )


def refresh_institutions(institution_ids: Iterable[int]) -> int:
    """Bring the rollups of the given institutions up to date (after an event)."""
    return rebuild_rollups(institution_ids=institution_ids)
