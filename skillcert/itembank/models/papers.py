"""Blueprints, assembled paper sets and their sealed variants (R-BANK-3)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.core.models import BaseModel
from skillcert.itembank.models.bank import Bank
from skillcert.itembank.models.scoping import bank_policy


class Blueprint(BaseModel):
    """What a paper must hold: points per knowledge area and type, a difficulty mix, variants, exposure (R-BANK-3)."""

    bank = models.ForeignKey(Bank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="blueprints")
    name = models.CharField(_("蓝图名称"), max_length=200)
    total_points = models.PositiveSmallIntegerField(_("试卷总分"), default=100, validators=[MinValueValidator(1)])
    duration_minutes = models.PositiveSmallIntegerField(
        _("考试时长（分钟）"), default=90, validators=[MinValueValidator(1)]
    )
    area_points = models.JSONField(_("各知识领域分值"), default=dict, help_text=_("{要素代码前缀: 分值}"))
    type_points = models.JSONField(_("各题型分值"), default=dict, help_text=_("{题型: 分值}"))
    difficulty_mix = models.JSONField(
        _("难度结构（%）"), default=dict, blank=True, help_text=_("{easy|medium|hard: 占总分百分比}")
    )
    difficulty_tolerance = models.PositiveSmallIntegerField(
        _("难度结构允许偏差（百分点）"), default=5, validators=[MaxValueValidator(50)]
    )
    variants = models.PositiveSmallIntegerField(
        _("平行卷套数"), default=2, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    exposure_last_papers = models.PositiveSmallIntegerField(
        _("回避最近几次组卷的试题"), null=True, blank=True, help_text=_("留空按平台默认规则")
    )

    scope_policy = bank_policy()

    class Meta:
        verbose_name = _("组卷蓝图")
        verbose_name_plural = _("组卷蓝图")
        ordering = ["bank", "name"]

    def __str__(self) -> str:
        return self.name


class Assembly(BaseModel):
    """One run of paper assembly (组卷): a set of parallel variants, sealed, with its report (R-BANK-3)."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("组卷蓝图"), on_delete=models.PROTECT, related_name="assemblies"
    )
    bank = models.ForeignKey(Bank, verbose_name=_("题库"), on_delete=models.PROTECT, related_name="assemblies")
    occupation_id_copy = models.PositiveIntegerField(_("职业"), db_index=True)
    level_copy = models.PositiveSmallIntegerField(_("等级"), db_index=True)
    exposure_waived = models.BooleanField(_("题库不足，明确允许使用近期试题"), default=False)
    exposure_reason = models.CharField(_("允许理由"), max_length=300, blank=True)
    report = models.JSONField(_("组卷报告"), default=dict, help_text=_("各套分值构成、套间重复题数、求解时间"))
    assembled_by = models.ForeignKey(
        User, verbose_name=_("组卷人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assembled_at = models.DateTimeField(_("组卷时间"))
    sessions = models.ManyToManyField(
        "exams.ExamSession", verbose_name=_("使用场次"), blank=True, related_name="paper_sets"
    )

    scope_policy = bank_policy()

    class Meta:
        verbose_name = _("组卷")
        verbose_name_plural = _("组卷")
        ordering = ["-assembled_at", "-id"]

    def __str__(self) -> str:
        return f"{self.blueprint.name} {timezone.localtime(self.assembled_at):%Y-%m-%d %H:%M}"


class ExposureMark(models.Model):
    """A keyed fingerprint of an item used by an assembly: exposure is checked without unsealing (R-BANK-3)."""

    assembly = models.ForeignKey(Assembly, verbose_name=_("组卷"), on_delete=models.CASCADE, related_name="marks")
    mark = models.CharField(_("指纹"), max_length=64)

    class Meta:
        verbose_name = _("曝光指纹")
        verbose_name_plural = _("曝光指纹")
        constraints = [models.UniqueConstraint(fields=["assembly", "mark"], name="itembank_exposure_mark_unique")]

    def __str__(self) -> str:
        return f"{self.assembly_id}:{self.mark[:8]}"


class Paper(BaseModel):
    """One sealed variant: its content encrypted with a key of its own, wrapped by the platform keys (R-BANK-3)."""

    assembly = models.ForeignKey(Assembly, verbose_name=_("组卷"), on_delete=models.CASCADE, related_name="papers")
    variant = models.PositiveSmallIntegerField(_("卷别"), validators=[MinValueValidator(1)])
    wrapped_key = models.TextField(_("试卷密钥（已加密）"))
    ciphertext = models.TextField(_("密封内容"))
    digest = models.CharField(_("明文摘要"), max_length=64, help_text=_("SHA-256，开启时核对"))
    item_count = models.PositiveSmallIntegerField(_("题数"))
    total_points = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)

    scope_policy = bank_policy("assembly__bank")

    class Meta:
        verbose_name = _("密封试卷")
        verbose_name_plural = _("密封试卷")
        ordering = ["assembly", "variant"]
        constraints = [models.UniqueConstraint(fields=["assembly", "variant"], name="itembank_paper_variant_unique")]

    def __str__(self) -> str:
        return f"{self.assembly} {self.variant_label}"

    @property
    def variant_label(self) -> str:
        return gettext("%(chr)s卷") % {"chr": chr(ord("A") + self.variant - 1)}
