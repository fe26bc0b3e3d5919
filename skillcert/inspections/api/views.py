"""Staff API of quality supervision and 双随机 inspections under /api/v1/supervision/ (R-SUP-3, R-SUP-4,
R-SUP-9, R-X-5). Reads go through the scoped selectors; every write is an explicit endpoint calling
its service, under the same permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBase
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Actor, actor_of
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, XLSX, validated_input
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.listing import export_response
from skillcert.exams.models import ExamSession, SessionStaff
from skillcert.inspections.api import serializers as s
from skillcert.inspections.exports import CAMPAIGNS, REPORTS, RESULTS
from skillcert.inspections.filtersets import (
    CampaignFilterSet,
    InspectionFilterSet,
    InternalRecordFilterSet,
    OrderFilterSet,
    ReportFilterSet,
)
from skillcert.inspections.models import Campaign, Inspection, InternalRecord, RectificationOrder, SupervisionReport
from skillcert.inspections.selectors import (
    campaigns_visible_to,
    inspections_visible_to,
    internal_assignments_of,
    internal_records_visible_to,
    orders_visible_to,
    reports_visible_to,
    supervision_assignments_of,
)
from skillcert.inspections.selectors.records import SECTION_KEYS, records_section
from skillcert.inspections.services import campaigns as campaign_services
from skillcert.inspections.services import quality


def _visible_session(actor: Actor, pk: int) -> ExamSession:
    """A session the actor may see, or one they were assigned to supervise."""
    visible = ExamSession.objects.restrict(actor, "view").filter(pk=pk).exists() or (
        ExamSession.objects.filter(pk=pk, staff__person__user_id=actor.pk).exists()
    )
    session = ExamSession.objects.select_related("plan__institution").filter(pk=pk).first() if visible else None
    if session is None:
        raise NotFoundError(gettext("未找到该考试场次"))
    return session


@extend_schema_view(list=extend_schema(summary=gettext_lazy("我的外部质量督导任务（被抽中督导的场次）")))
class SupervisionAssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    serializer_class = s.SvAssignmentSerializer
    queryset = SessionStaff.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return supervision_assignments_of(actor_of(self.request))


@extend_schema_view(list=extend_schema(summary=gettext_lazy("我的内部质量督导任务")))
class InternalAssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    serializer_class = s.SvAssignmentSerializer
    queryset = SessionStaff.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return internal_assignments_of(actor_of(self.request))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("质量督导报告（督导员本人、所在盟市及机构可见）")),
    retrieve=extend_schema(summary=gettext_lazy("质量督导报告详情")),
)
class ReportViewSet(viewsets.ReadOnlyModelViewSet[SupervisionReport]):
    """External supervisors' on-site records and reports (R-SUP-3)."""

    serializer_class = s.SvReportSerializer
    filterset_class = ReportFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    queryset = SupervisionReport.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return reports_visible_to(actor_of(self.request)).prefetch_related("photos").select_related("order")

    def _one(self, report: SupervisionReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.SvReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("开始填写场次督导记录（仅本场次抽中的外部质量督导员）"),
        request=s.SvReportOpenSerializer,
        responses={201: s.SvReportSerializer, 400: BAD_INPUT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(s.SvReportOpenSerializer, request)
        report = quality.open_report(
            actor=actor_of(request), session=_visible_session(actor_of(request), data["session"])
        )
        return self._one(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("保存督导记录"),
        request=s.SvReportSaveSerializer,
        responses={200: s.SvReportSerializer, 400: BAD_INPUT},
    )
    @action(detail=True, methods=["post"], url_path="save")
    def save_record(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvReportSaveSerializer, request)
        report = quality.save_report(actor=actor_of(request), report=self.get_object(), **data)
        return self._one(report)

    @extend_schema(
        summary=gettext_lazy("上传现场照片（只接受图片，大小受规则参数限制）"),
        request={"multipart/form-data": s.SvPhotoUploadSerializer},
        responses={201: s.SvPhotoSerializer, 400: BAD_INPUT},
    )
    @action(detail=True, methods=["post"], url_path="photos")
    def photos(self, request: Request, pk: str | None = None) -> Response:
        upload = request.FILES.get("photo")
        photo = quality.add_photo(
            actor=actor_of(request),
            report=self.get_object(),
            upload=upload,
            caption=str(request.data.get("caption", "")),
        )
        return Response(s.SvPhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("评价机构签字确认"),
        request=s.SvCountersignSerializer,
        responses={200: s.SvReportSerializer, 400: BAD_INPUT},
    )
    @action(detail=True, methods=["post"])
    def countersign(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvCountersignSerializer, request)
        report = quality.countersign_report(actor=actor_of(request), report=self.get_object(), **data)
        return self._one(report)

    @extend_schema(
        summary=gettext_lazy("提交督导报告（严重问题自动向盟市人社局提出整改建议）"),
        request=None,
        responses={200: s.SvReportSerializer, 400: BAD_INPUT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        report = quality.submit_report(actor=actor_of(request), report=self.get_object())
        return self._one(report)

    @extend_schema(summary=gettext_lazy("导出督导报告（Excel）"), responses={200: XLSX})
    @action(detail=False, methods=["get"], url_path="xlsx")
    def xlsx(self, request: Request) -> HttpResponseBase:
        rows = self.filter_queryset(self.get_queryset())
        return export_response("xlsx", REPORTS, rows)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("内部质量督导记录")),
    retrieve=extend_schema(summary=gettext_lazy("内部质量督导记录详情")),
)
class InternalRecordViewSet(viewsets.ReadOnlyModelViewSet[InternalRecord]):
    """Internal supervisors' records per session (R-SUP-9)."""

    serializer_class = s.SvInternalRecordSerializer
    filterset_class = InternalRecordFilterSet

    queryset = InternalRecord.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return internal_records_visible_to(actor_of(self.request))

    @extend_schema(
        summary=gettext_lazy("提交内部督导记录（仅本场次安排的内部质量督导员）"),
        request=s.SvInternalRecordCreateSerializer,
        responses={201: s.SvInternalRecordSerializer, 400: BAD_INPUT},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(s.SvInternalRecordCreateSerializer, request)
        session = _visible_session(actor_of(request), data.pop("session"))
        data.pop("arrived_at", None)
        record = quality.file_internal_record(actor=actor_of(request), session=session, **data)
        return Response(s.SvInternalRecordSerializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("整改通知（建议、下达、不予下达、复查）")),
    retrieve=extend_schema(summary=gettext_lazy("整改通知详情")),
)
class OrderViewSet(viewsets.ReadOnlyModelViewSet[RectificationOrder]):
    """Rectification orders proposed by serious findings and inspections (R-SUP-3, R-SUP-6)."""

    serializer_class = s.SvOrderSerializer
    filterset_class = OrderFilterSet

    queryset = RectificationOrder.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return orders_visible_to(actor_of(self.request))

    @extend_schema(
        summary=gettext_lazy("下达整改（机构进入限期整改状态）"),
        request=s.SvIssueSerializer,
        responses={200: s.SvOrderSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvIssueSerializer, request)
        order = quality.issue_order(actor=actor_of(request), order=self.get_object(), **data)
        return Response(s.SvOrderSerializer(order).data)

    @extend_schema(
        summary=gettext_lazy("不予下达（须写明理由）"),
        request=s.SvGroundsSerializer,
        responses={200: s.SvOrderSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvGroundsSerializer, request)
        order = quality.decline_order(actor=actor_of(request), order=self.get_object(), **data)
        return Response(s.SvOrderSerializer(order).data)

    @extend_schema(
        summary=gettext_lazy("整改复查（通过则机构恢复正常）"),
        request=s.SvFollowUpSerializer,
        responses={200: s.SvOrderSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvFollowUpSerializer, request)
        order = quality.follow_up_order(actor=actor_of(request), order=self.get_object(), **data)
        return Response(s.SvOrderSerializer(order).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("双随机检查任务")),
    retrieve=extend_schema(summary=gettext_lazy("双随机检查任务详情")),
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet[Campaign]):
    """Campaigns: creation, the committed pool, the draw, publication (R-SUP-4, R-SUP-10)."""

    serializer_class = s.SvCampaignSerializer
    filterset_class = CampaignFilterSet

    queryset = Campaign.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return campaigns_visible_to(actor_of(self.request))

    def _one(self, campaign: Campaign, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.SvCampaignSerializer(self.get_queryset().get(pk=campaign.pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("创建检查任务（自治区人社部门或盟市人社局）"),
        request=s.SvCampaignCreateSerializer,
        responses={201: s.SvCampaignSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(s.SvCampaignCreateSerializer, request)
        codes = data.pop("leagues")
        leagues = list(Jurisdiction.objects.filter(code__in=codes))
        if len(leagues) != len(set(codes)):
            raise DomainError(gettext("检查范围（盟市）：含有无效的行政区划代码"), field="leagues", code="invalid")
        campaign = campaign_services.create_campaign(
            actor=actor_of(request),
            data=campaign_services.CampaignInput(leagues=leagues, **data),
        )
        return self._one(campaign, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("公布候选池与种子承诺（SHA-256）"),
        request=s.SvSeedSerializer,
        responses={200: s.SvCampaignSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="publish-pool")
    def publish_pool(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvSeedSerializer, request)
        campaign = campaign_services.publish_pool(
            actor=actor_of(request), campaign=self.get_object(), seed=data["seed"]
        )
        return self._one(campaign)

    @extend_schema(
        summary=gettext_lazy("公布种子并抽取机构和检查人员"),
        request=s.SvSeedSerializer,
        responses={200: s.SvCampaignSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def draw(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvSeedSerializer, request)
        campaign = campaign_services.draw_campaign(
            actor=actor_of(request), campaign=self.get_object(), seed=data["seed"]
        )
        return self._one(campaign)

    @extend_schema(
        summary=gettext_lazy("公开检查结果（全部检查办结后）"),
        request=None,
        responses={200: s.SvVersionSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="publish-results")
    def publish_results(self, request: Request, pk: str | None = None) -> Response:
        version = campaign_services.publish_results(actor=actor_of(request), campaign=self.get_object())
        return Response(s.SvVersionSerializer(version).data)

    @extend_schema(summary=gettext_lazy("导出检查任务（Excel）"), responses={200: XLSX})
    @action(detail=False, methods=["get"], url_path="xlsx")
    def xlsx(self, request: Request) -> HttpResponseBase:
        return export_response("xlsx", CAMPAIGNS, self.filter_queryset(self.get_queryset()))

    @extend_schema(summary=gettext_lazy("导出检查结果（Excel）"), responses={200: XLSX})
    @action(detail=True, methods=["get"], url_path="results-xlsx")
    def results_xlsx(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        return export_response("xlsx", RESULTS, campaign_services.results_snapshot(self.get_object()))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("检查（组织单位、所在盟市、被检查机构及抽中的检查人员可见）")),
    retrieve=extend_schema(summary=gettext_lazy("检查详情")),
)
class InspectionViewSet(viewsets.ReadOnlyModelViewSet[Inspection]):
    """Inspections: checklist, findings, 调阅资料, outcome, corrections (R-SUP-4)."""

    serializer_class = s.SvInspectionSerializer
    filterset_class = InspectionFilterSet

    queryset = Inspection.objects.none()  # the model, for the schema; get_queryset scopes it

    def get_queryset(self) -> Any:
        return inspections_visible_to(actor_of(self.request)).prefetch_related("inspectors__person")

    def _one(self, inspection: Inspection) -> Response:
        return Response(s.SvInspectionSerializer(self.get_queryset().get(pk=inspection.pk)).data)

    @extend_schema(
        summary=gettext_lazy("记录检查情况"),
        request=s.SvInspectionRecordSerializer,
        responses={200: s.SvInspectionSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvInspectionRecordSerializer, request)
        inspection = campaign_services.record_inspection(actor=actor_of(request), inspection=self.get_object(), **data)
        return self._one(inspection)

    @extend_schema(
        summary=gettext_lazy("检查办结（结论）"),
        request=s.SvConcludeSerializer,
        responses={200: s.SvInspectionSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvConcludeSerializer, request)
        inspection = campaign_services.conclude_inspection(
            actor=actor_of(request), inspection=self.get_object(), **data
        )
        return self._one(inspection)

    @extend_schema(
        summary=gettext_lazy("更正已公开的检查结果（生成新版本，更正说明公众可见）"),
        request=s.SvCorrectionSerializer,
        responses={200: s.SvVersionSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.SvCorrectionSerializer, request)
        version = campaign_services.correct_result(actor=actor_of(request), inspection=self.get_object(), **data)
        return Response(s.SvVersionSerializer(version).data)

    @extend_schema(
        summary=gettext_lazy("调阅资料（只读，每次调阅记入审计日志）"),
        parameters=[OpenApiParameter("section", str, enum=SECTION_KEYS, required=True)],
        responses={200: s.SvRecordsSectionSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["get"])
    def records(self, request: Request, pk: str | None = None) -> Response:
        key = request.query_params.get("section", "")
        if key not in SECTION_KEYS:
            raise DomainError(
                gettext("资料类别：应为 %(join)s 之一") % {"join": ", ".join(SECTION_KEYS)},
                field="section",
                code="invalid_choice",
            )
        inspection = self.get_object()
        campaign_services.note_records_opened(actor=actor_of(request), inspection=inspection, section=key)
        section, rows = records_section(inspection, key)
        return Response(
            {
                "section": key,
                "title": str(section.title),
                "headers": [str(h) for h in section.headers],
                "rows": [["" if v is None else str(v) for v in row] for row in rows],
            }
        )
