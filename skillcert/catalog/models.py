"""Occupations, 工种, skill standards with their levels, components, ratios and eligibility rules."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.catalog.choices import (
    REVIEW_LEVELS,
    ComponentKind,
    Edition,
    Level,
    RuleOrigin,
    level_label,
)
from skillcert.catalog.eligibility import rule_errors
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ANY_ROLE, ScopePolicy

OCCUPATION_CODE_RE = r"^\d-\d{2}-\d{2}-\d{2}$"
EMPTY_WORK_TYPE = "--"

# The catalogue is national reference data: every row may be read by anyone (the pages and
# the authenticated API still require a login; the public API exposes occupations only).
# Only region administrators change it, through services.
CATALOG_POLICY = ScopePolicy(
    public=Q(),
    roles={"view": ANY_ROLE, "change": frozenset({Role.ADMIN})},
)


class Occupation(BaseModel):
    """An occupation of one edition of 职业分类大典, code D-DD-DD-DD (R-CAT-1)."""

    edition = models.PositiveSmallIntegerField(
        _("大典版本"), choices=Edition.choices, default=Edition.E2022, db_index=True
    )
    code = models.CharField(
        _("职业编码"),
        max_length=10,
        validators=[RegexValidator(OCCUPATION_CODE_RE, _("职业编码应为“D-DD-DD-DD”格式，例如 6-18-01-01"))],
    )
    name = models.CharField(_("职业名称"), max_length=100, db_index=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("对应现行版本职业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("旧版大典职业在2022年版中对应的职业"),
    )
    is_active = models.BooleanField(_("可开展认定"), default=True)
    source = models.TextField(_("编码核对来源"), blank=True)
    notes = models.TextField(_("备注"), blank=True)

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("职业")
        verbose_name_plural = _("职业")
        ordering = ["-edition", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="catalog_occupation_edition_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def major_category(self) -> int:
        """The 大类 (first digit of the code)."""
        return int(self.code[0])


class WorkType(BaseModel):
    """A 工种 (sub-trade) of an occupation (R-CAT-1)."""

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("职业"), on_delete=models.CASCADE, related_name="work_types"
    )
    name = models.CharField(_("工种名称"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("工种")
        verbose_name_plural = _("工种")
        ordering = ["occupation", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["occupation", "name"], name="catalog_worktype_unique_name")]

    def __str__(self) -> str:
        return self.name


def display_work_type(work_type: WorkType | str | None) -> str:
    """How a 工种 prints on pages and certificates: an empty one is "--" (R-CAT-1, R-CERT-3)."""
    if work_type is None:
        return EMPTY_WORK_TYPE
    name = work_type if isinstance(work_type, str) else work_type.name
    return name.strip() or EMPTY_WORK_TYPE


class SkillStandard(BaseModel):
    """A versioned national skill standard (国家职业技能标准 / 评价规范) of an occupation (R-CAT-3)."""

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("职业"), on_delete=models.PROTECT, related_name="standards"
    )
    title = models.CharField(_("标准名称"), max_length=200)
    version = models.CharField(_("版本"), max_length=50, help_text=_("例如“2018年版”"))
    document = models.CharField(_("发布文号"), max_length=100, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    is_current = models.BooleanField(_("现行"), default=True)
    verified = models.BooleanField(_("已核对公开文本"), default=False)
    source = models.TextField(_("来源"), blank=True)
    notes = models.TextField(_("备注"), blank=True)

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("职业技能标准")
        verbose_name_plural = _("职业技能标准")
        ordering = ["occupation", "-is_current", "-effective_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "version"], name="catalog_standard_unique_version"),
            models.UniqueConstraint(
                fields=["occupation"], condition=Q(is_current=True), name="catalog_one_current_standard"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class StandardLevel(BaseModel):
    """A level (五级 … 一级) a standard defines (R-CAT-2, R-CAT-3)."""

    standard = models.ForeignKey(
        SkillStandard, verbose_name=_("职业技能标准"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("标准等级")
        verbose_name_plural = _("标准等级")
        ordering = ["standard", "-level"]
        constraints = [models.UniqueConstraint(fields=["standard", "level"], name="catalog_standard_level_unique")]

    def __str__(self) -> str:
        return f"{self.standard} {self.label}"

    @property
    def label(self) -> str:
        return level_label(self.level)


class Component(BaseModel):
    """An exam component of a level with full marks, an inclusive pass mark and a duration (R-CAT-3)."""

    standard_level = models.ForeignKey(
        StandardLevel, verbose_name=_("标准等级"), on_delete=models.CASCADE, related_name="components"
    )
    kind = models.CharField(_("考核科目"), max_length=10, choices=ComponentKind.choices)
    full_marks = models.PositiveSmallIntegerField(
        _("满分"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("合格分"), default=60, validators=[MinValueValidator(1)], help_text=_("达到该分数（含）即合格")
    )
    min_duration_minutes = models.PositiveSmallIntegerField(
        _("最短考核时间（分钟）"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("考核科目")
        verbose_name_plural = _("考核科目")
        ordering = ["standard_level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standard_level", "kind"], name="catalog_component_unique_kind"),
            models.CheckConstraint(condition=Q(pass_mark__lte=models.F("full_marks")), name="catalog_pass_le_full"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pass_mark}/{self.full_marks}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.pass_mark is not None and self.full_marks is not None and self.pass_mark > self.full_marks:
            errors["pass_mark"] = gettext("合格分（%(pass_mark)s）不能高于满分（%(full_marks)s）") % {
                "pass_mark": self.pass_mark,
                "full_marks": self.full_marks,
            }
        if (
            self.kind == ComponentKind.REVIEW
            and self.standard_level_id is not None
            and self.standard_level.level not in REVIEW_LEVELS
        ):
            errors["kind"] = gettext("综合评审只适用于二级/技师和一级/高级技师")
        if errors:
            raise ValidationError(errors)

    def passes(self, score: float | int) -> bool:
        """Whether a score reaches the pass mark; the pass mark itself passes (R-CAT-3, R-EXAM-8)."""
        return score >= self.pass_mark


def _odd(value: int) -> None:
    if value % 2 == 0:
        raise ValidationError(_("必须为单数（奇数）"), code="odd")


class StaffingRatio(BaseModel):
    """Proctor, examiner and review-panel ratios of a standard, stored per standard (R-CAT-3)."""

    standard = models.OneToOneField(
        SkillStandard, verbose_name=_("职业技能标准"), on_delete=models.CASCADE, related_name="ratio"
    )
    proctor_per_candidates = models.PositiveSmallIntegerField(
        _("每名监考人员对应考生数（理论）"), default=15, validators=[MinValueValidator(1)]
    )
    min_proctors_per_room = models.PositiveSmallIntegerField(
        _("每考场最少监考人员"), default=2, validators=[MinValueValidator(1)]
    )
    examiner_per_candidates = models.PositiveSmallIntegerField(
        _("每名考评人员对应考生数（技能）"), default=5, validators=[MinValueValidator(1)]
    )
    min_examiners = models.PositiveSmallIntegerField(
        _("最少考评人员（单数）"), default=3, validators=[MinValueValidator(1), _odd]
    )
    min_review_panel = models.PositiveSmallIntegerField(
        _("综合评审最少委员（单数）"), default=3, validators=[MinValueValidator(1), _odd]
    )

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("考务人员配比")
        verbose_name_plural = _("考务人员配比")

    def __str__(self) -> str:
        return gettext(
            "监考 1:%(proctor_per_candidates)s（每考场≥%(min_proctors_per_room)s）；考评 1:"
            "%(examiner_per_candidates)s（≥%(min_examiners)s，单数）；综合评审≥%(min_review_panel)s（单数）"
        ) % {
            "proctor_per_candidates": self.proctor_per_candidates,
            "min_proctors_per_room": self.min_proctors_per_room,
            "examiner_per_candidates": self.examiner_per_candidates,
            "min_examiners": self.min_examiners,
            "min_review_panel": self.min_review_panel,
        }

    def proctors_needed(self, candidates_in_room: int) -> int:
        """Proctors a theory room with this many candidates needs (R-CAT-3, R-EXAM-6)."""
        return max(self.min_proctors_per_room, math.ceil(candidates_in_room / self.proctor_per_candidates))

    def examiners_needed(self, candidates: int) -> int:
        """Skills examiners for this many candidates: the ratio, at least the minimum, odd (R-CAT-3)."""
        needed = max(self.min_examiners, math.ceil(candidates / self.examiner_per_candidates))
        return needed if needed % 2 else needed + 1

    def review_panel_needed(self) -> int:
        """Members of a 综合评审 panel (R-CAT-3)."""
        return self.min_review_panel


class EligibilityRule(BaseModel):
    """A versioned set of application conditions (申报条件) for one standard level (R-CAT-4)."""

    standard_level = models.ForeignKey(
        StandardLevel, verbose_name=_("标准等级"), on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    version = models.PositiveIntegerField(_("版本号"), validators=[MinValueValidator(1)])
    rules = models.JSONField(_("申报条件（规则）"))
    is_current = models.BooleanField(_("现行"), default=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    origin = models.CharField(_("来源类型"), max_length=10, choices=RuleOrigin.choices, default=RuleOrigin.MANUAL)
    verified = models.BooleanField(_("已核对公开文本"), default=False)
    source = models.TextField(_("来源"), blank=True)
    note = models.TextField(_("说明"), blank=True)

    scope_policy = CATALOG_POLICY

    class Meta:
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")
        ordering = ["standard_level", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["standard_level", "version"], name="catalog_rule_unique_version"),
            models.UniqueConstraint(
                fields=["standard_level"], condition=Q(is_current=True), name="catalog_one_current_rule"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(standard_level)s 申报条件 v%(version)s") % {
            "standard_level": self.standard_level,
            "version": self.version,
        }

    def clean(self) -> None:
        errors = rule_errors(self.rules)
        if errors:
            raise ValidationError({"rules": errors})

    def describe(self) -> Any:
        from skillcert.catalog.eligibility import describe_rule

        return describe_rule(self.rules)
