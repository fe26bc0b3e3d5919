"""Sanctions on institutions and inactivity cases (R-SUP-6, seed §5(五))."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Organisation
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.sanctions.choices import FollowUpResult, InactivityStatus, Kind, ProposalStatus, Status

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
HANDLER_ROLES = frozenset({Role.MANAGER, Role.CLERK})

SANCTION_POLICY = ScopePolicy(
    organisation="institution__organisation",
    jurisdiction="institution__visible_in",
    roles={"view": OFFICE_ROLES, "change": HANDLER_ROLES, "state": HANDLER_ROLES},
)
"""Authorities see the sanctions of the institutions they supervise; an institution its own, to answer."""

PROPOSAL_POLICY = ScopePolicy(
    jurisdiction="league",
    roles={"view": OFFICE_ROLES, "decide": HANDLER_ROLES},
)
"""A 处理建议 is the authorities' own deliberation: the region sees every one, a league's offices those
routed to their league; the institution learns of the measure once it is made."""


class Sanction(BaseModel):
    """One measure against an institution: 通报批评, 限期整改, suspension or 取消评价资质 (R-SUP-6)."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField(_("处理类别"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, db_index=True)
    grounds = models.TextField(_("事实与依据"))
    authority = models.ForeignKey(Organisation, verbose_name=_("决定机关"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("由此提出"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("整改不到位时据以提出暂停或取消的限期整改"),
    )
    # 通报批评
    publish_from = models.DateField(_("公布起始日"), null=True, blank=True)
    publish_until = models.DateField(_("公布截止日"), null=True, blank=True)
    # 限期整改
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    follow_up_result = models.CharField(_("复查结果"), max_length=16, choices=FollowUpResult.choices, blank=True)
    follow_up_on = models.DateField(_("复查日期"), null=True, blank=True)
    follow_up_early = models.BooleanField(_("提前复查"), default=False)
    follow_up_note = models.TextField(_("复查情况"), blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 暂停评价 / 取消评价资质
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    statement_due = models.DateField(_("陈述申辩截止日"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    statement_at = models.DateTimeField(_("陈述申辩时间"), null=True, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("拟定时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    approval_note = models.TextField(_("复核意见"), blank=True)

    scope_policy = SANCTION_POLICY

    class Meta:
        verbose_name = _("机构处理")
        verbose_name_plural = _("机构处理")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()}"

    def is_published_on(self, day: datetime.date | None = None) -> bool:
        """A 通报批评 is on the portal between its publication dates."""
        day = day or timezone.localdate()
        return (
            self.kind == Kind.CRITICISM
            and self.publish_from is not None
            and self.publish_from <= day
            and (self.publish_until is None or day <= self.publish_until)
        )

    def follow_up_missed(self, day: datetime.date | None = None) -> bool:
        """The follow-up of a 限期整改 fell due on the deadline and nobody recorded it."""
        day = day or timezone.localdate()
        return (
            self.kind == Kind.RECTIFICATION
            and self.status == Status.OPEN
            and self.deadline is not None
            and day > self.deadline
        )

    def statement_window_open(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.status == Status.PROPOSED and self.statement_due is not None and day <= self.statement_due


class InactivityCase(BaseModel):
    """An institution without a session or certificate for the inactivity period, asked to explain (R-SUP-6)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("评价机构"),
        on_delete=models.PROTECT,
        related_name="inactivity_cases",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=InactivityStatus.choices, default=InactivityStatus.REQUESTED, db_index=True
    )
    last_activity_on = models.DateField(_("最近认定活动日"))
    requested_on = models.DateField(_("要求说明日期"))
    explain_by = models.DateField(_("说明期限"))
    request_text = models.TextField(_("要求说明的内容"))
    explanation = models.TextField(_("机构说明"), blank=True)
    explained_at = models.DateTimeField(_("说明时间"), null=True, blank=True)
    decision_note = models.TextField(_("认定意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    suspended_from = models.DateField(_("计时中止起"), null=True, blank=True)
    suspended_until = models.DateField(_("计时中止至"), null=True, blank=True)
    exit_sanction = models.ForeignKey(
        Sanction, verbose_name=_("退出决定"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(Organisation, verbose_name=_("监管机关"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = SANCTION_POLICY

    class Meta:
        verbose_name = _("未开展认定情况核查")
        verbose_name_plural = _("未开展认定情况核查")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.requested_on}"


class Proposal(BaseModel):
    """A 处理建议 (sanction proposal) an inspection concluded with: the measure proposed against the
    institution and its grounds, routed to the bureau of the institution's league, which accepts it by
    starting the measure through the sanctions services, or declines it with grounds (R-SUP-4, R-SUP-6)."""

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("评价机构"),
        on_delete=models.PROTECT,
        related_name="sanction_proposals",
    )
    league = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("决定盟市"), on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.OneToOneField(
        "inspections.Inspection",
        verbose_name=_("双随机检查"),
        on_delete=models.PROTECT,
        related_name="sanction_proposal",
    )
    measure = models.CharField(_("建议处理类别"), max_length=20, choices=Kind.choices)
    grounds = models.TextField(_("事实与依据（检查发现）"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.TextField(_("决定意见"), blank=True)
    sanction = models.OneToOneField(
        Sanction,
        verbose_name=_("据此作出的处理"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_proposal",
    )

    scope_policy = PROPOSAL_POLICY

    class Meta:
        verbose_name = _("处理建议")
        verbose_name_plural = _("处理建议")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["league", "status"], name="sanctions_proposal_queue")]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_measure_display()}"
