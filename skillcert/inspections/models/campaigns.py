"""双随机、一公开: campaigns, their publicly verifiable draws, inspections and published
results (R-SUP-4, R-SUP-10, R-PUB-1)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.core.fields import EncryptedTextField
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.inspections.choices import CampaignStatus, InspectionStatus, Method, Outcome
from skillcert.inspections.models.policies import CAMPAIGN_POLICY, INSPECTION_POLICY, OFFICE_ROLES


class Campaign(BaseModel):
    """A 双随机、一公开 inspection campaign of the region or a league bureau (R-SUP-4, R-SUP-10)."""

    number = models.CharField(_("任务编号"), max_length=40, unique=True)
    title = models.CharField(_("任务名称"), max_length=200)
    organiser = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("组织单位辖区"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("检查期间自"))
    period_end = models.DateField(_("检查期间至"))
    records_from = models.DateField(_("调阅资料起始日期"))
    records_to = models.DateField(_("调阅资料截止日期"))
    leagues = models.ManyToManyField("accounts.Jurisdiction", verbose_name=_("检查范围（盟市）"), related_name="+")
    institution_types = models.JSONField(_("检查范围（机构类型）"), default=list)
    method = models.CharField(_("检查方式"), max_length=20, choices=Method.choices)
    partner_departments = models.CharField(_("会同部门"), max_length=300, blank=True)
    sampling_percent = models.DecimalField(
        _("抽取比例（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    inspectors_per_inspection = models.PositiveSmallIntegerField(_("每家检查人员数"))
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    pool = models.JSONField(_("候选机构池"), default=list, blank=True)
    strata = models.JSONField(_("分层（盟市）及抽取数"), default=list, blank=True)
    seed_commitment = models.CharField(_("种子承诺（SHA-256）"), max_length=64, blank=True)
    sealed_seed = EncryptedTextField(_("密封的随机种子"), blank=True, default="")
    seed = models.CharField(_("随机种子"), max_length=128, blank=True)
    pool_published_at = models.DateTimeField(_("候选池公布时间"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    sample = models.JSONField(_("抽取结果"), default=list, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("创建人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = CAMPAIGN_POLICY

    class Meta:
        verbose_name = _("双随机检查任务")
        verbose_name_plural = _("双随机检查任务")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="inspections_campaign_period"
            ),
            models.CheckConstraint(
                condition=models.Q(records_to__gte=models.F("records_from")), name="inspections_campaign_records"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status != CampaignStatus.DRAFT


class Inspection(BaseModel):
    """One drawn institution's inspection: inspectors, checklist, findings, outcome (R-SUP-4)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("检查任务"), on_delete=models.PROTECT, related_name="inspections"
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("分层（盟市）"), on_delete=models.PROTECT, related_name="+"
    )
    draw_order = models.PositiveIntegerField(_("抽取顺序"))
    inspector_draw = models.JSONField(_("检查人员抽取记录"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.DRAWN, db_index=True
    )
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    checklist = models.JSONField(_("检查项"), default=dict, blank=True)
    findings = models.TextField(_("检查发现"), blank=True)
    outcome = models.CharField(_("检查结论"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("结论说明"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    publish_due_on = models.DateField(_("结果公开截止日期"), null=True, blank=True)

    scope_policy = INSPECTION_POLICY

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["campaign", "draw_order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "institution"], name="inspections_once_per_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.number} {self.institution.filed_name}"

    def deciding_league(self) -> Any:
        """The league whose bureau decides what this inspection proposes (a rectification order or a
        sanction): the institution's league, or the stratum it was drawn from for a region-level
        institution; the region decides in any league (R-SUP-3, R-SUP-6)."""
        jurisdiction = self.institution.organisation.jurisdiction
        return jurisdiction if jurisdiction.level == "league" else self.stratum


class InspectionInspector(BaseModel):
    """An inspector drawn for an inspection (R-SUP-4, R-PER-3)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="inspectors"
    )
    person = models.ForeignKey(
        "personnel.Person", verbose_name=_("检查人员"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("抽中顺序"))

    scope_policy = ScopePolicy(
        organisation="inspection__institution__organisation",
        jurisdiction="inspection__campaign__jurisdiction",
        roles={"view": OFFICE_ROLES},
    )

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员")
        ordering = ["inspection", "order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "person"], name="inspections_inspector_once")]

    def __str__(self) -> str:
        return f"{self.inspection} {self.person.name}"


class ResultVersion(BaseModel):
    """One published version of a campaign's results; a correction adds a version with its note (R-SUP-4, R-PUB-1)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("检查任务"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    results = models.JSONField(_("检查结果"))
    correction_note = models.TextField(_("更正说明"), blank=True)
    published_at = models.DateTimeField(_("公开时间"))
    published_by = models.ForeignKey(
        "accounts.User", verbose_name=_("公开人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = ScopePolicy(jurisdiction="campaign__jurisdiction", roles={"view": OFFICE_ROLES})

    class Meta:
        verbose_name = _("检查结果公开版本")
        verbose_name_plural = _("检查结果公开版本")
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="inspections_version_unique")]

    def __str__(self) -> str:
        return gettext("%(number)s 第%(number2)s版") % {"number": self.campaign.number, "number2": self.number}
