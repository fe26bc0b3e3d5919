"""Computer-based theory exams: the session's paper, each candidate's sitting, answers and marks (R-BANK-4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.core.models import BaseModel
from skillcert.itembank.choices import MarkingStatus, SittingStatus, SubmitKind
from skillcert.itembank.models.papers import Assembly, Paper
from skillcert.itembank.models.scoping import CBT_SESSION_POLICY, MARK_POLICY, SITTING_POLICY


class CbtSession(BaseModel):
    """A theory session held on computers with one assembled paper set (R-BANK-4)."""

    exam_session = models.OneToOneField(
        "exams.ExamSession", verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="cbt"
    )
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("组卷"), on_delete=models.PROTECT, related_name="cbt_sessions"
    )
    code_token = models.TextField(_("场次登录码（已加密）"))
    duration_minutes = models.PositiveSmallIntegerField(_("考试时长（分钟）"))
    scheduled_by = models.ForeignKey(
        User, verbose_name=_("安排人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = CBT_SESSION_POLICY

    class Meta:
        verbose_name = _("机考场次")
        verbose_name_plural = _("机考场次")
        ordering = ["exam_session"]

    def __str__(self) -> str:
        return gettext("%(exam_session)s（机考）") % {"exam_session": self.exam_session}


class Sitting(BaseModel):
    """One candidate's sitting: variant, shuffle seed, time, progress, submission and score (R-BANK-4)."""

    cbt_session = models.ForeignKey(
        CbtSession, verbose_name=_("机考场次"), on_delete=models.CASCADE, related_name="sittings"
    )
    registration = models.ForeignKey(
        "exams.Registration", verbose_name=_("报名"), on_delete=models.PROTECT, related_name="cbt_sittings"
    )
    paper = models.ForeignKey(Paper, verbose_name=_("试卷"), on_delete=models.PROTECT, related_name="sittings")
    seed = models.CharField(_("乱序种子"), max_length=64)
    token_hash = models.CharField(_("登录凭据摘要"), max_length=64, unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=SittingStatus.choices, default=SittingStatus.ANSWERING)
    started_at = models.DateTimeField(_("首次登录时间"))
    signed_in_at = models.DateTimeField(_("最近登录时间"))
    sign_ins = models.PositiveSmallIntegerField(_("登录次数"), default=1)
    extra_minutes = models.PositiveSmallIntegerField(_("延长时间（分钟）"), default=0)
    last_seq = models.BigIntegerField(_("最近保存序号"), default=0)
    last_saved_at = models.DateTimeField(_("最近保存时间"), null=True, blank=True)
    answered = models.PositiveSmallIntegerField(_("已答题数"), default=0)
    item_count = models.PositiveSmallIntegerField(_("题数"), default=0)
    item_meta = models.JSONField(_("题目类型与分值"), default=dict, blank=True, help_text=_("{题目: {type, points}}"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    submit_kind = models.CharField(_("交卷方式"), max_length=20, choices=SubmitKind.choices, blank=True)
    objective_score = models.DecimalField(_("客观题得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("卷面得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    marking = models.CharField(
        _("评阅状态"), max_length=20, choices=MarkingStatus.choices, default=MarkingStatus.NOT_NEEDED
    )
    score_sent_at = models.DateTimeField(_("成绩回传时间"), null=True, blank=True)

    scope_policy = SITTING_POLICY

    class Meta:
        verbose_name = _("机考作答")
        verbose_name_plural = _("机考作答")
        ordering = ["cbt_session", "registration"]
        constraints = [
            models.UniqueConstraint(fields=["cbt_session", "registration"], name="itembank_one_sitting_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.registration.exam_number} {self.cbt_session}"


class Answer(models.Model):
    """The latest saved response to one item; `seq` orders saves so an older one never wins (R-BANK-4)."""

    sitting = models.ForeignKey(Sitting, verbose_name=_("机考作答"), on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(_("题目"), max_length=30)
    response = models.JSONField(_("作答"), default=list, blank=True)
    seq = models.BigIntegerField(_("保存序号"))
    saved_at = models.DateTimeField(_("保存时间"))
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        ordering = ["sitting", "key"]
        constraints = [models.UniqueConstraint(fields=["sitting", "key"], name="itembank_one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.sitting_id}:{self.key}#{self.seq}"


class Mark(BaseModel):
    """One marker's blind score of a short answer; a third is called when two differ too much (R-BANK-4)."""

    answer = models.ForeignKey(Answer, verbose_name=_("作答"), on_delete=models.CASCADE, related_name="marks")
    marker = models.ForeignKey(User, verbose_name=_("评阅人"), on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("评阅轮次"))
    score = models.DecimalField(_("评分"), max_digits=6, decimal_places=2)

    scope_policy = MARK_POLICY

    class Meta:
        verbose_name = _("简答题评分")
        verbose_name_plural = _("简答题评分")
        ordering = ["answer", "round"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "marker"], name="itembank_one_mark_per_marker"),
            models.UniqueConstraint(fields=["answer", "round"], name="itembank_one_mark_per_round"),
        ]

    def __str__(self) -> str:
        return gettext("%(answer)s 第%(round)s评 %(score)s") % {
            "answer": self.answer,
            "round": self.round,
            "score": self.score,
        }
