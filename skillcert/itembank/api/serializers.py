"""Serializers of the item-bank API (R-BANK-1..4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from skillcert.itembank.choices import Importance, ItemType
from skillcert.itembank.models import (
    Assembly,
    Bank,
    Blueprint,
    CbtSession,
    Item,
    ItemVersion,
    KnowledgePoint,
    Paper,
    Sitting,
    SkillsSession,
)
from skillcert.itembank.services.cbt import deadline_of


class BankSerializer(serializers.ModelSerializer[Bank]):
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    standard = serializers.CharField(source="standard_level.__str__", read_only=True)

    class Meta:
        model = Bank
        fields = ["id", "name", "institution", "institution_name", "standard_level", "standard", "last_approved_at"]
        read_only_fields = ["last_approved_at"]


class KnowledgePointSerializer(serializers.ModelSerializer[KnowledgePoint]):
    importance = serializers.ChoiceField(choices=Importance.choices, default=Importance.CORE)

    class Meta:
        model = KnowledgePoint
        fields = ["id", "bank", "code", "title", "weight", "importance"]


class VersionSerializer(serializers.ModelSerializer[ItemVersion]):
    knowledge_point_code = serializers.CharField(source="knowledge_point.code", read_only=True)
    author_name = serializers.CharField(source="author.get_username", read_only=True)

    class Meta:
        model = ItemVersion
        fields = [
            "id",
            "number",
            "status",
            "knowledge_point",
            "knowledge_point_code",
            "stem",
            "options",
            "answer",
            "rubric",
            "points",
            "difficulty",
            "author",
            "author_name",
            "reviewer",
            "reviewed_at",
            "review_note",
            "change_note",
        ]


class ItemSerializer(serializers.ModelSerializer[Item]):
    latest = VersionSerializer(read_only=True)
    approved_version = serializers.IntegerField(source="approved.number", read_only=True, allow_null=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "bank",
            "code",
            "type",
            "status",
            "latest",
            "approved_version",
            "flagged",
            "flag_reason",
            "statistics",
        ]


class ItemInputSerializer(serializers.Serializer[Any]):
    """Content of an item version; the service checks it by type."""

    knowledge_point = serializers.PrimaryKeyRelatedField(queryset=KnowledgePoint.objects.all())
    stem = serializers.CharField(allow_blank=True)
    options = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    answer = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False, default=list)
    rubric = serializers.DictField(required=False, default=dict)
    points = serializers.DecimalField(max_digits=5, decimal_places=2, default=Decimal(1))
    difficulty = serializers.IntegerField(default=3)


class ItemCreateSerializer(ItemInputSerializer):
    bank = serializers.PrimaryKeyRelatedField(queryset=Bank.objects.all())
    type = serializers.ChoiceField(choices=ItemType.choices)
    code = serializers.CharField(required=False, allow_blank=True, default="")


class ItemReviseSerializer(ItemInputSerializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ItemReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True)


class BlueprintSerializer(serializers.ModelSerializer[Blueprint]):
    class Meta:
        model = Blueprint
        fields = [
            "id",
            "bank",
            "name",
            "total_points",
            "duration_minutes",
            "area_points",
            "type_points",
            "difficulty_mix",
            "difficulty_tolerance",
            "variants",
            "exposure_last_papers",
        ]


class AssembleSerializer(serializers.Serializer[Any]):
    allow_recent_items = serializers.BooleanField(
        default=False, help_text=gettext_lazy("题库不足时明确允许使用最近组卷用过的试题")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaperSerializer(serializers.ModelSerializer[Paper]):
    """A sealed variant: what may be known without opening it."""

    variant_label = serializers.CharField(read_only=True)

    class Meta:
        model = Paper
        fields = ["id", "variant", "variant_label", "item_count", "total_points", "digest"]


class AssemblySerializer(serializers.ModelSerializer[Assembly]):
    papers = PaperSerializer(many=True, read_only=True)

    class Meta:
        model = Assembly
        fields = [
            "id",
            "blueprint",
            "bank",
            "assembled_at",
            "exposure_waived",
            "exposure_reason",
            "report",
            "papers",
            "sessions",
        ]


class OpenPaperSerializer(serializers.Serializer[Any]):
    purpose = serializers.CharField(allow_blank=True)


class CbtSessionSerializer(serializers.ModelSerializer[CbtSession]):
    session = serializers.CharField(source="exam_session.__str__", read_only=True)
    room = serializers.CharField(source="exam_session.room.name", read_only=True)
    starts_at = serializers.DateTimeField(source="exam_session.starts_at", read_only=True)

    class Meta:
        model = CbtSession
        fields = ["id", "exam_session", "session", "room", "starts_at", "assembly", "duration_minutes"]


class SittingSerializer(serializers.ModelSerializer[Sitting]):
    """What the proctor console shows per candidate."""

    exam_number = serializers.CharField(source="registration.exam_number", read_only=True)
    name = serializers.CharField(source="registration.name", read_only=True)
    variant = serializers.CharField(source="paper.variant_label", read_only=True)
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = Sitting
        fields = [
            "id",
            "cbt_session",
            "exam_number",
            "name",
            "variant",
            "status",
            "signed_in_at",
            "sign_ins",
            "answered",
            "item_count",
            "last_saved_at",
            "last_seq",
            "extra_minutes",
            "deadline",
            "submitted_at",
            "submit_kind",
            "objective_score",
            "score",
            "marking",
        ]

    def get_deadline(self, obj: Sitting) -> str:
        return deadline_of(obj).isoformat()


class ExtraTimeSerializer(serializers.Serializer[Any]):
    minutes = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class MarkSerializer(serializers.Serializer[Any]):
    score = serializers.DecimalField(max_digits=6, decimal_places=2)


class MarkingItemSerializer(serializers.Serializer[Any]):
    """A short answer to mark, blind: no candidate name, no other marker's score."""

    answer = serializers.IntegerField()
    key = serializers.CharField()
    stem = serializers.CharField()
    reference = serializers.ListField(child=serializers.CharField())
    points = serializers.CharField()
    response = serializers.ListField(child=serializers.CharField())
    round = serializers.IntegerField()


# --- candidate (public) ---------------------------------------------------------------------------


class SignInSerializer(serializers.Serializer[Any]):
    exam_number = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    session_code = serializers.CharField(allow_blank=True)


class SaveSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    response = serializers.ListField(child=serializers.CharField(allow_blank=True), allow_empty=True)
    seq = serializers.IntegerField()


class SaveResultSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["saved", "duplicate"])
    seq = serializers.IntegerField()
    last_seq = serializers.IntegerField()
    answered = serializers.IntegerField()


class ExamStateSerializer(serializers.Serializer[Any]):
    sitting = serializers.IntegerField()
    name = serializers.CharField()
    exam_number = serializers.CharField()
    room = serializers.CharField(help_text=gettext_lazy("考场名称"))
    watermark = serializers.CharField(help_text=gettext_lazy("页面水印文字：考场与准考证号"))
    variant = serializers.CharField()
    status = serializers.CharField()
    deadline = serializers.CharField()
    seconds_left = serializers.IntegerField()
    last_seq = serializers.IntegerField()
    items = serializers.ListField(child=serializers.DictField())
    answers = serializers.DictField()
    score = serializers.CharField(allow_null=True)


class SignInResultSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    state = ExamStateSerializer()


# --- skills tasks marked by their rubric ---------------------------------------------------------


class SkillsSessionSerializer(serializers.ModelSerializer[SkillsSession]):
    """A skills session examined with one variant of an assembled skills paper."""

    session = serializers.CharField(source="exam_session.__str__", read_only=True)
    room = serializers.CharField(source="exam_session.room.name", read_only=True)
    starts_at = serializers.DateTimeField(source="exam_session.starts_at", read_only=True)
    variant = serializers.IntegerField(
        write_only=True, required=False, default=1, min_value=1, help_text=gettext_lazy("使用第几套（默认A卷）")
    )
    variant_label = serializers.CharField(source="paper.variant_label", read_only=True)

    class Meta:
        model = SkillsSession
        fields = [
            "id",
            "exam_session",
            "session",
            "room",
            "starts_at",
            "assembly",
            "variant",
            "variant_label",
            "opened_at",
        ]
        read_only_fields = ["opened_at"]


class SkillsSheetRowSerializer(serializers.Serializer[Any]):
    """One candidate to mark: the seat (the sheet's id), and the actor's own sheet's state."""

    id = serializers.IntegerField(source="seat.pk")
    exam_number = serializers.CharField(source="seat.registration.exam_number")
    seat_number = serializers.IntegerField(source="seat.seat_number")
    exam_session = serializers.IntegerField(source="seat.session_id")
    room = serializers.CharField(source="seat.session.room.name")
    my_score = serializers.DecimalField(source="sheet.score", max_digits=6, decimal_places=2, allow_null=True)
    signed_at = serializers.DateTimeField(source="sheet.signed_at", allow_null=True)


class SkillsStepSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=gettext_lazy("评分项目 key（marks 的键）"))
    title = serializers.CharField()
    max = serializers.DecimalField(max_digits=6, decimal_places=2)
    mark = serializers.CharField(allow_blank=True, help_text=gettext_lazy("本人评分"))
    others = serializers.ListField(
        child=serializers.CharField(allow_blank=True), help_text=gettext_lazy("其他考评人员的评分（全部签名后）")
    )


class SkillsTaskSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=gettext_lazy("任务 key（voids 的键）"))
    task_label = serializers.CharField(source="label")
    title = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    steps = SkillsStepSerializer(many=True)
    void_if = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("否决项"))
    voided = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("本人勾选的否决项"))
    void_reason = serializers.CharField(allow_blank=True)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class SkillsOtherSheetSerializer(serializers.Serializer[Any]):
    examiner = serializers.CharField(source="examiner.name")
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    voids = serializers.DictField()
    signed_at = serializers.DateTimeField(allow_null=True)


class SkillsSheetSerializer(serializers.Serializer[Any]):
    """A candidate's skills sheet: the tasks' steps with the actor's marks, blind until every examiner signed."""

    id = serializers.IntegerField(source="view.seat.pk")
    exam_number = serializers.CharField(source="view.seat.registration.exam_number")
    variant = serializers.CharField(source="skills.paper.variant_label")
    tasks = SkillsTaskSerializer(many=True)
    my_score = serializers.SerializerMethodField()
    signed_at = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    examiners = serializers.IntegerField(source="view.examiners")
    signed = serializers.IntegerField(source="view.signed")
    others = SkillsOtherSheetSerializer(source="view.others", many=True)
    gap_status = serializers.CharField(source="view.review.status", allow_null=True, default=None)
    component_score = serializers.DecimalField(
        source="view.component_score.score", max_digits=6, decimal_places=2, allow_null=True, default=None
    )
    may_sign = serializers.BooleanField()
    may_change = serializers.BooleanField()

    def get_my_score(self, obj: dict[str, Any]) -> str | None:
        mine = obj["view"].mine
        return str(mine.score) if mine is not None else None

    def get_signed_at(self, obj: dict[str, Any]) -> str | None:
        mine = obj["view"].mine
        return mine.signed_at.isoformat() if mine is not None and mine.signed_at else None

    def get_notes(self, obj: dict[str, Any]) -> str:
        mine = obj["view"].mine
        return mine.notes if mine is not None else ""


class VoidInputSerializer(serializers.Serializer[Any]):
    items = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("勾选的否决项"))
    reason = serializers.CharField(allow_blank=True, required=False, default="", help_text=gettext_lazy("否决理由"))


class SkillsMarksInputSerializer(serializers.Serializer[Any]):
    marks = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text=gettext_lazy("评分步骤 key → 得分（0 至该步配分）")
    )
    voids = serializers.DictField(
        child=VoidInputSerializer(),
        required=False,
        default=dict,
        help_text=gettext_lazy("任务 key → 勾选的否决项与理由；任务被否决时记0分"),
    )
    notes = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class SkillsChangeInputSerializer(SkillsMarksInputSerializer):
    reason = serializers.CharField(help_text=gettext_lazy("变更原因"))
