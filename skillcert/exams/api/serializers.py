"""Serializers of the exams API: plans and registration, sessions and results, public results, score sheets
(R-EXAM-1..11). The API modules hold the viewsets only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skillcert.catalog.choices import ComponentKind, Level
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.exams.choices import (
    EvidenceKind,
    ImportMode,
    IncidentHandling,
    IncidentKind,
    SessionStaffRole,
    StaffingProblemKind,
)
from skillcert.exams.models import (
    Attendance,
    ComponentScore,
    EvidenceFile,
    ExaminerScore,
    ExamPlan,
    ExamSession,
    GapReview,
    Incident,
    Objection,
    PlanLevel,
    PlanQuery,
    RecheckRequest,
    Registration,
    Result,
    ResultPublication,
    RosterImport,
    ScoreChange,
    ScoringRubric,
    Seat,
    SeatDraw,
    SessionStaff,
    SheetChange,
    StaffingException,
)
from skillcert.exams.selectors.conduct import (
    public_result_rows,
)
from skillcert.exams.selectors.plans import (
    announcement_levels,
)
from skillcert.institutions.models import Room, Venue


class CriterionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    max = serializers.DecimalField(max_digits=5, decimal_places=2)


class SheetSerializer(serializers.ModelSerializer[ExaminerScore]):
    """One examiner's sheet: marks per criterion, total, how it was entered, when signed."""

    examiner_name = serializers.CharField(source="examiner.name", read_only=True)

    class Meta:
        model = ExaminerScore
        fields = ["id", "examiner", "examiner_name", "marks", "score", "entry", "signed_at"]
        read_only_fields = fields


class GapReviewSerializer(serializers.ModelSerializer[GapReview]):
    exam_number = serializers.CharField(source="component_score.registration.exam_number", read_only=True)
    component = serializers.CharField(source="component_score.component", read_only=True)
    chief_name = serializers.CharField(source="chief.name", read_only=True, default=None)

    class Meta:
        model = GapReview
        fields = [
            "id",
            "session",
            "exam_number",
            "component",
            "totals",
            "gap",
            "threshold",
            "status",
            "flagged_at",
            "reasons",
            "chief",
            "chief_name",
            "decided_at",
            "score",
        ]
        read_only_fields = fields


class ScoreSheetSerializer(serializers.Serializer[Any]):
    """A seated candidate's sheets as the actor may see them: an examiner their own, and the others'
    only once every examiner of the session has signed."""

    seat = serializers.IntegerField(source="seat.pk")
    session = serializers.IntegerField(source="seat.session_id")
    exam_number = serializers.CharField(source="seat.registration.exam_number")
    component = serializers.ChoiceField(source="seat.session.component", choices=ComponentKind.choices)
    criteria = CriterionSerializer(many=True)
    mine = SheetSerializer(allow_null=True)
    examiners = serializers.IntegerField(help_text=gettext_lazy("本场次考评人员数"))
    signed = serializers.IntegerField(help_text=gettext_lazy("已签名（或已代录）的评分表数"))
    all_signed = serializers.BooleanField()
    others = SheetSerializer(many=True, help_text=gettext_lazy("全部签名后才列出其他考评人员的评分"))
    review = GapReviewSerializer(allow_null=True)
    component_score = serializers.DecimalField(
        source="component_score.score", max_digits=5, decimal_places=2, allow_null=True, default=None
    )


class MarksInputSerializer(serializers.Serializer[Any]):
    marks = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text=gettext_lazy('评分项目 key → 得分；未设评分细则时为 {"total": 得分}'),
    )


class SignInputSerializer(serializers.Serializer[Any]):
    marks = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=None,
        allow_null=True,
        help_text=gettext_lazy("省略时签名已保存的草稿"),
    )


class ChangeInputSerializer(MarksInputSerializer):
    reason = serializers.CharField(allow_blank=True, help_text=gettext_lazy("签名后修改须说明原因"))


class PaperSheetInputSerializer(serializers.Serializer[Any]):
    examiner = serializers.IntegerField(help_text=gettext_lazy("考评人员（人员登记号）"))
    marks = serializers.JSONField(help_text=gettext_lazy("评分项目 key → 得分（JSON 对象）"))
    scan = serializers.FileField(help_text=gettext_lazy("考评员签名的纸质评分表扫描件（PDF/JPG/PNG）"))


class SheetChangeSerializer(serializers.ModelSerializer[SheetChange]):
    class Meta:
        model = SheetChange
        fields = ["id", "examiner_score", "before_marks", "after_marks", "before", "after", "reason", "changed_at"]
        read_only_fields = fields


class DecideInputSerializer(serializers.Serializer[Any]):
    reasons = serializers.CharField(allow_blank=True, help_text=gettext_lazy("裁定理由"))


class RubricSerializer(serializers.ModelSerializer[ScoringRubric]):
    class Meta:
        model = ScoringRubric
        fields = ["id", "plan", "level", "component", "criteria"]
        read_only_fields = fields


class RubricCriterionInputSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    max = serializers.CharField(allow_blank=True)


class RubricInputSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    level = serializers.IntegerField()
    component = serializers.ChoiceField(choices=[ComponentKind.SKILLS, ComponentKind.REVIEW])
    criteria = RubricCriterionInputSerializer(many=True)


class SessionSheetsSerializer(serializers.Serializer[Any]):
    session = serializers.IntegerField(source="staff.session_id")
    plan_number = serializers.CharField(source="staff.session.plan.number")
    component = serializers.CharField(source="staff.session.component")
    room = serializers.CharField(source="staff.session.room.name")
    is_chief = serializers.BooleanField(source="staff.is_chief")
    seated = serializers.IntegerField()
    signed = serializers.IntegerField()
    to_sign = serializers.IntegerField()


# --- Plans, rosters, registrations and announcements (R-EXAM-1..4) --------------------------------


class PlanLevelSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PlanLevel
        fields = ["level", "capacity"]


class PlanQuerySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PlanQuery
        fields = ["id", "question", "asked_at", "answer", "answered_at"]


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    levels = PlanLevelSerializer(many=True, read_only=True)
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    league_code = serializers.CharField(source="league.code", read_only=True)
    occupation_code = serializers.CharField(source="occupation.code", read_only=True)

    class Meta:
        model = ExamPlan
        fields = [
            "id",
            "number",
            "title",
            "institution",
            "institution_name",
            "league_code",
            "occupation",
            "occupation_code",
            "work_type",
            "venue",
            "levels",
            "first_session_on",
            "last_session_on",
            "expected_candidates",
            "registration_deadline",
            "status",
            "filed_at",
            "filed_on_time",
            "lead_working_days",
            "announced_at",
            "stop_grounds",
            "stopped_at",
            "cancel_reason",
        ]


class PlanDetailSerializer(PlanSerializer):
    queries = PlanQuerySerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "requirements", "how_to_apply", "fee_note", "contact", "queries"]


class PlanLevelInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    level = serializers.IntegerField(min_value=1, max_value=5)
    capacity = serializers.IntegerField(min_value=1, max_value=100000)


class PlanCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(max_length=200)
    occupation = serializers.PrimaryKeyRelatedField(queryset=Occupation.objects.all())
    work_type = serializers.PrimaryKeyRelatedField(queryset=WorkType.objects.all(), required=False, allow_null=True)
    levels = PlanLevelInputSerializer(many=True)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all())
    rooms = serializers.PrimaryKeyRelatedField(queryset=Room.objects.all(), many=True)
    first_session_on = serializers.DateField()
    last_session_on = serializers.DateField()
    registration_deadline = serializers.DateField()
    requirements = serializers.CharField(required=False, allow_blank=True, default="")
    how_to_apply = serializers.CharField(required=False, allow_blank=True, default="")
    fee_note = serializers.CharField(required=False, allow_blank=True, default="")
    contact = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the institution's own venues and rooms exist for it: another institution's answer
        # exactly like a missing id (R-ORG-2).
        venue: Any = self.fields["venue"]
        rooms: Any = self.fields["rooms"]
        venue.queryset = Venue.objects.filter(institution__organisation_id=organisation_id or 0)
        rooms.child_relation.queryset = Room.objects.filter(venue__institution__organisation_id=organisation_id or 0)


class FilingProblemSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    message = serializers.CharField()


class PlanQuestionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    question = serializers.CharField()


class PlanAnswerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    query = serializers.IntegerField()
    answer = serializers.CharField()


class StopGroundsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    grounds = serializers.CharField()


class ReopenReasonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField()


class ReviewReasonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RosterUploadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    file = serializers.FileField()
    mode = serializers.ChoiceField(choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)


class RosterImportSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    progress_percent = serializers.IntegerField(read_only=True)
    may_retry = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("因后台进程中断或系统错误未导入，可用已上传的文件重新导入")
    )
    has_error_report = serializers.SerializerMethodField()

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "plan",
            "original_name",
            "sha256",
            "size",
            "mode",
            "status",
            "rows_total",
            "rows_processed",
            "rows_accepted",
            "rows_skipped",
            "rows_rejected",
            "progress_percent",
            "failure",
            "may_retry",
            "has_error_report",
            "started_at",
            "finished_at",
            "created_at",
        ]

    def get_has_error_report(self, obj: RosterImport) -> bool:
        return bool(obj.error_report)


class EvidenceFileSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = EvidenceFile
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "created_at"]


class EvidenceUploadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    file = serializers.FileField()


class RegistrationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """ID and phone numbers masked (R-X-3)."""

    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    mobile = serializers.CharField(source="masked_mobile", read_only=True)
    plan_number = serializers.CharField(source="plan.number", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "plan",
            "plan_number",
            "level",
            "name",
            "id_type",
            "id_number",
            "birth_date",
            "mobile",
            "employer_name",
            "status",
            "review_reason",
            "reviewed_at",
            "exam_number",
            "source",
            "submitted_at",
        ]


class RegistrationDetailSerializer(RegistrationSerializer):
    evidence = EvidenceFileSerializer(many=True, read_only=True)

    class Meta(RegistrationSerializer.Meta):
        fields = [*RegistrationSerializer.Meta.fields, "eligibility_facts", "check_result", "evidence"]


class AnnouncementLevelSerializer(serializers.Serializer):  # type: ignore[type-arg]
    level = serializers.IntegerField()
    level_label = serializers.CharField()
    capacity = serializers.IntegerField()
    places_left = serializers.IntegerField()
    conditions = serializers.ListField(child=serializers.CharField())
    fees = serializers.ListField(child=serializers.DecimalField(max_digits=10, decimal_places=2))


class AnnouncementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    occupation_code = serializers.CharField(source="occupation.code", read_only=True)
    occupation_name = serializers.CharField(source="occupation.name", read_only=True)
    work_type_name = serializers.SerializerMethodField()
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    venue_address = serializers.CharField(source="venue.address", read_only=True)
    league_name = serializers.CharField(source="league.name", read_only=True)

    class Meta:
        model = ExamPlan
        fields = [
            "number",
            "title",
            "institution_name",
            "occupation_code",
            "occupation_name",
            "work_type_name",
            "venue_name",
            "venue_address",
            "league_name",
            "first_session_on",
            "last_session_on",
            "registration_deadline",
            "requirements",
            "how_to_apply",
            "fee_note",
            "contact",
            "status",
            "announced_at",
        ]

    def get_work_type_name(self, obj: ExamPlan) -> str:
        return obj.work_type.name if obj.work_type else "--"


class AnnouncementDetailSerializer(AnnouncementSerializer):
    levels = serializers.SerializerMethodField()

    class Meta(AnnouncementSerializer.Meta):
        fields = [*AnnouncementSerializer.Meta.fields, "levels"]

    @extend_schema_field(AnnouncementLevelSerializer(many=True))  # type: ignore[misc]
    def get_levels(self, obj: ExamPlan) -> Any:
        """Through the documented serializer: fees are decimal strings ("120.00"), as every amount of the API."""
        return AnnouncementLevelSerializer(
            [
                {
                    "level": lv.level,
                    "level_label": lv.label,
                    "capacity": lv.capacity,
                    "places_left": lv.places_left,
                    "conditions": [alt.label for alt in lv.conditions],
                    "fees": [fee.total_amount for fee in lv.fees],
                }
                for lv in announcement_levels(obj)
            ],
            many=True,
        ).data


# --- Sessions, seats, staffing, check-in, scores, results and objections (R-EXAM-5..10) -----------


class SessionSerializer(serializers.ModelSerializer[ExamSession]):
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    institution = serializers.CharField(source="plan.institution.filed_name", read_only=True)
    room_name = serializers.CharField(source="room.name", read_only=True)
    venue = serializers.CharField(source="room.venue.name", read_only=True)
    seated = serializers.IntegerField(read_only=True)
    staff_count = serializers.IntegerField(read_only=True)
    checked_in = serializers.IntegerField(read_only=True)
    staffing_confirmed = serializers.SerializerMethodField()

    class Meta:
        model = ExamSession
        fields = [
            "id",
            "plan",
            "plan_number",
            "institution",
            "level",
            "component",
            "room",
            "room_name",
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "seated",
            "staff_count",
            "checked_in",
            "staffing_confirmed",
        ]
        read_only_fields = fields

    def get_staffing_confirmed(self, obj: ExamSession) -> bool:
        return hasattr(obj, "staffing_confirmation")


class SessionCreateSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    component = serializers.ChoiceField(choices=ComponentKind.choices)
    room = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class SessionUpdateSerializer(serializers.Serializer[Any]):
    room = serializers.IntegerField(required=False)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    capacity = serializers.IntegerField(required=False, min_value=1)


class SeatSerializer(serializers.ModelSerializer[Seat]):
    exam_number = serializers.CharField(source="registration.exam_number", read_only=True)
    name = serializers.CharField(source="registration.name", read_only=True)
    room = serializers.CharField(source="session.room.name", read_only=True)

    class Meta:
        model = Seat
        fields = ["id", "session", "registration", "exam_number", "name", "room", "seat_number", "draw"]
        read_only_fields = fields


class SeatDrawSerializer(serializers.ModelSerializer[SeatDraw]):
    class Meta:
        model = SeatDraw
        fields = ["id", "session", "seed", "algorithm", "drawn_at"]
        read_only_fields = fields


class SeatDrawCreateSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    component = serializers.ChoiceField(choices=ComponentKind.choices)
    seed = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class DrawCheckSerializer(serializers.Serializer[Any]):
    seed = serializers.CharField()
    matches = serializers.BooleanField()
    candidates = serializers.IntegerField()
    differences = serializers.ListField(child=serializers.CharField())


class StaffSerializer(serializers.ModelSerializer[SessionStaff]):
    name = serializers.CharField(source="person.name", read_only=True)
    draw_seed = serializers.CharField(source="draw.seed", read_only=True, default="")

    class Meta:
        model = SessionStaff
        fields = ["id", "session", "person", "name", "role", "draw", "draw_seed"]
        read_only_fields = fields


class StaffAssignSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField()
    role = serializers.ChoiceField(choices=SessionStaffRole.choices)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class SupervisorDrawSerializer(serializers.Serializer[Any]):
    seed = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    region_wide = serializers.BooleanField(required=False, default=False)


class StaffingProblemSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=StaffingProblemKind.choices)
    message = serializers.CharField()


class StaffingExceptionSerializer(serializers.ModelSerializer[StaffingException]):
    granted_org_name = serializers.CharField(source="granted_org.name", read_only=True)

    class Meta:
        model = StaffingException
        fields = [
            "id",
            "session",
            "kind",
            "problem",
            "grounds",
            "granted_by",
            "granted_org",
            "granted_org_name",
            "granted_at",
        ]
        read_only_fields = fields


class StaffingExceptionCreateSerializer(serializers.Serializer[Any]):
    problem = serializers.CharField(
        max_length=2000, help_text=gettext_lazy("人员配备问题，原文取自 staffing 接口的 findings")
    )
    grounds = serializers.CharField(max_length=2000, allow_blank=True)


class StaffingSerializer(serializers.Serializer[Any]):
    roles = serializers.ListField(child=serializers.DictField(), help_text=gettext_lazy("各职责标准要求人数与现有人数"))
    problems = serializers.ListField(child=serializers.CharField())
    findings = StaffingProblemSerializer(
        many=True, help_text=gettext_lazy("未经例外批准的问题：配比、回避（人员与考生）、资格")
    )
    confirmed = serializers.BooleanField(help_text=gettext_lazy("已确认且未因后续变化失效"))
    set_aside_at = serializers.DateTimeField(allow_null=True, help_text=gettext_lazy("确认因后续变化失效的时间"))
    set_aside_reasons = StaffingProblemSerializer(many=True, help_text=gettext_lazy("失效时须调整的问题（最新核查）"))
    exceptions = StaffingExceptionSerializer(many=True)
    candidates = serializers.IntegerField()


class CheckInSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField()
    identity_verified = serializers.BooleanField()
    id_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    class Meta:
        model = Attendance
        fields = ["id", "session", "registration", "checked_in_at", "identity_verified", "note"]
        read_only_fields = fields


class IncidentCreateSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    description = serializers.CharField(max_length=2000)
    handling = serializers.ChoiceField(choices=IncidentHandling.choices, default=IncidentHandling.NONE)


class IncidentSerializer(serializers.ModelSerializer[Incident]):
    class Meta:
        model = Incident
        fields = ["id", "session", "registration", "kind", "description", "handling", "recorded_at"]
        read_only_fields = fields


class ExaminerScoreSerializer(serializers.ModelSerializer[ExaminerScore]):
    examiner_name = serializers.CharField(source="examiner.name", read_only=True)

    class Meta:
        model = ExaminerScore
        fields = ["examiner", "examiner_name", "score"]
        read_only_fields = fields


class ComponentScoreSerializer(serializers.ModelSerializer[ComponentScore]):
    exam_number = serializers.CharField(source="registration.exam_number", read_only=True)
    examiner_scores = ExaminerScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ComponentScore
        fields = [
            "id",
            "registration",
            "exam_number",
            "component",
            "score",
            "voided",
            "absent",
            "locked",
            "locked_at",
            "source",
            "examiner_scores",
        ]
        read_only_fields = fields


class ScoreRowSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField()
    score = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    examiner_scores = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    absent = serializers.BooleanField(required=False, default=False)


class ScoreEntrySerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    component = serializers.ChoiceField(choices=ComponentKind.choices)
    rows = ScoreRowSerializer(many=True)


class ScoreImportSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    component = serializers.ChoiceField(choices=ComponentKind.choices)
    file = serializers.FileField()


class CountSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()


class PlanRefSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()


class CbtScoresSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    scores = serializers.DictField(child=serializers.CharField(), help_text=gettext_lazy("准考证号 → 理论知识成绩"))


class ScoreChangeInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000)
    score = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    examiner_scores = serializers.DictField(child=serializers.CharField(), required=False, default=dict)


class ScoreChangeSerializer(serializers.ModelSerializer[ScoreChange]):
    class Meta:
        model = ScoreChange
        fields = ["id", "component_score", "before", "after", "reason", "changed_by", "changed_at"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer[Result]):
    exam_number = serializers.CharField(source="registration.exam_number", read_only=True)

    class Meta:
        model = Result
        fields = ["id", "registration", "exam_number", "passed", "decided_at", "final_at"]
        read_only_fields = fields


class PublicationSerializer(serializers.ModelSerializer[ResultPublication]):
    plan_number = serializers.CharField(source="plan.number", read_only=True)

    class Meta:
        model = ResultPublication
        fields = ["id", "plan", "plan_number", "published_at", "publicity_ends_on", "recheck_deadline", "status"]
        read_only_fields = fields


class ObjectionSerializer(serializers.ModelSerializer[Objection]):
    exam_number = serializers.CharField(source="registration.exam_number", read_only=True, default="")

    class Meta:
        model = Objection
        fields = [
            "id",
            "publication",
            "exam_number",
            "complainant_name",
            "text",
            "tracking_code",
            "status",
            "outcome",
            "handled_at",
            "created_at",
        ]
        read_only_fields = fields


class CandidateObjectionSerializer(serializers.ModelSerializer[Objection]):
    """An objection about the candidate's own result: status and outcome, not who raised it."""

    class Meta:
        model = Objection
        fields = ["id", "publication", "status", "outcome", "handled_at", "created_at"]
        read_only_fields = fields


class OutcomeSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField(max_length=2000)


class RecheckOutcomeSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField(max_length=2000)
    score = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    examiner_scores = serializers.DictField(child=serializers.CharField(), required=False, default=dict)


class RecheckSerializer(serializers.ModelSerializer[RecheckRequest]):
    class Meta:
        model = RecheckRequest
        fields = ["id", "registration", "component", "reason", "status", "outcome", "score_change", "requested_at"]
        read_only_fields = fields


class RecheckCreateSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField()
    component = serializers.ChoiceField(choices=ComponentKind.choices)
    reason = serializers.CharField(max_length=1000)


class MyAssignmentSerializer(serializers.ModelSerializer[SessionStaff]):
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="session.ends_at", read_only=True)
    plan_number = serializers.CharField(source="session.plan.number", read_only=True)
    component = serializers.CharField(source="session.component", read_only=True)
    room = serializers.CharField(source="session.room.name", read_only=True)
    venue = serializers.CharField(source="session.room.venue.name", read_only=True)

    class Meta:
        model = SessionStaff
        fields = ["id", "session", "role", "starts_at", "ends_at", "plan_number", "component", "room", "venue"]
        read_only_fields = fields


class WorkbenchSerializer(serializers.Serializer[Any]):
    assignments = MyAssignmentSerializer(many=True)
    sheets = SessionSheetsSerializer(many=True, help_text=gettext_lazy("待签名评分表（按场次计数）"))
    gaps = GapReviewSerializer(many=True, help_text=gettext_lazy("待本人以首席考评员身份裁定的分差"))
    cards_due = serializers.ListField(child=serializers.DictField(), help_text=gettext_lazy("90天内到期的证卡"))
    training_due = serializers.ListField(child=serializers.DictField(), help_text=gettext_lazy("须更新的培训"))


# --- Public results and objections (R-EXAM-9) -----------------------------------------------------


class PublicPublicationSerializer(serializers.ModelSerializer[ResultPublication]):
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    title = serializers.CharField(source="plan.title", read_only=True)
    institution = serializers.CharField(source="plan.institution.filed_name", read_only=True)
    occupation = serializers.CharField(source="plan.occupation.name", read_only=True)
    work_type = serializers.SerializerMethodField()

    class Meta:
        model = ResultPublication
        fields = [
            "id",
            "plan_number",
            "title",
            "institution",
            "occupation",
            "work_type",
            "published_at",
            "publicity_ends_on",
            "recheck_deadline",
        ]
        read_only_fields = fields

    def get_work_type(self, obj: ResultPublication) -> str:
        return display_work_type(obj.plan.work_type)


class PublicRowSerializer(serializers.Serializer[Any]):
    exam_number = serializers.CharField()
    name = serializers.CharField(help_text=gettext_lazy("脱敏姓名"))
    id_number = serializers.CharField(help_text=gettext_lazy("脱敏证件号码"))
    level = serializers.CharField()
    scores = serializers.DictField(child=serializers.CharField())
    passed = serializers.BooleanField()


class PublicPublicationDetailSerializer(PublicPublicationSerializer):
    rows = serializers.SerializerMethodField()

    class Meta(PublicPublicationSerializer.Meta):
        fields = [*PublicPublicationSerializer.Meta.fields, "rows"]
        read_only_fields = fields

    @extend_schema_field(PublicRowSerializer(many=True))
    def get_rows(self, obj: ResultPublication) -> list[dict[str, Any]]:
        return [PublicRowSerializer(row).data for row in public_result_rows(obj)]


class ObjectionCreateSerializer(serializers.Serializer[Any]):
    publication = serializers.IntegerField(help_text=gettext_lazy("成绩公示ID"))
    complainant_name = serializers.CharField(max_length=50)
    contact = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=2000)
    exam_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class ObjectionStatusSerializer(serializers.ModelSerializer[Objection]):
    plan_number = serializers.CharField(source="publication.plan.number", read_only=True)

    class Meta:
        model = Objection
        fields = ["tracking_code", "plan_number", "status", "outcome", "created_at", "handled_at"]
        read_only_fields = fields
