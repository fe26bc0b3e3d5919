"""Dashboard figures from the rollup tables, scoped to the actor (R-SUP-1, R-X-5).

Region and league views read `LeagueMonth` (bounded by leagues × months × occupations ×
levels), the institution view and the league's per-institution table read `InstitutionMonth`
filtered to one league or institution, so a dashboard's cost does not grow with the number
of certificates. Every figure carries the URL of the list behind it (drill-down).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import Jurisdiction, User
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import Occupation
from skillcert.institutions.models import Institution
from skillcert.supervision.models import InstitutionMonth, LeagueMonth
from skillcert.supervision.registry import kind_label
from skillcert.supervision.selectors.alerts import live_alert_counts

MEASURES = ("plans", "candidates", "results", "passed", "certificates")


@dataclass(frozen=True)
class DashboardScope:
    """Which view: the region, one league, or one institution, for one year."""

    level: str
    year: int
    league: Jurisdiction | None = None
    institution: Institution | None = None

    @property
    def title(self) -> str:
        if self.institution is not None:
            return str(self.institution)
        if self.league is not None:
            return str(self.league)
        return _("全区")


def resolve_scope(actor: User, *, year: int | None, league: str | None, institution: int | None) -> DashboardScope:
    """The view the actor asked for, narrowed to what they may see; anything else is a 404."""
    year = year or timezone.localdate().year
    if year < 2000 or year > timezone.localdate().year + 1:
        from skillcert.core.errors import DomainError

        raise DomainError(_("年份：%(year)s 不在可查询的范围内") % {"year": year}, field="year")
    org = actor.organisation
    level = "region" if actor.is_superuser else org.scope_level
    if level == "institution":
        inst = Institution.objects.filter(organisation=org).first()
        if inst is None:
            raise Http404
        return DashboardScope("institution", year, institution=inst)
    if level not in ("region", "league"):
        raise Http404
    if institution:
        inst = Institution.objects.restrict(actor, "view").filter(pk=institution).select_related("area").first()
        if inst is None:
            raise Http404
        return DashboardScope("institution", year, institution=inst)
    if level == "league":
        own = org.jurisdiction
        if league and league != own.code:
            raise Http404
        return DashboardScope("league", year, league=own)
    if league:
        found = Jurisdiction.objects.filter(code=league, level="league").first()
        if found is None:
            raise Http404
        return DashboardScope("league", year, league=found)
    return DashboardScope("region", year)


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    totals = {m: sum(r[m] or 0 for r in rows) for m in MEASURES}
    totals["pass_rate"] = round(totals["passed"] / totals["results"], 4) if totals["results"] else None
    return totals


def _sums(qs: Any, *group: str) -> list[dict[str, Any]]:
    """Each measure summed per group; with no group, one row of the grand totals (one aggregate, not a
    `values()` of every column that would fetch the year's rollup rows one by one)."""
    if group:
        rows = list(qs.values(*group).annotate(**{m: Sum(m) for m in MEASURES}).order_by(*group))
    else:
        rows = [qs.aggregate(**{m: Sum(m) for m in MEASURES})]
    for r in rows:
        for m in MEASURES:
            r[m] = r[m] or 0
        r["pass_rate"] = round(r["passed"] / r["results"], 4) if r["results"] else None
    return rows


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def dashboard(actor: User, scope: DashboardScope) -> dict[str, Any]:
    """Totals and breakdowns by month, league or institution, occupation and level, and live alerts."""
    first, last = date(scope.year, 1, 1), date(scope.year, 12, 31)
    cert_range = {"issued_from": first.isoformat(), "issued_to": last.isoformat()}
    league_code = scope.league.code if scope.league else None
    if scope.institution is not None:
        base: Any = InstitutionMonth.objects.filter(institution=scope.institution, month__gte=first, month__lte=last)
    else:
        base = LeagueMonth.objects.restrict(actor, "view").filter(month__gte=first, month__lte=last)
        if scope.league is not None:
            base = base.filter(league=scope.league)
    totals = _totals(_sums(base))
    by_month = {r["month"].month: r for r in _sums(base, "month")}
    months = []
    for m in range(1, 13):
        row = by_month.get(m, dict.fromkeys(MEASURES, 0) | {"pass_rate": None})
        month_first = date(scope.year, m, 1)
        month_last = date(scope.year + (m == 12), m % 12 + 1, 1).toordinal() - 1
        months.append(
            {
                "month": f"{scope.year}-{m:02d}",
                **{k: row[k] for k in (*MEASURES, "pass_rate")},
                "url": _url(
                    "certificates:list",
                    league=league_code,
                    issued_from=month_first.isoformat(),
                    issued_to=date.fromordinal(month_last).isoformat(),
                ),
            }
        )
    occupations = sorted(_sums(base, "occupation_id"), key=lambda r: -r["certificates"])[:10]
    occ_names = {o.pk: o for o in Occupation.objects.filter(pk__in=[r["occupation_id"] for r in occupations])}
    by_occupation = [
        {
            "occupation": occ_names[r["occupation_id"]].name
            if r["occupation_id"] in occ_names
            else str(r["occupation_id"]),
            "code": occ_names[r["occupation_id"]].code if r["occupation_id"] in occ_names else "",
            **{k: r[k] for k in (*MEASURES, "pass_rate")},
            "url": _url(
                "certificates:list",
                league=league_code,
                occupation=occ_names[r["occupation_id"]].code if r["occupation_id"] in occ_names else "",
                **cert_range,
            ),
        }
        for r in occupations
    ]
    by_level = [
        {
            "level": r["level"],
            "label": level_label(r["level"]),
            **{k: r[k] for k in (*MEASURES, "pass_rate")},
            "url": _url("certificates:list", league=league_code, level=r["level"], **cert_range),
        }
        for r in _sums(base.exclude(level=0), "level")
    ]
    result: dict[str, Any] = {
        "scope": {
            "level": scope.level,
            "year": scope.year,
            "title": scope.title,
            "league": league_code,
            "institution": scope.institution.pk if scope.institution else None,
        },
        "totals": totals,
        "by_month": months,
        "by_occupation": by_occupation,
        "by_level": by_level,
    }
    if scope.level == "region":
        leagues = {j.pk: j for j in Jurisdiction.objects.filter(level="league")}
        result["by_league"] = [
            {
                "league": leagues[r["league_id"]].name,
                "code": leagues[r["league_id"]].code,
                **{k: r[k] for k in (*MEASURES, "pass_rate")},
                "url": _url("certificates:list", league=leagues[r["league_id"]].code, **cert_range),
                "dashboard_url": _url("supervision:dashboard", league=leagues[r["league_id"]].code, year=scope.year),
            }
            for r in _sums(base, "league_id")
            if r["league_id"] in leagues
        ]
    if scope.level == "league":
        rows = _sums(
            InstitutionMonth.objects.filter(league=scope.league, month__gte=first, month__lte=last), "institution_id"
        )
        rows = sorted(rows, key=lambda r: -r["certificates"])[:20]
        names = dict(
            Institution.objects.filter(pk__in=[r["institution_id"] for r in rows]).values_list("pk", "filed_name")
        )
        result["by_institution"] = [
            {
                "institution": names.get(r["institution_id"], ""),
                "id": r["institution_id"],
                **{k: r[k] for k in (*MEASURES, "pass_rate")},
                "url": _url("supervision:dashboard", institution=r["institution_id"], year=scope.year),
            }
            for r in rows
        ]
    alerts = live_alert_counts(actor)
    if scope.institution is not None or scope.league is not None:
        from skillcert.supervision.models import Alert

        narrowed = Alert.objects.restrict(actor, "view").filter(status__in=["open", "acknowledged"])
        narrowed = (
            narrowed.filter(institution=scope.institution)
            if scope.institution is not None
            else narrowed.filter(jurisdiction=scope.league)
        )
        from django.db.models import Count

        alerts = {r["kind"]: r["n"] for r in narrowed.values("kind").annotate(n=Count("id")).order_by()}
    result["alerts"] = [
        {
            "kind": kind,
            "label": kind_label(kind),
            "count": n,
            "url": _url(
                "supervision:inbox",
                kind=kind,
                status="live",
                league=league_code,
                institution=scope.institution.pk if scope.institution else None,
            ),
        }
        for kind, n in sorted(alerts.items(), key=lambda kv: -kv[1])
    ]
    result["totals"]["live_alerts"] = sum(alerts.values())
    return result
