"""Results publicity, objections and re-check requests (R-EXAM-9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.catalog.choices import ComponentKind
from skillcert.core.fields import EncryptedTextField
from skillcert.core.models import BaseModel
from skillcert.exams.choices import CaseStatus, PublicationStatus
from skillcert.exams.models.plans import ExamPlan
from skillcert.exams.models.policies import plan_policy
from skillcert.exams.models.registration import Registration
from skillcert.exams.models.scoring import ScoreChange


class ResultPublication(BaseModel):
    """The publicity (公示) of a plan's results, with its end and the re-check deadline (R-EXAM-9)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("认定计划"), on_delete=models.CASCADE, related_name="publications"
    )
    published_at = models.DateTimeField(_("公示时间"))
    publicity_ends_on = models.DateField(_("公示截止日期"))
    recheck_deadline = models.DateField(_("复核申请截止日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.PUBLICITY
    )
    published_by = models.ForeignKey(
        User, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = plan_policy("plan")

    class Meta:
        verbose_name = _("成绩公示")
        verbose_name_plural = _("成绩公示")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(number)s 公示至%(publicity_ends_on)s") % {
            "number": self.plan.number,
            "publicity_ends_on": self.publicity_ends_on,
        }


class Objection(BaseModel):
    """An objection anyone may raise during publicity, answered by tracking code (R-EXAM-9)."""

    publication = models.ForeignKey(
        ResultPublication, verbose_name=_("成绩公示"), on_delete=models.CASCADE, related_name="objections"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("涉及考生"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    complainant_name = models.CharField(_("异议人"), max_length=50)
    complainant_contact = EncryptedTextField(_("联系方式"), blank=True, default="")
    text = models.TextField(_("异议内容"))
    tracking_code = models.CharField(_("查询码"), max_length=30, unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.TextField(_("处理结果"), blank=True)
    handled_by = models.ForeignKey(
        User, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    scope_policy = plan_policy("publication__plan", owner="registration__user")

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("异议 %(tracking_code)s") % {"tracking_code": self.tracking_code}


class RecheckRequest(BaseModel):
    """A candidate's request to re-check a component score, handled with an outcome (R-EXAM-9)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="rechecks"
    )
    component = models.CharField(_("考核科目"), max_length=10, choices=ComponentKind.choices)
    reason = models.TextField(_("申请理由"))
    status = models.CharField(_("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.TextField(_("复核结果"), blank=True)
    score_change = models.ForeignKey(
        ScoreChange, verbose_name=_("成绩变更"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    handled_by = models.ForeignKey(
        User, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    scope_policy = plan_policy("registration__plan", owner="registration__user")

    class Meta:
        verbose_name = _("成绩复核申请")
        verbose_name_plural = _("成绩复核申请")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(registration)s %(get_component_display)s 复核") % {
            "registration": self.registration,
            "get_component_display": self.get_component_display(),
        }
