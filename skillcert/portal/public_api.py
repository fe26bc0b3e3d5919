from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.portal.selectors import public_overview


@extend_schema(
    summary=gettext_lazy("平台公开概况"),
    responses=OpenApiResponse(
        inline_serializer(
            "PublicOverview",
            {
                "leagues": serializers.IntegerField(),
                "authorities": serializers.IntegerField(),
                "institutions": serializers.IntegerField(),
            },
        )
    ),
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def overview(request: Request) -> Response:
    return Response(public_overview())
