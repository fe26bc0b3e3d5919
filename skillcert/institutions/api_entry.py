"""API of the entry stages (2024 办法 art. 3): calls, 遴选 and 评估 on applications, publication.

Same scoping as the pages: a forbidden application or institution answers 404 like a missing one;
the services check the authority and the stage order."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.core.errors import DomainError
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import selectors, services
from skillcert.institutions.models import FilingApplication, SelectionCall
from skillcert.institutions.serializers import (
    AssessmentSerializer,
    InstitutionSerializer,
    PublicationSerializer,
    SelectionCallCreateSerializer,
    SelectionCallSerializer,
    SelectionSerializer,
    StageLineSerializer,
)


class SelectionCallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SelectionCall]):
    """征集公告: the calls the actor's office may see; authority staff publish new ones."""

    serializer_class = SelectionCallSerializer

    def get_queryset(self) -> Any:
        return selectors.calls_visible_to(self.request.user)

    @extend_schema(
        request=SelectionCallCreateSerializer,
        responses={201: SelectionCallSerializer},
        summary=gettext_lazy("发布征集公告"),
    )
    def create(self, request: Request) -> Response:
        data = SelectionCallCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        organisation = getattr(request.user, "organisation", None)
        if organisation is None:
            raise DomainError(gettext("征集机关：当前账号不属于任何机构"), field="authority")
        call = services.open_selection_call(
            actor=request.user,  # type: ignore[arg-type]
            authority=organisation,
            title=values["title"],
            description=values.get("description", ""),
            opens_on=values["opens_on"],
            closes_on=values["closes_on"],
            institution_types=values.get("institution_types", []),
            occupations=values.get("occupations", []),
        )
        return Response(SelectionCallSerializer(call).data, status=status.HTTP_201_CREATED)


class ApplicationStageViewSet(viewsets.GenericViewSet[FilingApplication]):
    """遴选 and 评估 of a first filing, and its stage timeline."""

    serializer_class: Any = StageLineSerializer

    def get_queryset(self) -> Any:
        return FilingApplication.objects.all()

    def _application(self, pk: str) -> FilingApplication:
        return get_visible_or_404(FilingApplication.objects.all(), self.request.user, pk=pk)

    def _timeline(self, application: FilingApplication) -> Response:
        lines: Any = [asdict(line) for line in selectors.entry_timeline(application)]
        return Response(StageLineSerializer(lines, many=True).data)

    @extend_schema(responses=StageLineSerializer(many=True), summary=gettext_lazy("准入环节进度"))
    @action(detail=True, methods=["get"])
    def stages(self, request: Request, pk: str) -> Response:
        return self._timeline(self._application(pk))

    @extend_schema(
        request=SelectionSerializer, responses=StageLineSerializer(many=True), summary=gettext_lazy("记录遴选结果")
    )
    @action(detail=True, methods=["post"])
    def selection(self, request: Request, pk: str) -> Response:
        application = self._application(pk)
        data = SelectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        call = SelectionCall.objects.filter(pk=values["call"], authority_id=application.competent_authority_id).first()
        if call is None:
            raise DomainError(gettext("征集公告：请选择本备案机关发布的征集公告"), field="call", code="not_found")
        services.record_selection(
            actor=request.user,  # type: ignore[arg-type]
            application=application,
            call=call,
            passed=values["passed"],
            criteria=values["criteria"],
            findings=values["findings"],
        )
        return self._timeline(application)

    @extend_schema(
        request=AssessmentSerializer, responses=StageLineSerializer(many=True), summary=gettext_lazy("记录评估结果")
    )
    @action(detail=True, methods=["post"])
    def assessment(self, request: Request, pk: str) -> Response:
        application = self._application(pk)
        data = AssessmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_assessment(
            actor=request.user,  # type: ignore[arg-type]
            application=application,
            passed=data.validated_data["passed"],
            findings=data.validated_data["findings"],
        )
        return self._timeline(application)


class PublicationViewSet(viewsets.GenericViewSet[Any]):
    """公布: the filing authority puts a filed institution on the public register."""

    serializer_class = InstitutionSerializer

    def get_queryset(self) -> Any:
        return selectors.institution_detail_queryset(self.request.user)

    @extend_schema(request=PublicationSerializer, responses=InstitutionSerializer, summary=gettext_lazy("备案公布"))
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        institution = get_visible_or_404(self.get_queryset(), request.user, pk=pk)
        data = PublicationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        institution = services.publish_institution(
            actor=request.user,  # type: ignore[arg-type]
            institution=institution,
            published_on=data.validated_data.get("published_on"),
        )
        return Response(InstitutionSerializer(institution, context={"request": request}).data)


class PublicSelectionCallViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[SelectionCall]):
    """Calls open today, for anyone (R-PUB-1)."""

    serializer_class = SelectionCallSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.public_calls()
