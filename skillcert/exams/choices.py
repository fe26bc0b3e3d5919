"""Choices of the exams app: plan and registration statuses, ID types, import modes, session roles,
incident handling, score sources, publicity and objection statuses, audit actions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """Life of a certification plan (R-EXAM-1, R-EXAM-2, R-EXAM-9)."""

    DRAFT = "draft", _("草稿")
    FILED = "filed", _("已报送")
    QUESTIONED = "questioned", _("被质询")
    STOPPED = "stopped", _("已叫停")
    OPEN = "open", _("报名中")
    CLOSED = "closed", _("报名截止")
    IN_PROGRESS = "in_progress", _("考试实施中")
    SCORING = "scoring", _("评分中")
    PUBLICITY = "publicity", _("成绩公示中")
    FINAL = "final", _("结果已确认")
    CANCELLED = "cancelled", _("已撤销")


ANNOUNCED_STATUSES = frozenset(
    {
        PlanStatus.OPEN,
        PlanStatus.CLOSED,
        PlanStatus.IN_PROGRESS,
        PlanStatus.SCORING,
        PlanStatus.PUBLICITY,
        PlanStatus.FINAL,
    }
)
"""Plans whose announcement (报名公告) is on the public portal (R-EXAM-2)."""

SUPERVISABLE_STATUSES = frozenset(
    {
        PlanStatus.FILED,
        PlanStatus.QUESTIONED,
        PlanStatus.OPEN,
        PlanStatus.CLOSED,
        PlanStatus.IN_PROGRESS,
        PlanStatus.SCORING,
    }
)
"""Plans the league bureau may still question or stop (R-EXAM-1)."""

TERMINAL_STATUSES = frozenset({PlanStatus.STOPPED, PlanStatus.CANCELLED, PlanStatus.FINAL})


class IdType(models.TextChoices):
    """Identity documents a candidate may register with (R-EXAM-3)."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    RESIDENCE_PERMIT = "residence_permit", _("港澳台居民居住证")
    HK_MACAO_PASS = "hk_macao_pass", _("港澳居民来往内地通行证")
    TAIWAN_PASS = "taiwan_pass", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")


CHECK_DIGIT_ID_TYPES = frozenset({IdType.RESIDENT_ID, IdType.RESIDENCE_PERMIT})
"""18-character numbers with the GB 11643 check digit and an encoded birth date."""


class RegistrationStatus(models.TextChoices):
    """Eligibility review states of a registration (R-EXAM-3, R-EXAM-4)."""

    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("审核未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


ACTIVE_REGISTRATION_STATUSES = frozenset({RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED})
"""Registrations that take a place of the level's capacity."""


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("考生网上报名")
    IMPORT = "import", _("机构导入名册")


class EvidenceKind(models.TextChoices):
    """Evidence a reviewer looks at (R-EXAM-4)."""

    ID_DOCUMENT = "id_document", _("身份证件")
    CERTIFICATE = "certificate", _("职业资格/技能等级证书")
    DIPLOMA = "diploma", _("毕业证书")
    WORK_PROOF = "work_proof", _("工作年限证明")
    TITLE = "title", _("职称证书")
    APPRENTICESHIP = "apprenticeship", _("学徒期满证明")
    OTHER = "other", _("其他材料")


class ImportMode(models.TextChoices):
    """What a roster import does when some rows are wrong (R-EXAM-3)."""

    ALL_OR_NOTHING = "all_or_nothing", _("全部正确才导入")
    KEEP_VALID = "keep_valid", _("导入正确的行，跳过错误行")


class RowOutcome(models.TextChoices):
    """What the check phase of a roster import decided for one row (R-EXAM-3)."""

    VALID = "valid", _("通过核查")
    ERROR = "error", _("有错误")
    SKIPPED = "skipped", _("已报名，跳过")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未导入")


class SessionStaffRole(models.TextChoices):
    """Who works in a session (R-EXAM-6)."""

    PROCTOR = "proctor", _("监考人员")
    SKILLS_EXAMINER = "skills_examiner", _("考评员")
    REVIEW_PANEL = "review_panel", _("综合评审委员")
    INTERNAL_SUPERVISOR = "internal_supervisor", _("内部质量督导员")
    EXTERNAL_SUPERVISOR = "external_supervisor", _("外部质量督导员")


class IncidentKind(models.TextChoices):
    """What happened in a session (R-EXAM-7)."""

    VIOLATION = "violation", _("违纪")
    CHEATING = "cheating", _("作弊")
    IMPERSONATION = "impersonation", _("替考")
    EQUIPMENT = "equipment", _("设备故障")
    OTHER = "other", _("其他情况")


class IncidentHandling(models.TextChoices):
    """How an incident was handled; scoring respects it (R-EXAM-7, R-EXAM-8)."""

    NONE = "none", _("记录在案")
    WARNING = "warning", _("警告")
    COMPONENT_VOIDED = "component_voided", _("该科目成绩无效")
    EXPELLED = "expelled", _("取消考试资格")


class ScoreSource(models.TextChoices):
    GRID = "grid", _("表格录入")
    IMPORT = "import", _("文件导入")
    CBT = "cbt", _("机考系统")


class SheetEntry(models.TextChoices):
    """How one examiner's score of a candidate reached the platform (R-EXAM-11)."""

    GRID = "grid", _("机构在成绩表中录入")
    SELF = "self", _("考评员本人录入")
    PAPER = "paper", _("机构代录纸质评分表")


class GapReviewStatus(models.TextChoices):
    """A wide gap between examiners' totals before the chief examiner (R-EXAM-11)."""

    OPEN = "open", _("待首席考评员裁定")
    DECIDED = "decided", _("已裁定")
    CLEARED = "cleared", _("评分修改后分差已在上限内")


SCORING_STAFF_ROLES = frozenset({"skills_examiner", "review_panel"})
"""Session roles that score candidates one by one (操作技能考评员, 综合评审委员)."""


class PublicationStatus(models.TextChoices):
    """Results publicity (公示) of a plan (R-EXAM-9)."""

    PUBLICITY = "publicity", _("公示中")
    CLOSED = "closed", _("公示期满")
    FINAL = "final", _("结果已确认")


class CaseStatus(models.TextChoices):
    """Objections and re-check requests (R-EXAM-9)."""

    OPEN = "open", _("处理中")
    CLOSED = "closed", _("已办结")


class Event(models.TextChoices):
    """Audit actions written by this app (R-X-1)."""

    PLAN_SAVED = "exams.plan_saved", _("保存认定计划")
    PLAN_FILED = "exams.plan_filed", _("报送认定计划")
    PLAN_QUESTIONED = "exams.plan_questioned", _("质询认定计划")
    PLAN_ANSWERED = "exams.plan_answered", _("答复质询")
    PLAN_STOPPED = "exams.plan_stopped", _("叫停认定计划")
    PLAN_CANCELLED = "exams.plan_cancelled", _("撤销认定计划")
    REGISTRATION_OPENED = "exams.registration_opened", _("发布报名公告")
    REGISTRATION_CLOSED = "exams.registration_closed", _("截止报名")
    REGISTRATION_REOPENED = "exams.registration_reopened", _("重新开放报名")
    CANDIDATE_SIGNED_UP = "exams.candidate_signed_up", _("考生注册")
    REGISTERED = "exams.registered", _("考生报名")
    REGISTRATION_WITHDRAWN = "exams.registration_withdrawn", _("撤回报名")
    REGISTRATION_RESUBMITTED = "exams.registration_resubmitted", _("重新提交报名")
    ROSTER_IMPORT_QUEUED = "exams.roster_import_queued", _("上传报名名册")
    ROSTER_IMPORTED = "exams.roster_imported", _("导入报名名册")
    ROSTER_IMPORT_FAILED = "exams.roster_import_failed", _("报名名册未导入")
    ROSTER_IMPORT_RETRIED = "exams.roster_import_retried", _("重新导入报名名册")
    EVIDENCE_ADDED = "exams.evidence_added", _("上传证明材料")
    REGISTRATION_APPROVED = "exams.registration_approved", _("资格审核通过")
    REGISTRATION_REJECTED = "exams.registration_rejected", _("资格审核不通过")


class ConductEvent(models.TextChoices):
    """Audit actions of sessions, seating, staffing, check-in, scoring and publicity (R-X-1)."""

    SESSION_SAVED = "exams.session_saved", _("保存考试场次")
    SESSION_DELETED = "exams.session_deleted", _("删除考试场次")
    SEATS_DRAWN = "exams.seats_drawn", _("抽签排座")
    STAFF_ASSIGNED = "exams.staff_assigned", _("安排考务人员")
    STAFF_REMOVED = "exams.staff_removed", _("撤换考务人员")
    SUPERVISOR_DRAWN = "exams.supervisor_drawn", _("抽取外部质量督导员")
    STAFFING_CONFIRMED = "exams.staffing_confirmed", _("确认人员配备")
    CHECKED_IN = "exams.checked_in", _("考生签到")
    INCIDENT_RECORDED = "exams.incident_recorded", _("记录考场情况")
    SCORES_ENTERED = "exams.scores_entered", _("录入成绩")
    SCORES_IMPORTED = "exams.scores_imported", _("导入成绩")
    CBT_SCORES_RECEIVED = "exams.cbt_scores_received", _("接收机考成绩")
    SCORES_CONFIRMED = "exams.scores_confirmed", _("确认成绩")
    SCORE_CHANGED = "exams.score_changed", _("变更成绩")
    RESULTS_PUBLISHED = "exams.results_published", _("发布成绩公示")
    OBJECTION_FILED = "exams.objection_filed", _("提出公示异议")
    OBJECTION_HANDLED = "exams.objection_handled", _("办结公示异议")
    RECHECK_REQUESTED = "exams.recheck_requested", _("申请成绩复核")
    RECHECK_HANDLED = "exams.recheck_handled", _("办结成绩复核")
    PUBLICITY_CLOSED = "exams.publicity_closed", _("公示期满")
    RESULTS_FINAL = "exams.results_final", _("认定结果确认")


ROOM_KINDS_FOR_COMPONENT: dict[str, frozenset[str]] = {
    "theory": frozenset({"written", "computer"}),
    "skills": frozenset({"practical", "computer"}),
    "review": frozenset({"review", "written"}),
}
"""Room types (R-INS-6) a component may sit in: theory in written or computer rooms, skills in
workshops (or at computers for computer-operated trades), 综合评审 in review or written rooms."""

STAFF_FOR_COMPONENT: dict[str, str] = {
    "theory": "proctor",
    "skills": "skills_examiner",
    "review": "review_panel",
}
"""The session role a component's ratio counts (R-CAT-3): proctors for theory, examiners for
skills, the panel for 综合评审."""


class StaffingProblemKind(models.TextChoices):
    """What is wrong with a session's staffing (R-EXAM-6, R-PER-1, R-PER-2)."""

    RATIO = "ratio", _("配比不足")
    SUPERVISOR = "supervisor", _("缺内部质量督导员")
    AVOIDANCE = "avoidance", _("应回避")
    QUALIFICATION = "qualification", _("资格不符")


class StaffingTrigger(models.TextChoices):
    """The change after which a confirmed staffing was checked again (R-EXAM-6)."""

    CANDIDATES_APPROVED = "candidates_approved", _("考生审核通过")
    CANDIDATES_CHANGED = "candidates_changed", _("考生增减或调整")
    SEATS_DRAWN = "seats_drawn", _("抽签排座")
    SESSION_CHANGED = "session_changed", _("场次调整")
    RELATION_DECLARED = "relation_declared", _("申报回避关系")
    CARD_EXPIRED = "card_expired", _("证卡到期")
    SANCTION = "sanction", _("处分生效")
    QUALIFICATION_WITHDRAWN = "qualification_withdrawn", _("资格撤销")
    STAFF_CHANGED = "staff_changed", _("考务人员调整")


class IntegrityEvent(models.TextChoices):
    """Audit actions of staffing re-checks and exceptions (R-X-1)."""

    STAFFING_SET_ASIDE = "exams.staffing_set_aside", _("人员配备确认失效")
    STAFFING_EXCEPTION = "exams.staffing_exception", _("人员配备例外")


class SheetEvent(models.TextChoices):
    """Audit actions of examiners' own score sheets and gap decisions (R-X-1, R-EXAM-11)."""

    SHEET_SAVED = "exams.sheet_saved", _("考评员保存评分表")
    SHEET_SIGNED = "exams.sheet_signed", _("考评员签名确认评分表")
    SHEET_CHANGED = "exams.sheet_changed", _("变更已签名的评分表")
    SHEET_ENTERED_ON_BEHALF = "exams.sheet_entered_on_behalf", _("代录纸质评分表")
    GAP_FLAGGED = "exams.gap_flagged", _("分差超过上限，提交首席考评员裁定")
    GAP_DECIDED = "exams.gap_decided", _("首席考评员裁定分差")
    CHIEF_DESIGNATED = "exams.chief_designated", _("指定首席考评员")
    RUBRIC_SAVED = "exams.rubric_saved", _("保存评分细则")
