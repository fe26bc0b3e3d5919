"""Supervision over REST: alerts with bulk acknowledgement and closing, kinds, dashboard figures
and each role's workbench tiles (R-SUP-1, R-SUP-2, R-X-5). Same scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from skillcert.accounts.types import AuthedApiRequest, actor_of
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, validated_input
from skillcert.core.bounds import id_param, year_param
from skillcert.core.replica import reads_from_replica
from skillcert.core.scoping import get_visible_or_404
from skillcert.portal.dashboard import tiles_for
from skillcert.supervision.api.filtersets import AlertFilterSet
from skillcert.supervision.api.serializers import (
    AcknowledgeSerializer,
    AlertSerializer,
    CloseSerializer,
    DashboardSerializer,
    KindSerializer,
    TileSerializer,
)
from skillcert.supervision.models import Alert
from skillcert.supervision.registry import kinds
from skillcert.supervision.selectors.alerts import alerts_visible_to
from skillcert.supervision.selectors.dashboard import dashboard, resolve_scope
from skillcert.supervision.services.alerts import acknowledge_alerts, close_alert


class AlertViewSet(viewsets.ReadOnlyModelViewSet[Alert]):
    """Alerts in the actor's scope, with their evidence and handling (R-SUP-2)."""

    # The model for the schema generator, which has no signed-in user to scope get_queryset by.
    queryset = Alert.objects.none()
    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet

    def get_queryset(self) -> Any:
        return alerts_visible_to(actor_of(self.request))

    @extend_schema(
        summary=gettext_lazy("批量确认预警（全部成功或全部不变）"),
        request=AcknowledgeSerializer,
        responses={200: AlertSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"])
    def acknowledge(self, request: AuthedApiRequest) -> Response:
        data = validated_input(AcknowledgeSerializer, request)
        alerts = acknowledge_alerts(actor=request.user, alert_ids=data["alerts"], note=data["note"])
        fresh = self.get_queryset().filter(pk__in=[a.pk for a in alerts])
        return Response(AlertSerializer(fresh, many=True).data)

    @extend_schema(
        summary=gettext_lazy("解除或排除一条预警（须说明理由）"),
        request=CloseSerializer,
        responses={200: AlertSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        alert = get_visible_or_404(Alert.objects.all(), request.user, "view", pk=pk)
        data = validated_input(CloseSerializer, request)
        close_alert(actor=request.user, alert=alert, outcome=data["outcome"], reason=data["reason"])
        return Response(AlertSerializer(self.get_queryset().get(pk=alert.pk)).data)


class KindListView(APIView):
    """Every alert kind the platform knows, with its requirement and notice clause (R-SUP-2)."""

    @extend_schema(summary=gettext_lazy("预警类型"), responses=KindSerializer(many=True))
    def get(self, request: AuthedApiRequest) -> Response:
        data = [
            {
                "code": k.code,
                "label": str(k.label),
                "severity": k.severity,
                "spec": k.spec,
                "clause": k.clause,
                "scanned": k.rule is not None,
            }
            for k in kinds().values()
        ]
        return Response(KindSerializer(data, many=True).data)


class DashboardView(APIView):
    """The region, league or institution dashboard's figures, from the rollups (R-SUP-1, R-X-5)."""

    @extend_schema(
        summary=gettext_lazy("监管仪表盘数据"),
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description=gettext_lazy("年份，默认今年")),
            OpenApiParameter("league", OpenApiTypes.STR, description=gettext_lazy("盟市行政区划代码（自治区用户）")),
            OpenApiParameter("institution", OpenApiTypes.INT, description=gettext_lazy("评价机构ID")),
        ],
        responses={200: DashboardSerializer, 400: BAD_INPUT, 404: HIDDEN},
    )
    @method_decorator(reads_from_replica)
    def get(self, request: AuthedApiRequest) -> Response:
        scope = resolve_scope(
            request.user,
            year=year_param(request.query_params.get("year"), label=_("年份")),
            league=request.query_params.get("league") or None,
            institution=id_param(request.query_params.get("institution"), field="institution", label=_("评价机构")),
        )
        return Response(DashboardSerializer(dashboard(request.user, scope)).data)


class TilesView(APIView):
    """The actor's workbench tiles, as the home page shows them (R-X-5)."""

    @extend_schema(summary=gettext_lazy("工作台统计"), responses={200: TileSerializer(many=True)})
    def get(self, request: AuthedApiRequest) -> Response:
        return Response(TileSerializer(tiles_for(request.user), many=True).data, status=status.HTTP_200_OK)
