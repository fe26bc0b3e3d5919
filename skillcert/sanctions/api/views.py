"""Sanctions API under /api/v1/supervision/ (sanctions, inactivity cases) and the public criticisms under
/api/v1/public/sanctions/ (R-SUP-6, R-X-5). Every action calls a service."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.core.api_docs import FORBIDDEN, validated_input
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.sanctions import selectors, services
from skillcert.sanctions.api import serializers as s
from skillcert.sanctions.api.filtersets import InactivityCaseFilterSet, ProposalFilterSet, SanctionFilterSet
from skillcert.sanctions.models import InactivityCase, Proposal, Sanction

NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或无权查看（两者不作区分）"))
REFUSED = OpenApiResponse(description=gettext_lazy("输入不符合规则：中文说明指出字段和规则"))


def _get(queryset: Any, pk: Any) -> Any:
    try:
        return queryset.get(pk=int(pk))
    except (ValueError, TypeError, queryset.model.DoesNotExist) as exc:
        raise Http404(gettext("未找到该记录")) from exc


def _institution(request: Request, pk: int) -> Institution:
    found = Institution.objects.restrict(request.user, "view").filter(pk=pk).first()
    if found is None:
        raise DomainError(gettext("评价机构：不存在或无权查看"), field="institution", code="invalid_choice")
    return found


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("机构处理登记簿（通报批评、限期整改、暂停、取消评价资质）")),
    retrieve=extend_schema(
        summary=gettext_lazy("机构处理详情"), responses={200: s.InstitutionSanctionSerializer, 404: NOT_FOUND}
    ),
)
class SanctionViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Sanctions on the institutions the actor supervises (or, for an institution, its own) (R-SUP-6)."""

    serializer_class = s.InstitutionSanctionSerializer
    filterset_class = SanctionFilterSet

    def get_queryset(self) -> Any:
        return selectors.sanctions_visible_to(self.request.user)

    def _sanction(self, pk: Any) -> Sanction:
        return _get(selectors.sanctions_visible_to(self.request.user), pk)  # type: ignore[no-any-return]

    def _answer(self, sanction: Sanction, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.InstitutionSanctionSerializer(self._sanction(sanction.pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("作出通报批评、责令限期整改，或拟暂停/取消评价资质（告知并开始陈述申辩期）"),
        request=s.InstitutionSanctionCreateSerializer,
        responses={201: s.InstitutionSanctionSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        data = validated_input(s.InstitutionSanctionCreateSerializer, request)
        sanction = services.impose(
            actor=request.user,  # type: ignore[arg-type]
            institution=_institution(request, data.pop("institution")),
            **data,
        )
        return self._answer(sanction, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("记录整改复查结果（期限届满前须选择提前复查）"),
        request=s.FollowUpSerializer,
        responses={200: s.InstitutionSanctionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str) -> Response:
        data = validated_input(s.FollowUpSerializer, request)
        sanction = services.record_follow_up(
            actor=request.user,  # type: ignore[arg-type]
            sanction=self._sanction(pk),
            result=data["result"],
            note=data["note"],
            early=data.get("early", False),
            propose=data.get("propose", ""),
        )
        return self._answer(sanction)

    @extend_schema(
        summary=gettext_lazy("提交或记录陈述申辩（陈述申辩期内）"),
        request=s.StatementSerializer,
        responses={200: s.InstitutionSanctionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def statement(self, request: Request, pk: str) -> Response:
        data = validated_input(s.StatementSerializer, request)
        sanction = services.record_statement(
            actor=request.user,  # type: ignore[arg-type]
            sanction=self._sanction(pk),
            statement=data["statement"],
        )
        return self._answer(sanction)

    @extend_schema(
        summary=gettext_lazy("拟定处理决定（陈述申辩期满后，写明理由）"),
        request=s.DecideSerializer,
        responses={200: s.InstitutionSanctionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        data = validated_input(s.DecideSerializer, request)
        sanction = services.decide(actor=request.user, sanction=self._sanction(pk), reasons=data["reasons"])  # type: ignore[arg-type]
        return self._answer(sanction)

    @extend_schema(
        summary=gettext_lazy("复核通过（须另一名工作人员）；决定生效"),
        request=s.ApprovalSerializer,
        responses={200: s.InstitutionSanctionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = validated_input(s.ApprovalSerializer, request)
        sanction = services.approve_decision(actor=request.user, sanction=self._sanction(pk), note=data.get("note", ""))  # type: ignore[arg-type]
        return self._answer(sanction)

    @extend_schema(
        summary=gettext_lazy("复核不通过（须另一名工作人员）"),
        request=s.ApprovalSerializer,
        responses={200: s.InstitutionSanctionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = validated_input(s.ApprovalSerializer, request)
        sanction = services.reject_decision(actor=request.user, sanction=self._sanction(pk), note=data.get("note", ""))  # type: ignore[arg-type]
        return self._answer(sanction)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("未开展认定情况核查")),
    retrieve=extend_schema(
        summary=gettext_lazy("核查详情"), responses={200: s.InactivityCaseSerializer, 404: NOT_FOUND}
    ),
)
class InactivityCaseViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Inquiries to institutions without certification activity, and their outcome (R-SUP-6)."""

    serializer_class = s.InactivityCaseSerializer
    filterset_class = InactivityCaseFilterSet

    def get_queryset(self) -> Any:
        return selectors.cases_visible_to(self.request.user)

    def _case(self, pk: Any) -> InactivityCase:
        return _get(selectors.cases_visible_to(self.request.user), pk)  # type: ignore[no-any-return]

    def _answer(self, case: InactivityCase, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.InactivityCaseSerializer(self._case(case.pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("满一年未开展认定的机构名单"), responses={200: s.InactiveInstitutionSerializer(many=True)}
    )
    @action(detail=False, methods=["get"])
    def candidates(self, request: Request) -> Response:
        if not services.may_sanction(request.user):
            return Response([])
        rows = selectors.inactive_institutions(request.user)
        return Response(s.InactiveInstitutionSerializer(rows, many=True).data)

    @extend_schema(
        summary=gettext_lazy("要求机构说明情况（规定期限）"),
        request=s.CaseCreateSerializer,
        responses={201: s.InactivityCaseSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        data = validated_input(s.CaseCreateSerializer, request)
        case = services.request_explanation(
            actor=request.user,  # type: ignore[arg-type]
            institution=_institution(request, data["institution"]),
            text=data["text"],
            explain_by=data.get("explain_by"),
        )
        return self._answer(case, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("提交情况说明（机构）"),
        request=s.ExplanationSerializer,
        responses={200: s.InactivityCaseSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def explain(self, request: Request, pk: str) -> Response:
        data = validated_input(s.ExplanationSerializer, request)
        case = services.submit_explanation(actor=request.user, case=self._case(pk), explanation=data["explanation"])  # type: ignore[arg-type]
        return self._answer(case)

    @extend_schema(
        summary=gettext_lazy("采纳说明（计时中止至指定日期）"),
        request=s.CaseDecisionSerializer,
        responses={200: s.InactivityCaseSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        data = validated_input(s.CaseDecisionSerializer, request)
        case = services.accept_explanation(
            actor=request.user,  # type: ignore[arg-type]
            case=self._case(pk),
            note=data.get("note", ""),
            suspended_until=data.get("suspended_until"),  # type: ignore[arg-type]
        )
        return self._answer(case)

    @extend_schema(
        summary=gettext_lazy("不采纳说明（拟取消评价资质）"),
        request=s.CaseDecisionSerializer,
        responses={200: s.InactivityCaseSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = validated_input(s.CaseDecisionSerializer, request)
        case = services.reject_explanation(actor=request.user, case=self._case(pk), note=data.get("note", ""))  # type: ignore[arg-type]
        return self._answer(case)

    @extend_schema(
        summary=gettext_lazy("逾期未说明（拟取消评价资质）"),
        request=s.CaseDecisionSerializer,
        responses={200: s.InactivityCaseSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def lapse(self, request: Request, pk: str) -> Response:
        data = validated_input(s.CaseDecisionSerializer, request)
        case = services.lapse_case(actor=request.user, case=self._case(pk), note=data.get("note", ""))  # type: ignore[arg-type]
        return self._answer(case)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("双随机检查提出的处理建议（送机构所在盟市人社局决定）")),
    retrieve=extend_schema(
        summary=gettext_lazy("处理建议详情"), responses={200: s.SanctionProposalSerializer, 404: NOT_FOUND}
    ),
)
class ProposalViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """处理建议 from 双随机 inspections routed to the actor's league (all for the region); accepted by making the
    measure through the sanctions services, or declined with grounds (R-SUP-4, R-SUP-6)."""

    serializer_class = s.SanctionProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self) -> Any:
        return selectors.proposals_visible_to(self.request.user)

    def _proposal(self, pk: Any) -> Proposal:
        return _get(selectors.proposals_visible_to(self.request.user), pk)  # type: ignore[no-any-return]

    def _answer(self, proposal: Proposal) -> Response:
        return Response(s.SanctionProposalSerializer(self._proposal(proposal.pk)).data)

    @extend_schema(
        summary=gettext_lazy(
            "采纳处理建议：作出建议的处理（限期整改须填整改期限；暂停、取消评价资质先告知并开始陈述申辩期）"
        ),
        request=s.SanctionProposalAcceptSerializer,
        responses={200: s.SanctionProposalSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        proposal = self._proposal(pk)
        services.require_proposal_decider(request.user, proposal)
        data = validated_input(s.SanctionProposalAcceptSerializer, request)
        done = services.accept_proposal(actor=request.user, proposal=proposal, **data)  # type: ignore[arg-type]
        return self._answer(done)

    @extend_schema(
        summary=gettext_lazy("不予采纳处理建议（须写明理由）"),
        request=s.SanctionProposalDeclineSerializer,
        responses={200: s.SanctionProposalSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        proposal = self._proposal(pk)
        services.require_proposal_decider(request.user, proposal)
        data = validated_input(s.SanctionProposalDeclineSerializer, request)
        done = services.decline_proposal(actor=request.user, proposal=proposal, grounds=data["grounds"])  # type: ignore[arg-type]
        return self._answer(done)


@extend_schema_view(list=extend_schema(summary=gettext_lazy("公布期内的通报批评（无需登录）")))
class PublicCriticismViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """通报批评 in their publication period (R-SUP-6, R-PUB-1)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = s.PublicCriticismSerializer

    def get_queryset(self) -> Any:
        return selectors.published_criticisms()
