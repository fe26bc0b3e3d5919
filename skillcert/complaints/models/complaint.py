"""A complaint or media report, its history, investigation records and attachments (R-SUP-5)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.complaints.choices import OPEN_STATUSES, Outcome, Source, Status, StepKind, SubjectKind
from skillcert.core.fields import EncryptedTextField
from skillcert.core.masking import mask_mobile, mask_name
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
HANDLER_ROLES = frozenset({Role.MANAGER, Role.CLERK})


def complaint_policy(path: str = "") -> ScopePolicy:
    """Complaints belong to the jurisdiction that handles them; institutions never see them."""
    prefix = f"{path}__" if path else ""
    return ScopePolicy(
        jurisdiction=f"{prefix}jurisdiction",
        roles={"view": OFFICE_ROLES, "change": HANDLER_ROLES, "reveal": HANDLER_ROLES},
    )


COMPLAINT_POLICY = complaint_policy()


class Complaint(BaseModel):
    """A complaint or media report about certification, with its tracking code and deadlines (R-SUP-5)."""

    tracking_code = models.CharField(_("查询码"), max_length=24, unique=True)
    secret_hash = models.CharField(_("查询密码（散列）"), max_length=128)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    source_detail = models.CharField(
        _("来源说明"), max_length=300, blank=True, help_text=_("媒体名称、报道标题或链接，来电来信人等")
    )
    subject_kind = models.CharField(_("投诉对象类别"), max_length=12, choices=SubjectKind.choices)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("评价机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    subject_reference = models.CharField(_("证书编号、计划编号或人员"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=100)
    facts = models.TextField(_("事实与理由"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    contact_name = EncryptedTextField(_("联系人姓名"), blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    contact_email = EncryptedTextField(_("电子邮箱"), blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("办理辖区"), on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(Organisation, verbose_name=_("办理机关"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    received_on = models.DateField(_("收到日期"))
    accept_due = models.DateField(_("受理期限"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    conclude_due = models.DateField(_("办结期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    not_accepted_reason = models.TextField(_("不予受理理由"), blank=True)
    outcome = models.CharField(_("办理结果"), max_length=12, choices=Outcome.choices, blank=True)
    public_outcome_text = models.TextField(_("答复投诉人的办理结果"), blank=True)
    internal_conclusion = models.TextField(_("内部办理意见"), blank=True)
    referred_to = models.CharField(_("移交部门"), max_length=200, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    sanction = models.ForeignKey(
        "sanctions.Sanction",
        verbose_name=_("据此作出的处理"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_policy = COMPLAINT_POLICY

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def current_due(self) -> datetime.date | None:
        """The deadline in force: acceptance while received, conclusion while investigating."""
        if self.status == Status.RECEIVED:
            return self.accept_due
        if self.status == Status.INVESTIGATING:
            return self.conclude_due
        return None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        due = self.current_due
        return due is not None and (today or timezone.localdate()) > due

    @property
    def contact_name_masked(self) -> str:
        return mask_name(self.contact_name)

    @property
    def contact_phone_masked(self) -> str:
        return mask_mobile(self.contact_phone)

    @property
    def contact_email_masked(self) -> str:
        email = self.contact_email or ""
        if "@" not in email:
            return "*" * len(email)
        local, domain = email.split("@", 1)
        return (local[:1] + "***@" + domain) if local else "***@" + domain


class Step(BaseModel):
    """One step of a complaint's history; a transfer adds a step and keeps every earlier one (R-SUP-5)."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("投诉举报"), on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=16, choices=StepKind.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("转出辖区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("转入辖区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明（内部）"), blank=True)

    scope_policy = complaint_policy("complaint")

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.get_kind_display()}"


class InvestigationRecord(BaseModel):
    """Evidence and notes gathered while investigating a complaint (R-SUP-5)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉举报"), on_delete=models.CASCADE, related_name="investigations"
    )
    recorded_on = models.DateField(_("调查日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("调查方式"), max_length=100, help_text=_("如：现场核查、调阅档案、询问当事人"))
    notes = models.TextField(_("调查情况（内部）"))

    scope_policy = complaint_policy("complaint")

    class Meta:
        verbose_name = _("调查记录")
        verbose_name_plural = _("调查记录")
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.recorded_on} {self.method}"


class Attachment(BaseModel):
    """A file sent with a complaint or gathered as evidence, type- and size-checked (R-SUP-5)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉举报"), on_delete=models.CASCADE, related_name="attachments"
    )
    investigation = models.ForeignKey(
        InvestigationRecord,
        verbose_name=_("调查记录"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to="complaints/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    scope_policy = complaint_policy("complaint")

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


__all__ = ["Attachment", "Complaint", "InvestigationRecord", "Outcome", "Step"]
