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
