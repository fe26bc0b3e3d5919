"""Reports REST API under /api/v1/reports/: annual summaries, their workflow, the region's status
board and roll-up, each export as PDF and Excel (R-REP-1, R-REP-2)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.models import User
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, validated_input
from skillcert.core.bounds import year_param
from skillcert.core.excel import XLSX_TYPE
from skillcert.core.pdf import pdf_response
from skillcert.core.scoping import actor_may
from skillcert.reports import exports, selectors, services
from skillcert.reports.api.serializers import (
    AnnualSummarySerializer,
    LeagueStatusSerializer,
    NarrativeSerializer,
    SummaryCommentsSerializer,
    SummaryOpenSerializer,
)
from skillcert.reports.models import SUMMARY_POLICY, AnnualSummary

YEAR = OpenApiParameter("year", int, description=gettext_lazy("年度（默认今年）"))


def _actor(request: Request) -> User:
    return cast(User, request.user)


def _year(request: Request) -> int:
    year = year_param(request.query_params.get("year"), default=timezone.localdate().year)
    assert year is not None
    return year


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.xlsx"
    return response


class AnnualSummaryViewSet(viewsets.ReadOnlyModelViewSet[AnnualSummary]):
    """Annual league summaries in the actor's scope and their workflow (R-REP-1)."""

    serializer_class = AnnualSummarySerializer

    def get_queryset(self) -> Any:
        return selectors.summaries_visible_to(self.request.user).prefetch_related("returns")

    @extend_schema(
        summary=gettext_lazy("建立本盟市的年度总结（统计数据自动汇总）"),
        request=SummaryOpenSerializer,
        responses={201: AnnualSummarySerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"], url_path="open")
    def open_summary(self, request: Request) -> Response:
        summary = services.open_summary(
            actor=_actor(request), year=validated_input(SummaryOpenSerializer, request)["year"]
        )
        return Response(AnnualSummarySerializer(summary).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("编写叙述部分（报送后须退回才能修改）"),
        request=NarrativeSerializer,
        responses={200: AnnualSummarySerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def narrative(self, request: Request, pk: str | None = None) -> Response:
        summary = self.get_object()
        services.require_league_writer(_actor(request), summary)
        texts = validated_input(NarrativeSerializer, request)
        summary = services.save_narrative(actor=_actor(request), summary=summary, **texts)
        return Response(AnnualSummarySerializer(summary).data)

    @extend_schema(
        summary=gettext_lazy("重新汇总统计数据"), request=None, responses={200: AnnualSummarySerializer, 400: BAD_INPUT}
    )
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, pk: str | None = None) -> Response:
        summary = services.refresh_statistics(actor=_actor(request), summary=self.get_object())
        return Response(AnnualSummarySerializer(summary).data)

    @extend_schema(
        summary=gettext_lazy("报送"),
        request=None,
        responses={200: AnnualSummarySerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        summary = services.submit_summary(actor=_actor(request), summary=self.get_object())
        return Response(AnnualSummarySerializer(summary).data)

    @extend_schema(
        summary=gettext_lazy("退回修改（自治区，须填写修改意见）"),
        request=SummaryCommentsSerializer,
        responses={200: AnnualSummarySerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request: Request, pk: str | None = None) -> Response:
        summary = self.get_object()
        services.require_region_reviewer(_actor(request), summary)
        comments = validated_input(SummaryCommentsSerializer, request)["comments"]
        services.return_summary(actor=_actor(request), summary=summary, comments=comments)
        return Response(AnnualSummarySerializer(self.get_queryset().get(pk=summary.pk)).data)

    @extend_schema(
        summary=gettext_lazy("接收（自治区）"), request=None, responses={200: AnnualSummarySerializer, 400: BAD_INPUT}
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        summary = services.accept_summary(actor=_actor(request), summary=self.get_object())
        return Response(AnnualSummarySerializer(summary).data)

    @extend_schema(
        summary=gettext_lazy("导出PDF"), responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: HIDDEN}
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        summary = self.get_object()
        return pdf_response(
            exports.summary_pdf(summary),
            gettext("%(name)s%(year)s年度工作总结.pdf") % {"name": summary.league.name, "year": summary.year},
        )

    @extend_schema(summary=gettext_lazy("导出Excel"), responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, 404: HIDDEN})
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: str | None = None) -> HttpResponse:
        summary = self.get_object()
        return _xlsx(exports.summary_xlsx(summary), f"summary-{summary.league.code}-{summary.year}")

    @extend_schema(
        summary=gettext_lazy("各盟市报送情况（逾期标记）"),
        parameters=[YEAR],
        responses={200: LeagueStatusSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def board(self, request: Request) -> Response:
        _require_office(request)
        return Response(LeagueStatusSerializer(selectors.status_board(_actor(request), _year(request)), many=True).data)

    @extend_schema(
        summary=gettext_lazy("全区汇总统计"), parameters=[YEAR], responses={200: OpenApiTypes.OBJECT, 403: FORBIDDEN}
    )
    @action(detail=False, methods=["get"])
    def rollup(self, request: Request) -> Response:
        _require_region(request)
        return Response(selectors.region_rollup(_actor(request), _year(request)))

    @extend_schema(
        summary=gettext_lazy("全区汇总PDF"),
        parameters=[YEAR],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["get"], url_path="rollup/pdf")
    def rollup_pdf(self, request: Request) -> HttpResponse:
        _require_region(request)
        year = _year(request)
        data = exports.rollup_pdf(
            selectors.region_rollup(_actor(request), year), selectors.status_board(_actor(request), year)
        )
        return pdf_response(data, gettext("%(year)s年度全区汇总.pdf") % {"year": year})

    @extend_schema(
        summary=gettext_lazy("全区汇总Excel"),
        parameters=[YEAR],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["get"], url_path="rollup/xlsx")
    def rollup_xlsx(self, request: Request) -> HttpResponse:
        _require_region(request)
        year = _year(request)
        return _xlsx(exports.statistics_xlsx(selectors.region_rollup(_actor(request), year)), f"rollup-{year}")


def _require_office(request: Request) -> None:
    user = _actor(request)
    level = user.organisation.scope_level
    if not actor_may(user, "view", SUMMARY_POLICY) or level not in ("region", "league"):
        raise PermissionDenied(gettext("只有自治区和盟市的工作人员可以查看年度总结"))


def _require_region(request: Request) -> None:
    _require_office(request)
    user = _actor(request)
    if not user.is_superuser and user.organisation.scope_level != "region":
        raise PermissionDenied(gettext("全区汇总由自治区查看"))
