"""Annual league summaries and their returns for revision (R-REP-1)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction, User
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.reports.choices import SummaryStatus

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
EDIT_ROLES = frozenset({Role.MANAGER, Role.CLERK})

SUMMARY_POLICY = ScopePolicy(
    jurisdiction="league",
    roles={"view": OFFICE_ROLES, "change": EDIT_ROLES, "review": EDIT_ROLES},
)
"""A league's authorities see and write their own summaries; the region sees and reviews all;
institutions see none."""


class AnnualSummary(BaseModel):
    """One league's summary of its year: statistics from the platform plus narrative (R-REP-1)."""

    league = models.ForeignKey(Jurisdiction, verbose_name=_("盟市"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT, db_index=True
    )
    deadline = models.DateField(_("报送截止日期"))
    statistics = models.JSONField(_("统计数据"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("统计时间"), null=True, blank=True)
    overview = models.TextField(_("工作概况"), blank=True)
    achievements = models.TextField(_("主要成效"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_year = models.TextField(_("下一年度工作计划"), blank=True)
    opened_by = models.ForeignKey(User, verbose_name=_("建立人"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_late = models.BooleanField(_("逾期报送"), default=False)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, verbose_name=_("接收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = SUMMARY_POLICY

    class Meta:
        verbose_name = _("年度工作总结")
        verbose_name_plural = _("年度工作总结")
        ordering = ["-year", "league__sort_order"]
        constraints = [models.UniqueConstraint(fields=["league", "year"], name="reports_one_summary_per_league_year")]

    def __str__(self) -> str:
        return gettext("%(name)s %(year)s年度工作总结") % {"name": self.league.name, "year": self.year}


class SummaryReturn(BaseModel):
    """The region centre returned a summary for revision, with comments (R-REP-1)."""

    summary = models.ForeignKey(
        AnnualSummary, verbose_name=_("年度总结"), on_delete=models.CASCADE, related_name="returns"
    )
    comments = models.TextField(_("修改意见"))
    returned_by = models.ForeignKey(User, verbose_name=_("退回人"), on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("退回时间"))

    scope_policy = ScopePolicy(jurisdiction="summary__league", roles={"view": OFFICE_ROLES})

    class Meta:
        verbose_name = _("总结退回意见")
        verbose_name_plural = _("总结退回意见")
        ordering = ["summary", "-returned_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(summary)s 退回 %(localtime)s") % {
            "summary": self.summary,
            "localtime": format(timezone.localtime(self.returned_at), "%Y-%m-%d"),
        }
