"""Confirmation that a session's staffing meets the standard (R-EXAM-6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.core.models import BaseModel
from skillcert.exams.choices import StaffingTrigger
from skillcert.exams.models.policies import plan_policy
from skillcert.exams.models.sessions import ExamSession


class StaffingConfirmation(BaseModel):
    """The institution confirmed the session's staffing against the standard's ratios (R-EXAM-6, R-CAT-3).

    Until then the staffing is a draft; afterwards every change must keep it complete, and
    check-in and scoring need it.
    """

    session = models.OneToOneField(
        ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="staffing_confirmation"
    )
    confirmed_at = models.DateTimeField(_("确认时间"))
    confirmed_by = models.ForeignKey(
        User, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.JSONField(_("配备情况"), default=dict, blank=True)
    set_aside_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    set_aside_trigger = models.CharField(_("失效起因"), max_length=30, choices=StaffingTrigger.choices, blank=True)
    set_aside_reasons = models.JSONField(
        _("失效原因"), default=list, blank=True, help_text=_("每项：问题类别与说明，机构据此调整后重新确认")
    )

    scope_policy = plan_policy("session__plan")

    class Meta:
        verbose_name = _("人员配备确认")
        verbose_name_plural = _("人员配备确认")
        ordering = ["session"]

    def __str__(self) -> str:
        return gettext("%(session)s 人员配备已确认") % {"session": self.session}

    @property
    def in_force(self) -> bool:
        """Confirmed and not set aside by a later change."""
        return self.set_aside_at is None
