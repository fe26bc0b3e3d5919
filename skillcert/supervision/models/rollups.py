"""Rollup tables behind the dashboards, kept current by scans and by events (R-SUP-1).

A dashboard reads these small tables, never the certificate or registration tables, so its
cost follows the number of leagues, occupations, levels and months, not the number of
certificates. `InstitutionMonth` holds one row per institution, month, occupation and level;
`LeagueMonth` the same figures summed per league, which is what the region and league
dashboards read. Months are the first day of the month of each event: plans by filing,
candidates by the plan's first exam day, results by decision, certificates by issue.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction
from skillcert.core.scoping import RestrictedQuerySet, ScopePolicy
from skillcert.supervision.models.alerts import VIEW_ROLES


class Figures(models.Model):
    """The measures both rollups share."""

    month = models.DateField(_("月份"))
    occupation_id = models.BigIntegerField(_("职业"))
    level = models.PositiveSmallIntegerField(_("等级"))
    plans = models.PositiveIntegerField(_("报备计划"), default=0)
    candidates = models.PositiveIntegerField(_("考生"), default=0)
    results = models.PositiveIntegerField(_("评定人数"), default=0)
    passed = models.PositiveIntegerField(_("合格人数"), default=0)
    certificates = models.PositiveIntegerField(_("发证数"), default=0)

    class Meta:
        abstract = True


class LeagueMonth(Figures):
    """A league's figures for one month, occupation and level (R-SUP-1)."""

    league = models.ForeignKey(Jurisdiction, verbose_name=_("盟市"), on_delete=models.CASCADE, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_policy = ScopePolicy(jurisdiction="league", roles={"view": VIEW_ROLES})

    class Meta:
        verbose_name = _("盟市月度汇总")
        verbose_name_plural = _("盟市月度汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["league", "month", "occupation_id", "level"], name="supervision_league_month"
            )
        ]
        indexes = [models.Index(fields=["month", "league"])]

    def __str__(self) -> str:
        return f"{self.league_id} {self.month:%Y-%m} {self.occupation_id}/{self.level}"


class InstitutionMonth(Figures):
    """An institution's figures for one month, occupation and level (R-SUP-1)."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="+"
    )
    league = models.ForeignKey(Jurisdiction, verbose_name=_("盟市"), on_delete=models.CASCADE, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_policy = ScopePolicy(
        organisation="institution__organisation", jurisdiction="league", roles={"view": VIEW_ROLES}
    )

    class Meta:
        verbose_name = _("机构月度汇总")
        verbose_name_plural = _("机构月度汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "league", "month", "occupation_id", "level"],
                name="supervision_institution_month",
            )
        ]
        indexes = [models.Index(fields=["league", "month"]), models.Index(fields=["month", "occupation_id", "level"])]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.month:%Y-%m} {self.occupation_id}/{self.level}"
