"""Certification plans (认定计划), their levels and the bureau's questions (R-EXAM-1, R-EXAM-2)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction, User
from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.models import BaseModel
from skillcert.exams.choices import ANNOUNCED_STATUSES, PlanStatus
from skillcert.exams.models.policies import PLAN_POLICY, plan_policy
from skillcert.institutions.models import Institution, Room, Venue


class ExamPlan(BaseModel):
    """A certification plan filed on the platform before its first session (R-EXAM-1, R-EXAM-2)."""

    number = models.CharField(_("计划编号"), max_length=40, unique=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="exam_plans"
    )
    league = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("实施盟市"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("考点所在盟市；该盟市人社部门监管本计划"),
    )
    occupation = models.ForeignKey(Occupation, verbose_name=_("职业"), on_delete=models.PROTECT, related_name="+")
    work_type = models.ForeignKey(
        WorkType, verbose_name=_("工种"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    venue = models.ForeignKey(Venue, verbose_name=_("考点"), on_delete=models.PROTECT, related_name="exam_plans")
    rooms = models.ManyToManyField(Room, verbose_name=_("考场"), blank=True, related_name="exam_plans")
    proposed_staff = models.ManyToManyField(
        "personnel.Person", verbose_name=_("拟派考评、督导人员"), blank=True, related_name="proposed_plans"
    )
    title = models.CharField(_("计划名称"), max_length=200)
    first_session_on = models.DateField(_("首场考试日期"))
    last_session_on = models.DateField(_("末场考试日期"))
    expected_candidates = models.PositiveIntegerField(_("预计考生人数"), validators=[MinValueValidator(1)])
    registration_deadline = models.DateField(_("报名截止日期"))
    requirements = models.TextField(_("报名条件说明"), blank=True)
    how_to_apply = models.TextField(_("报名方式"), blank=True)
    fee_note = models.CharField(_("收费说明"), max_length=300, blank=True, help_text=_("收费以已公示的收费标准为准"))
    contact = models.CharField(_("咨询电话"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    filed_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    filed_by = models.ForeignKey(
        User, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_on_time = models.BooleanField(_("按时报送"), null=True, blank=True)
    lead_working_days = models.IntegerField(_("报送距首场考试工作日"), null=True, blank=True)
    announced_at = models.DateTimeField(_("公告发布时间"), null=True, blank=True)
    stop_grounds = models.TextField(_("叫停依据"), blank=True)
    stopped_at = models.DateTimeField(_("叫停时间"), null=True, blank=True)
    stopped_by = models.ForeignKey(
        User, verbose_name=_("叫停人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    exam_number_seq = models.PositiveIntegerField(_("已分配准考证号数"), default=0)
    created_by = models.ForeignKey(
        User, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = PLAN_POLICY

    class Meta:
        verbose_name = _("认定计划")
        verbose_name_plural = _("认定计划")
        ordering = ["-first_session_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_session_on__gte=models.F("first_session_on")),
                name="exams_plan_dates_ordered",
            ),
        ]
        # The list's ordering, for the region, a league and an institution (R-X-5).
        indexes = [
            models.Index(fields=["-first_session_on", "-id"], name="exams_plan_list_order"),
            models.Index(fields=["league", "-first_session_on", "-id"], name="exams_plan_league_order"),
            models.Index(fields=["institution", "-first_session_on", "-id"], name="exams_plan_inst_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def target_label(self) -> str:
        return f"{self.occupation.name} {display_work_type(self.work_type)}"

    @property
    def is_announced(self) -> bool:
        return self.status in ANNOUNCED_STATUSES


class PlanLevel(BaseModel):
    """One level a plan certifies, with the places offered for registration (R-EXAM-1, R-EXAM-3)."""

    plan = models.ForeignKey(ExamPlan, verbose_name=_("认定计划"), on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    capacity = models.PositiveIntegerField(_("报名名额"), validators=[MinValueValidator(1)])

    scope_policy = plan_policy("plan")

    class Meta:
        verbose_name = _("计划等级")
        verbose_name_plural = _("计划等级")
        ordering = ["plan", "-level"]
        constraints = [models.UniqueConstraint(fields=["plan", "level"], name="exams_plan_level_unique")]

    def __str__(self) -> str:
        return gettext("%(level_label)s（%(capacity)s人）") % {
            "level_label": level_label(self.level),
            "capacity": self.capacity,
        }


class PlanQuery(BaseModel):
    """A question the league bureau puts to a plan and the institution's answer (R-EXAM-1)."""

    plan = models.ForeignKey(ExamPlan, verbose_name=_("认定计划"), on_delete=models.CASCADE, related_name="queries")
    question = models.TextField(_("质询内容"))
    asked_by = models.ForeignKey(User, verbose_name=_("质询人"), on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("质询时间"))
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        User, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    scope_policy = plan_policy("plan")

    class Meta:
        verbose_name = _("计划质询")
        verbose_name_plural = _("计划质询")
        ordering = ["plan", "asked_at", "id"]

    def __str__(self) -> str:
        return gettext("%(number)s 质询 %(localtime)s") % {
            "number": self.plan.number,
            "localtime": format(timezone.localtime(self.asked_at), "%Y-%m-%d"),
        }

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
