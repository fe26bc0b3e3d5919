"""Plans, registrations, roster imports and review over REST (R-EXAM-1..4, R-X-5): the same scoping as
the pages; workflow steps are explicit endpoints calling the services."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.types import AuthedApiRequest, actor_of
from skillcert.core.api import ScopedViewSetMixin
from skillcert.core.api_docs import FORBIDDEN, IMPORT_REFUSED, validated_input
from skillcert.exams.api.serializers import (
    AnnouncementDetailSerializer,
    AnnouncementSerializer,
    EvidenceFileSerializer,
    EvidenceUploadSerializer,
    FilingProblemSerializer,
    PlanAnswerSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanQuestionSerializer,
    PlanSerializer,
    RegistrationDetailSerializer,
    RegistrationSerializer,
    ReopenReasonSerializer,
    ReviewReasonSerializer,
    RosterImportSerializer,
    RosterUploadSerializer,
    StopGroundsSerializer,
)
from skillcert.exams.filtersets import PlanFilterSet, RegistrationFilterSet
from skillcert.exams.models import ExamPlan, Registration, RosterImport
from skillcert.exams.selectors.plans import (
    announced_plans,
    plan_filing_problems,
    plans_visible_to,
)
from skillcert.exams.selectors.registration import registrations_visible_to
from skillcert.exams.services import plans as plan_services
from skillcert.exams.services import review
from skillcert.exams.services.roster import retry_roster_import, start_roster_import
from skillcert.institutions.selectors import own_institution

NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或无权查看（两者不作区分）"))
REFUSED = OpenApiResponse(description=gettext_lazy("输入不符合规则：中文说明指出字段和规则"))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("认定计划列表（机构本机构的；盟市人社部门本盟市实施的；自治区全部）")),
    retrieve=extend_schema(summary=gettext_lazy("认定计划详情"), responses={200: PlanDetailSerializer, 404: NOT_FOUND}),
)
class PlanViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = ExamPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    scope_actions = {**ScopedViewSetMixin.scope_actions, "create": "view"}

    def get_queryset(self) -> Any:
        qs = plans_visible_to(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("queries")
        return qs

    def get_serializer_class(self) -> Any:
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    @extend_schema(
        summary=gettext_lazy("新建认定计划草稿（R-EXAM-1）"),
        request=PlanCreateSerializer,
        responses={201: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        institution = own_institution(actor)
        if institution is None:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(gettext("只有评价机构可以新建认定计划"))
        incoming = PlanCreateSerializer(data=request.data, organisation_id=institution.organisation_id)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        levels = {item["level"]: item["capacity"] for item in data.pop("levels")}
        plan = plan_services.save_plan(
            actor=actor,
            institution=institution,
            data=plan_services.PlanInput(levels=levels, work_type=data.pop("work_type", None), **data),
        )
        return Response(PlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)

    def _plan(self) -> ExamPlan:
        return self.get_object()  # type: ignore[no-any-return]

    @extend_schema(
        summary=gettext_lazy("报送前核查：列出不能报送的全部原因（R-EXAM-1）"),
        responses={200: FilingProblemSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def problems(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return Response(FilingProblemSerializer(plan_filing_problems(self._plan()), many=True).data)

    def _step(self, call: Any) -> Response:
        plan = call(self._plan())
        plan = plans_visible_to(self.request.user).prefetch_related("queries").get(pk=plan.pk)
        return Response(PlanDetailSerializer(plan).data)

    @extend_schema(
        summary=gettext_lazy("报送认定计划（R-EXAM-1）"),
        request=None,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="file")
    def file_plan(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._step(lambda p: plan_services.file_plan(actor=request.user, plan=p))

    @extend_schema(
        summary=gettext_lazy("发布报名公告、开始报名（R-EXAM-2）"),
        request=None,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="open")
    def open_registration(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._step(lambda p: plan_services.open_registration(actor=request.user, plan=p))

    @extend_schema(
        summary=gettext_lazy("截止报名"),
        request=None,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close_registration(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._step(lambda p: plan_services.close_registration(actor=request.user, plan=p))

    @extend_schema(
        summary=gettext_lazy("重新开放报名（须说明原因；报名截止日期前、抽签排座前）（R-EXAM-3）"),
        request=ReopenReasonSerializer,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="reopen")
    def reopen_registration(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(ReopenReasonSerializer, request)
        return self._step(
            lambda p: plan_services.reopen_registration(actor=request.user, plan=p, reason=data["reason"])
        )

    @extend_schema(
        summary=gettext_lazy("盟市人社局质询计划（R-EXAM-1）"),
        request=PlanQuestionSerializer,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def question(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(PlanQuestionSerializer, request)
        return self._step(
            lambda p: plan_services.question_plan(actor=request.user, plan=p, question=data["question"]).plan
        )

    @extend_schema(
        summary=gettext_lazy("评价机构答复质询（R-EXAM-1）"),
        request=PlanAnswerSerializer,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(PlanAnswerSerializer, request)
        plan = self._plan()
        query = plan.queries.filter(pk=data["query"]).first()
        if query is None:
            raise Http404(gettext("未找到该质询"))
        return self._step(
            lambda p: plan_services.answer_query(actor=request.user, query=query, answer=data["answer"]).plan
        )

    @extend_schema(
        summary=gettext_lazy("盟市人社局叫停计划（R-EXAM-1）"),
        request=StopGroundsSerializer,
        responses={200: PlanDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def stop(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(StopGroundsSerializer, request)
        return self._step(lambda p: plan_services.stop_plan(actor=request.user, plan=p, grounds=data["grounds"]))

    @extend_schema(
        summary=gettext_lazy("上传报名名册（.xlsx/.csv；大文件后台导入；同一文件不重复导入）（R-EXAM-3）"),
        request={"multipart/form-data": RosterUploadSerializer},
        responses={
            201: RosterImportSerializer,
            200: RosterImportSerializer,
            400: IMPORT_REFUSED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="roster-imports", parser_classes=[MultiPartParser, FormParser])
    def roster_imports(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(RosterUploadSerializer, request)
        roster_import, created = start_roster_import(
            actor=request.user, plan=self._plan(), upload=data["file"], mode=data["mode"]
        )
        return Response(
            RosterImportSerializer(roster_import).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("名册导入记录（含进度）")),
    retrieve=extend_schema(
        summary=gettext_lazy("名册导入进度与结果"), responses={200: RosterImportSerializer, 404: NOT_FOUND}
    ),
)
class RosterImportViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = RosterImport.objects.select_related("plan").order_by("-created_at", "-id")
    serializer_class = RosterImportSerializer
    # Who may retry is the service's check (the plan's staff); anyone else who sees the import is refused.
    scope_actions = {**ScopedViewSetMixin.scope_actions, "retry": "view"}

    @extend_schema(
        summary=gettext_lazy("重新导入中断的名册（后台进程中断或系统错误后，用已上传的文件再导入一次）"),
        request=None,
        responses={202: RosterImportSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        roster_import = retry_roster_import(actor=request.user, roster_import=self.get_object())
        return Response(RosterImportSerializer(roster_import).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("报名列表（机构、盟市按权限；考生只见本人的）；证件号码、手机号码脱敏")),
    retrieve=extend_schema(
        summary=gettext_lazy("报名详情（申报条件事实、核查结果、证明材料）"),
        responses={200: RegistrationDetailSerializer, 404: NOT_FOUND},
    ),
)
class RegistrationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = Registration.objects.all()
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilterSet

    def get_queryset(self) -> Any:
        qs = registrations_visible_to(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("evidence")
        return qs

    def get_serializer_class(self) -> Any:
        return RegistrationDetailSerializer if self.action == "retrieve" else RegistrationSerializer

    @extend_schema(
        summary=gettext_lazy("资格审核通过（R-EXAM-4）"),
        request=ReviewReasonSerializer,
        responses={200: RegistrationDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(ReviewReasonSerializer, request)
        registration = review.approve_registration(
            actor=request.user, registration=self.get_object(), reason=data["reason"]
        )
        return Response(RegistrationDetailSerializer(registration).data)

    @extend_schema(
        summary=gettext_lazy("资格审核不通过（须说明原因，考生可见）（R-EXAM-4）"),
        request=ReviewReasonSerializer,
        responses={200: RegistrationDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(ReviewReasonSerializer, request)
        registration = review.reject_registration(
            actor=request.user, registration=self.get_object(), reason=data["reason"]
        )
        return Response(RegistrationDetailSerializer(registration).data)

    @extend_schema(
        summary=gettext_lazy("上传证明材料（PDF/JPG/PNG，限大小）（R-EXAM-4）"),
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceFileSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(EvidenceUploadSerializer, request)
        evidence = review.add_evidence(
            actor=request.user, registration=self.get_object(), kind=data["kind"], upload=data["file"]
        )
        return Response(EvidenceFileSerializer(evidence).data, status=status.HTTP_201_CREATED)


# --- public (no login) -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("认定报名公告（公开，无需登录）（R-EXAM-2）")),
    retrieve=extend_schema(
        summary=gettext_lazy("报名公告详情：日期、考点、各等级名额、申报条件、收费"),
        responses={200: AnnouncementDetailSerializer, 404: NOT_FOUND},
    ),
)
class PublicAnnouncementViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = AnnouncementSerializer
    lookup_field = "number"

    def get_queryset(self) -> Any:
        return announced_plans()

    def get_serializer_class(self) -> Any:
        return AnnouncementDetailSerializer if self.action == "retrieve" else AnnouncementSerializer
