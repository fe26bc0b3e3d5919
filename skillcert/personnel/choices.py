"""Choices of the personnel app: staff roles, statuses, relations, sanctions, exclusion codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    """The kinds of people the platform keeps a register of (R-PER-1)."""

    EXAMINER = "examiner", _("考评员")
    SENIOR_EXAMINER = "senior_examiner", _("高级考评员")
    INTERNAL_SUPERVISOR = "internal_supervisor", _("内部质量督导员")
    EXTERNAL_SUPERVISOR = "external_supervisor", _("外部质量督导员")
    EXPERT = "expert", _("专家")
    MANAGER = "manager", _("管理人员")
    INSPECTOR = "inspector", _("检查人员")


class StaffGroup(models.TextChoices):
    """The four groups of 队伍建设规划 (seed §5(二), R-SUP-8)."""

    MANAGER = "manager", _("管理人员")
    EXAMINER = "examiner", _("考评人员")
    SUPERVISOR = "supervisor", _("督导人员")
    EXPERT = "expert", _("专家")


ROLE_GROUP: dict[str, str] = {
    StaffRole.EXAMINER: StaffGroup.EXAMINER,
    StaffRole.SENIOR_EXAMINER: StaffGroup.EXAMINER,
    StaffRole.INTERNAL_SUPERVISOR: StaffGroup.SUPERVISOR,
    StaffRole.EXTERNAL_SUPERVISOR: StaffGroup.SUPERVISOR,
    StaffRole.EXPERT: StaffGroup.EXPERT,
    StaffRole.MANAGER: StaffGroup.MANAGER,
    StaffRole.INSPECTOR: StaffGroup.SUPERVISOR,
}

INSTITUTION_PROPOSES = frozenset(
    {StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER, StaffRole.INTERNAL_SUPERVISOR, StaffRole.MANAGER}
)
"""Roles an institution proposes for its own people; the league centre approves (seed §4(四)(五))."""

LEAGUE_CENTER_MANAGES = frozenset(
    {
        StaffRole.EXAMINER,
        StaffRole.SENIOR_EXAMINER,
        StaffRole.INTERNAL_SUPERVISOR,
        StaffRole.EXPERT,
        StaffRole.MANAGER,
        StaffRole.INSPECTOR,
    }
)
"""Roles a league centre trains and appoints in its league (seed §2(二)); external supervisors are the region's."""

DISPATCHED_ROLES = frozenset({StaffRole.EXTERNAL_SUPERVISOR})
"""Roles sent to institutions from outside: drawn at random, with the load and rotation limits (R-PER-3)."""


class AppointmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    ACTIVE = "active", _("有效")
    REJECTED = "rejected", _("未通过")
    REVOKED = "revoked", _("已注销")


class RegistrationStatus(models.TextChoices):
    """An institution's registration request (登记申请), decided by the league centre (R-PER-1, R-ORG-2)."""

    PENDING = "pending", _("待核实")
    DONE = "done", _("已办理")
    DECLINED = "declined", _("不予办理")


class TrainingResult(models.TextChoices):
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class RelationKind(models.TextChoices):
    """Relations that require avoidance (回避, R-PER-2)."""

    RELATIVE = "relative", _("亲属")
    TEACHER_STUDENT = "teacher_student", _("师生")
    MASTER_APPRENTICE = "master_apprentice", _("师徒")
    COLLEAGUE = "colleague", _("同事")


class ViolationStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    SANCTIONED = "sanctioned", _("已处分")
    DISMISSED = "dismissed", _("不予处分")


class SanctionKind(models.TextChoices):
    """Sanctions on staff (R-SUP-7); a warning is recorded but does not bar from service."""

    WARNING = "warning", _("警告")
    SUSPENSION = "suspension", _("暂停资格")
    DISQUALIFICATION = "disqualification", _("取消资格")


BARRING_SANCTIONS = frozenset({SanctionKind.SUSPENSION, SanctionKind.DISQUALIFICATION})


class AssignmentSource(models.TextChoices):
    DRAW = "draw", _("随机抽取")
    MANUAL = "manual", _("指定")


class Reason(models.TextChoices):
    """Why someone may not serve, is in conflict or was left out of a draw (R-PER-1..3, R-SUP-7)."""

    INACTIVE = "inactive", _("人员已停用")
    NOT_APPOINTED = "not_appointed", _("未取得该类资格")
    PROPOSED = "proposed", _("推荐待审核")
    CARD_EXPIRED = "card_expired", _("证卡过期")
    NOT_QUALIFIED = "not_qualified", _("不具备职业资格")
    LEVEL_TOO_HIGH = "level_too_high", _("等级资格不足")
    TRAINING_STALE = "training_stale", _("培训不在有效期")
    SANCTIONED = "sanctioned", _("处分期内")
    RELATION = "relation", _("申报关系回避")
    SELF = "self", _("考生本人")
    SAME_EMPLOYER = "same_employer", _("同一工作单位")
    OWN_INSTITUTION = "own_institution", _("本人所在机构")
    OVER_LOAD = "over_load", _("派遣次数超限")
    ROTATION = "rotation", _("连续派遣超限")
    ALREADY_ASSIGNED = "already_assigned", _("已分派到本场次")


class Event(models.TextChoices):
    """Audit actions written by this app (R-X-1)."""

    PERSON_REGISTERED = "personnel.person.register", _("登记人员")
    PERSON_UPDATED = "personnel.person.update", _("修改人员信息")
    LOGIN_CREATED = "personnel.person.login", _("开通人员登录账号")
    REGISTRATION_SUBMITTED = "personnel.registration.submit", _("提交人员登记申请")
    REGISTRATION_DONE = "personnel.registration.done", _("办理人员登记申请")
    REGISTRATION_DECLINED = "personnel.registration.decline", _("人员登记申请不予办理")
    PERSON_LINKED = "personnel.person.link", _("将人员库中的人员关联到评价机构")
    APPOINTMENT_PROPOSED = "personnel.appointment.propose", _("推荐人员")
    APPOINTMENT_APPOINTED = "personnel.appointment.appoint", _("聘任人员并核发证卡")
    APPOINTMENT_APPROVED = "personnel.appointment.approve", _("审核通过人员推荐")
    APPOINTMENT_REJECTED = "personnel.appointment.reject", _("人员推荐未通过")
    CARD_RENEWED = "personnel.appointment.renew", _("证卡续期")
    APPOINTMENT_REVOKED = "personnel.appointment.revoke", _("注销人员资格")
    QUALIFICATION_GRANTED = "personnel.qualification.grant", _("登记职业资格")
    QUALIFICATION_REVOKED = "personnel.qualification.revoke", _("撤销职业资格")
    TRAINING_RECORDED = "personnel.training.record", _("登记培训记录")
    RELATION_DECLARED = "personnel.relation.declare", _("申报回避关系")
    RELATION_WITHDRAWN = "personnel.relation.withdraw", _("撤回回避关系")
    VIOLATION_RECORDED = "personnel.violation.record", _("记录违规违纪")
    VIOLATION_SANCTIONED = "personnel.violation.sanctioned", _("违规违纪已处分")
    SANCTION_DECIDED = "personnel.sanction.decide", _("作出处分决定")
    VIOLATION_DISMISSED = "personnel.violation.dismiss", _("决定不予处分")
    VIOLATION_REFERRED = "personnel.violation.refer", _("移交有关部门")
    ASSIGNMENT_RECORDED = "personnel.assignment.record", _("记录人员派遣")
    STAFF_DRAWN = "personnel.draw", _("随机抽取督导人员")
    WORKFORCE_TARGET_SET = "personnel.workforce.set", _("制定队伍建设目标")
