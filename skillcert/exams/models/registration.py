"""Candidates, registrations, evidence files and roster imports (R-EXAM-3, R-EXAM-4, R-X-3)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Organisation, User
from skillcert.catalog.choices import Level, level_label
from skillcert.core.fields import BlindIndexField, EncryptedTextField
from skillcert.core.jobs import is_stale
from skillcert.core.masking import mask_id_number, mask_mobile
from skillcert.core.models import BaseModel
from skillcert.core.scoping import RestrictedQuerySet
from skillcert.exams.choices import (
    EvidenceKind,
    IdType,
    ImportMode,
    ImportStatus,
    RegistrationSource,
    RegistrationStatus,
    RowOutcome,
)
from skillcert.exams.models.plans import ExamPlan
from skillcert.exams.models.policies import CANDIDATE_PROFILE_POLICY, REGISTRATION_POLICY, plan_policy

CANDIDATE_ID_CONTEXT = "exams.candidate.id_number"
"""Shared by candidate accounts and registrations, so one blind index finds a person's
registrations (online or imported) from their account (R-X-3)."""
CANDIDATE_MOBILE_CONTEXT = "exams.candidate.mobile"


class CandidateProfile(BaseModel):
    """The checked identity behind a candidate's own account; one account per person (R-EXAM-3, R-X-3)."""

    user = models.OneToOneField(
        User, verbose_name=_("登录账号"), on_delete=models.CASCADE, related_name="candidate_profile"
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = EncryptedTextField(_("证件号码"), context=CANDIDATE_ID_CONTEXT)
    id_number_index = BlindIndexField("id_number", unique=True, verbose_name=_("证件号码"))
    birth_date = models.DateField(_("出生日期"))

    scope_policy = CANDIDATE_PROFILE_POLICY

    class Meta:
        verbose_name = _("考生身份")
        verbose_name_plural = _("考生身份")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.full_name}（{mask_id_number(self.id_number)}）"


class RosterImport(BaseModel):
    """One uploaded roster file, imported in the background with progress and an error report (R-EXAM-3)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("认定计划"), on_delete=models.CASCADE, related_name="roster_imports"
    )
    file = models.FileField(
        _("名册文件"),
        upload_to="exams/rosters/%Y/%m/",
        blank=True,
        help_text=_("导入完成后删除（含个人信息的明文文件不留存），只保留文件名、大小和SHA-256"),
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    sha256 = models.CharField(_("文件SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    mode = models.CharField(_("导入方式"), max_length=20, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    status = models.CharField(
        _("状态"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    rows_total = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    rows_processed = models.PositiveIntegerField(_("已处理行数"), default=0)
    rows_accepted = models.PositiveIntegerField(_("导入行数"), default=0)
    rows_skipped = models.PositiveIntegerField(_("已报名跳过行数"), default=0)
    rows_rejected = models.PositiveIntegerField(_("错误行数"), default=0)
    error_report = models.FileField(_("错误报告"), upload_to="exams/roster-errors/%Y/%m/", blank=True)
    failure = models.TextField(_("未导入原因"), blank=True)
    retryable = models.BooleanField(
        _("可重试"), default=False, help_text=_("因系统原因（后台进程中断、系统错误）未导入，可用已上传的文件重新导入")
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = plan_policy("plan")

    class Meta:
        verbose_name = _("报名名册导入")
        verbose_name_plural = _("报名名册导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.number} {self.original_name}（{self.get_status_display()}）"

    @property
    def progress_percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(self.rows_processed * 100 / self.rows_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but its worker has stopped beating: the import was interrupted (R-X-4)."""
        return self.status == ImportStatus.RUNNING and is_stale(self.updated_at)

    @property
    def may_retry(self) -> bool:
        """Interrupted or stopped by a system error, with its file kept: it can be run again (R-X-4)."""
        return bool(self.file) and ((self.status == ImportStatus.FAILED and self.retryable) or self.is_stale)


class Registration(BaseModel):
    """A candidate's registration for one level of a plan, online or imported (R-EXAM-3, R-EXAM-4)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("认定计划"), on_delete=models.PROTECT, related_name="registrations"
    )
    level = models.PositiveSmallIntegerField(_("申报等级"), choices=Level.choices)
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = EncryptedTextField(_("证件号码"), context=CANDIDATE_ID_CONTEXT)
    id_number_index = BlindIndexField("id_number", verbose_name=_("证件号码"))
    birth_date = models.DateField(_("出生日期"))
    mobile = EncryptedTextField(_("手机号码"), context=CANDIDATE_MOBILE_CONTEXT, blank=True, default="")
    mobile_index = BlindIndexField("mobile", verbose_name=_("手机号码"))
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("工作单位（平台机构）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("本单位职工、学生报名时为本机构，用于回避核查"),
    )
    employer_name = models.CharField(_("工作单位/学校"), max_length=200, blank=True)
    photo = models.FileField(_("照片"), upload_to="exams/photos/%Y/%m/", blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("考生账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exam_registrations",
    )
    eligibility_facts = models.JSONField(_("申报条件事实"), default=dict, blank=True)
    check_result = models.JSONField(
        _("自动核查结果"), default=dict, blank=True, help_text=_("申报条件与认定范围的核查结论")
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("报名时间"))
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        User, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    exam_number = models.CharField(_("准考证号"), max_length=30, blank=True)
    source = models.CharField(_("报名方式"), max_length=10, choices=RegistrationSource.choices)
    roster_import = models.ForeignKey(
        RosterImport,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    row_number = models.PositiveIntegerField(_("名册行号"), null=True, blank=True)

    scope_policy = REGISTRATION_POLICY

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["plan", "-level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "id_number_index"], name="exams_one_registration_per_person"),
            models.UniqueConstraint(
                fields=["plan", "exam_number"], condition=~Q(exam_number=""), name="exams_exam_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status", "level"]),
            models.Index(fields=["plan", "-level", "id"], name="exams_registration_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.masked_id_number}）{level_label(self.level)}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def level_label(self) -> str:
        return level_label(self.level)


class RosterRow(models.Model):
    """A roster row checked and waiting to be written; deleted when the import ends (R-EXAM-3).

    Staging rows keep memory flat however large the file (duplicates within the file are found
    through the database, not a set in memory) and let the check phase commit its progress.
    """

    roster_import = models.ForeignKey(
        RosterImport, verbose_name=_("导入批次"), on_delete=models.CASCADE, related_name="rows"
    )
    row_number = models.PositiveIntegerField(_("行号"))
    outcome = models.CharField(_("核查结果"), max_length=10, choices=RowOutcome.choices)
    level = models.PositiveSmallIntegerField(_("申报等级"), null=True, blank=True)
    id_number_index = models.CharField(_("证件号码索引"), max_length=64, null=True, blank=True)
    label = models.CharField(_("考生"), max_length=120, blank=True, help_text=_("姓名与脱敏证件号码"))
    message = models.TextField(_("说明"), blank=True)
    data = EncryptedTextField(_("核查后的数据"), blank=True, default="")

    objects = RestrictedQuerySet.as_manager()
    scope_policy = plan_policy("roster_import__plan")

    class Meta:
        verbose_name = _("名册行")
        verbose_name_plural = _("名册行")
        ordering = ["roster_import", "row_number"]
        indexes = [
            models.Index(fields=["roster_import", "id_number_index"]),
            models.Index(fields=["roster_import", "outcome", "level", "row_number"]),
        ]

    def __str__(self) -> str:
        return gettext("第%(row_number)s行 %(get_outcome_display)s") % {
            "row_number": self.row_number,
            "get_outcome_display": self.get_outcome_display(),
        }


class EvidenceFile(BaseModel):
    """A file supporting a registration's eligibility, checked for type and size (R-EXAM-4)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("材料类别"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("文件"), upload_to="exams/evidence/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = plan_policy("registration__plan", owner="registration__user")

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["registration", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"
