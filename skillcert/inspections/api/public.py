"""Public API of 双随机、一公开 under /api/v1/public/inspections/ (no login; R-SUP-4, R-PUB-1)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from skillcert.inspections.api.serializers import PublicCampaignListSerializer, PublicCampaignSerializer
from skillcert.inspections.selectors import public_campaigns


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("双随机检查任务（公布候选池后公开）")),
    retrieve=extend_schema(summary=gettext_lazy("检查任务：候选池、种子承诺、种子、抽取结果、检查结果及更正版本")),
)
class PublicCampaignViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> Any:
        qs = public_campaigns()
        if self.action == "retrieve":
            qs = qs.prefetch_related("inspections__institution", "inspections__stratum")
        return qs

    def get_serializer_class(self) -> Any:
        return PublicCampaignSerializer if self.action == "retrieve" else PublicCampaignListSerializer
