"""Workbench rollups (issue #16, R-SUP-1, R-X-5): the tiles over the big tables read these, never the tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction
from skillcert.certificates.models import OFFICE_ROLES
from skillcert.core.scoping import RestrictedQuerySet, ScopePolicy
from skillcert.institutions.models import Institution


class CertificateTally(models.Model):
    """Certificates by institution, league, publicity end, exported and voided, as of the last refresh.

    One row per distinct combination (about one per plan), so the workbench sums a few thousand
    rows whatever the number of certificates. Scoped as the certificates are (R-ORG-2). Kept
    current by the certificate services in the transaction of each write (`portal.rollups.tally`);
    rebuilt from the table nightly and after bulk loads.
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    league = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    publicity_ended_on = models.DateField(_("公示截止日期"))
    exported = models.BooleanField(_("已上报"))
    voided = models.BooleanField(_("已作废"))
    certificates = models.PositiveIntegerField(_("证书数"))

    objects = RestrictedQuerySet.as_manager()
    scope_policy = ScopePolicy(
        organisation="institution__organisation", jurisdiction="league", roles={"view": OFFICE_ROLES}
    )

    class Meta:
        verbose_name = _("证书汇总")
        verbose_name_plural = _("证书汇总")
        constraints = [
            # One row per combination: the services add to it in the transaction of each write.
            models.UniqueConstraint(
                fields=["institution", "league", "publicity_ended_on", "exported", "voided"],
                name="portal_tally_one_row_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.league_id}/{self.publicity_ended_on}: {self.certificates}"


class RollupClock(models.Model):
    """When each rollup was last rebuilt: the workbench shows it next to the figures."""

    name = models.CharField(_("汇总"), max_length=40, unique=True)
    as_of = models.DateTimeField(_("统计截至"))

    class Meta:
        verbose_name = _("汇总时间")
        verbose_name_plural = _("汇总时间")

    def __str__(self) -> str:
        return f"{self.name}@{self.as_of:%Y-%m-%d %H:%M}"
