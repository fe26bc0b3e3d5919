"""What a filed institution maintains: rule documents, its integrity commitment, fees, venues and rosters
(R-INS-1, R-INS-3..6)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.fields import BlindIndexField, EncryptedTextField
from skillcert.core.masking import mask_id_number
from skillcert.core.models import BaseModel
from skillcert.institutions.choices import CostItem, FeeStatus, RoomKind, RosterKind, RuleDocumentKind
from skillcert.institutions.models.institution import Institution
from skillcert.institutions.models.policies import COMMITMENT_TEXT_POLICY, owned_by_institution

MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class RuleDocument(BaseModel):
    """One version of one of the published rule documents, as text or an uploaded file (R-INS-3)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="rule_documents"
    )
    kind = models.CharField(_("制度类别"), max_length=20, choices=RuleDocumentKind.choices)
    version = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    file = models.FileField(_("文件"), upload_to="institutions/rules/%Y/%m/", blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        User, verbose_name=_("公开人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("规章制度")
        verbose_name_plural = _("规章制度")
        ordering = ["institution", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind", "version"], name="institutions_rule_doc_version"),
            models.CheckConstraint(condition=~Q(body="") | ~Q(file=""), name="institutions_rule_doc_text_or_file"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}：{self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommitmentText(BaseModel):
    """A version of the integrity commitment text an authority maintains (R-INS-4, seed §4(二))."""

    authority = models.ForeignKey(Organisation, verbose_name=_("发布部门"), on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    sha256 = models.CharField(_("正文SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        User, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = COMMITMENT_TEXT_POLICY

    class Meta:
        verbose_name = _("诚信承诺书文本")
        verbose_name_plural = _("诚信承诺书文本")
        ordering = ["authority", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "version"], name="institutions_commitment_text_version")
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.title} v{self.version}"


class Commitment(BaseModel):
    """An institution manager's signature on one commitment text version, countersigned by the authority (R-INS-4)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.ForeignKey(CommitmentText, verbose_name=_("承诺书文本"), on_delete=models.PROTECT, related_name="+")
    text_sha256 = models.CharField(_("签署文本SHA-256"), max_length=64)
    authority = models.ForeignKey(Organisation, verbose_name=_("会签部门"), on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(User, verbose_name=_("签署人"), on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("签署人姓名"), max_length=50)
    signed_at = models.DateTimeField(_("签署时间"))
    countersigned_by = models.ForeignKey(
        User, verbose_name=_("会签人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigner_name = models.CharField(_("会签人姓名"), max_length=50, blank=True)
    countersigned_at = models.DateTimeField(_("会签时间"), null=True, blank=True)

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("诚信承诺书")
        verbose_name_plural = _("诚信承诺书")
        ordering = ["institution", "-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "text"], name="institutions_one_signature_per_text")
        ]

    def __str__(self) -> str:
        return gettext("%(institution)s 签署 %(text)s") % {"institution": self.institution, "text": self.text}

    @property
    def countersigned(self) -> bool:
        return self.countersigned_at is not None


class Fee(BaseModel):
    """A fee for one occupation (工种) and level, itemised by the nine cost items (R-INS-5, seed §5(四))."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="fees"
    )
    occupation = models.ForeignKey(Occupation, verbose_name=_("职业"), on_delete=models.PROTECT, related_name="+")
    work_type = models.ForeignKey(
        WorkType,
        verbose_name=_("工种"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空表示该职业各工种适用"),
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=FeeStatus.choices, default=FeeStatus.DRAFT, db_index=True
    )
    total_amount = models.DecimalField(_("收费合计（元）"), **MONEY)  # type: ignore[arg-type]
    total_cost = models.DecimalField(_("测算成本合计（元）"), **MONEY)  # type: ignore[arg-type]
    deviation_percent = models.DecimalField(
        _("收费偏离成本（%）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("(收费−成本)/成本×100；成本为0时为空"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, verbose_name=_("公示人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        ordering = ["institution", "occupation__code", "work_type__name", "-level", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "occupation", "work_type", "level"],
                condition=Q(status="published"),
                name="institutions_one_published_fee",
            ),
            models.UniqueConstraint(
                fields=["institution", "occupation", "level"],
                condition=Q(status="published", work_type__isnull=True),
                name="institutions_one_published_fee_no_work_type",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(institution)s %(target_label)s %(total_amount)s元") % {
            "institution": self.institution,
            "target_label": self.target_label,
            "total_amount": self.total_amount,
        }

    @property
    def target_label(self) -> str:
        return f"{self.occupation.name} {display_work_type(self.work_type)} {level_label(self.level)}"


class FeeItem(models.Model):
    """One cost item of a fee: what is charged and the estimated cost behind it (R-INS-5)."""

    fee = models.ForeignKey(Fee, verbose_name=_("收费标准"), on_delete=models.CASCADE, related_name="items")
    item = models.CharField(_("费用项目"), max_length=20, choices=CostItem.choices)
    amount = models.DecimalField(_("收费金额（元）"), **MONEY)  # type: ignore[arg-type]
    estimated_cost = models.DecimalField(_("测算成本（元）"), **MONEY)  # type: ignore[arg-type]

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["fee", "id"]
        constraints = [models.UniqueConstraint(fields=["fee", "item"], name="institutions_fee_item_unique")]

    def __str__(self) -> str:
        return gettext("%(item)s %(amount)s元（成本%(estimated_cost)s元）") % {
            "item": self.get_item_display(),
            "amount": self.amount,
            "estimated_cost": self.estimated_cost,
        }


class Venue(BaseModel):
    """An evaluation site (考点) inside the institution's area scope (R-INS-6)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(_("考点名称"), max_length=200)
    league = models.ForeignKey(Jurisdiction, verbose_name=_("所在盟市"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("详细地址"), max_length=300)
    is_active = models.BooleanField(_("启用"), default=True)

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("考点")
        verbose_name_plural = _("考点")
        ordering = ["institution", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="institutions_venue_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.league}）"


class Room(BaseModel):
    """A room (考场) of a venue: type, capacity, equipment, video monitoring (R-INS-6)."""

    venue = models.ForeignKey(Venue, verbose_name=_("考点"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("考场名称"), max_length=100)
    kind = models.CharField(_("考场类型"), max_length=20, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(_("容纳人数"), validators=[MinValueValidator(1)])
    equipment = models.TextField(_("设施设备"), blank=True)
    video_monitoring = models.BooleanField(_("视频监控"), default=False)

    scope_policy = owned_by_institution("venue__institution")

    class Meta:
        verbose_name = _("考场")
        verbose_name_plural = _("考场")
        ordering = ["venue", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="institutions_room_name")]

    def __str__(self) -> str:
        return gettext("%(name)s %(name2)s（%(kind)s，%(capacity)s人）") % {
            "name": self.venue.name,
            "name2": self.name,
            "kind": self.get_kind_display(),
            "capacity": self.capacity,
        }


class RosterEntry(BaseModel):
    """A worker of an enterprise or a student of a technical school it may certify (R-INS-1, R-X-3)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="roster"
    )
    kind = models.CharField(_("人员类别"), max_length=20, choices=RosterKind.choices)
    full_name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("证件号码"), context="institutions.roster.id_number")
    id_number_index = BlindIndexField("id_number", verbose_name=_("证件号码索引"))
    member_no = models.CharField(_("工号/学号"), max_length=50, blank=True)
    unit = models.CharField(_("部门/班级"), max_length=100, blank=True)
    valid_from = models.DateField(_("入职/入学日期"), null=True, blank=True)
    valid_to = models.DateField(_("离职/毕业日期"), null=True, blank=True)

    scope_policy = owned_by_institution()

    class Meta:
        verbose_name = _("人员名册")
        verbose_name_plural = _("人员名册")
        ordering = ["institution", "kind", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "id_number_index"], name="institutions_roster_person")
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.masked_id_number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)
