"""Scores per component and examiner, their changes, and the result of a registration (R-EXAM-8)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.catalog.choices import ComponentKind
from skillcert.core.models import BaseModel
from skillcert.exams.choices import ScoreSource
from skillcert.exams.models.policies import plan_policy
from skillcert.exams.models.registration import Registration

SCORE = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class ComponentScore(BaseModel):
    """A registration's score in one component; skills scores are the examiners' mean (R-EXAM-8)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="scores"
    )
    component = models.CharField(_("考核科目"), max_length=10, choices=ComponentKind.choices)
    score = models.DecimalField(_("成绩"), null=True, blank=True, **SCORE)  # type: ignore[arg-type]
    voided = models.BooleanField(_("成绩无效"), default=False, help_text=_("违纪处理为该科目成绩无效或取消考试资格"))
    absent = models.BooleanField(_("缺考"), default=False)
    locked = models.BooleanField(_("已确认锁定"), default=False)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    locked_by = models.ForeignKey(
        User, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=10, choices=ScoreSource.choices, default=ScoreSource.GRID)

    scope_policy = plan_policy("registration__plan", owner="registration__user")

    class Meta:
        verbose_name = _("科目成绩")
        verbose_name_plural = _("科目成绩")
        ordering = ["registration", "component"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "component"], name="exams_one_score_per_component")
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.get_component_display()} {self.score if self.score is not None else '—'}"


class ExaminerScore(BaseModel):
    """One skills examiner's separate score of a candidate's component (R-EXAM-8)."""

    component_score = models.ForeignKey(
        ComponentScore, verbose_name=_("科目成绩"), on_delete=models.CASCADE, related_name="examiner_scores"
    )
    examiner = models.ForeignKey(
        "personnel.Person", verbose_name=_("考评员"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("评分"), **SCORE)  # type: ignore[arg-type]

    scope_policy = plan_policy("component_score__registration__plan")

    class Meta:
        verbose_name = _("考评员评分")
        verbose_name_plural = _("考评员评分")
        ordering = ["component_score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["component_score", "examiner"], name="exams_one_score_per_examiner")
        ]

    def __str__(self) -> str:
        return f"{self.component_score} {self.score}"


class ScoreChange(BaseModel):
    """A change to a locked score: before, after, who, when and why (R-EXAM-8)."""

    component_score = models.ForeignKey(
        ComponentScore, verbose_name=_("科目成绩"), on_delete=models.CASCADE, related_name="changes"
    )
    before = models.DecimalField(_("变更前"), max_digits=5, decimal_places=2, null=True, blank=True)
    after = models.DecimalField(_("变更后"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("变更原因"))
    changed_by = models.ForeignKey(
        User, verbose_name=_("变更人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("变更时间"))

    scope_policy = plan_policy("component_score__registration__plan", owner="component_score__registration__user")

    class Meta:
        verbose_name = _("成绩变更")
        verbose_name_plural = _("成绩变更")
        ordering = ["component_score", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.component_score}：{self.before} → {self.after}"


class Result(BaseModel):
    """Whether a registration passed the level; final once publicity and re-checks are closed (R-EXAM-8, R-EXAM-9)."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="result"
    )
    passed = models.BooleanField(_("合格"))
    decided_at = models.DateTimeField(_("评定时间"))
    final_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    scope_policy = plan_policy("registration__plan", owner="registration__user")

    class Meta:
        verbose_name = _("认定结果")
        verbose_name_plural = _("认定结果")
        ordering = ["registration"]

    def __str__(self) -> str:
        return f"{self.registration} {'合格' if self.passed else '不合格'}"
