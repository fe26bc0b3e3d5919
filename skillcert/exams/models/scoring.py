"""Scores per component and examiner, their changes, and the result of a registration (R-EXAM-8)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.catalog.choices import ComponentKind
from skillcert.core.models import BaseModel
from skillcert.exams.choices import GapReviewStatus, ScoreSource, SheetEntry
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
    marks = models.JSONField(
        _("分项评分"), default=dict, blank=True, help_text=_("评分细则各项 → 得分；总分为各项之和")
    )
    voids = models.JSONField(
        _("否决项"),
        default=dict,
        blank=True,
        help_text=_("任务 → {items: 勾选的否决项, reason: 理由}；任务被否决时该任务得0分"),
    )
    notes = models.TextField(_("评分备注"), blank=True)
    entry = models.CharField(_("录入方式"), max_length=10, choices=SheetEntry.choices, default=SheetEntry.GRID)
    entered_by = models.ForeignKey(
        User, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签名时间"), null=True, blank=True)
    scan = models.ForeignKey(
        "archives.StoredFile",
        verbose_name=_("纸质评分表扫描件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_policy = plan_policy("component_score__registration__plan")

    @property
    def final(self) -> bool:
        """Counts toward the mean: signed by the examiner (or a signed paper sheet), or a grid entry."""
        return self.entry == SheetEntry.GRID or self.signed_at is not None

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
        return f"{self.registration} {gettext('合格') if self.passed else gettext('不合格')}"


class ScoringRubric(BaseModel):
    """The criteria an examiner scores a component against, each with its maximum (R-EXAM-11).

    The maxima add up to the component's full marks. A component without a rubric is scored
    as one total between 0 and full marks.
    """

    plan = models.ForeignKey(
        "exams.ExamPlan", verbose_name=_("认定计划"), on_delete=models.CASCADE, related_name="rubrics"
    )
    level = models.PositiveSmallIntegerField(_("等级"))
    component = models.CharField(_("考核科目"), max_length=10, choices=ComponentKind.choices)
    criteria = models.JSONField(
        _("评分项目"), default=list, help_text=_("[{key, title, max}]，各项满分之和等于科目满分")
    )

    scope_policy = plan_policy("plan")

    class Meta:
        verbose_name = _("评分细则")
        verbose_name_plural = _("评分细则")
        ordering = ["plan", "level", "component"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "level", "component"], name="exams_one_rubric_per_component")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_component_display()}"


class SheetChange(BaseModel):
    """A change to a signed score sheet: marks and total before and after, who and why (R-EXAM-11)."""

    examiner_score = models.ForeignKey(
        ExaminerScore, verbose_name=_("考评员评分"), on_delete=models.CASCADE, related_name="changes"
    )
    before_marks = models.JSONField(_("变更前分项"), default=dict)
    after_marks = models.JSONField(_("变更后分项"), default=dict)
    before_voids = models.JSONField(_("变更前否决项"), default=dict, blank=True)
    after_voids = models.JSONField(_("变更后否决项"), default=dict, blank=True)
    before = models.DecimalField(_("变更前总分"), max_digits=5, decimal_places=2)
    after = models.DecimalField(_("变更后总分"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("变更原因"))
    changed_by = models.ForeignKey(User, verbose_name=_("变更人"), on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("变更时间"))

    scope_policy = plan_policy("examiner_score__component_score__registration__plan")

    class Meta:
        verbose_name = _("评分表变更")
        verbose_name_plural = _("评分表变更")
        ordering = ["examiner_score", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.examiner_score}：{self.before} → {self.after}"


class GapReview(BaseModel):
    """Examiners' totals differ by more than the policy gap: the chief examiner decides, with reasons (R-EXAM-11).

    The component score stays empty while the review is open; once decided it is the mean of
    the examiners' totals as recorded in `totals`. A later change to a sheet that still leaves
    a wide gap opens a new review.
    """

    component_score = models.ForeignKey(
        ComponentScore, verbose_name=_("科目成绩"), on_delete=models.CASCADE, related_name="gap_reviews"
    )
    session = models.ForeignKey(
        "exams.ExamSession", verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="gap_reviews"
    )
    totals = models.JSONField(_("各考评员总分"), default=dict, help_text=_("考评人员登记号 → 总分"))
    gap = models.DecimalField(_("分差"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(_("分差上限"), max_digits=5, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=GapReviewStatus.choices, default=GapReviewStatus.OPEN)
    flagged_at = models.DateTimeField(_("提交裁定时间"))
    reasons = models.TextField(_("裁定理由"), blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("裁定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chief = models.ForeignKey(
        "personnel.Person",
        verbose_name=_("首席考评员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("裁定时间"), null=True, blank=True)
    score = models.DecimalField(_("裁定后成绩"), max_digits=5, decimal_places=2, null=True, blank=True)

    scope_policy = plan_policy("session__plan", extra_roles={"score": frozenset({"examiner", "expert"})})

    class Meta:
        verbose_name = _("分差裁定")
        verbose_name_plural = _("分差裁定")
        ordering = ["component_score", "flagged_at", "id"]

    def __str__(self) -> str:
        return gettext("%(component_score)s 分差%(gap)s") % {"component_score": self.component_score, "gap": self.gap}
