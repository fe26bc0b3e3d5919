"""Skills sessions held with a sealed skills paper, whose task rubrics examiners mark against (R-EXAM-11)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.core.models import BaseModel
from skillcert.itembank.models.papers import Assembly, Paper
from skillcert.itembank.models.scoping import CBT_SESSION_POLICY


class SkillsSession(BaseModel):
    """A skills (操作技能) session examined with one variant of an assembled skills paper.

    Until the session starts the paper stays sealed and nobody sees its rubric. On the first
    marking after the start the system opens the paper (audited) and keeps here only what
    examiners mark against: per task its points, rubric steps and void faults, not the stems'
    answers. Examiners' marks live on their score sheets in exam scoring (`exams.ExaminerScore`),
    one criterion per rubric step, so signing, changes, blind marking and gaps are exams' own.
    """

    exam_session = models.OneToOneField(
        "exams.ExamSession", verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="skills_paper"
    )
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("组卷"), on_delete=models.PROTECT, related_name="skills_sessions"
    )
    paper = models.ForeignKey(Paper, verbose_name=_("使用卷别"), on_delete=models.PROTECT, related_name="+")
    tasks = models.JSONField(
        _("评分细则"),
        default=list,
        blank=True,
        help_text=_("开考后由系统开启试卷写入：[{key, code, title, points, steps: [{title, points}], void_if}]"),
    )
    opened_at = models.DateTimeField(_("评分细则开启时间"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        User, verbose_name=_("安排人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = CBT_SESSION_POLICY

    class Meta:
        verbose_name = _("技能操作考核场次")
        verbose_name_plural = _("技能操作考核场次")
        ordering = ["exam_session"]

    def __str__(self) -> str:
        return gettext("%(exam_session)s（技能操作试卷）") % {"exam_session": self.exam_session}
