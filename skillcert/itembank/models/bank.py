"""Banks, knowledge points (鉴定要素细目表), items and their versions (R-BANK-1, R-BANK-2)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.catalog.models import StandardLevel
from skillcert.core.models import BaseModel
from skillcert.institutions.models import Institution
from skillcert.itembank.choices import Difficulty, Importance, ItemStatus, ItemType, VersionStatus
from skillcert.itembank.models.scoping import BANK_POLICY, bank_policy


class Bank(BaseModel):
    """An institution's item bank for one standard and level (R-BANK-1, notice §4(六))."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="item_banks"
    )
    standard_level = models.ForeignKey(
        StandardLevel, verbose_name=_("标准等级"), on_delete=models.PROTECT, related_name="item_banks"
    )
    name = models.CharField(_("题库名称"), max_length=200)
    last_approved_at = models.DateTimeField(
        _("最近审核通过时间"), null=True, blank=True, help_text=_("用于判断题库是否按期更新")
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("建立人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = BANK_POLICY

    class Meta:
        verbose_name = _("题库")
        verbose_name_plural = _("题库")
        ordering = ["institution", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "standard_level"], name="itembank_one_bank_per_level")
        ]

    def __str__(self) -> str:
        return self.name


class KnowledgePoint(BaseModel):
    """One line of the 鉴定要素细目表: a code such as 2.3.1, a weight and an importance mark (R-BANK-1)."""

    bank = models.ForeignKey(Bank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="knowledge_points")
    code = models.CharField(_("要素代码"), max_length=30, help_text=_("层级代码，例如 2.3.1"))
    title = models.CharField(_("鉴定要素名称"), max_length=200)
    weight = models.DecimalField(
        _("比重（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    importance = models.CharField(_("重要程度"), max_length=1, choices=Importance.choices, default=Importance.CORE)

    scope_policy = bank_policy()

    class Meta:
        verbose_name = _("鉴定要素")
        verbose_name_plural = _("鉴定要素")
        ordering = ["bank", "code"]
        constraints = [models.UniqueConstraint(fields=["bank", "code"], name="itembank_knowledge_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def in_area(self, area: str) -> bool:
        """Whether this point lies in the knowledge area `area` (itself or a sub-point)."""
        return self.code == area or self.code.startswith(f"{area}.")


class Item(BaseModel):
    """An item of the bank; its text lives in versions, papers keep the version they used (R-BANK-1)."""

    bank = models.ForeignKey(Bank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("试题编号"), max_length=40)
    type = models.CharField(_("题型"), max_length=20, choices=ItemType.choices)
    status = models.CharField(_("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    latest = models.ForeignKey(
        "ItemVersion", verbose_name=_("最新版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved = models.ForeignKey(
        "ItemVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("组卷使用的已审核版本"),
    )
    flagged = models.BooleanField(_("需复审"), default=False)
    flag_reason = models.CharField(_("复审原因"), max_length=200, blank=True)
    statistics = models.JSONField(
        _("试题统计"), default=dict, blank=True, help_text=_("难度（通过率）、区分度（点二列相关）、选项选择率")
    )

    scope_policy = bank_policy()

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        ordering = ["bank", "code"]
        constraints = [models.UniqueConstraint(fields=["bank", "code"], name="itembank_item_code_unique")]
        indexes = [models.Index(fields=["bank", "status", "type"])]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_type_display()}）"


class ItemVersion(BaseModel):
    """One version of an item's content; never edited once submitted (R-BANK-1)."""

    item = models.ForeignKey(Item, verbose_name=_("试题"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"), validators=[MinValueValidator(1)])
    knowledge_point = models.ForeignKey(
        KnowledgePoint, verbose_name=_("鉴定要素"), on_delete=models.PROTECT, related_name="item_versions"
    )
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True, help_text=_("[{key, text}]"))
    answer = models.JSONField(
        _("标准答案"), default=list, blank=True, help_text=_("选择题为正确选项；填空题为可接受答案；简答题为参考答案")
    )
    rubric = models.JSONField(_("评分细则"), default=dict, blank=True, help_text=_("操作技能试题：步骤、配分与否决项"))
    points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.5"))]
    )
    difficulty = models.PositiveSmallIntegerField(_("难度"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    status = models.CharField(_("状态"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    author = models.ForeignKey(User, verbose_name=_("命题人"), on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        User, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    change_note = models.CharField(_("修改说明"), max_length=300, blank=True)

    scope_policy = bank_policy("item__bank")

    class Meta:
        verbose_name = _("试题版本")
        verbose_name_plural = _("试题版本")
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="itembank_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.item.code} v{self.number}"
