"""The statistics of an annual summary, compiled from the platform for one league or the region (R-REP-1).

Everything here is aggregate SQL: the cost follows the number of occupations, levels and
statuses, not the number of candidates or certificates.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Visitor

OVERSIGHT_APPS = ("supervision", "inspections", "complaints", "sanctions")
"""Apps whose records are counted per league and year when their models carry a jurisdiction."""


def _league_q(path: str, league: Jurisdiction | None) -> Q:
    return Q() if league is None else Q(**{path: league})


def institutions(league: Jurisdiction | None) -> list[dict[str, Any]]:
    from skillcert.institutions.choices import InstitutionStatus, InstitutionType
    from skillcert.institutions.models import Institution

    rows = (
        Institution.objects.filter(_league_q("area", league))
        .order_by()
        .values("type", "status")
        .annotate(n=Count("id"))
        .order_by("type", "status")
    )
    return [
        {
            "type": str(InstitutionType(r["type"]).label),
            "status": str(InstitutionStatus(r["status"]).label),
            "count": r["n"],
        }
        for r in rows
    ]


def plans(league: Jurisdiction | None, year: int) -> list[dict[str, Any]]:
    from skillcert.catalog.choices import level_label
    from skillcert.exams.choices import RegistrationStatus
    from skillcert.exams.models import Registration

    regs = Registration.objects.filter(_league_q("plan__league", league), plan__first_session_on__year=year)
    rows = (
        regs.order_by()
        .values("plan__occupation__code", "plan__occupation__name", "level")
        .annotate(
            plans=Count("plan", distinct=True),
            candidates=Count("id", filter=Q(status=RegistrationStatus.APPROVED)),
            results=Count("result"),
            passed=Count("result", filter=Q(result__passed=True)),
        )
        .order_by("plan__occupation__code", "-level")
    )
    out = []
    for r in rows:
        rate = round(r["passed"] * 100 / r["results"], 1) if r["results"] else None
        out.append(
            {
                "occupation": f"{r['plan__occupation__code']} {r['plan__occupation__name']}",
                "level": level_label(r["level"]),
                "plans": r["plans"],
                "candidates": r["candidates"],
                "results": r["results"],
                "passed": r["passed"],
                "pass_rate": rate,
            }
        )
    return out


def certificates(league: Jurisdiction | None, year: int) -> list[dict[str, Any]]:
    from skillcert.catalog.choices import level_label
    from skillcert.certificates.choices import CertificateStatus
    from skillcert.certificates.models import Certificate

    rows = (
        Certificate.objects.filter(_league_q("league", league), issued_on__year=year)
        .order_by()
        .values("level", "status")
        .annotate(n=Count("id"))
        .order_by("-level", "status")
    )
    return [
        {"level": level_label(r["level"]), "status": str(CertificateStatus(r["status"]).label), "count": r["n"]}
        for r in rows
    ]


def oversight(league: Jurisdiction | None, year: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Supervision, inspection, complaint and sanction records of the year; apps without such records are named."""
    from skillcert.personnel.models import StaffSanction, StaffViolation

    rows: list[dict[str, Any]] = []
    absent: list[str] = []
    for label in OVERSIGHT_APPS:
        config = apps.get_app_config(label)
        counted = False
        for model in config.get_models():
            names = {f.name for f in model._meta.get_fields()}
            path = next((p for p in ("jurisdiction", "league") if p in names), None)
            if path is None or "created_at" not in names:
                continue
            counted = True
            n = model._default_manager.filter(_league_q(path, league), created_at__year=year).count()
            rows.append({"item": f"{config.verbose_name}：{model._meta.verbose_name}", "count": n})
        if not counted:
            absent.append(str(config.verbose_name))
    for model in (StaffViolation, StaffSanction):
        n = model.objects.filter(_league_q("person__jurisdiction", league), created_at__year=year).count()
        rows.append({"item": _("考评督导人员：%(what)s") % {"what": model._meta.verbose_name}, "count": n})
    return rows, absent


def workforce(actor: Visitor, league: Jurisdiction | None, year: int) -> list[dict[str, Any]]:
    from skillcert.personnel.selectors import workforce_summary, workforce_totals

    rows = workforce_summary(actor, year)
    if league is not None:
        rows = [r for r in rows if r.jurisdiction.pk == league.pk]
    return [
        {
            "group": t["label"],
            "headcount_target": t["headcount_target"],
            "actual": t["actual"],
            "trained_target": t["trained_target"],
            "trained": t["trained"],
        }
        for t in workforce_totals(rows)
    ]


def compile_statistics(*, actor: Visitor, league: Jurisdiction | None, year: int) -> dict[str, Any]:
    """All the figures of one league's year (or the region's, with `league=None`)."""
    oversight_rows, absent = oversight(league, year)
    return {
        "year": year,
        "league": league.name if league is not None else _("全区"),
        "institutions": institutions(league),
        "plans": plans(league, year),
        "certificates": certificates(league, year),
        "oversight": oversight_rows,
        "oversight_absent": absent,
        "workforce": workforce(actor, league, year),
    }
