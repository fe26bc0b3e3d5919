"""Filing applications (备案) with their scope items and documents, and branch 报备 (R-INS-1, R-INS-2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.models import BaseModel
from skillcert.core.validators import credit_code_validator
from skillcert.institutions.choices import (
    ApplicationKind,
    ApplicationStatus,
    BranchFilingStatus,
    InstitutionType,
)
from skillcert.institutions.models.institution import Institution, filing_fact_errors, ministry_code_validator
from skillcert.institutions.models.policies import APPLICATION_POLICY, BRANCH_FILING_POLICY


class FilingApplication(BaseModel):
    """An application to file, change the scope, renew or withdraw, decided by the competent authority (R-INS-2)."""

    reference = models.CharField(_("申请编号"), max_length=30, unique=True)
    kind = models.CharField(_("申请类型"), max_length=20, choices=ApplicationKind.choices, db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("评价机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("申请机构（平台账号）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("已在平台开户的机构；新机构在备案通过时建立"),
    )
    competent_authority = models.ForeignKey(
        Organisation, verbose_name=_("备案机关"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("机构类型"), max_length=20, choices=InstitutionType.choices)
    filed_name = models.CharField(_("机构名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[credit_code_validator])
    responsible_person = models.CharField(_("负责人"), max_length=50)
    address = models.CharField(_("地址"), max_length=300)
    area = models.ForeignKey(Jurisdiction, verbose_name=_("区域范围"), on_delete=models.PROTECT, related_name="+")
    ministry_filed = models.BooleanField(_("在人社部备案"), default=False)
    ministry_code = models.CharField(
        _("人社部机构代码"), max_length=4, default="0000", validators=[ministry_code_validator]
    )
    manager_username = models.CharField(_("负责人账号用户名"), max_length=150, blank=True)
    manager_full_name = models.CharField(_("负责人账号姓名"), max_length=50, blank=True)
    manager_email = models.EmailField(_("负责人账号邮箱"), blank=True)
    note = models.TextField(_("申请说明"), blank=True)
    submitted_by = models.ForeignKey(
        User, verbose_name=_("提交人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reasons = models.TextField(_("审核意见"), blank=True)
    filing_number = models.CharField(_("备案编号"), max_length=60, blank=True)
    valid_until = models.DateField(_("备案有效期至"), null=True, blank=True)

    scope_policy = APPLICATION_POLICY

    class Meta:
        verbose_name = _("备案申请")
        verbose_name_plural = _("备案申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(status="submitted"),
                name="institutions_one_open_application_per_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} {self.filed_name}"

    def clean(self) -> None:
        errors = filing_fact_errors(
            institution_type=self.type,
            area=self.area if self.area_id else None,
            ministry_filed=self.ministry_filed,
            ministry_code=self.ministry_code,
        )
        if errors:
            raise ValidationError(errors)


class FilingApplicationItem(models.Model):
    """A proposed scope item (occupation, 工种, level) of an application (R-INS-2)."""

    application = models.ForeignKey(
        FilingApplication, verbose_name=_("备案申请"), on_delete=models.CASCADE, related_name="items"
    )
    occupation = models.ForeignKey(Occupation, verbose_name=_("职业"), on_delete=models.PROTECT, related_name="+")
    work_type = models.ForeignKey(
        WorkType, verbose_name=_("工种"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)

    class Meta:
        verbose_name = _("申请备案范围")
        verbose_name_plural = _("申请备案范围")
        ordering = ["application", "occupation__code", "work_type__name", "-level"]

    def __str__(self) -> str:
        return f"{self.occupation.name} {display_work_type(self.work_type)} {level_label(self.level)}"


class FilingDocument(models.Model):
    """A supporting document of an application (licence, venue proof ...), type- and size-checked (R-INS-2)."""

    application = models.ForeignKey(
        FilingApplication, verbose_name=_("备案申请"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to="institutions/filings/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("备案材料")
        verbose_name_plural = _("备案材料")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.original_name}）"


class BranchFiling(BaseModel):
    """A branch's 报备 with the bureau of one league where it will work (R-INS-1, seed §3(五), attachment 1)."""

    reference = models.CharField(_("报备编号"), max_length=30, unique=True)
    branch = models.ForeignKey(
        Institution, verbose_name=_("分支机构"), on_delete=models.PROTECT, related_name="branch_filings"
    )
    league = models.ForeignKey(Jurisdiction, verbose_name=_("报备盟市"), on_delete=models.PROTECT, related_name="+")
    bureau = models.ForeignKey(Organisation, verbose_name=_("受理部门"), on_delete=models.PROTECT, related_name="+")
    parent_filing_number = models.CharField(_("上级机构备案编号"), max_length=60)
    licence_code = models.CharField(
        _("分支机构营业执照统一社会信用代码"), max_length=18, validators=[credit_code_validator]
    )
    licence_file = models.FileField(_("分支机构营业执照"), upload_to="institutions/branch-filings/%Y/%m/")
    licence_original_name = models.CharField(_("营业执照原文件名"), max_length=200)
    licence_sha256 = models.CharField(_("营业执照SHA-256"), max_length=64)
    venue = models.ForeignKey(
        "institutions.Venue", verbose_name=_("评价场地"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_person = models.CharField(_("分支机构负责人"), max_length=50)
    staff = models.JSONField(_("工作人员"), default=list, help_text=_("[{姓名, 岗位}]"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=BranchFilingStatus.choices,
        default=BranchFilingStatus.SUBMITTED,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        User, verbose_name=_("提交人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reasons = models.TextField(_("审核意见"), blank=True)

    scope_policy = BRANCH_FILING_POLICY

    class Meta:
        verbose_name = _("分支机构报备")
        verbose_name_plural = _("分支机构报备")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "league"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="institutions_one_live_branch_filing_per_league",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.branch} → {self.league}"
