"""Accounts API: who am I, jurisdictions, organisations and users in my scope, my API tokens."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts import services
from skillcert.accounts.authentication import ApiTokenAuthentication
from skillcert.accounts.filtersets import OrganisationFilterSet, UserFilterSet
from skillcert.accounts.models import ApiToken, Jurisdiction, User
from skillcert.accounts.selectors import api_tokens_of, leagues, organisations_visible_to, users_visible_to
from skillcert.accounts.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    JurisdictionSerializer,
    MeSerializer,
    OrganisationSerializer,
    UserSerializer,
)


@extend_schema(responses=MeSerializer, summary="当前登录用户")
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(MeSerializer(cast(User, request.user)).data)


class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet[Jurisdiction]):
    """The region and its 14 league-level jurisdictions (public, R-ORG-1)."""

    serializer_class = JurisdictionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self) -> Any:
        return Jurisdiction.objects.all() if self.action == "retrieve" else leagues()


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Organisations in the actor's scope (R-ORG-2)."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self) -> Any:
        return organisations_visible_to(self.request.user)


class UserViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Users in the actor's scope; only admins, managers and auditors see the list (R-ORG-2)."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet

    def get_queryset(self) -> Any:
        return users_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="我的接口令牌", description="只列出当前用户自己的令牌；不返回密钥，只返回前缀。"),
    retrieve=extend_schema(
        summary="接口令牌详情", description="当前用户自己的一个令牌；他人的令牌与不存在的令牌同样返回 404。"
    ),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """The caller's own API tokens for machine clients (R-X-2)."""

    serializer_class = ApiTokenSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return api_tokens_of(self.request.user)

    @extend_schema(
        summary="创建接口令牌",
        description=(
            "为机器客户端创建令牌。完整密钥只在本次响应的 key 字段中返回一次，平台只保存其 SHA-256 摘要。"
            "必须在登录会话中调用：用令牌认证的请求不能创建新令牌。"
        ),
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, 400: OpenApiResponse(description="名称或有效期不符合规则")},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if isinstance(request.successful_authenticator, ApiTokenAuthentication):
            raise exceptions.PermissionDenied(_("不能用接口令牌创建新的令牌，请登录后在“账号安全”页面或会话中创建"))
        incoming = ApiTokenCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        token, key = services.create_api_token(
            actor=request.user,  # type: ignore[arg-type]
            name=incoming.validated_data["name"],
            days=incoming.validated_data.get("days"),
        )
        data = ApiTokenCreatedSerializer(token).data
        data["key"] = key
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="撤销接口令牌",
        description="立即撤销，使用该密钥的请求此后返回 401；已撤销的令牌再次撤销不报错。",
        request=None,
        responses=ApiTokenSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        token: ApiToken = self.get_object()
        token = services.revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
        return Response(ApiTokenSerializer(token).data)
