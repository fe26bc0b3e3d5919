"""Complaints API: the staff register and workflow under /api/v1/supervision/complaints/, and the public
filing and tracking endpoints under /api/v1/public/complaints/ (R-SUP-5, R-PUB-1, R-X-5)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.models import Jurisdiction
from skillcert.complaints import abuse, selectors, services
from skillcert.complaints.api import serializers as s
from skillcert.complaints.api.filtersets import ComplaintFilterSet
from skillcert.complaints.models import Complaint
from skillcert.core.api_docs import FORBIDDEN, validated_input
from skillcert.core.errors import DomainError
from skillcert.core.middleware import client_ip
from skillcert.core.services import reveal_personal_data

NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或无权查看（两者不作区分）"))
REFUSED = OpenApiResponse(description=gettext_lazy("输入不符合规则：中文说明指出字段和规则"))


def client_address(request: Any) -> str:
    return client_ip(getattr(request, "_request", request))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("投诉举报登记簿（本辖区；逾期的排在最前）")),
    retrieve=extend_schema(
        summary=gettext_lazy("投诉举报详情（含办理环节、调查记录、附件）"),
        responses={200: s.ComplaintDetailSerializer, 404: NOT_FOUND},
    ),
)
class ComplaintViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Complaints handled in the actor's jurisdiction and every workflow step (R-SUP-5)."""

    filterset_class = ComplaintFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        qs = selectors.inbox(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                "steps__actor",
                "steps__from_jurisdiction",
                "steps__to_jurisdiction",
                "investigations__recorded_by",
                "attachments",
            )
        return qs

    def get_serializer_class(self) -> Any:
        return s.ComplaintDetailSerializer if self.action == "retrieve" else s.ComplaintSerializer

    def _complaint(self, pk: Any) -> Complaint:
        try:
            return selectors.complaints_visible_to(self.request.user).get(pk=int(pk))
        except (ValueError, TypeError, Complaint.DoesNotExist) as exc:
            raise Http404(gettext("未找到该记录")) from exc

    def _answer(self, complaint: Complaint, code: int = status.HTTP_200_OK) -> Response:
        complaint = self._complaint(complaint.pk)
        return Response(s.ComplaintDetailSerializer(complaint).data, status=code)

    @extend_schema(
        summary=gettext_lazy("登记电话、来信、来访或媒体报道（含来源）"),
        request=s.StaffIntakeSerializer,
        responses={201: s.FiledSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        data = validated_input(s.StaffIntakeSerializer, request)
        filed = services.record_complaint(
            actor=request.user,  # type: ignore[arg-type]
            data=s.input_from(data),
            source=data["source"],
            source_detail=data.get("source_detail", ""),
            received_on=data.get("received_on"),
        )
        c = filed.complaint
        body = {
            "tracking_code": c.tracking_code,
            "secret": filed.secret,
            "handler": c.handler.name,
            "accept_due": c.accept_due,
        }
        return Response(s.FiledSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("受理"),
        request=s.NoteSerializer,
        responses={200: s.ComplaintDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        data = validated_input(s.NoteSerializer, request)
        c = services.accept_complaint(actor=request.user, complaint=self._complaint(pk), note=data.get("note", ""))  # type: ignore[arg-type]
        return self._answer(c)

    @extend_schema(
        summary=gettext_lazy("不予受理"),
        request=s.RefuseSerializer,
        responses={200: s.ComplaintDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        data = validated_input(s.RefuseSerializer, request)
        c = services.refuse_complaint(actor=request.user, complaint=self._complaint(pk), **data)  # type: ignore[arg-type]
        return self._answer(c)

    @extend_schema(
        summary=gettext_lazy("转办到其他辖区（保留办理记录）"),
        request=s.TransferSerializer,
        responses={
            200: OpenApiResponse(description=gettext_lazy("已转办")),
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        data = validated_input(s.TransferSerializer, request)
        to = Jurisdiction.objects.filter(code=data["to"]).first()
        if to is None:
            raise DomainError(gettext("转入辖区：不存在该辖区代码"), field="to", code="invalid_choice")
        c = services.transfer_complaint(actor=request.user, complaint=self._complaint(pk), to=to, reason=data["reason"])  # type: ignore[arg-type]
        return Response({"tracking_code": c.tracking_code, "jurisdiction": to.code, "handler": c.handler.name})

    @extend_schema(
        summary=gettext_lazy("延长办理期限（一次，不超过30日）"),
        request=s.ExtendSerializer,
        responses={200: s.ComplaintDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> Response:
        data = validated_input(s.ExtendSerializer, request)
        c = services.extend_complaint(actor=request.user, complaint=self._complaint(pk), **data)  # type: ignore[arg-type]
        return self._answer(c)

    @extend_schema(
        summary=gettext_lazy("添加调查记录（证据、情况，可附文件）"),
        request=s.InvestigationCreateSerializer,
        responses={201: s.InvestigationSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def investigations(self, request: Request, pk: str) -> Response:
        data = validated_input(s.InvestigationCreateSerializer, request)
        record = services.record_investigation(
            actor=request.user,  # type: ignore[arg-type]
            complaint=self._complaint(pk),
            method=data["method"],
            notes=data["notes"],
            recorded_on=data.get("recorded_on"),
            attachments=list(data.get("attachments") or []),
        )
        return Response(s.InvestigationSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("办结（不属实 / 属实并关联处理决定 / 移交）"),
        request=s.ConcludeSerializer,
        responses={200: s.ComplaintDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        from skillcert.sanctions.selectors import sanctions_visible_to

        data = validated_input(s.ConcludeSerializer, request)
        sanction = None
        if data.get("sanction"):
            sanction = sanctions_visible_to(request.user).filter(pk=data["sanction"]).first()
            if sanction is None:
                raise DomainError(gettext("处理决定：不存在或无权查看"), field="sanction", code="invalid_choice")
        c = services.conclude_complaint(
            actor=request.user,  # type: ignore[arg-type]
            complaint=self._complaint(pk),
            outcome=data["outcome"],
            public_text=data["public_text"],
            internal_conclusion=data["internal_conclusion"],
            sanction=sanction,
            referred_to=data.get("referred_to", ""),
        )
        return self._answer(c)

    @extend_schema(
        summary=gettext_lazy("查看完整联系方式（留审计记录）"),
        request=s.RevealSerializer,
        responses={200: s.RevealedSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        data = validated_input(s.RevealSerializer, request)
        value = reveal_personal_data(
            actor=request.user, obj=self._complaint(pk), field=data["field"], reason=data.get("reason", "")
        )
        return Response({"field": data["field"], "value": value})


class PublicComplaintViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Anyone files a complaint and follows it with the tracking code and secret (R-SUP-5, R-PUB-1)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.PublicFilingSerializer

    @extend_schema(summary=gettext_lazy("获取验证问题（提交投诉前回答）"), responses={200: s.ChallengeSerializer})
    @action(detail=False, methods=["get"])
    def challenge(self, request: Request) -> Response:
        c = abuse.new_challenge()
        return Response({"question": c.question, "token": c.token})

    @extend_schema(
        summary=gettext_lazy("提交投诉举报（无需登录）；返回查询码和只显示一次的查询密码"),
        request=s.PublicFilingSerializer,
        responses={201: s.FiledSerializer, 400: REFUSED},
    )
    def create(self, request: Request) -> Response:
        data = validated_input(s.PublicFilingSerializer, request)
        abuse.screen_public_submission(
            address=client_address(request),
            honeypot=data.get("website"),
            token=data["challenge_token"],
            answer=data["challenge_answer"],
        )
        filed = services.file_public_complaint(data=s.input_from(data))
        c = filed.complaint
        body = {
            "tracking_code": c.tracking_code,
            "secret": filed.secret,
            "handler": c.handler.name,
            "accept_due": c.accept_due,
        }
        return Response(s.FiledSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("凭查询码和查询密码查看办理进度和结果"),
        request=s.TrackSerializer,
        responses={
            200: s.PublicViewSerializer,
            404: OpenApiResponse(description=gettext_lazy("查询码或查询密码不正确（两者不作区分）")),
        },
    )
    @action(detail=False, methods=["post"])
    def track(self, request: Request) -> Response:
        data = validated_input(s.TrackSerializer, request)
        view = selectors.track(data["tracking_code"], data["secret"])
        if view is None:
            return Response(
                {"code": "not_found", "detail": gettext("查询码或查询密码不正确")}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(s.PublicViewSerializer(view).data)


__all__ = ["ComplaintViewSet", "PublicComplaintViewSet"]
