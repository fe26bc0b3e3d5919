"""Core API: the audit log, rule parameters, the holiday calendar and working-day arithmetic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skillcert.accounts.types import Acting

import datetime
from dataclasses import asdict
from typing import Any

import django_filters
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skillcert.core import services
from skillcert.core.bounds import YearFilter
from skillcert.core.models import AuditEvent, CalendarDay, PolicySource
from skillcert.core.selectors import audit_events_visible_to, policy_rows
from skillcert.core.workdays import add_working_days, is_working_day, working_days_between


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


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter(label=gettext_lazy("操作（前缀）"), lookup_expr="startswith")
    object_type = django_filters.CharFilter(label=gettext_lazy("对象类型"))
    object_id = django_filters.CharFilter(label=gettext_lazy("对象ID"))

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]


class AuditEventList(generics.ListAPIView[AuditEvent]):
    """Audit events the actor may read, newest first (R-X-1)."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet

    def get_queryset(self) -> Any:
        return audit_events_visible_to(self.request.user).order_by("-id")


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


def _policy_rows(actor: Acting) -> list[dict[str, Any]]:
    return [asdict(row) for row in policy_rows(actor)]


class PolicyList(APIView):
    """Rules the spec marks as defaults, with the value in force and its source (R-X-8)."""

    @extend_schema(responses=PolicySerializer(many=True), summary=gettext_lazy("规则参数列表"))
    def get(self, request: Request) -> Response:
        rows: Any = _policy_rows(request.user)
        return Response(PolicySerializer(rows, many=True).data)


class PolicyDetail(APIView):
    """Read or change one rule from a date; only region administrators may change it."""

    @extend_schema(responses=PolicySerializer, summary=gettext_lazy("规则参数"))
    def get(self, request: Request, key: str) -> Response:
        for row in _policy_rows(request.user):
            if row["key"] == key:
                return Response(PolicySerializer(row).data)
        return Response({"code": "not_found", "detail": gettext("未找到该记录")}, status=status.HTTP_404_NOT_FOUND)

    @extend_schema(request=PolicySerializer, responses=PolicySerializer, summary=gettext_lazy("修改规则参数"))
    def patch(self, request: Request, key: str) -> Response:
        serializer = PolicySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.set_policy_value(
            actor=request.user,
            key=key,
            value=data["value"],
            note=data.get("note", ""),
            effective_from=data.get("effective_from"),
            source=data.get("source", ""),
            article=data.get("article", ""),
            is_correction=data.get("is_correction", False),
        )
        return self.get(request, key)


class PolicySourceSerializer(serializers.ModelSerializer[PolicySource]):
    class Meta:
        model = PolicySource
        fields = ["code", "number", "title", "issuer", "effective_on", "url", "note"]
        extra_kwargs: dict[str, Any] = {"code": {"validators": []}}


class PolicySourceViewSet(viewsets.GenericViewSet[PolicySource], mixins.ListModelMixin):
    """The register of texts the rules rest on (R-X-8); region administrators add documents."""

    serializer_class = PolicySourceSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return PolicySource.objects.restrict(self.request.user, "view")

    @extend_schema(
        request=PolicySourceSerializer, responses={201: PolicySourceSerializer}, summary=gettext_lazy("登记依据文件")
    )
    def create(self, request: Request) -> Response:
        serializer = PolicySourceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = services.register_policy_source(actor=request.user, **serializer.validated_data)
        return Response(PolicySourceSerializer(source).data, status=status.HTTP_201_CREATED)


class CalendarDaySerializer(serializers.ModelSerializer[CalendarDay]):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_working_day", "name"]
        extra_kwargs: dict[str, Any] = {"date": {"validators": []}}


class CalendarDayFilterSet(django_filters.FilterSet):
    year = YearFilter(label=gettext_lazy("年份"), field_name="date__year")

    class Meta:
        model = CalendarDay
        fields = ["year"]


class CalendarDayList(generics.ListCreateAPIView[CalendarDay]):
    """The region's holiday and adjusted-working-day overrides (R-EXAM-10)."""

    serializer_class = CalendarDaySerializer
    filterset_class = CalendarDayFilterSet
    pagination_class = None

    def get_queryset(self) -> Any:
        return CalendarDay.objects.restrict(self.request.user, "view")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.set_calendar_day(
            actor=self.request.user, day=data["date"], is_working_day=data["is_working_day"], name=data.get("name", "")
        )


class CalendarDayDetail(generics.RetrieveDestroyAPIView[CalendarDay]):
    serializer_class = CalendarDaySerializer
    lookup_field = "date"

    def get_queryset(self) -> Any:
        return CalendarDay.objects.restrict(self.request.user, "view")

    def perform_destroy(self, instance: CalendarDay) -> None:
        services.remove_calendar_day(actor=self.request.user, day=instance.date)


class WorkdayQuerySerializer(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField(label=gettext_lazy("起始日期"))
    days = serializers.IntegerField(label=gettext_lazy("工作日数"), required=False, min_value=0, max_value=3650)
    end = serializers.DateField(label=gettext_lazy("截止日期"), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "days" not in attrs and "end" not in attrs:
            raise serializers.ValidationError({"days": gettext("请提供工作日数 days 或截止日期 end 之一")})
        return attrs


class WorkdayView(APIView):
    """Working-day arithmetic on the official calendar with 调休 (R-EXAM-10)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("date", datetime.date, description=gettext_lazy("起始日期")),
            OpenApiParameter("days", int, required=False, description=gettext_lazy("向后推算的工作日数")),
            OpenApiParameter(
                "end", datetime.date, required=False, description=gettext_lazy("计算到该日期为止的工作日数")
            ),
        ],
        responses=inline_serializer(
            "WorkdayAnswer",
            {
                "date": serializers.DateField(),
                "is_working_day": serializers.BooleanField(),
                "result_date": serializers.DateField(required=False),
                "working_days": serializers.IntegerField(required=False),
            },
        ),
        summary=gettext_lazy("工作日推算"),
    )
    def get(self, request: Request) -> Response:
        query = WorkdayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data["date"]
        answer: dict[str, Any] = {"date": start, "is_working_day": is_working_day(start)}
        if "days" in query.validated_data:
            answer["result_date"] = add_working_days(start, query.validated_data["days"])
        if "end" in query.validated_data:
            answer["working_days"] = working_days_between(start, query.validated_data["end"])
        return Response(answer)
