"""Examiners, supervisors, experts and managers: identity, roles and cards, qualifications,
training, declared relations, violations and sanctions, assignments, dispatch draws and
workforce targets (R-PER-1..3, R-SUP-7, R-SUP-8)."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.catalog.choices import Level, level_label
from skillcert.core.fields import BlindIndexField, EncryptedTextField
from skillcert.core.masking import mask_id_number, mask_mobile
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.personnel.choices import (
    BARRING_SANCTIONS,
    AppointmentStatus,
    AssignmentSource,
    RegistrationStatus,
    RelationKind,
    SanctionKind,
    StaffGroup,
    StaffRole,
    TrainingResult,
    ViolationStatus,
)

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
WRITER_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK})

PERSON_ID_CONTEXT = "personnel.identity.id_number"
"""Shared by a person's own ID number and the ID numbers in declared relations, so one blind
index finds a candidate both as a registered person and as someone's declared relative (R-PER-2)."""

# Rows about a person follow the person: region organisations see all, a league the people
# working in its jurisdiction, an institution its own employees, the public nothing (R-ORG-2).
PERSON_POLICY = ScopePolicy(
    organisation="employer",
    jurisdiction="jurisdiction",
    roles={"view": OFFICE_ROLES, "change": WRITER_ROLES, "reveal": frozenset({Role.MANAGER, Role.CLERK})},
)
PERSON_ROW_POLICY = ScopePolicy(
    organisation="person__employer",
    jurisdiction="person__jurisdiction",
    roles={"view": OFFICE_ROLES, "change": WRITER_ROLES},
)


class Person(BaseModel):
    """An examiner, supervisor, expert or manager with encrypted identity data (R-PER-1, R-X-3)."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号码"), context=PERSON_ID_CONTEXT)
    id_number_index = BlindIndexField("id_number", unique=True, verbose_name=_("身份证号码"))
    mobile = EncryptedTextField(_("手机号码"), blank=True)
    mobile_index = BlindIndexField("mobile", verbose_name=_("手机号码"))
    employer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_people",
        help_text=_("平台上的机构；不在平台上的单位填写“工作单位名称”"),
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=200, blank=True)
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("工作所在地"),
        on_delete=models.PROTECT,
        related_name="staff_people",
    )
    job_title = models.CharField(_("职务/职称"), max_length=100, blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_person",
    )
    is_active = models.BooleanField(_("在册"), default=True)
    registered_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("登记单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("备注"), blank=True)

    scope_policy = PERSON_POLICY

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["jurisdiction__sort_order", "name", "id"]
        indexes = [models.Index(fields=["jurisdiction", "name", "id"], name="personnel_person_list_order")]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def employer_display(self) -> str:
        if self.employer_id is not None:
            return self.employer.name  # type: ignore[union-attr]
        return self.employer_name or "—"


class RegistrationRequest(BaseModel):
    """An institution's request to register one of its people (登记申请), decided by its league centre.

    An institution never learns from its own request whether the ID number was already in the
    region's register: every request waits for the league centre, which registers a new person
    or links the existing entry to the institution, or declines (R-PER-1, R-ORG-2).
    """

    institution = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("申请机构"), on_delete=models.PROTECT, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("办理盟市"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("申请人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号码"), context=PERSON_ID_CONTEXT)
    mobile = EncryptedTextField(_("手机号码"), blank=True)
    job_title = models.CharField(_("职务/职称"), max_length=100, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    role = models.CharField(_("推荐类别"), max_length=30, choices=StaffRole.choices, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    decision_note = models.CharField(_("办理意见"), max_length=200, blank=True)

    scope_policy = ScopePolicy(
        organisation="institution",
        jurisdiction="jurisdiction",
        roles={"view": OFFICE_ROLES, "change": WRITER_ROLES},
    )

    class Meta:
        verbose_name = _("人员登记申请")
        verbose_name_plural = _("人员登记申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(institution)s 登记%(name)s") % {"institution": self.institution, "name": self.name}

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class Appointment(BaseModel):
    """One role a person holds, with its card number and expiry date (R-PER-1).

    Institutions propose their own examiners and internal supervisors; the league centre
    approves. League centres appoint in their league, the region centre appoints external
    supervisors (seed §2(二)).
    """

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="appointments")
    role = models.CharField(_("人员类别"), max_length=30, choices=StaffRole.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.PROPOSED, db_index=True
    )
    card_number = models.CharField(_("证卡编号"), max_length=40, blank=True)
    card_valid_until = models.DateField(_("证卡有效期至"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("审核/聘任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    scope_policy = PERSON_ROW_POLICY

    class Meta:
        verbose_name = _("人员资格与证卡")
        verbose_name_plural = _("人员资格与证卡")
        ordering = ["person_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="personnel_one_appointment_per_role"),
            models.UniqueConstraint(
                fields=["card_number"], condition=~Q(card_number=""), name="personnel_unique_card_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_role_display()}"

    def card_valid_on(self, on: date) -> bool:
        return self.card_valid_until is not None and self.card_valid_until >= on


class Qualification(BaseModel):
    """Qualified for an occupation up to a level: level 3 covers 3, 4 and 5 (R-PER-1)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="qualifications")
    occupation = models.ForeignKey(
        "catalog.Occupation", verbose_name=_("职业"), on_delete=models.PROTECT, related_name="staff_qualifications"
    )
    level = models.PositiveSmallIntegerField(
        _("最高可考评等级"),
        choices=Level.choices,
        help_text=_("可承担该等级及以下等级的认定工作"),
    )
    granted_on = models.DateField(_("取得日期"))
    granted_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("认定单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("有效"), default=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    scope_policy = PERSON_ROW_POLICY

    class Meta:
        verbose_name = _("职业资格")
        verbose_name_plural = _("职业资格")
        ordering = ["person_id", "occupation__code"]
        constraints = [
            models.UniqueConstraint(fields=["person", "occupation"], name="personnel_one_qualification_per_occupation")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.occupation.name} {level_label(self.level)}"

    @property
    def level_display(self) -> str:
        return level_label(self.level)

    def covers(self, level: int) -> bool:
        return int(level) >= self.level


class TrainingRecord(BaseModel):
    """A course a person took for a role: course, hours, result (R-PER-1, R-SUP-8)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="trainings")
    role = models.CharField(_("培训类别"), max_length=30, choices=StaffRole.choices)
    course = models.CharField(_("培训课程"), max_length=200)
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(999)]
    )
    result = models.CharField(_("培训结果"), max_length=20, choices=TrainingResult.choices)
    completed_on = models.DateField(_("结业日期"))
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("培训单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_policy = PERSON_ROW_POLICY

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-completed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.course}（{self.get_result_display()}）"


class DeclaredRelation(BaseModel):
    """A relative, teacher/student, master/apprentice or colleague the person must not examine (R-PER-2)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("关系"), max_length=30, choices=RelationKind.choices)
    other_name = models.CharField(_("关系人姓名"), max_length=50)
    other_id_number = EncryptedTextField(_("关系人身份证号码"), context=PERSON_ID_CONTEXT)
    other_id_number_index = BlindIndexField("other_id_number", verbose_name=_("关系人身份证号码"))
    declared_on = models.DateField(_("申报日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    scope_policy = PERSON_ROW_POLICY

    class Meta:
        verbose_name = _("回避关系申报")
        verbose_name_plural = _("回避关系申报")
        ordering = ["person_id", "-declared_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "other_id_number_index"],
                condition=Q(is_active=True),
                name="personnel_one_active_relation_per_other",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}—{self.other_name}（{self.get_kind_display()}）"

    @property
    def other_id_number_masked(self) -> str:
        return mask_id_number(self.other_id_number)


class StaffViolation(BaseModel):
    """A violation by a manager, examiner or supervisor, and its referral to law enforcement (R-SUP-7)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="violations")
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("违规违纪情况"))
    institution = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("发生机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    session_ref = models.CharField(_("场次"), max_length=100, blank=True)
    reported_by = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("记录单位"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("处理状态"), max_length=20, choices=ViolationStatus.choices, default=ViolationStatus.OPEN, db_index=True
    )
    dismissed_reason = models.CharField(_("不予处分理由"), max_length=200, blank=True)
    referred_on = models.DateField(_("移交日期"), null=True, blank=True)
    referred_to = models.CharField(_("移交机关"), max_length=200, blank=True)
    referral_note = models.TextField(_("移交说明"), blank=True)

    scope_policy = PERSON_ROW_POLICY

    class Meta:
        verbose_name = _("人员违规违纪")
        verbose_name_plural = _("人员违规违纪")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return gettext("%(name)s %(occurred_on)s 违规违纪") % {
            "name": self.person.name,
            "occurred_on": self.occurred_on,
        }

    @property
    def is_referred(self) -> bool:
        return self.referred_on is not None


class StaffSanction(BaseModel):
    """A sanction decided on a violation; suspension and disqualification bar from service (R-SUP-7)."""

    violation = models.ForeignKey(
        StaffViolation, verbose_name=_("违规违纪"), on_delete=models.PROTECT, related_name="sanctions"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField(_("处分"), max_length=30, choices=SanctionKind.choices)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("暂停资格须填写；取消资格长期有效"))
    document_number = models.CharField(_("处理文号"), max_length=100, blank=True)
    reason = models.TextField(_("处理依据"))
    decided_by = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("处理单位"), on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = PERSON_ROW_POLICY

    class Meta:
        verbose_name = _("人员处分")
        verbose_name_plural = _("人员处分")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="personnel_sanction_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()}"

    @property
    def bars_service(self) -> bool:
        return self.kind in BARRING_SANCTIONS

    def in_force_on(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)

    @property
    def period_display(self) -> str:
        if self.kind == SanctionKind.WARNING:
            return f"{self.starts_on}"
        return gettext("%(start)s 至 %(end)s") % {"start": self.starts_on, "end": self.ends_on or gettext("长期")}


class StaffDraw(BaseModel):
    """A reproducible random draw of staff for an institution and date: seed, pool, exclusions (R-PER-3)."""

    role = models.CharField(_("人员类别"), max_length=30, choices=StaffRole.choices)
    institution = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("被督导机构"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("日期"))
    session_ref = models.CharField(_("场次"), max_length=100, blank=True)
    occupation = models.ForeignKey(
        "catalog.Occupation", verbose_name=_("职业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices, null=True, blank=True)
    pool_jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        verbose_name=_("抽取范围"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空表示全区"),
    )
    requested = models.PositiveSmallIntegerField(_("抽取人数"))
    seed = models.CharField(_("随机种子"), max_length=64)
    algorithm = models.CharField(_("算法"), max_length=100)
    pool = models.JSONField(_("候选池"), default=list)
    exclusions = models.JSONField(_("排除名单及原因"), default=list)
    eligible = models.JSONField(_("符合条件人员"), default=list)
    selected = models.JSONField(_("抽中人员"), default=list)
    candidates_checked = models.PositiveIntegerField(_("回避核查考生数"), default=0)
    drawn_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("抽取单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_by_user = models.ForeignKey(
        "accounts.User", verbose_name=_("抽取人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Draws are not shown to institutions: who is coming to supervise them stays with the authorities.
    scope_policy = ScopePolicy(jurisdiction="institution__jurisdiction", roles={"view": OFFICE_ROLES})

    class Meta:
        verbose_name = _("随机抽取记录")
        verbose_name_plural = _("随机抽取记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(on)s %(institution)s 抽取%(get_role_display)s%(requested)s人") % {
            "on": self.on,
            "institution": self.institution,
            "get_role_display": self.get_role_display(),
            "requested": self.requested,
        }


class Assignment(BaseModel):
    """A person serving at an institution on a date or session; load and rotation count these (R-PER-3).

    Written by `record_assignment` (the exams app staffing a session) and by `draw_staff`.
    """

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("人员类别"), max_length=30, choices=StaffRole.choices)
    institution = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("日期"), db_index=True)
    session_ref = models.CharField(_("场次"), max_length=100, blank=True)
    source = models.CharField(_("方式"), max_length=20, choices=AssignmentSource.choices)
    draw = models.ForeignKey(
        StaffDraw,
        verbose_name=_("抽取记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )

    scope_policy = ScopePolicy(
        organisation="person__employer",
        jurisdiction="institution__jurisdiction",
        roles={"view": OFFICE_ROLES},
    )

    class Meta:
        verbose_name = _("派遣记录")
        verbose_name_plural = _("派遣记录")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "on", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "session_ref"], condition=~Q(session_ref=""), name="personnel_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.on} {self.institution}"


class WorkforceTarget(BaseModel):
    """Planned headcount and people trained for one jurisdiction, year and group (R-SUP-8)."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    group = models.CharField(_("人员类别"), max_length=20, choices=StaffGroup.choices)
    headcount = models.PositiveIntegerField(_("目标人数"))
    trained = models.PositiveIntegerField(_("目标培训人数"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_policy = ScopePolicy(jurisdiction="jurisdiction", roles={"view": OFFICE_ROLES, "change": WRITER_ROLES})

    class Meta:
        verbose_name = _("队伍建设规划")
        verbose_name_plural = _("队伍建设规划")
        ordering = ["year", "jurisdiction__sort_order", "group"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "group"], name="personnel_one_target_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.jurisdiction} {self.get_group_display()}"
