"""Accounts API: who am I, jurisdictions, organisations and users in my scope, account
management (create, roles, unlock, second-factor reset, deactivation, contact, audited reveal
of the mobile number), my API tokens."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts import services
from skillcert.accounts.authentication import ApiTokenAuthentication
from skillcert.accounts.filtersets import OrganisationFilterSet, UserFilterSet
from skillcert.accounts.models import MANAGE_USERS, ApiToken, Jurisdiction, Organisation, User
from skillcert.accounts.passwords import generate_password
from skillcert.accounts.selectors import (
    api_tokens_of,
    leagues,
    organisations_visible_to,
    user_for_reveal,
    users_manageable_by,
    users_visible_to,
)
from skillcert.accounts.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    JurisdictionSerializer,
    MeSerializer,
    OrganisationSerializer,
    RevealedMobileSerializer,
    RevealRequestSerializer,
    UserContactSerializer,
    UserCreatedSerializer,
    UserCreateSerializer,
    UserRolesSerializer,
    UserSerializer,
)
from skillcert.accounts.types import AuthedApiRequest, actor_of
from skillcert.core.errors import NotFoundError
from skillcert.core.scoping import actor_may
from skillcert.core.services import reveal_personal_data


@extend_schema(responses=MeSerializer, summary=gettext_lazy("当前登录用户"))
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


_NOT_MANAGED = OpenApiResponse(description=gettext_lazy("账号不存在，或不在您的管理范围内（两者同样返回 404）"))
_RULE_BROKEN = OpenApiResponse(description=gettext_lazy("违反规则：errors 按字段给出中文说明"))
MANAGE_ACTIONS = frozenset({"roles", "unlock", "reset_second_factor", "deactivate", "contact"})


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("账号列表"),
        description=gettext_lazy("您范围内的账号；系统管理员、负责人和审计员可见。手机号码只返回部分隐去的形式。"),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("账号详情"), description=gettext_lazy("范围外的账号与不存在的账号同样返回 404。")
    ),
)
class UserViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Users in the actor's scope, and the management actions of admins and managers (R-ORG-2).

    Every action calls one service; an account the caller may not manage answers 404 like a
    missing one, a caller whose role may not manage accounts at all gets 403 on create.
    """

    serializer_class = UserSerializer
    filterset_class = UserFilterSet

    def get_queryset(self) -> Any:
        if self.action in MANAGE_ACTIONS:
            return users_manageable_by(self.request.user)
        return users_visible_to(self.request.user)

    def _actor(self) -> User:
        return cast(User, self.request.user)

    def _answer(self, user: User) -> Response:
        fresh = self.get_queryset().get(pk=user.pk)  # re-read: roles and state as now stored
        return Response(UserSerializer(fresh).data)

    @extend_schema(
        summary=gettext_lazy("新建账号"),
        description=(
            gettext_lazy(
                "在您可以管理的机构中开设账号（系统管理员：全区；盟市：本辖区机构；评价机构负责人：本机构）。"
                "省略 password 时自动生成初始密码并只在本次响应中返回；账号首次登录时须修改密码。"
            )
        ),
        request=UserCreateSerializer,
        responses={
            201: UserCreatedSerializer,
            400: _RULE_BROKEN,
            403: OpenApiResponse(description=gettext_lazy("您的角色不能管理账号")),
            404: OpenApiResponse(description=gettext_lazy("机构不存在，或不在您的管理范围内")),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        incoming = UserCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if not actor_may(actor, "manage_users", MANAGE_USERS):
            raise exceptions.PermissionDenied(_("您的角色不能管理账号"))
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        if organisation is None:
            raise NotFoundError(_("未找到该机构"))
        generated = not data.get("password")
        password = generate_password() if generated else data["password"]
        user = services.create_user(
            actor=self._actor(),
            organisation=organisation,
            username=data["username"],
            full_name=data["full_name"],
            password=password,
            roles=data["roles"],
            email=data["email"],
            mobile=data["mobile"],
        )
        body = dict(UserSerializer(users_visible_to(actor).get(pk=user.pk)).data)
        body["initial_password"] = password if generated else None
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("调整角色"),
        description=gettext_lazy(
            "以给出的角色替换该账号的全部角色；不能调整自己的角色，只有系统管理员能授予或收回“系统管理员”。"
        ),
        request=UserRolesSerializer,
        responses={200: UserSerializer, 400: _RULE_BROKEN, 404: _NOT_MANAGED},
    )
    @action(detail=True, methods=["post"])
    def roles(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        user: User = self.get_object()
        incoming = UserRolesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.set_roles(actor=self._actor(), user=user, roles=incoming.validated_data["roles"])
        return self._answer(user)

    @extend_schema(
        summary=gettext_lazy("解锁账号"),
        description=gettext_lazy("立即解除因连续登录失败造成的锁定，失败次数清零。"),
        request=None,
        responses={200: UserSerializer, 404: _NOT_MANAGED},
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        user: User = self.get_object()
        services.unlock_user(actor=self._actor(), user=user)
        return self._answer(user)

    @extend_schema(
        summary=gettext_lazy("重置动态口令"),
        description=gettext_lazy(
            "解除已绑定的验证器（如手机丢失）；该账号下次登录时须重新绑定。不能重置自己的动态口令。"
        ),
        request=None,
        responses={200: UserSerializer, 400: _RULE_BROKEN, 404: _NOT_MANAGED},
    )
    @action(detail=True, methods=["post"], url_path="reset-second-factor")
    def reset_second_factor(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        user: User = self.get_object()
        services.reset_second_factor(actor=self._actor(), user=user)
        return self._answer(user)

    @extend_schema(
        summary=gettext_lazy("停用账号"),
        description=gettext_lazy(
            "停用后不能再登录，其接口令牌全部撤销；不能停用自己的账号。已停用的账号再次停用不报错。"
        ),
        request=None,
        responses={200: UserSerializer, 400: _RULE_BROKEN, 404: _NOT_MANAGED},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        user: User = self.get_object()
        services.deactivate_user(actor=self._actor(), user=user)
        return self._answer(user)

    @extend_schema(
        summary=gettext_lazy("修改手机号码"),
        description=gettext_lazy(
            "登记、修改或清除（空字符串）账号的手机号码；号码加密存储，响应中只返回部分隐去的形式。"
        ),
        request=UserContactSerializer,
        responses={200: UserSerializer, 400: _RULE_BROKEN, 404: _NOT_MANAGED},
    )
    @action(detail=True, methods=["post"])
    def contact(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        user: User = self.get_object()
        incoming = UserContactSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.update_contact(actor=self._actor(), user=user, mobile=incoming.validated_data["mobile"])
        return self._answer(user)

    @extend_schema(
        summary=gettext_lazy("查看完整手机号码"),
        description=gettext_lazy(
            "返回完整号码，并在审计日志中记录一次“查看个人信息”（pii.reveal）。"
            "只有可以管理该账号的系统管理员和负责人可以查看；其他人与不存在的账号同样返回 404。"
        ),
        request=RevealRequestSerializer,
        responses={200: RevealedMobileSerializer, 404: _NOT_MANAGED},
    )
    @action(detail=True, methods=["post"], url_path="reveal-mobile")
    def reveal_mobile(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        user = user_for_reveal(request.user, pk)
        incoming = RevealRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        mobile = reveal_personal_data(
            actor=request.user, obj=user, field="mobile", reason=incoming.validated_data["reason"]
        )
        return Response({"mobile": mobile})


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("我的接口令牌"),
        description=gettext_lazy("只列出当前用户自己的令牌；不返回密钥，只返回前缀。"),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("接口令牌详情"),
        description=gettext_lazy("当前用户自己的一个令牌；他人的令牌与不存在的令牌同样返回 404。"),
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
        summary=gettext_lazy("创建接口令牌"),
        description=(
            gettext_lazy(
                "为机器客户端创建令牌。完整密钥只在本次响应的 key 字段中返回一次，平台只保存其 SHA-256 摘要。"
                "必须在登录会话中调用：用令牌认证的请求不能创建新令牌。"
            )
        ),
        request=ApiTokenCreateSerializer,
        responses={
            201: ApiTokenCreatedSerializer,
            400: OpenApiResponse(description=gettext_lazy("名称或有效期不符合规则")),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if isinstance(request.successful_authenticator, ApiTokenAuthentication):
            raise exceptions.PermissionDenied(_("不能用接口令牌创建新的令牌，请登录后在“账号安全”页面或会话中创建"))
        incoming = ApiTokenCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        token, key = services.create_api_token(
            actor=actor_of(request),  # type: ignore[arg-type]
            name=incoming.validated_data["name"],
            days=incoming.validated_data.get("days"),
        )
        data = ApiTokenCreatedSerializer(token).data
        data["key"] = key
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("撤销接口令牌"),
        description=gettext_lazy("立即撤销，使用该密钥的请求此后返回 401；已撤销的令牌再次撤销不报错。"),
        request=None,
        responses=ApiTokenSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        token: ApiToken = self.get_object()
        token = services.revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
        return Response(ApiTokenSerializer(token).data)
