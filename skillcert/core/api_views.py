"""Core API: the audit log, rule parameters, the holiday calendar and working-day arithmetic."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skillcert.core import services
from skillcert.core.filtersets import AuditEventFilterSet, CalendarDayFilterSet
from skillcert.core.models import AuditEvent, CalendarDay, PolicySource
from skillcert.core.selectors import audit_events_visible_to, policy_rows
from skillcert.core.serializers import (
    AuditEventSerializer,
    CalendarDaySerializer,
    PolicySerializer,
    PolicySourceSerializer,
    WorkdayQuerySerializer,
)
from skillcert.core.workdays import add_working_days, is_working_day, working_days_between

if TYPE_CHECKING:
    from skillcert.accounts.types import Acting


class AuditEventList(generics.ListAPIView[AuditEvent]):
    """Audit events the actor may read, newest first (R-X-1)."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet

    def get_queryset(self) -> Any:
        return audit_events_visible_to(self.request.user).order_by("-id")


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
