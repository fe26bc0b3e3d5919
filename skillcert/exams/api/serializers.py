"""Serializers of the score-sheet, gap-review and rubric endpoints (R-EXAM-11)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from skillcert.catalog.choices import ComponentKind
from skillcert.exams.models import ExaminerScore, GapReview, ScoringRubric, SheetChange


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
    examiners = serializers.IntegerField(help_text="本场次考评人员数")
    signed = serializers.IntegerField(help_text="已签名（或已代录）的评分表数")
    all_signed = serializers.BooleanField()
    others = SheetSerializer(many=True, help_text="全部签名后才列出其他考评人员的评分")
    review = GapReviewSerializer(allow_null=True)
    component_score = serializers.DecimalField(
        source="component_score.score", max_digits=5, decimal_places=2, allow_null=True, default=None
    )


class MarksInputSerializer(serializers.Serializer[Any]):
    marks = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text='评分项目 key → 得分；未设评分细则时为 {"total": 得分}'
    )


class SignInputSerializer(serializers.Serializer[Any]):
    marks = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=None,
        allow_null=True,
        help_text="省略时签名已保存的草稿",
    )


class ChangeInputSerializer(MarksInputSerializer):
    reason = serializers.CharField(allow_blank=True, help_text="签名后修改须说明原因")


class PaperSheetInputSerializer(serializers.Serializer[Any]):
    examiner = serializers.IntegerField(help_text="考评人员（人员登记号）")
    marks = serializers.JSONField(help_text="评分项目 key → 得分（JSON 对象）")
    scan = serializers.FileField(help_text="考评员签名的纸质评分表扫描件（PDF/JPG/PNG）")


class SheetChangeSerializer(serializers.ModelSerializer[SheetChange]):
    class Meta:
        model = SheetChange
        fields = ["id", "examiner_score", "before_marks", "after_marks", "before", "after", "reason", "changed_at"]
        read_only_fields = fields


class DecideInputSerializer(serializers.Serializer[Any]):
    reasons = serializers.CharField(allow_blank=True, help_text="裁定理由")


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
