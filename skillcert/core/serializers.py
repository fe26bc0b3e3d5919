"""Serializers of core's API: the audit log, rule parameters and their sources, the calendar."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext, gettext_lazy
from rest_framework import serializers

from skillcert.core.models import AuditEvent, CalendarDay, PolicySource


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor_id",
            "actor_repr",
            "organisation_id",
            "organisation_repr",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "request_id",
            "prev_hash",
            "hash",
        ]


class ScheduledPolicyValueSerializer(serializers.Serializer[dict[str, Any]]):
    value = serializers.JSONField(read_only=True)
    effective_from = serializers.DateField(read_only=True)
    basis = serializers.CharField(read_only=True)


class PolicySerializer(serializers.Serializer[dict[str, Any]]):
    key = serializers.CharField(read_only=True)
    default = serializers.JSONField(read_only=True)
    value = serializers.JSONField()
    overridden = serializers.BooleanField(read_only=True)
    effective_from = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("生效日期"))
    basis = serializers.CharField(read_only=True, label=gettext_lazy("依据"))
    traced = serializers.BooleanField(read_only=True, label=gettext_lazy("有文件依据"))
    source_code = serializers.CharField(
        source="source", required=False, allow_blank=True, max_length=50, label=gettext_lazy("依据文件代码")
    )
    article = serializers.CharField(required=False, allow_blank=True, max_length=100, label=gettext_lazy("条款"))
    is_correction = serializers.BooleanField(
        required=False, default=False, write_only=True, label=gettext_lazy("更正录入错误")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label=gettext_lazy("说明"))
    scheduled = ScheduledPolicyValueSerializer(many=True, read_only=True, label=gettext_lazy("待生效"))


class BlankOrURLField(serializers.CharField):
    """A URL or the empty string, documented as a string: ``format: uri`` would refuse the stored blank."""

    def to_internal_value(self, data: Any) -> str:
        value: str = super().to_internal_value(data)
        if value:
            try:
                URLValidator()(value)
            except DjangoValidationError:
                raise serializers.ValidationError(gettext("请输入有效的链接地址"), code="invalid") from None
        return value


class PolicySourceSerializer(serializers.ModelSerializer[PolicySource]):
    url = BlankOrURLField(label=gettext_lazy("链接"), max_length=200, allow_blank=True, required=False)

    class Meta:
        model = PolicySource
        fields = ["code", "number", "title", "issuer", "effective_on", "url", "note"]
        extra_kwargs: dict[str, Any] = {"code": {"validators": []}}


class CalendarDaySerializer(serializers.ModelSerializer[CalendarDay]):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_working_day", "name"]
        extra_kwargs: dict[str, Any] = {"date": {"validators": []}}


class WorkdayQuerySerializer(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField(label=gettext_lazy("起始日期"))
    days = serializers.IntegerField(label=gettext_lazy("工作日数"), required=False, min_value=0, max_value=3650)
    end = serializers.DateField(label=gettext_lazy("截止日期"), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "days" not in attrs and "end" not in attrs:
            raise serializers.ValidationError({"days": gettext("请提供工作日数 days 或截止日期 end 之一")})
        return attrs
