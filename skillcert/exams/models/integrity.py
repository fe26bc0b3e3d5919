"""A league bureau's audited exception for a named staffing problem (R-EXAM-6, R-PER-1, R-PER-2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Organisation, User
from skillcert.core.models import BaseModel
from skillcert.exams.choices import StaffingProblemKind
from skillcert.exams.models.policies import plan_policy
from skillcert.exams.models.sessions import ExamSession


class StaffingException(BaseModel):
    """A league bureau's audited exception for one named staffing problem of a session (R-EXAM-6).

    The supervision app's alerts read these rows: kind, the problem as it was worded, grounds,
    who granted it and when.
    """

    session = models.ForeignKey(
        ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="staffing_exceptions"
    )
    kind = models.CharField(_("问题类别"), max_length=20, choices=StaffingProblemKind.choices)
    problem = models.TextField(_("问题"))
    grounds = models.TextField(_("依据"))
    granted_by = models.ForeignKey(User, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+")
    granted_org = models.ForeignKey(
        Organisation, verbose_name=_("批准单位"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("批准时间"))

    scope_policy = plan_policy("session__plan")

    class Meta:
        verbose_name = _("人员配备例外")
        verbose_name_plural = _("人员配备例外")
        ordering = ["session", "granted_at", "id"]

    def __str__(self) -> str:
        return f"{self.session} {self.get_kind_display()}"
