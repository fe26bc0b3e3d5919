"""Choices of the reports app (R-REP-1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("编写中")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回修改")
    ACCEPTED = "accepted", _("已接收")


EDITABLE = frozenset({SummaryStatus.DRAFT, SummaryStatus.RETURNED})


class ReportEvent(models.TextChoices):
    """Audit actions written by the reports app (R-X-1)."""

    OPENED = "reports.summary_opened", _("建立年度总结")
    REFRESHED = "reports.summary_refreshed", _("重新汇总统计")
    EDITED = "reports.summary_edited", _("编写年度总结")
    SUBMITTED = "reports.summary_submitted", _("报送年度总结")
    RETURNED = "reports.summary_returned", _("退回年度总结")
    ACCEPTED = "reports.summary_accepted", _("接收年度总结")
