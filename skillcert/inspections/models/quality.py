"""On-site quality supervision: external supervisors' records and reports, internal
supervisors' records, and the rectification orders serious findings propose (R-SUP-3, R-SUP-9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.inspections.choices import Grade, OrderSource, OrderStatus, ReportStatus
from skillcert.inspections.models.policies import SESSION_RECORD_POLICY


class SupervisionReport(BaseModel):
    """An external supervisor's on-site record of one session and the report it becomes (R-SUP-3)."""

    session = models.ForeignKey(
        "exams.ExamSession", verbose_name=_("考试场次"), on_delete=models.PROTECT, related_name="supervision_reports"
    )
    supervisor = models.ForeignKey(
        "personnel.Person", verbose_name=_("外部质量督导员"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="+"
    )
    league = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("盟市"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    arrived_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    checklist = models.JSONField(_("督导检查项"), default=dict, blank=True)
    notes = models.TextField(_("督导记录"), blank=True)
    grade = models.CharField(_("发现问题等级"), max_length=10, choices=Grade.choices, default=Grade.NONE)
    findings = models.TextField(_("发现的问题"), blank=True)
    countersigned_by = models.CharField(_("机构签字人"), max_length=50, blank=True)
    countersigned_at = models.DateTimeField(_("机构签字时间"), null=True, blank=True)
    countersign_note = models.CharField(_("机构意见"), max_length=300, blank=True)
    due_on = models.DateField(_("报告截止日期"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_late = models.BooleanField(_("逾期提交"), default=False)

    scope_policy = SESSION_RECORD_POLICY

    class Meta:
        verbose_name = _("质量督导报告")
        verbose_name_plural = _("质量督导报告")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "supervisor"], name="inspections_one_report_per_supervisor")
        ]

    def __str__(self) -> str:
        return gettext("%(session)s 质量督导报告（%(name)s）") % {"session": self.session, "name": self.supervisor.name}


class SupervisionPhoto(BaseModel):
    """A photo taken on site, checked to be an image within the size limit (R-SUP-3)."""

    report = models.ForeignKey(
        SupervisionReport, verbose_name=_("督导报告"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to="inspections/photos/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    scope_policy = ScopePolicy(
        organisation="report__institution__organisation",
        jurisdiction="report__league",
        roles=SESSION_RECORD_POLICY.roles,
    )

    class Meta:
        verbose_name = _("督导照片")
        verbose_name_plural = _("督导照片")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name


class InternalRecord(BaseModel):
    """The institution's internal supervisor's record of a session they were assigned to (R-SUP-9)."""

    session = models.ForeignKey(
        "exams.ExamSession", verbose_name=_("考试场次"), on_delete=models.PROTECT, related_name="internal_records"
    )
    supervisor = models.ForeignKey(
        "personnel.Person", verbose_name=_("内部质量督导员"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="+"
    )
    league = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("盟市"), on_delete=models.PROTECT, related_name="+"
    )
    checklist = models.JSONField(_("督导检查项"), default=dict, blank=True)
    notes = models.TextField(_("督导记录"), blank=True)
    grade = models.CharField(_("发现问题等级"), max_length=10, choices=Grade.choices, default=Grade.NONE)
    findings = models.TextField(_("发现的问题"), blank=True)
    filed_at = models.DateTimeField(_("提交时间"))

    scope_policy = SESSION_RECORD_POLICY

    class Meta:
        verbose_name = _("内部质量督导记录")
        verbose_name_plural = _("内部质量督导记录")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "supervisor"], name="inspections_one_internal_record")
        ]

    def __str__(self) -> str:
        return gettext("%(session)s 内部督导记录（%(name)s）") % {"session": self.session, "name": self.supervisor.name}


class RectificationOrder(BaseModel):
    """A rectification order proposed by a serious finding or an inspection, issued by the league bureau as
    a sanctions 限期整改 (deadline, follow-up check, proposal when not rectified), or declined with grounds
    (R-SUP-3, R-SUP-6)."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="+"
    )
    league = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("盟市"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=20, choices=OrderSource.choices)
    report = models.OneToOneField(
        SupervisionReport,
        verbose_name=_("督导报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    inspection = models.OneToOneField(
        "inspections.Inspection",
        verbose_name=_("检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    proposal = models.TextField(_("整改建议"))
    status = models.CharField(
        _("状态"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("决定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    grounds = models.TextField(_("决定依据"), blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    follow_up_on = models.DateField(_("复查日期"), null=True, blank=True)
    status_change = models.ForeignKey(
        "institutions.StatusChange",
        verbose_name=_("机构状态变更"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sanction = models.OneToOneField(
        "sanctions.Sanction",
        verbose_name=_("限期整改处理"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_order",
        help_text=_("下达时建立的限期整改；复查、到期提醒和整改不到位的处理按机构处理流程办理"),
    )
    follow_up_note = models.TextField(_("复查意见"), blank=True)
    followed_up_at = models.DateTimeField(_("复查时间"), null=True, blank=True)

    scope_policy = SESSION_RECORD_POLICY

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(filed_name)s 整改（%(get_status_display)s）") % {
            "filed_name": self.institution.filed_name,
            "get_status_display": self.get_status_display(),
        }

    @property
    def awaiting_follow_up(self) -> bool:
        """Issued, and the 限期整改 it became has no follow-up yet (recorded here or on the sanctions page)."""
        from skillcert.sanctions.choices import Status

        return self.status == OrderStatus.ISSUED and (self.sanction is None or self.sanction.status == Status.OPEN)
