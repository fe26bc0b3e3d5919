"""Archives REST API under /api/v1/archives/: stored files, dossiers and their workflow, legal holds,
disposals and traceability, each action calling its service (R-ARC-1..3)."""

from __future__ import annotations

from typing import Any, cast

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skillcert.accounts.models import User
from skillcert.accounts.types import Visitor
from skillcert.archives import trace as tracing
from skillcert.archives.api.serializers import (
    DisposalNoteSerializer,
    DisposalReasonSerializer,
    DisposalSerializer,
    DossierDetailSerializer,
    DossierOpenSerializer,
    DossierScanSerializer,
    DossierSerializer,
    DossierVerifySerializer,
    HoldGroundsSerializer,
    LegalHoldSerializer,
    StoredFileSerializer,
    TouchedCertificateSerializer,
    TraceSerializer,
)
from skillcert.archives.files import open_file
from skillcert.archives.models import Disposal, Dossier, LegalHold, StoredFile
from skillcert.archives.services import dossiers, retention
from skillcert.archives.verification import verify_dossier
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, validated_input
from skillcert.core.errors import NotFoundError
from skillcert.core.pdf import pdf_response
from skillcert.exams.models import ExamPlan, ExamSession


def _actor(request: Request) -> User:
    return cast(User, request.user)


def _visible(queryset: Any, actor: Visitor, pk: Any) -> Any:
    found = queryset.restrict(actor, "view").filter(pk=pk).first()
    if found is None:
        raise NotFoundError(gettext("未找到该记录"))
    return found


class StoredFileViewSet(viewsets.ReadOnlyModelViewSet[StoredFile]):
    """Stored files in the actor's scope, with their digest, size, type and uploader (R-ARC-1)."""

    serializer_class = StoredFileSerializer

    def get_queryset(self) -> Any:
        return StoredFile.objects.restrict(self.request.user, "view").select_related("uploaded_by")

    @extend_schema(
        summary=gettext_lazy("下载文件"),
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: HIDDEN},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        stored = self.get_object()
        if stored.disposed_at is not None:
            raise NotFoundError(gettext("文件已销毁"))
        return FileResponse(open_file(stored), content_type=stored.content_type, filename=stored.original_name)


class DossierViewSet(viewsets.ReadOnlyModelViewSet[Dossier]):
    """Dossiers per plan: open, add scans, seal, verify, hold, propose disposal (R-ARC-1, R-ARC-2)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return (
            Dossier.objects.restrict(self.request.user, "view")
            .select_related("plan")
            .prefetch_related("holds", "items__stored_file__uploaded_by")
        )

    def get_serializer_class(self) -> Any:
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    @extend_schema(
        summary=gettext_lazy("建立（或取得）计划的档案"),
        request=DossierOpenSerializer,
        responses={200: DossierSerializer, 404: HIDDEN},
    )
    @action(detail=False, methods=["post"], url_path="open")
    def open_for_plan(self, request: Request) -> Response:
        plan = _visible(ExamPlan.objects.all(), request.user, validated_input(DossierOpenSerializer, request)["plan"])
        dossier = dossiers.open_dossier(actor=_actor(request), plan=plan)
        return Response(DossierSerializer(dossier).data)

    @extend_schema(
        summary=gettext_lazy("添加纸质材料扫描件（PDF或图片）"),
        request={"multipart/form-data": DossierScanSerializer},
        responses={201: DossierDetailSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def scans(self, request: Request, pk: str | None = None) -> Response:
        dossier = self.get_object()
        dossiers.require_change(_actor(request), dossier)
        data = validated_input(DossierScanSerializer, request)
        dossiers.add_scan(
            actor=_actor(request), dossier=dossier, volume=int(data["volume"]), title=data["title"], upload=data["file"]
        )
        return Response(DossierDetailSerializer(self.get_queryset().get(pk=dossier.pk)).data, status=201)

    @extend_schema(
        summary=gettext_lazy("封卷（批次结束后）"),
        request=None,
        responses={200: DossierSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def seal(self, request: Request, pk: str | None = None) -> Response:
        dossier = dossiers.seal_dossier(actor=_actor(request), dossier=self.get_object())
        return Response(DossierSerializer(dossier).data)

    @extend_schema(summary=gettext_lazy("核对封卷清单与文件"), responses={200: DossierVerifySerializer, 404: HIDDEN})
    @action(detail=True, methods=["get"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        check = verify_dossier(self.get_object())
        return Response({"ok": check.ok, "checked": check.checked, "problems": [str(p) for p in check.problems]})

    @extend_schema(
        summary=gettext_lazy("设置诉讼保留（监管部门，须填写依据）"),
        request=HoldGroundsSerializer,
        responses={201: LegalHoldSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str | None = None) -> Response:
        hold = retention.set_legal_hold(
            actor=_actor(request),
            dossier=self.get_object(),
            grounds=validated_input(HoldGroundsSerializer, request)["grounds"],
        )
        return Response(LegalHoldSerializer(hold).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("提出销毁（保管期满后）"),
        request=DisposalReasonSerializer,
        responses={201: DisposalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def dispose(self, request: Request, pk: str | None = None) -> Response:
        disposal = retention.propose_disposal(
            actor=_actor(request),
            dossier=self.get_object(),
            reason=validated_input(DisposalReasonSerializer, request)["reason"],
        )
        return Response(DisposalSerializer(disposal).data, status=status.HTTP_201_CREATED)


class LegalHoldViewSet(viewsets.ReadOnlyModelViewSet[LegalHold]):
    """Legal holds on dossiers in the actor's scope (R-ARC-2)."""

    serializer_class = LegalHoldSerializer

    def get_queryset(self) -> Any:
        return LegalHold.objects.restrict(self.request.user, "view").select_related("dossier")

    @extend_schema(
        summary=gettext_lazy("解除诉讼保留（须填写依据）"),
        request=HoldGroundsSerializer,
        responses={200: LegalHoldSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def lift(self, request: Request, pk: str | None = None) -> Response:
        hold = retention.lift_legal_hold(
            actor=_actor(request),
            hold=self.get_object(),
            grounds=validated_input(HoldGroundsSerializer, request)["grounds"],
        )
        return Response(LegalHoldSerializer(hold).data)


class DisposalViewSet(viewsets.ReadOnlyModelViewSet[Disposal]):
    """Disposals and their second-person decision (R-ARC-2)."""

    serializer_class = DisposalSerializer

    def get_queryset(self) -> Any:
        return Disposal.objects.restrict(self.request.user, "view").select_related("dossier")

    @extend_schema(
        summary=gettext_lazy("批准销毁（须为提出人以外的另一人）"),
        request=DisposalNoteSerializer,
        responses={200: DisposalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        disposal = retention.approve_disposal(
            actor=_actor(request),
            disposal=self.get_object(),
            note=validated_input(DisposalNoteSerializer, request)["note"],
        )
        return Response(DisposalSerializer(disposal).data)

    @extend_schema(
        summary=gettext_lazy("驳回销毁"),
        request=DisposalNoteSerializer,
        responses={200: DisposalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        disposal = retention.reject_disposal(
            actor=_actor(request),
            disposal=self.get_object(),
            note=validated_input(DisposalNoteSerializer, request)["note"],
        )
        return Response(DisposalSerializer(disposal).data)


class CertificateTraceView(APIView):
    """Everything behind one certificate, each line with its audit events (R-ARC-3)."""

    @extend_schema(summary=gettext_lazy("证书追溯"), responses={200: TraceSerializer, 404: HIDDEN})
    def get(self, request: Request, pk: int) -> Response:
        certificate = _visible(tracing.traceable_certificates(request.user), request.user, pk)
        return Response(TraceSerializer(tracing.build_trace(actor=_actor(request), certificate=certificate)).data)


class CertificateTracePdfView(APIView):
    @extend_schema(
        summary=gettext_lazy("证书追溯报告PDF"), responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: HIDDEN}
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        certificate = _visible(tracing.traceable_certificates(request.user), request.user, pk)
        data = tracing.trace_pdf(actor=_actor(request), certificate=certificate)
        return pdf_response(data, gettext("追溯报告-%(number)s.pdf") % {"number": certificate.number})


class PersonCertificatesView(APIView):
    @extend_schema(
        summary=gettext_lazy("某考评、督导人员经手的全部证书"), responses={200: TouchedCertificateSerializer(many=True)}
    )
    def get(self, request: Request, pk: int) -> Response:
        from skillcert.personnel.models import Person

        person = _visible(Person.objects.all(), request.user, pk)
        rows = tracing.certificates_touched_by_person(_actor(request), person)
        return Response(TouchedCertificateSerializer(rows, many=True).data)


class SessionCertificatesView(APIView):
    @extend_schema(
        summary=gettext_lazy("某考试场次涉及的全部证书"), responses={200: TouchedCertificateSerializer(many=True)}
    )
    def get(self, request: Request, pk: int) -> Response:
        session = _visible(ExamSession.objects.select_related("plan"), request.user, pk)
        rows = tracing.certificates_touched_by_session(_actor(request), session)
        return Response(TouchedCertificateSerializer(rows, many=True).data)
