"""Serializers of the reports API (R-REP-1)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from skillcert.reports.models import AnnualSummary, SummaryReturn


class SummaryReturnSerializer(serializers.ModelSerializer[SummaryReturn]):
    class Meta:
        model = SummaryReturn
        fields = ["id", "comments", "returned_at"]


class AnnualSummarySerializer(serializers.ModelSerializer[AnnualSummary]):
    league_name = serializers.CharField(source="league.name", read_only=True)
    returns = SummaryReturnSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualSummary
        fields = [
            "id", "league", "league_name", "year", "status", "deadline", "statistics", "compiled_at",
            "overview", "achievements", "problems", "next_year", "submitted_at", "submitted_late",
            "accepted_at", "returns",
        ]  # fmt: skip
        read_only_fields = fields


class SummaryOpenSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(label=gettext_lazy("年度"))


class NarrativeSerializer(serializers.Serializer[Any]):
    overview = serializers.CharField(label=gettext_lazy("工作概况"), required=False, allow_blank=True)
    achievements = serializers.CharField(label=gettext_lazy("主要成效"), required=False, allow_blank=True)
    problems = serializers.CharField(label=gettext_lazy("存在问题"), required=False, allow_blank=True)
    next_year = serializers.CharField(label=gettext_lazy("下一年度工作计划"), required=False, allow_blank=True)


class SummaryCommentsSerializer(serializers.Serializer[Any]):
    comments = serializers.CharField(label=gettext_lazy("修改意见"), allow_blank=True)


class LeagueStatusSerializer(serializers.Serializer[Any]):
    league = serializers.CharField(source="league.name")
    summary = serializers.IntegerField(source="summary.pk", allow_null=True, default=None)
    status = serializers.CharField(source="status_label")
    deadline = serializers.DateField()
    late = serializers.BooleanField()
