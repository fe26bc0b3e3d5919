"""Choices of the complaints app: sources, subjects, statuses, outcomes and audit actions (R-SUP-5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """How a complaint reached the platform; staff record the non-online ones (R-SUP-5)."""

    ONLINE = "online", _("网上投诉")
    PHONE = "phone", _("电话")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    MEDIA = "media", _("媒体报道")


STAFF_SOURCES = [(k, v) for k, v in Source.choices if k != Source.ONLINE]


class SubjectKind(models.TextChoices):
    """What the complaint is about."""

    INSTITUTION = "institution", _("评价机构")
    CERTIFICATE = "certificate", _("证书")
    PLAN = "plan", _("认定计划")
    PERSON = "person", _("人员")


class Status(models.TextChoices):
    """Where a complaint stands (信访工作条例 2022 art. 32)."""

    RECEIVED = "received", _("待受理")
    INVESTIGATING = "investigating", _("调查中")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    CONCLUDED = "concluded", _("已办结")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.INVESTIGATING})


class Outcome(models.TextChoices):
    """How a complaint ends (R-SUP-5)."""

    UNFOUNDED = "unfounded", _("反映问题不属实")
    FOUNDED = "founded", _("反映问题属实，已处理")
    REFERRED = "referred", _("已移交其他部门")


class StepKind(models.TextChoices):
    """One step on a complaint's history; transfers keep every earlier step."""

    RECEIVED = "received", _("收到")
    ACCEPTED = "accepted", _("受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    TRANSFERRED = "transferred", _("转办")
    EXTENDED = "extended", _("延长办理期限")
    INVESTIGATION = "investigation", _("调查记录")
    CONCLUDED = "concluded", _("办结")


PUBLIC_STEPS = frozenset(
    {
        StepKind.RECEIVED,
        StepKind.ACCEPTED,
        StepKind.NOT_ACCEPTED,
        StepKind.TRANSFERRED,
        StepKind.EXTENDED,
        StepKind.CONCLUDED,
    }
)
"""Steps the complainant sees (dates and kinds only; never internal notes)."""


class Event(models.TextChoices):
    """Audit actions written by the complaints app (R-X-1)."""

    FILED = "complaints.filed", _("投诉举报登记")
    ACCEPTED = "complaints.accepted", _("投诉举报受理")
    NOT_ACCEPTED = "complaints.not_accepted", _("投诉举报不予受理")
    TRANSFERRED = "complaints.transferred", _("投诉举报转办")
    EXTENDED = "complaints.extended", _("投诉举报延期")
    INVESTIGATED = "complaints.investigation_recorded", _("投诉举报调查记录")
    CONCLUDED = "complaints.concluded", _("投诉举报办结")
