"""Reads of the reports app, scoped to the actor (R-REP-1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Actor, Visitor
from skillcert.reports.choices import SummaryStatus
from skillcert.reports.models import AnnualSummary
from skillcert.reports.services import deadline_for
from skillcert.reports.statistics import compile_statistics


def summaries_visible_to(actor: Visitor) -> QuerySet[AnnualSummary]:
    return AnnualSummary.objects.restrict(actor, "view").select_related("league", "submitted_by")


@dataclass
class LeagueStatus:
    league: Jurisdiction
    summary: AnnualSummary | None
    deadline: date
    late: bool

    @property
    def status_label(self) -> str:
        return self.summary.get_status_display() if self.summary else gettext("未建立")


def status_board(actor: Actor, year: int, *, today: date | None = None) -> list[LeagueStatus]:
    """Every league in the actor's reach with its summary's status for the year; late ones marked (R-REP-1).

    Late: submitted after the deadline, or not submitted while the deadline has passed.
    """
    today = today or timezone.localdate()
    deadline = deadline_for(year)
    summaries = {s.league_id: s for s in summaries_visible_to(actor).filter(year=year)}
    leagues = Jurisdiction.objects.filter(level=JurisdictionLevel.LEAGUE).order_by("sort_order", "code")
    level = getattr(getattr(actor, "organisation", None), "scope_level", None)
    if not actor.is_superuser and level != "region":
        leagues = leagues.filter(pk=actor.organisation.jurisdiction_id)
    rows = []
    for league in leagues:
        summary = summaries.get(league.pk)
        submitted = summary is not None and summary.status in (SummaryStatus.SUBMITTED, SummaryStatus.ACCEPTED)
        if summary is not None and summary.submitted_at is not None and summary.submitted_late:
            late = True
        else:
            late = not submitted and today > (summary.deadline if summary else deadline)
        rows.append(LeagueStatus(league, summary, summary.deadline if summary else deadline, late))
    return rows


def region_rollup(actor: Visitor, year: int) -> dict[str, Any]:
    """The region-wide statistics of the year, compiled over every league (R-REP-1)."""
    return compile_statistics(actor=actor, league=None, year=year)
