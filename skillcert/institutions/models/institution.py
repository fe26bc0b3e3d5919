"""The filed institution, its versioned scope, its status history and the blacklist (R-INS-1, -2, -8)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.models import BaseModel
from skillcert.core.validators import credit_code_validator
from skillcert.institutions.choices import (
    SOCIAL_TYPES,
    CertificateKind,
    InstitutionStatus,
    InstitutionType,
)
from skillcert.institutions.models.policies import INSTITUTION_POLICY, owned_by_institution

ministry_code_validator = RegexValidator(r"^\d{4}$", _("人社部机构代码应为4位数字"))


def certificate_kind_for(institution_type: str) -> str:
    """Certificates of enterprises start with Y, all others with S (R-CERT-1)."""
    return CertificateKind.EMPLOYER if institution_type == InstitutionType.ENTERPRISE else CertificateKind.SOCIAL


def filing_fact_errors(
    *, institution_type: str, area: Jurisdiction | None, ministry_filed: bool, ministry_code: str
) -> dict[str, str]:
    """The rules tying type, area scope and ministry filing together (R-INS-1, R-INS-2, R-CERT-1)."""
    errors: dict[str, str] = {}
    if area is not None:
        if institution_type == InstitutionType.SOCIAL_REGION and area.level != JurisdictionLevel.REGION:
            errors["area"] = gettext("区域范围：全区范围的社会培训评价组织，区域范围应为内蒙古自治区全区")
        if institution_type == InstitutionType.SOCIAL_LEAGUE and area.level != JurisdictionLevel.LEAGUE:
            errors["area"] = gettext("区域范围：盟市范围的社会培训评价组织，区域范围应为一个盟市")
    if ministry_filed:
        if not (len(ministry_code) == 4 and ministry_code.isdigit() and ministry_code != "0000"):
            errors["ministry_code"] = gettext("人社部机构代码：在人社部备案的机构须填写0001-9999的4位机构代码")
    elif ministry_code not in ("", "0000"):
        errors["ministry_code"] = gettext("人社部机构代码：未在人社部备案的机构，机构代码应为0000")
    return errors


class Institution(BaseModel):
    """A filed evaluation institution, or a branch of one working through 报备 (R-INS-1, R-INS-2, R-INS-8)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("平台机构"), on_delete=models.PROTECT, related_name="institution"
    )
    type = models.CharField(_("机构类型"), max_length=20, choices=InstitutionType.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构（分支机构所属）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    filed_name = models.CharField(_("备案名称"), max_length=200, help_text=_("证书上按此名称逐字打印"))
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[credit_code_validator]
    )
    responsible_person = models.CharField(_("负责人"), max_length=50)
    address = models.CharField(_("地址"), max_length=300)
    area = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("区域范围"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("全区，或一个盟市"),
    )
    ministry_filed = models.BooleanField(_("在人社部备案"), default=False)
    ministry_code = models.CharField(
        _("人社部机构代码"), max_length=4, default="0000", validators=[ministry_code_validator]
    )
    certificate_kind = models.CharField(_("证书编号类别"), max_length=1, choices=CertificateKind.choices)
    filing_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("备案机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filing_number = models.CharField(_("备案编号"), max_length=60, unique=True, null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    published_on = models.DateField(
        _("公布日期"), null=True, blank=True, help_text=_("备案后在评价机构名录公布的日期（2024年实施办法第三条）")
    )
    valid_until = models.DateField(_("备案有效期至"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=InstitutionStatus.choices, default=InstitutionStatus.ACTIVE, db_index=True
    )
    status_since = models.DateTimeField(_("状态起始时间"))
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    status_grounds = models.TextField(_("状态依据"), blank=True)
    visible_in = models.ManyToManyField(
        Jurisdiction,
        verbose_name=_("监管辖区"),
        related_name="+",
        blank=True,
        help_text=_("本机构所在辖区及分支机构报备的盟市；决定哪些盟市人社部门可以查看"),
    )

    scope_policy = INSTITUTION_POLICY

    class Meta:
        verbose_name = _("评价机构")
        verbose_name_plural = _("评价机构")
        ordering = ["filed_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(filing_number__isnull=True),
                name="institutions_branch_has_no_own_filing",
            ),
        ]

    def __str__(self) -> str:
        return self.filed_name

    @property
    def is_branch(self) -> bool:
        return self.parent_id is not None

    @property
    def root(self) -> Institution:
        """The filed institution whose filing and scope apply (itself, or a branch's parent)."""
        return self.parent if self.parent is not None else self

    @property
    def is_social(self) -> bool:
        return self.type in SOCIAL_TYPES

    @property
    def blacklisted(self) -> bool:
        return self.status == InstitutionStatus.REVOKED

    def filing_valid_on(self, day: datetime.date) -> bool:
        root = self.root
        if root.filed_on is None or root.filed_on > day:
            return False
        return root.valid_until is None or root.valid_until >= day

    def clean(self) -> None:
        errors = filing_fact_errors(
            institution_type=self.type,
            # A branch's area is where it is located; where it works follows its 报备.
            area=self.area if self.area_id and not self.parent_id else None,
            ministry_filed=self.ministry_filed,
            ministry_code=self.ministry_code,
        )
        if self.type and self.certificate_kind and self.certificate_kind != certificate_kind_for(self.type):
            errors["certificate_kind"] = gettext("证书编号类别：用人单位为Y，其他评价机构为S")
        if self.status == InstitutionStatus.RECTIFICATION and self.rectification_deadline is None:
            errors["rectification_deadline"] = gettext("整改期限：限期整改必须规定整改期限")
        if errors:
            raise ValidationError(errors)


class ScopeVersion(BaseModel):
    """One version of an institution's filed scope, in force from valid_from until valid_to (R-INS-2)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="scope_versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("当日起不再有效；空表示现行"))
    application = models.ForeignKey(
        "institutions.FilingApplication",
        verbose_name=_("依据的备案申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("备案范围版本")
        verbose_name_plural = _("备案范围版本")
        ordering = ["institution", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="institutions_scope_version_number"),
            models.UniqueConstraint(
                fields=["institution"], condition=Q(valid_to__isnull=True), name="institutions_one_open_scope"
            ),
        ]

    def __str__(self) -> str:
        until = gettext("至%(valid_to)s") % {"valid_to": self.valid_to} if self.valid_to else gettext("起现行")
        return gettext("%(institution)s 备案范围 v%(number)s（%(valid_from)s%(until)s）") % {
            "institution": self.institution,
            "number": self.number,
            "valid_from": self.valid_from,
            "until": until,
        }


class ScopeItem(models.Model):
    """One (occupation, 工种, level) of a scope version; no 工种 means the whole occupation (R-INS-2)."""

    version = models.ForeignKey(
        ScopeVersion, verbose_name=_("范围版本"), on_delete=models.CASCADE, related_name="items"
    )
    occupation = models.ForeignKey(Occupation, verbose_name=_("职业"), on_delete=models.PROTECT, related_name="+")
    work_type = models.ForeignKey(
        WorkType, verbose_name=_("工种"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)

    class Meta:
        verbose_name = _("备案范围条目")
        verbose_name_plural = _("备案范围条目")
        ordering = ["version", "occupation__code", "work_type__name", "-level"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "occupation", "work_type", "level"], name="institutions_scope_item_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "occupation", "level"],
                condition=Q(work_type__isnull=True),
                name="institutions_scope_item_unique_no_work_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.name} {display_work_type(self.work_type)} {level_label(self.level)}"


class StatusChange(models.Model):
    """One lifecycle transition with its grounds; the history of `Institution.status` (R-INS-8)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=InstitutionStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=InstitutionStatus.choices)
    grounds = models.TextField(_("依据"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    changed_at = models.DateTimeField(_("时间"), db_index=True)
    changed_by = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        Organisation, verbose_name=_("决定机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("机构状态变更")
        verbose_name_plural = _("机构状态变更")
        ordering = ["institution", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.institution}：{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class BlacklistEntry(BaseModel):
    """An institution whose evaluation qualification was revoked, on the public blacklist (R-INS-8, R-PUB-1)."""

    institution = models.OneToOneField(
        Institution, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="blacklist_entry"
    )
    filed_name = models.CharField(_("机构名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    grounds = models.TextField(_("列入依据"))
    listed_on = models.DateField(_("列入日期"), db_index=True)
    authority = models.ForeignKey(Organisation, verbose_name=_("决定机关"), on_delete=models.PROTECT, related_name="+")
    status_change = models.OneToOneField(
        StatusChange, verbose_name=_("状态变更"), on_delete=models.PROTECT, related_name="blacklist_entry"
    )

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("失信黑名单")
        verbose_name_plural = _("失信黑名单")
        ordering = ["-listed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.filed_name}（{self.listed_on}）"
