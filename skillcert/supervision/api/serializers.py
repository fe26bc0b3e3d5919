"""Serializers of the supervision API (R-SUP-1, R-SUP-2, R-X-5)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skillcert.core.bounds import BoundedIdField
from skillcert.supervision.choices import AlertStatus
from skillcert.supervision.models import Alert


class AlertSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    kind_label = serializers.SerializerMethodField()
    jurisdiction_code = serializers.CharField(source="jurisdiction.code", read_only=True)
    status_changed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "kind_label",
            "severity",
            "subject_type",
            "subject_id",
            "subject_label",
            "period",
            "jurisdiction_code",
            "institution",
            "evidence",
            "observed_on",
            "first_seen_at",
            "last_seen_at",
            "status",
            "status_reason",
            "status_changed_at",
            "status_changed_by_name",
            "resolved_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_kind_label(self, obj: Alert) -> str:
        return obj.kind_label

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status_changed_by_name(self, obj: Alert) -> str | None:
        user = obj.status_changed_by
        return (user.full_name or user.username) if user is not None else None


class AcknowledgeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    alerts = serializers.ListField(child=BoundedIdField(), allow_empty=False, label=_("预警"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500, label=_("说明"))


class CloseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    outcome = serializers.ChoiceField(
        choices=[
            (AlertStatus.RESOLVED, AlertStatus.RESOLVED.label),
            (AlertStatus.DISMISSED, AlertStatus.DISMISSED.label),
        ],
        label=_("处理结果"),
    )
    reason = serializers.CharField(allow_blank=True, max_length=2000, label=_("处理说明"))


class KindSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    severity = serializers.CharField()
    spec = serializers.CharField()
    clause = serializers.CharField()
    scanned = serializers.BooleanField()


class FiguresSerializer(serializers.Serializer):  # type: ignore[type-arg]
    plans = serializers.IntegerField()
    candidates = serializers.IntegerField()
    results = serializers.IntegerField()
    passed = serializers.IntegerField()
    certificates = serializers.IntegerField()
    pass_rate = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The dashboard's figures: totals and breakdowns, each row with the URL of its list."""

    scope = serializers.DictField()
    totals = serializers.DictField()
    by_month = serializers.ListField(child=serializers.DictField())
    by_occupation = serializers.ListField(child=serializers.DictField())
    by_level = serializers.ListField(child=serializers.DictField())
    by_league = serializers.ListField(child=serializers.DictField(), required=False)
    by_institution = serializers.ListField(child=serializers.DictField(), required=False)
    alerts = serializers.ListField(child=serializers.DictField())


class TileSerializer(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.IntegerField()
    url = serializers.CharField()
    hint = serializers.CharField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {"label": instance.label, "value": instance.value, "url": instance.url, "hint": instance.hint}
