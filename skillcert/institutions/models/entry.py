"""How an institution enters: 征集 → 遴选 → 评估 → 备案 → 公布 (2024 办法 art. 3; R-INS-2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Organisation, User
from skillcert.catalog.models import Occupation
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.institutions.choices import EntryStage, StageOutcome
from skillcert.institutions.models.filings import FilingApplication
from skillcert.institutions.models.policies import APPLICATION_POLICY, EDIT_ROLES, OFFICE_ROLES

CALL_POLICY = ScopePolicy(
    organisation="authority",
    jurisdiction="authority__jurisdiction",
    roles={"view": OFFICE_ROLES, "change": EDIT_ROLES},
)
"""A call belongs to the authority that runs it; its league sees it; the public reads published calls
through the public selector."""


class SelectionCall(BaseModel):
    """征集: a call for applications with a period, the institution types and occupations wanted."""

    reference = models.CharField(_("征集编号"), max_length=30, unique=True)
    authority = models.ForeignKey(Organisation, verbose_name=_("征集机关"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("征集公告标题"), max_length=200)
    description = models.TextField(_("征集条件与说明"), blank=True)
    opens_on = models.DateField(_("征集开始日期"))
    closes_on = models.DateField(_("征集截止日期"))
    institution_types = models.JSONField(_("征集的机构类型"), default=list, blank=True)
    occupations = models.ManyToManyField(
        Occupation, verbose_name=_("征集的职业"), blank=True, related_name="selection_calls"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = CALL_POLICY

    class Meta:
        verbose_name = _("征集公告")
        verbose_name_plural = _("征集公告")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


ENTRY_RECORD_POLICY = ScopePolicy(
    organisation="application__organisation",
    jurisdiction="application__area",
    roles=APPLICATION_POLICY.roles,
)


class EntryStageRecord(BaseModel):
    """The decision at one entry stage of an application: 遴选, 评估 or 公布, with criteria and findings."""

    application = models.ForeignKey(
        FilingApplication, verbose_name=_("备案申请"), on_delete=models.PROTECT, related_name="stage_records"
    )
    stage = models.CharField(_("环节"), max_length=20, choices=EntryStage.choices)
    outcome = models.CharField(_("结果"), max_length=10, choices=StageOutcome.choices)
    call = models.ForeignKey(
        SelectionCall, verbose_name=_("征集公告"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    criteria = models.TextField(_("遴选标准"), blank=True)
    findings = models.TextField(_("结果与意见"))
    decided_by = models.ForeignKey(
        User, verbose_name=_("决定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"))

    scope_policy = ENTRY_RECORD_POLICY

    class Meta:
        verbose_name = _("准入环节记录")
        verbose_name_plural = _("准入环节记录")
        ordering = ["application", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "stage"], name="institutions_one_record_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.get_stage_display()} {self.get_outcome_display()}"
