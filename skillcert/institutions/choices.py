"""Choices of the institutions app: types, statuses, application kinds, rule documents, cost items, rooms."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    """Who files and whom they may certify (R-INS-1, seed §3)."""

    ENTERPRISE = "enterprise", _("用人单位（企业）")
    TECHNICAL_SCHOOL = "technical_school", _("技工院校")
    SOCIAL_REGION = "social_region", _("社会培训评价组织（全区范围）")
    SOCIAL_LEAGUE = "social_league", _("社会培训评价组织（盟市范围）")


SOCIAL_TYPES = frozenset({InstitutionType.SOCIAL_REGION, InstitutionType.SOCIAL_LEAGUE})


class CertificateKind(models.TextChoices):
    """Position 1 of the certificate number (R-CERT-1)."""

    EMPLOYER = "Y", _("Y（用人单位）")
    SOCIAL = "S", _("S（社会培训评价组织）")


class InstitutionStatus(models.TextChoices):
    """Lifecycle of a filed institution (R-INS-8)."""

    ACTIVE = "active", _("正常")
    RECTIFICATION = "rectification", _("限期整改")
    SUSPENDED = "suspended", _("暂停评价")
    REVOKED = "revoked", _("取消评价资质")
    WITHDRAWN = "withdrawn", _("已注销备案")


TRANSITIONS: dict[str, frozenset[str]] = {
    InstitutionStatus.ACTIVE: frozenset(
        {InstitutionStatus.RECTIFICATION, InstitutionStatus.SUSPENDED, InstitutionStatus.REVOKED}
    ),
    InstitutionStatus.RECTIFICATION: frozenset(
        {InstitutionStatus.ACTIVE, InstitutionStatus.SUSPENDED, InstitutionStatus.REVOKED}
    ),
    InstitutionStatus.SUSPENDED: frozenset({InstitutionStatus.ACTIVE, InstitutionStatus.REVOKED}),
    InstitutionStatus.REVOKED: frozenset(),
    InstitutionStatus.WITHDRAWN: frozenset(),
}
"""Status changes an authority may order (R-INS-8); withdrawal happens only through an application."""


class AreaLevel(models.TextChoices):
    REGION = "region", _("全区")
    LEAGUE = "league", _("盟市")


class ApplicationKind(models.TextChoices):
    """Filing applications; all follow the same submit → accept/reject flow (R-INS-2)."""

    INITIAL = "initial", _("首次备案")
    SCOPE_CHANGE = "scope_change", _("备案范围变更")
    RENEWAL = "renewal", _("延续备案")
    WITHDRAWAL = "withdrawal", _("注销备案")


CHANGE_KINDS = [(k, v) for k, v in ApplicationKind.choices if k != ApplicationKind.INITIAL]
"""What a filed institution may apply for: everything but a first filing."""


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已备案")
    REJECTED = "rejected", _("不予备案")


class BranchFilingStatus(models.TextChoices):
    """报备 of a branch with one league's bureau (R-INS-1, seed §3(五))."""

    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已报备")
    REJECTED = "rejected", _("不予报备")


class RuleDocumentKind(models.TextChoices):
    """The rule documents every institution publishes: the seven of seed §4(一) (R-INS-3) and the
    examiner management rules of seed §4(四) (R-INS-9), which the readiness gate checks while the
    policy `institutions.require_examiner_rules` is on."""

    EXAM_AFFAIRS = "exam_affairs", _("考务管理")
    QUALITY = "quality", _("质量管理")
    ITEM_BANK = "item_bank", _("题（卷）库管理")
    SCORING = "scoring", _("评分管理")
    CERTIFICATE = "certificate", _("证书管理")
    DISCIPLINE = "discipline", _("违规违纪处理")
    FEES = "fees", _("收费标准")
    EXAMINERS = "examiners", _("考评员管理办法")


class CostItem(models.TextChoices):
    """The nine cost items of seed §5(四) that a fee is built from (R-INS-5)."""

    PROPOSITION = "proposition", _("命题")
    PAPER = "paper", _("制卷")
    VENUE_RENT = "venue_rent", _("场租")
    INVIGILATION = "invigilation", _("监考")
    EXAMINATION = "examination", _("考评")
    MARKING = "marking", _("阅卷")
    EVALUATION = "evaluation", _("评定")
    MATERIALS = "materials", _("原材料")
    PLATFORM = "platform", _("数字化平台使用")


class FeeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公示")
    SUPERSEDED = "superseded", _("已废止")


class RoomKind(models.TextChoices):
    """Room types of a venue (R-INS-6)."""

    WRITTEN = "written", _("笔试")
    COMPUTER = "computer", _("机考")
    PRACTICAL = "practical", _("实操")
    REVIEW = "review", _("综合评审")


class RosterKind(models.TextChoices):
    """Whom an enterprise or technical school may certify (R-INS-1, seed §3(一)(二))."""

    EMPLOYEE = "employee", _("本单位职工")
    DISPATCHED = "dispatched", _("劳务派遣人员")
    OUTSOURCED = "outsourced", _("劳务外包人员")
    STUDENT = "student", _("本校学生")


WORKER_KINDS = frozenset({RosterKind.EMPLOYEE, RosterKind.DISPATCHED, RosterKind.OUTSOURCED})


class Event(models.TextChoices):
    """Audit actions written by this app (R-X-1)."""

    APPLICATION_SUBMITTED = "institutions.application_submitted", _("提交备案申请")
    APPLICATION_ACCEPTED = "institutions.application_accepted", _("备案申请通过")
    APPLICATION_REJECTED = "institutions.application_rejected", _("备案申请不予通过")
    ORGANISATION_CREATED = "institutions.organisation_created", _("建立机构")
    INSTITUTION_FILED = "institutions.filed", _("机构备案")
    SCOPE_CHANGED = "institutions.scope_changed", _("备案范围变更")
    FILING_RENEWED = "institutions.renewed", _("延续备案")
    STATUS_CHANGED = "institutions.status_changed", _("机构状态变更")
    BLACKLISTED = "institutions.blacklisted", _("列入失信黑名单")
    BRANCH_REGISTERED = "institutions.branch_registered", _("登记分支机构")
    BRANCH_FILING_SUBMITTED = "institutions.branch_filing_submitted", _("提交分支机构报备")
    BRANCH_FILING_ACCEPTED = "institutions.branch_filing_accepted", _("分支机构报备通过")
    BRANCH_FILING_REJECTED = "institutions.branch_filing_rejected", _("分支机构报备不予通过")
    RULE_DOCUMENT_ADDED = "institutions.rule_document_added", _("上传规章制度")
    RULE_DOCUMENT_PUBLISHED = "institutions.rule_document_published", _("公开规章制度")
    COMMITMENT_TEXT_PUBLISHED = "institutions.commitment_text_published", _("发布诚信承诺书文本")
    COMMITMENT_SIGNED = "institutions.commitment_signed", _("签署诚信承诺书")
    COMMITMENT_COUNTERSIGNED = "institutions.commitment_countersigned", _("会签诚信承诺书")
    FEE_SAVED = "institutions.fee_saved", _("保存收费标准")
    FEE_PUBLISHED = "institutions.fee_published", _("公示收费标准")
    VENUE_SAVED = "institutions.venue_saved", _("保存考点")
    ROOM_SAVED = "institutions.room_saved", _("保存考场")
    ROSTER_IMPORTED = "institutions.roster_imported", _("导入人员名册")
    CALL_OPENED = "institutions.call_opened", _("发布征集公告")
    SELECTION_RECORDED = "institutions.selection_recorded", _("记录遴选结果")
    ASSESSMENT_RECORDED = "institutions.assessment_recorded", _("记录评估结果")
    INSTITUTION_PUBLISHED = "institutions.published", _("备案公布")


class EntryStage(models.TextChoices):
    """The stages by which an institution becomes an evaluation institution (2024 办法 art. 3)."""

    CALL = "call", _("征集")
    SELECTION = "selection", _("遴选")
    ASSESSMENT = "assessment", _("评估")
    FILING = "filing", _("备案")
    PUBLICATION = "publication", _("公布")


class StageOutcome(models.TextChoices):
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")
