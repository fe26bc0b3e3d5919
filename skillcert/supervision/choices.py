"""Choices of the supervision app: alert severity and status, audit actions (R-SUP-2, R-X-1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    """How urgently a regulator should look at an alert."""

    LOW = "low", _("提示")
    MEDIUM = "medium", _("关注")
    HIGH = "high", _("严重")


class AlertStatus(models.TextChoices):
    """open → acknowledged → resolved or dismissed (R-SUP-2)."""

    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    RESOLVED = "resolved", _("已解除")
    DISMISSED = "dismissed", _("已排除")


LIVE_STATUSES = frozenset({AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED})
"""Statuses in which an alert still asks for attention; a scan resolves them when the cause is gone."""


class ScanStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("出错")


class Event(models.TextChoices):
    """Audit actions written by this app (R-X-1)."""

    ALERT_RAISED = "supervision.alert_raised", _("产生预警")
    ALERT_REOPENED = "supervision.alert_reopened", _("预警重新出现")
    ALERT_AUTO_RESOLVED = "supervision.alert_auto_resolved", _("预警自动解除")
    ALERT_ACKNOWLEDGED = "supervision.alert_acknowledged", _("确认预警")
    ALERT_RESOLVED = "supervision.alert_resolved", _("解除预警")
    ALERT_DISMISSED = "supervision.alert_dismissed", _("排除预警")
