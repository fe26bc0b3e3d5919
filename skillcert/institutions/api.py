"""Institutions REST API (R-X-5): the same scoping as the pages; workflow actions are explicit endpoints
that call the services (accept, reject, countersign, transition, publish ...)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import AuthedApiRequest, actor_of
from skillcert.catalog.models import Occupation, WorkType
from skillcert.core.api_docs import FORBIDDEN, IMPORT_REFUSED, validated_input
from skillcert.core.errors import DomainError
from skillcert.institutions import selectors, services
from skillcert.institutions.filtersets import (
    ApplicationFilterSet,
    BlacklistFilterSet,
    BranchFilingFilterSet,
    CommitmentFilterSet,
    FeeFilterSet,
    InstitutionFilterSet,
    RosterFilterSet,
    RuleDocumentFilterSet,
    VenueFilterSet,
)
from skillcert.institutions.models import (
    BranchFiling,
    Commitment,
    CommitmentText,
    Fee,
    FilingApplication,
    RuleDocument,
    Venue,
)
from skillcert.institutions.serializers import (
    AcceptSerializer,
    ApplicationReceiptSerializer,
    ApplicationSerializer,
    ApplicationStatusSerializer,
    BlacklistEntrySerializer,
    BranchFilingCreateSerializer,
    BranchFilingSerializer,
    BranchRegisteredSerializer,
    BranchRegisterSerializer,
    ChangeApplicationCreateSerializer,
    CommitmentSerializer,
    CommitmentSignSerializer,
    CommitmentTextCreateSerializer,
    CommitmentTextSerializer,
    DecisionSerializer,
    FeeCreateSerializer,
    FeeSerializer,
    InstitutionSerializer,
    PublicApplicationCreateSerializer,
    PublicInstitutionDetailSerializer,
    PublicInstitutionSerializer,
    ReadinessSerializer,
    RejectSerializer,
    RoomCreateSerializer,
    RoomSerializer,
    RosterEntrySerializer,
    RosterImportResultSerializer,
    RosterImportSerializer,
    RuleDocumentCreateSerializer,
    RuleDocumentSerializer,
    TransitionSerializer,
    VenueCreateSerializer,
    VenueSerializer,
)

NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或无权查看（两者不作区分）"))
REFUSED = OpenApiResponse(description=gettext_lazy("输入不符合规则：中文说明指出字段和规则"))


def _visible(queryset: Any, pk: Any) -> Any:
    """An object the actor may see, or the same 404 as a missing one."""
    try:
        return queryset.get(pk=int(pk))
    except (ValueError, TypeError, queryset.model.DoesNotExist) as exc:
        raise Http404(gettext("未找到该记录")) from exc


def _scope_entries(items: list[dict[str, Any]]) -> list[services.ScopeEntry]:
    return [services.ScopeEntry(i["occupation"], i.get("work_type"), i["levels"]) for i in items]


# --- institutions ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("评价机构列表（本人权限范围内；可按盟市、类型、职业、等级、状态筛选）")),
    retrieve=extend_schema(
        summary=gettext_lazy("评价机构详情"), responses={200: InstitutionSerializer, 404: NOT_FOUND}
    ),
)
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Institutions in the actor's scope: region all, a league its own, an institution itself (R-ORG-2)."""

    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilterSet

    def get_queryset(self) -> Any:
        return selectors.institutions_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("开展认定就绪检查（R-INS-7）"),
        responses={200: ReadinessSerializer, 404: NOT_FOUND},
        parameters=[OpenApiParameter("league", str, required=False, description=gettext_lazy("开展认定的盟市代码"))],
    )
    @action(detail=True, methods=["get"])
    def readiness(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        institution = self.get_object()
        league = None
        if request.query_params.get("league"):
            league = Jurisdiction.objects.filter(code=request.query_params["league"]).first()
            if league is None:
                raise DomainError(gettext("league：盟市代码无效"), field="league", code="invalid")
        missing = selectors.institution_readiness(institution, league)
        return Response(
            ReadinessSerializer(
                {"ready": not missing, "missing": [{"code": m.code, "message": m.message} for m in missing]}
            ).data
        )

    @extend_schema(
        summary=gettext_lazy("变更机构状态（限期整改、暂停、恢复、取消资质→黑名单）"),
        request=TransitionSerializer,
        responses={200: InstitutionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        institution = self.get_object()
        data = validated_input(TransitionSerializer, request)
        services.change_status(
            actor=request.user,
            institution=institution,
            to_status=data["to_status"],
            grounds=data["grounds"],
            deadline=data.get("deadline"),
        )
        return Response(InstitutionSerializer(institution).data)

    @extend_schema(
        summary=gettext_lazy("登记分支机构（由上级机构负责人办理，同时开设分支机构负责人账号）"),
        request=BranchRegisterSerializer,
        responses={201: BranchRegisteredSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def branches(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        parent = self.get_object()
        data = validated_input(BranchRegisterSerializer, request)
        result = services.register_branch(actor=request.user, parent=parent, **data)
        payload = {
            "branch": InstitutionSerializer(result.branch).data,
            "manager_username": result.manager.username if result.manager else "",
            "initial_password": result.initial_password,
        }
        return Response(payload, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("导入人员名册（Excel/CSV，逐行校验，有错则全部不导入）"),
        request={"multipart/form-data": RosterImportSerializer},
        responses={200: RosterImportResultSerializer, 400: IMPORT_REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="roster-import", parser_classes=[MultiPartParser, FormParser])
    def roster_import(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        institution = self.get_object()
        data = validated_input(RosterImportSerializer, request)
        upload = data["file"]
        result = services.import_roster(
            actor=request.user, institution=institution, upload=upload, filename=upload.name
        )
        return Response({"created": result.created, "updated": result.updated})


# --- filing applications (R-INS-2) ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("备案申请列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("备案申请详情"), responses={200: ApplicationSerializer, 404: NOT_FOUND}
    ),
)
class ApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Applications the actor may see; the competent authority accepts or rejects them (R-INS-2)."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet

    def get_queryset(self) -> Any:
        return selectors.application_detail_queryset(self.request.user)

    @extend_schema(
        summary=gettext_lazy("提交备案范围变更、延续或注销申请（已备案机构）"),
        request=ChangeApplicationCreateSerializer,
        responses={201: ApplicationSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(ChangeApplicationCreateSerializer, request)
        institution = _visible(selectors.institutions_visible_to(actor), data["institution"])
        application = services.submit_change_application(
            actor=actor,
            institution=institution,
            kind=data["kind"],
            items=_scope_entries(data.get("items") or []),
            note=data.get("note", ""),
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("通过申请（首次备案须给出备案编号；返回新开负责人账号的初始密码，仅此一次）"),
        request=AcceptSerializer,
        responses={200: DecisionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        application = self.get_object()
        data = validated_input(AcceptSerializer, request)
        decision = services.accept_application(
            actor=request.user,
            application=application,
            filing_number=data.get("filing_number", ""),
            valid_until=data.get("valid_until"),
            reasons=data.get("reasons", ""),
        )
        application = self.get_queryset().get(pk=application.pk)
        return Response(
            {
                "application": ApplicationSerializer(application).data,
                "institution": decision.institution.pk if decision.institution else None,
                "manager_username": decision.manager.username if decision.manager else "",
                "initial_password": decision.initial_password,
            }
        )

    @extend_schema(
        summary=gettext_lazy("不予通过（须写明理由）"),
        request=RejectSerializer,
        responses={200: ApplicationSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        application = self.get_object()
        data = validated_input(RejectSerializer, request)
        services.reject_application(actor=request.user, application=application, reasons=data["reasons"])
        return Response(ApplicationSerializer(application).data)


# --- branch 报备 (R-INS-1) ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("分支机构报备列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("分支机构报备详情"), responses={200: BranchFilingSerializer, 404: NOT_FOUND}
    ),
)
class BranchFilingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """报备 of branches with league bureaus; the league's bureau decides (R-INS-1)."""

    serializer_class = BranchFilingSerializer
    filterset_class = BranchFilingFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.branch_filings_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("分支机构向盟市人社局报备（营业执照为文件）"),
        request={"multipart/form-data": BranchFilingCreateSerializer},
        responses={201: BranchFilingSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(BranchFilingCreateSerializer, request)
        branch = _visible(selectors.institutions_visible_to(actor), data["branch"])
        venue = Venue.objects.filter(pk=data["venue"], institution=branch).first()
        if venue is None:
            raise DomainError(gettext("评价场地：请选择本分支机构的考点"), field="venue", code="invalid")
        filing = services.submit_branch_filing(
            actor=actor,
            branch=branch,
            league=data["league"],
            licence_file=data["licence_file"],
            venue=venue,
            responsible_person=data["responsible_person"],
            staff=data["staff"],
        )
        return Response(BranchFilingSerializer(filing).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("盟市人社局通过报备"),
        request=AcceptSerializer,
        responses={200: BranchFilingSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        filing: BranchFiling = self.get_object()
        data = validated_input(AcceptSerializer, request)
        services.accept_branch_filing(actor=request.user, filing=filing, reasons=data.get("reasons", ""))
        return Response(BranchFilingSerializer(filing).data)

    @extend_schema(
        summary=gettext_lazy("盟市人社局不予报备（须写明理由）"),
        request=RejectSerializer,
        responses={200: BranchFilingSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        filing: BranchFiling = self.get_object()
        data = validated_input(RejectSerializer, request)
        services.reject_branch_filing(actor=request.user, filing=filing, reasons=data["reasons"])
        return Response(BranchFilingSerializer(filing).data)


# --- rule documents (R-INS-3) ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("规章制度（各版本）")),
    retrieve=extend_schema(
        summary=gettext_lazy("规章制度详情"), responses={200: RuleDocumentSerializer, 404: NOT_FOUND}
    ),
)
class RuleDocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = RuleDocumentSerializer
    filterset_class = RuleDocumentFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.rule_documents_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("上传规章制度新版本（正文或PDF/Word文件）"),
        request={"multipart/form-data": RuleDocumentCreateSerializer, "application/json": RuleDocumentCreateSerializer},
        responses={201: RuleDocumentSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(RuleDocumentCreateSerializer, request)
        institution = _visible(selectors.institutions_visible_to(actor), data["institution"])
        document = services.add_rule_document(
            actor=actor,
            institution=institution,
            kind=data["kind"],
            title=data["title"],
            body=data.get("body", ""),
            upload=data.get("file"),
            publish=data.get("publish", False),
        )
        return Response(RuleDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("向社会公开"),
        request=None,
        responses={200: RuleDocumentSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        document: RuleDocument = self.get_object()
        services.publish_rule_document(actor=request.user, document=document)
        return Response(RuleDocumentSerializer(document).data)


# --- integrity commitments (R-INS-4) ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("诚信承诺书文本（各部门各版本）")),
    retrieve=extend_schema(
        summary=gettext_lazy("诚信承诺书文本"), responses={200: CommitmentTextSerializer, 404: NOT_FOUND}
    ),
)
class CommitmentTextViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = CommitmentTextSerializer

    def get_queryset(self) -> Any:
        return selectors.commitment_texts_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("发布本部门诚信承诺书新版本（盟市人社局、自治区人社部门）"),
        request=CommitmentTextCreateSerializer,
        responses={201: CommitmentTextSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(CommitmentTextCreateSerializer, request)
        text = services.publish_commitment_text(actor=actor_of(request), title=data["title"], body=data["body"])
        return Response(CommitmentTextSerializer(text).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("诚信承诺书签署记录")),
    retrieve=extend_schema(
        summary=gettext_lazy("诚信承诺书签署记录详情"), responses={200: CommitmentSerializer, 404: NOT_FOUND}
    ),
)
class CommitmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet

    def get_queryset(self) -> Any:
        return selectors.commitments_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("机构负责人签署现行诚信承诺书"),
        request=CommitmentSignSerializer,
        responses={201: CommitmentSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(CommitmentSignSerializer, request)
        institution = _visible(selectors.institutions_visible_to(actor), data["institution"])
        text = _visible(CommitmentText.objects.all(), data["text"])
        signature = services.sign_commitment(actor=actor, institution=institution, text_version=text)
        return Response(CommitmentSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("属地人社部门会签"),
        request=None,
        responses={200: CommitmentSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def countersign(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        signature: Commitment = self.get_object()
        services.countersign_commitment(actor=request.user, commitment=signature)
        return Response(CommitmentSerializer(signature).data)


# --- fees (R-INS-5) ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("收费标准（flagged=true 只看偏离成本超出幅度的）")),
    retrieve=extend_schema(summary=gettext_lazy("收费标准详情"), responses={200: FeeSerializer, 404: NOT_FOUND}),
)
class FeeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = FeeSerializer
    filterset_class = FeeFilterSet

    def get_queryset(self) -> Any:
        return selectors.fees_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("制定收费标准（九项费用及测算成本）"),
        request=FeeCreateSerializer,
        responses={201: FeeSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(FeeCreateSerializer, request)
        institution = _visible(selectors.institutions_visible_to(actor), data["institution"])
        occupation = Occupation.objects.filter(pk=data["occupation"]).first()
        if occupation is None:
            raise DomainError(gettext("职业：不在职业目录中"), field="occupation", code="not_in_catalogue")
        work_type = None
        if data.get("work_type") is not None:
            work_type = WorkType.objects.filter(pk=data["work_type"], occupation=occupation).first()
            if work_type is None:
                raise DomainError(
                    gettext("工种：不是职业“%(name)s”的工种") % {"name": occupation.name},
                    field="work_type",
                    code="invalid",
                )
        items: dict[str, tuple[Any, Any]] = {}
        for line in data["items"]:
            if line["item"] in items:
                raise DomainError(
                    gettext("收费项目：“%(item)s”重复") % {"item": line["item"]}, field="items", code="duplicate"
                )
            items[line["item"]] = (line["amount"], line["estimated_cost"])
        fee = services.save_fee(
            actor=actor,
            institution=institution,
            occupation=occupation,
            work_type=work_type,
            level=int(data["level"]),
            items=items,
            note=data.get("note", ""),
            publish=data.get("publish", False),
        )
        return Response(FeeSerializer(self.get_queryset().get(pk=fee.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("公示收费标准"),
        request=None,
        responses={200: FeeSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        fee: Fee = self.get_object()
        services.publish_fee(actor=request.user, fee=fee)
        return Response(FeeSerializer(self.get_queryset().get(pk=fee.pk)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("收费偏离成本预警（已公示且超出规则参数 fees.band_percent 的）"))
)
class FeeFlagViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    serializer_class = FeeSerializer
    filterset_class = FeeFilterSet

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation reads no policy values
            return Fee.objects.none()
        return selectors.fee_flags_visible_to(self.request.user)


# --- venues (R-INS-6) and rosters (R-INS-1) -----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("考点及考场")),
    retrieve=extend_schema(summary=gettext_lazy("考点详情"), responses={200: VenueSerializer, 404: NOT_FOUND}),
)
class VenueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = VenueSerializer
    filterset_class = VenueFilterSet

    def get_queryset(self) -> Any:
        return selectors.venues_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("新增考点（须在备案区域范围内）"),
        request=VenueCreateSerializer,
        responses={201: VenueSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(VenueCreateSerializer, request)
        institution = _visible(selectors.institutions_visible_to(actor), data.pop("institution"))
        venue = services.save_venue(actor=actor, institution=institution, **data)
        return Response(VenueSerializer(self.get_queryset().get(pk=venue.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("为考点新增考场"),
        request=RoomCreateSerializer,
        responses={201: RoomSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def rooms(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        venue: Venue = self.get_object()
        data = validated_input(RoomCreateSerializer, request)
        room = services.save_room(actor=request.user, venue=venue, **data)
        return Response(RoomSerializer(room).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("人员名册（证件号码脱敏）")),
    retrieve=extend_schema(summary=gettext_lazy("名册人员"), responses={200: RosterEntrySerializer, 404: NOT_FOUND}),
)
class RosterViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = RosterEntrySerializer
    filterset_class = RosterFilterSet

    def get_queryset(self) -> Any:
        return selectors.roster_visible_to(self.request.user)


# --- public (R-PUB-1) ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("公开评价机构名录（无需登录）")),
    retrieve=extend_schema(
        summary=gettext_lazy("公开评价机构详情：备案范围、规章制度、收费、诚信承诺、分支机构（无需登录）"),
        responses={200: PublicInstitutionDetailSerializer, 404: NOT_FOUND},
    ),
)
class PublicInstitutionViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    filterset_class = InstitutionFilterSet

    def get_queryset(self) -> Any:
        return selectors.public_institutions().prefetch_related(selectors.open_scope_prefetch())

    def get_serializer_class(self) -> Any:
        return PublicInstitutionDetailSerializer if self.action == "retrieve" else PublicInstitutionSerializer


@extend_schema_view(list=extend_schema(summary=gettext_lazy("评价机构失信黑名单（无需登录）")))
class PublicBlacklistViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = BlacklistEntrySerializer
    filterset_class = BlacklistFilterSet

    def get_queryset(self) -> Any:
        return selectors.public_blacklist()


class PublicApplicationViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Apply for a first filing and follow it, without logging in (R-INS-2)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = PublicApplicationCreateSerializer
    filter_backends: list[Any] = []
    pagination_class = None
    queryset = FilingApplication.objects.none()

    @extend_schema(
        summary=gettext_lazy("提交首次备案申请（无需登录；multipart，items 为 JSON）"),
        request={"multipart/form-data": PublicApplicationCreateSerializer},
        responses={201: ApplicationReceiptSerializer, 400: REFUSED},
    )
    def create(self, request: Request) -> Response:
        data = validated_input(PublicApplicationCreateSerializer, request)
        application = services.submit_initial_application(
            actor=AnonymousUser(),  # the public endpoint authenticates nobody
            type=data["type"],
            filed_name=data["filed_name"],
            credit_code=data["credit_code"],
            responsible_person=data["responsible_person"],
            address=data["address"],
            area=data["area"],
            ministry_filed=data.get("ministry_filed", False),
            ministry_code=data.get("ministry_code", "0000"),
            items=_scope_entries(data["items"]),
            documents=[services.SupportingDocument(f.name.rsplit(".", 1)[0][:100], f) for f in data["documents"]],
            manager_username=data["manager_username"],
            manager_full_name=data["manager_full_name"],
            manager_email=data.get("manager_email", ""),
            note=data.get("note", ""),
        )
        receipt = {
            "reference": application.reference,
            "status": application.status,
            "competent_authority": application.competent_authority.name,
        }
        return Response(receipt, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("查询备案申请进度（申请编号 + 统一社会信用代码）"),
        parameters=[
            OpenApiParameter("reference", str, description=gettext_lazy("申请编号")),
            OpenApiParameter("credit_code", str, description=gettext_lazy("统一社会信用代码")),
        ],
        responses={200: ApplicationStatusSerializer, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], url_path="status")
    def lookup(self, request: Request) -> Response:
        application = selectors.applications_for_status_lookup(
            request.query_params.get("reference", ""), request.query_params.get("credit_code", "")
        )
        if application is None:
            raise Http404(gettext("未找到该申请"))
        return Response(
            {
                "reference": application.reference,
                "kind": application.get_kind_display(),
                "filed_name": application.filed_name,
                "competent_authority": application.competent_authority.name,
                "status": application.status,
                "status_display": application.get_status_display(),
                "submitted_at": application.created_at,
                "decided_at": application.decided_at,
                "decision_reasons": application.decision_reasons,
                "filing_number": application.filing_number,
            }
        )
