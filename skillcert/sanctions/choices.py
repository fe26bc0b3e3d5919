"""Choices of the sanctions app: kinds, statuses, follow-up results, inactivity cases, audit actions (R-SUP-6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The measures of seed §5(五) against an institution."""

    CRITICISM = "criticism", _("通报批评")
    RECTIFICATION = "rectification", _("限期整改")
    SUSPENSION = "suspension", _("暂停评价")
    DISQUALIFICATION = "disqualification", _("取消评价资质")


DECISION_KINDS = frozenset({Kind.SUSPENSION, Kind.DISQUALIFICATION})
"""Measures decided by one person and approved by a second, after the 陈述申辩 window."""


class Status(models.TextChoices):
    PUBLISHED = "published", _("已公布")
    OPEN = "open", _("整改中")
    RECTIFIED = "rectified", _("整改合格")
    NOT_RECTIFIED = "not_rectified", _("整改不合格")
    PROPOSED = "proposed", _("已告知，陈述申辩期")
    DECIDED = "decided", _("已拟定决定，待复核")
    APPROVED = "approved", _("已复核生效")
    REJECTED = "rejected", _("复核未通过")


class ProposalStatus(models.TextChoices):
    """A 处理建议 from a 双随机 inspection on its way through the deciding bureau (R-SUP-4, R-SUP-6)."""

    PENDING = "pending", _("待决定")
    ACCEPTED = "accepted", _("已采纳")
    DECLINED = "declined", _("不予采纳")


class FollowUpResult(models.TextChoices):
    RECTIFIED = "rectified", _("整改到位")
    NOT_RECTIFIED = "not_rectified", _("整改不到位")


class InactivityStatus(models.TextChoices):
    """An institution without certification activity asked to explain (R-SUP-6)."""

    REQUESTED = "requested", _("待说明")
    EXPLAINED = "explained", _("已说明，待认定")
    ACCEPTED = "accepted", _("说明已采纳")
    REJECTED = "rejected", _("说明未采纳")
    LAPSED = "lapsed", _("逾期未说明")


class Event(models.TextChoices):
    """Audit actions written by the sanctions app (R-X-1)."""

    CRITICISED = "sanctions.criticism_published", _("通报批评")
    RECTIFICATION_ORDERED = "sanctions.rectification_ordered", _("责令限期整改")
    FOLLOWED_UP = "sanctions.follow_up_recorded", _("整改复查")
    PROPOSED = "sanctions.proposed", _("拟作处理决定并告知")
    STATEMENT = "sanctions.statement_recorded", _("陈述申辩")
    DECIDED = "sanctions.decided", _("拟定处理决定")
    APPROVED = "sanctions.approved", _("复核通过，决定生效")
    REJECTED = "sanctions.rejected", _("复核未通过")
    PROPOSAL_MADE = "sanctions.proposal_made", _("检查提出处理建议")
    PROPOSAL_ACCEPTED = "sanctions.proposal_accepted", _("采纳处理建议")
    PROPOSAL_DECLINED = "sanctions.proposal_declined", _("不予采纳处理建议")
    INACTIVITY_REQUESTED = "sanctions.inactivity_requested", _("要求说明未开展认定情况")
    INACTIVITY_EXPLAINED = "sanctions.inactivity_explained", _("提交未开展认定情况说明")
    INACTIVITY_ACCEPTED = "sanctions.inactivity_accepted", _("采纳说明")
    INACTIVITY_REJECTED = "sanctions.inactivity_rejected", _("不采纳说明")
    INACTIVITY_LAPSED = "sanctions.inactivity_lapsed", _("逾期未说明")
