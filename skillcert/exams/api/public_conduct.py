"""Public results publicity and objections under /api/v1/public/exams/ (no login; R-EXAM-9, R-PUB-1).

Only publications whose publicity is running are listed, names and ID numbers masked.
Anyone may object during publicity and follows the case by its tracking code.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.core.api_docs import BAD_INPUT
from skillcert.core.errors import DomainError
from skillcert.exams.api.serializers import (
    ObjectionCreateSerializer,
    ObjectionStatusSerializer,
    PublicPublicationDetailSerializer,
    PublicPublicationSerializer,
)
from skillcert.exams.models import Objection, ResultPublication
from skillcert.exams.selectors.conduct import objection_by_code, public_publications
from skillcert.exams.services import publicity

MISSING = OpenApiResponse(description=gettext_lazy("不存在或不在公示期"))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("公示中的认定成绩（无需登录）")),
    retrieve=extend_schema(
        summary=gettext_lazy("公示名单（姓名、证件号码脱敏）"),
        responses={200: PublicPublicationDetailSerializer, 404: MISSING},
    ),
)
class PublicResultViewSet(viewsets.ReadOnlyModelViewSet[ResultPublication]):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> Any:
        return public_publications()

    def get_serializer_class(self) -> Any:
        return PublicPublicationDetailSerializer if self.action == "retrieve" else PublicPublicationSerializer


class PublicObjectionViewSet(viewsets.GenericViewSet[Objection]):
    """File an objection during publicity; look it up by tracking code (R-EXAM-9)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = ObjectionStatusSerializer
    lookup_field = "tracking_code"

    def get_queryset(self) -> Any:
        return Objection.objects.select_related("publication__plan")

    @extend_schema(
        summary=gettext_lazy("对公示成绩提出异议（返回查询码）"),
        request=ObjectionCreateSerializer,
        responses={201: ObjectionStatusSerializer, 400: BAD_INPUT},
    )
    def create(self, request: Request) -> Response:
        incoming = ObjectionCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        publication = public_publications().filter(pk=data["publication"]).first()
        if publication is None:
            raise DomainError(gettext("成绩公示：不存在或不在公示期"), field="publication", code="not_found")
        objection = publicity.file_objection(
            actor=None,
            publication=publication,
            complainant_name=data["complainant_name"],
            text_=data["text"],
            contact=data["contact"],
            exam_number=data["exam_number"],
        )
        return Response(ObjectionStatusSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("按查询码查看异议处理情况"), responses={200: ObjectionStatusSerializer, 404: MISSING}
    )
    def retrieve(self, request: Request, tracking_code: str | None = None) -> Response:
        objection = objection_by_code(tracking_code or "")
        if objection is None:
            from rest_framework.exceptions import NotFound

            raise NotFound(gettext("查询码不存在"))
        return Response(ObjectionStatusSerializer(objection).data)
