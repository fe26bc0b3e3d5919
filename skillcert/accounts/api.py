"""Accounts API: who am I, jurisdictions, organisations and users in my scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.filtersets import OrganisationFilterSet, UserFilterSet
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.selectors import leagues, organisations_visible_to, users_visible_to
from skillcert.accounts.serializers import JurisdictionSerializer, OrganisationSerializer, UserSerializer


@extend_schema(responses=UserSerializer, summary="当前登录用户")
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(UserSerializer(request.user).data)


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
