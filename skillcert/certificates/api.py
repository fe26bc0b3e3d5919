"""Certificates REST API under /api/v1/certificates/: the lists in the actor's scope, and each
workflow (issue, plan-wide issuance, status proposals and decisions, export batches, the site
serial register) as an explicit endpoint calling its service (R-CERT-1..6, R-X-5)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.types import AuthedApiRequest, Visitor, actor_of
from skillcert.certificates import credentials, exports, selectors, services
from skillcert.certificates.filtersets import CertificateFilterSet, ProposalFilterSet, RunFilterSet
from skillcert.certificates.models import Certificate, ExportBatch, IssuanceRun, SiteSerial, StatusProposal
from skillcert.certificates.serializers import (
    CertificateSerializer,
    DecisionSerializer,
    ExportBatchSerializer,
    IssueSerializer,
    ProposalSerializer,
    ProposeSerializer,
    RetireSerializer,
    RunCreateSerializer,
    RunSerializer,
    SiteSerialCreateSerializer,
    SiteSerialSerializer,
    UploadFileSerializer,
)
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, XLSX, validated_input
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.excel import XLSX_TYPE
from skillcert.core.listing import export_response
from skillcert.core.pdf import pdf_response
from skillcert.exams.models import ExamPlan, Registration
from skillcert.institutions.models import Institution, Venue


def _visible(queryset: Any, actor: Visitor, pk: Any) -> Any:
    found = queryset.restrict(actor, "view").filter(pk=pk).first()
    if found is None:
        raise NotFoundError(gettext("未找到该记录"))
    return found


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("证书列表（证件号码脱敏）")),
    retrieve=extend_schema(summary=gettext_lazy("证书详情")),
)
class CertificateViewSet(viewsets.ReadOnlyModelViewSet[Certificate]):
    """Certificates in the actor's scope and what can be done with one (R-CERT-1..6)."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet

    def get_queryset(self) -> Any:
        return selectors.certificates_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("为一名考生发证（重复发证返回同一证书）"),
        request=IssueSerializer,
        responses={
            201: CertificateSerializer,
            200: OpenApiResponse(CertificateSerializer, description=gettext_lazy("此前已发证：返回同一证书")),
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: HIDDEN,
        },
    )
    @action(detail=False, methods=["post"])
    def issue(self, request: AuthedApiRequest) -> Response:
        data = validated_input(IssueSerializer, request)
        registration = _visible(Registration.objects.select_related("plan"), request.user, data["registration"])
        certificate, created = services.issue_or_get(actor=request.user, registration=registration)
        return Response(
            CertificateSerializer(self.get_queryset().get(pk=certificate.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary=gettext_lazy("下载证书PDF（打印完整证件号码，记入审计日志）"),
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: AuthedApiRequest, pk: str | None = None) -> HttpResponse:
        certificate = self.get_object()
        data = services.download_certificate(actor=request.user, certificate=certificate)
        return pdf_response(
            data, gettext("职业技能等级证书-%(number)s.pdf") % {"number": certificate.number}, inline=False
        )

    @extend_schema(
        summary=gettext_lazy("下载可验证凭证（W3C VC 2.0，vc+jwt，由自治区签名密钥签名，记入审计日志）"),
        description=gettext_lazy(
            "凭证的 credentialStatus 是一个 W3C Bitstring Status List 条目：statusPurpose 为 message，"
            "statusSize 为 2，statusListCredential 指向 /.well-known/skillcert/status/message；"
            "该条目所在两位的取值（高位在前）0x0 有效、0x1 已暂停、0x2 已撤销、0x3 已作废，"
            "statusMessage 列出这四个值。状态列表为签名的 vc+jwt，暂停、恢复、撤销后下一次读取即为新状态"
            "（Cache-Control: public, no-cache，带 ETag）。此前签发的凭证带 statusPurpose 为 revocation 的一位条目，"
            "/.well-known/skillcert/status/revocation 与同序号的 /.well-known/skillcert/status/suspension 继续发布。"
        ),
        responses={(200, credentials.MEDIA_TYPE): OpenApiTypes.STR, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["get"])
    def credential(self, request: AuthedApiRequest, pk: str | None = None) -> HttpResponse:
        certificate = self.get_object()
        token = services.download_credential(actor=request.user, certificate=certificate)
        response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
        response["Content-Disposition"] = f'attachment; filename="skillcert-{certificate.number}.jwt"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        summary=gettext_lazy("提出暂停、恢复、撤销或作废（须另一人审批）"),
        request=ProposeSerializer,
        responses={201: ProposalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def propose(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        certificate = self.get_object()
        data = validated_input(ProposeSerializer, request)
        proposal = services.propose_status_change(
            actor=request.user, certificate=certificate, kind=data["kind"], grounds=data["grounds"]
        )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("导出筛选后的证书列表（Excel，证件号码脱敏）"), responses={200: XLSX})
    @action(detail=False, methods=["get"], url_path="export")
    def export_list(self, request: AuthedApiRequest) -> Any:
        queryset = self.filter_queryset(self.get_queryset())
        return export_response("xlsx", exports.CERTIFICATES, queryset)

    @extend_schema(
        summary=gettext_lazy("逾期未上报全国数据库的证书"), responses={200: CertificateSerializer(many=True)}
    )
    @action(detail=False, methods=["get"])
    def overdue(self, request: AuthedApiRequest) -> Response:
        queryset = selectors.overdue_exports(request.user)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(CertificateSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("证书状态变更申请")),
    retrieve=extend_schema(summary=gettext_lazy("证书状态变更申请详情")),
)
class ProposalViewSet(viewsets.ReadOnlyModelViewSet[StatusProposal]):
    """Suspension, reinstatement, revocation and voiding proposals and their decisions (R-CERT-5)."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self) -> Any:
        return selectors.proposals_visible_to(self.request.user).order_by("-proposed_at", "-id")

    @extend_schema(
        summary=gettext_lazy("批准（须非提出人；证书状态即时变更）"),
        request=DecisionSerializer,
        responses={200: ProposalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        proposal = self.get_object()
        data = validated_input(DecisionSerializer, request)
        decided = services.approve_status_change(actor=request.user, proposal=proposal, note=data["note"])
        return Response(ProposalSerializer(self.get_queryset().get(pk=decided.pk)).data)

    @extend_schema(
        summary=gettext_lazy("不予批准（须说明理由）"),
        request=DecisionSerializer,
        responses={200: ProposalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        proposal = self.get_object()
        data = validated_input(DecisionSerializer, request)
        decided = services.reject_status_change(actor=request.user, proposal=proposal, note=data["note"])
        return Response(ProposalSerializer(self.get_queryset().get(pk=decided.pk)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("批量发证记录（进度与不予发证原因）")),
    retrieve=extend_schema(summary=gettext_lazy("批量发证进度")),
)
class RunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[IssuanceRun]):
    """Plan-wide issuance in the background (R-CERT-2)."""

    serializer_class = RunSerializer
    filterset_class = RunFilterSet

    def get_queryset(self) -> Any:
        return selectors.runs_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary=gettext_lazy("为认定计划的全部考生批量发证（后台进行）"),
        request=RunCreateSerializer,
        responses={202: RunSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(RunCreateSerializer, request)
        plan = _visible(ExamPlan.objects.select_related("institution"), actor, data["plan"])
        run = services.start_issuance_run(actor=actor, plan=plan, level=data["level"])
        return Response(RunSerializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary=gettext_lazy("继续中断的批量发证（后台进程中断或系统错误后，为其余考生发证）"),
        request=None,
        responses={202: RunSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        run = services.retry_issuance_run(actor=request.user, run=self.get_object())
        return Response(RunSerializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("证书上报批次")),
    retrieve=extend_schema(summary=gettext_lazy("证书上报批次详情")),
)
class ExportBatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ExportBatch]):
    """Batches for upload to the national database; the files carry full ID numbers (R-CERT-6)."""

    serializer_class = ExportBatchSerializer

    def get_queryset(self) -> Any:
        return selectors.batches_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary=gettext_lazy("把本机构未上报的证书生成一个上报批次（标记为已上报）"),
        request=None,
        responses={201: ExportBatchSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        institution = Institution.objects.filter(organisation_id=getattr(actor, "organisation_id", None) or 0).first()
        if institution is None:
            raise DomainError(gettext("上报批次由发证的评价机构生成"), field="institution", code="not_institution")
        batch = services.create_export_batch(actor=actor, institution=institution)
        return Response(ExportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    def _file(self, request: AuthedApiRequest, fmt: str) -> HttpResponse:
        batch = self.get_object()
        data = services.download_export(actor=request.user, batch=batch, fmt=fmt)
        if fmt == "json":
            response = HttpResponse(data, content_type="application/json; charset=utf-8")
        else:
            response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{batch.number}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        summary=gettext_lazy("下载上报文件（JSON，含完整证件号码，记入审计日志）"),
        responses={(200, "application/json"): UploadFileSerializer, 404: HIDDEN},
    )
    @action(detail=True, methods=["get"], url_path="json")
    def json_file(self, request: AuthedApiRequest, pk: str | None = None) -> HttpResponse:
        return self._file(request, "json")

    @extend_schema(
        summary=gettext_lazy("下载上报文件（Excel，含完整证件号码，记入审计日志）"), responses={200: XLSX, 404: HIDDEN}
    )
    @action(detail=True, methods=["get"], url_path="xlsx")
    def xlsx_file(self, request: AuthedApiRequest, pk: str | None = None) -> HttpResponse:
        return self._file(request, "xlsx")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("站点序号登记")),
    retrieve=extend_schema(summary=gettext_lazy("站点序号详情")),
)
class SiteSerialViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[SiteSerial]):
    """The 6-digit site serials the regional department assigns (R-CERT-1)."""

    serializer_class = SiteSerialSerializer

    def get_queryset(self) -> Any:
        return selectors.site_serials_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("分配站点序号（自治区人社厅）"),
        request=SiteSerialCreateSerializer,
        responses={201: SiteSerialSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        data = validated_input(SiteSerialCreateSerializer, request)
        services.require_region_registrar(actor)
        institution = Institution.objects.filter(pk=data["institution"]).first()
        if institution is None:
            raise DomainError(gettext("评价机构：未找到该机构"), field="institution", code="not_found")
        venue = None
        if data["venue"] is not None:
            venue = Venue.objects.filter(pk=data["venue"]).first()
            if venue is None:
                raise DomainError(gettext("考点：未找到该考点"), field="venue", code="not_found")
        row = services.assign_site_serial(
            actor=actor, institution=institution, serial=data["serial"], venue=venue, note=data["note"]
        )
        return Response(SiteSerialSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("停用站点序号（不再用于新证书，不再分配）"),
        request=RetireSerializer,
        responses={200: SiteSerialSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def retire(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        row = self.get_object()
        data = validated_input(RetireSerializer, request)
        row = services.retire_site_serial(actor=request.user, site_serial=row, note=data["note"])
        return Response(SiteSerialSerializer(row).data)
