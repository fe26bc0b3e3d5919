"""Alerts as data: one row per kind, subject and period, with its evidence and history (R-SUP-2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.supervision.choices import AlertStatus, ScanStatus, Severity

VIEW_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
HANDLE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK})

ALERT_POLICY = ScopePolicy(
    organisation="institution__organisation",
    jurisdiction="jurisdiction",
    roles={"view": VIEW_ROLES, "handle": HANDLE_ROLES},
)
"""Region staff see every alert, a league its jurisdiction's, an institution the alerts about itself.
Handling (acknowledge, resolve, dismiss) is for authority staff only; the services check that too."""


class Alert(BaseModel):
    """One automatic alert with its evidence, first/last seen times and handling (R-SUP-2)."""

    kind = models.CharField(_("预警类型"), max_length=80, db_index=True)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    subject_type = models.CharField(_("对象类型"), max_length=80)
    subject_id = models.BigIntegerField(_("对象ID"))
    subject_label = models.CharField(_("对象"), max_length=300)
    period = models.CharField(_("期间"), max_length=60, blank=True, default="")
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("所属辖区"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("评价机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.JSONField(_("证据"), default=dict, blank=True)
    observed_on = models.DateField(_("事实日期"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("首次发现"))
    last_seen_at = models.DateTimeField(_("最近发现"))
    status = models.CharField(
        _("状态"), max_length=15, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    status_reason = models.TextField(_("处理说明"), blank=True)
    status_changed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    scope_policy = ALERT_POLICY

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "period"], name="supervision_alert_one_per_subject"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "jurisdiction", "kind"]),
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["-last_seen_at", "-id"], name="supervision_alert_inbox"),
            models.Index(fields=["jurisdiction", "-last_seen_at", "-id"], name="supervision_alert_league_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}：{self.subject_label}"

    @property
    def kind_label(self) -> str:
        from skillcert.supervision.registry import kind_label

        return kind_label(self.kind)

    @property
    def is_live(self) -> bool:
        return self.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


class ScanRun(models.Model):
    """One run of one rule: when, over what window, and what it changed (R-SUP-2)."""

    kind = models.CharField(_("预警类型"), max_length=80, db_index=True)
    trigger = models.CharField(_("触发方式"), max_length=20, default="scan")
    since = models.DateField(_("起始日期"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.RUNNING)
    found = models.PositiveIntegerField(_("发现"), default=0)
    raised = models.PositiveIntegerField(_("新增"), default=0)
    reopened = models.PositiveIntegerField(_("重新出现"), default=0)
    refreshed = models.PositiveIntegerField(_("更新"), default=0)
    resolved = models.PositiveIntegerField(_("自动解除"), default=0)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("预警扫描")
        verbose_name_plural = _("预警扫描")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
