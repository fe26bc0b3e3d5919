"""Sessions, seats drawn by lot, staffing, check-in and incidents (R-EXAM-5, R-EXAM-6, R-EXAM-7)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import User
from skillcert.catalog.choices import ComponentKind, Level, level_label
from skillcert.core.models import BaseModel
from skillcert.exams.choices import IncidentHandling, IncidentKind, SessionStaffRole
from skillcert.exams.models.plans import ExamPlan
from skillcert.exams.models.policies import plan_policy
from skillcert.exams.models.registration import Registration
from skillcert.institutions.models import Room


class ExamSession(BaseModel):
    """One sitting of one component of one level in one room (R-EXAM-5)."""

    plan = models.ForeignKey(ExamPlan, verbose_name=_("认定计划"), on_delete=models.CASCADE, related_name="sessions")
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices)
    component = models.CharField(_("考核科目"), max_length=10, choices=ComponentKind.choices)
    room = models.ForeignKey(Room, verbose_name=_("考场"), on_delete=models.PROTECT, related_name="exam_sessions")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("考位数"), validators=[MinValueValidator(1)])

    scope_policy = plan_policy("plan")

    class Meta:
        verbose_name = _("考试场次")
        verbose_name_plural = _("考试场次")
        ordering = ["plan", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="exams_session_times"),
        ]
        # The session list's order, and the workbench's "next 14 days" range, without reading every session.
        indexes = [models.Index(fields=["-starts_at", "-id"], name="exams_session_list_order")]

    def __str__(self) -> str:
        when = f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"
        return f"{self.plan.number} {level_label(self.level)} {self.get_component_display()} {when}"


class SeatDraw(BaseModel):
    """The lot that assigned a session's seats, with its seed so anyone can repeat it (R-EXAM-5)."""

    session = models.ForeignKey(ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="draws")
    seed = models.CharField(_("随机种子"), max_length=64)
    algorithm = models.CharField(_("算法说明"), max_length=300)
    drawn_by = models.ForeignKey(
        User, verbose_name=_("抽签人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("抽签时间"))

    scope_policy = plan_policy("session__plan")

    class Meta:
        verbose_name = _("座位抽签")
        verbose_name_plural = _("座位抽签")
        ordering = ["session", "-drawn_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(session)s 抽签 %(value)s") % {"session": self.session, "value": self.seed[:8]}


class Seat(BaseModel):
    """A candidate's seat in a session (R-EXAM-5)."""

    session = models.ForeignKey(ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(
        Registration, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="seats"
    )
    seat_number = models.PositiveIntegerField(_("座位号"), validators=[MinValueValidator(1)])
    draw = models.ForeignKey(
        SeatDraw, verbose_name=_("抽签"), null=True, blank=True, on_delete=models.SET_NULL, related_name="seats"
    )

    scope_policy = plan_policy(
        "session__plan", owner="registration__user", extra_roles={"score": frozenset({"examiner", "expert"})}
    )
    """``score``: examiners and experts of the institution; selectors narrow it to their own sessions."""

    class Meta:
        verbose_name = _("座位")
        verbose_name_plural = _("座位")
        ordering = ["session", "seat_number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seat_number"], name="exams_seat_number_unique"),
            models.UniqueConstraint(fields=["session", "registration"], name="exams_one_seat_per_candidate"),
        ]

    def __str__(self) -> str:
        return gettext("%(session)s 座位%(seat_number)s") % {"session": self.session, "seat_number": self.seat_number}


class SessionStaff(BaseModel):
    """A proctor, examiner, panel member or supervisor assigned to a session (R-EXAM-6, R-PER-2)."""

    session = models.ForeignKey(ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="staff")
    person = models.ForeignKey(
        "personnel.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="exam_sessions"
    )
    role = models.CharField(_("职责"), max_length=30, choices=SessionStaffRole.choices)
    draw = models.ForeignKey(
        "personnel.StaffDraw",
        verbose_name=_("随机抽取记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        User, verbose_name=_("安排人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_chief = models.BooleanField(
        _("首席考评员（考评组长）"), default=False, help_text=_("裁定考评人员之间超过上限的分差（R-EXAM-11）")
    )

    scope_policy = plan_policy("session__plan")

    class Meta:
        verbose_name = _("场次考务人员")
        verbose_name_plural = _("场次考务人员")
        ordering = ["session", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="exams_session_person_unique"),
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(is_chief=True), name="exams_one_chief_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.get_role_display()}"


class Attendance(BaseModel):
    """A candidate's check-in at a session with the identity check (R-EXAM-7)."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="attendance"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="attendance"
    )
    checked_in_at = models.DateTimeField(_("签到时间"))
    identity_verified = models.BooleanField(_("身份核验通过"), default=False)
    note = models.CharField(_("核验说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = plan_policy("session__plan", owner="registration__user")

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["session", "checked_in_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="exams_one_check_in")]

    def __str__(self) -> str:
        return gettext("%(session)s 签到") % {"session": self.session}


class Incident(BaseModel):
    """Something that happened in a session, a violation (违纪) and how it was handled (R-EXAM-7)."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("考试场次"), on_delete=models.CASCADE, related_name="incidents"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("涉及考生"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="incidents",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=IncidentKind.choices)
    description = models.TextField(_("情况说明"))
    handling = models.CharField(
        _("处理"), max_length=20, choices=IncidentHandling.choices, default=IncidentHandling.NONE
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    scope_policy = plan_policy("session__plan", owner="registration__user")

    class Meta:
        verbose_name = _("考场情况")
        verbose_name_plural = _("考场情况")
        ordering = ["session", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.session} {self.get_kind_display()}（{self.get_handling_display()}）"
