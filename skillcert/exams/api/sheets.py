"""REST API of examiners' own score sheets, the chief examiner's gap decisions, paper sheets and
rubrics (R-EXAM-11). Reads are scoped with `restrict` (an examiner sees only the sessions they are
assigned to); every write calls its service. A visible object the actor may not act on answers
403 with the reason in Chinese; an invisible one 404; bad input 400 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.models import User
from skillcert.accounts.types import AuthedApiRequest, actor_of
from skillcert.catalog.choices import ComponentKind
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, validated_input
from skillcert.core.errors import NotFoundError
from skillcert.exams.api.serializers import (
    ChangeInputSerializer,
    DecideInputSerializer,
    GapReviewSerializer,
    MarksInputSerializer,
    PaperSheetInputSerializer,
    RubricInputSerializer,
    RubricSerializer,
    ScoreSheetSerializer,
    SheetChangeSerializer,
    SheetSerializer,
    SignInputSerializer,
)
from skillcert.exams.models import ExamPlan, GapReview, ScoringRubric, Seat, SessionStaff
from skillcert.exams.selectors.sheets import gap_reviews_visible_to, seats_visible_for_sheets, sheet_views
from skillcert.exams.services import sheets
from skillcert.personnel.models import Person

T = TypeVar("T")


def refusing(call: Callable[[], T]) -> T:
    """Run a service; a refusal on a visible object becomes 403 carrying the service's Chinese reason."""
    try:
        return call()
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("评分表（考评员只见本人所在场次的考生，按准考证号）")),
    retrieve=extend_schema(summary=gettext_lazy("评分表（其他考评人员的评分在全部签名后显示）")),
)
class ScoreSheetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Seat]):
    """A seated candidate's sheets in a skills or 综合评审 session; the id is the seat's (R-EXAM-11)."""

    # The model for the schema generator, which calls no get_queryset (it has no signed-in user).
    queryset = Seat.objects.none()
    serializer_class = ScoreSheetSerializer

    def get_queryset(self) -> Any:
        return (
            seats_visible_for_sheets(actor_of(self.request))
            .exclude(session__component=ComponentKind.THEORY)
            .order_by("session__starts_at", "session_id", "seat_number")
        )

    def _view(self, seat: Seat) -> Any:
        return sheet_views([seat], actor_of(self.request))[0]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        seats = page if page is not None else list(self.get_queryset())
        data = ScoreSheetSerializer(sheet_views(seats, actor_of(request)), many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ScoreSheetSerializer(self._view(self.get_object())).data)

    @extend_schema(
        summary=gettext_lazy("考评员保存本人评分（草稿，可多次保存）"),
        request=MarksInputSerializer,
        responses={200: ScoreSheetSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def save(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        seat = self.get_object()
        data = validated_input(MarksInputSerializer, request)
        refusing(lambda: sheets.save_sheet(actor=cast(User, request.user), seat=seat, marks=data["marks"]))
        return Response(ScoreSheetSerializer(self._view(seat)).data)

    @extend_schema(
        summary=gettext_lazy("考评员签名确认评分表（签名后锁定，不能重复签名）"),
        request=SignInputSerializer,
        responses={200: ScoreSheetSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        seat = self.get_object()
        data = validated_input(SignInputSerializer, request)
        refusing(lambda: sheets.sign_sheet(actor=cast(User, request.user), seat=seat, marks=data.get("marks")))
        return Response(ScoreSheetSerializer(self._view(seat)).data)

    @extend_schema(
        summary=gettext_lazy("修改已签名的评分表（须说明原因，保留修改前后）"),
        request=ChangeInputSerializer,
        responses={201: SheetChangeSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def change(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        seat = self.get_object()
        data = validated_input(ChangeInputSerializer, request)
        change = refusing(
            lambda: sheets.change_signed_sheet(
                actor=cast(User, request.user), seat=seat, marks=data["marks"], reason=data["reason"]
            )
        )
        return Response(SheetChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("评价机构代录纸质评分表（须附考评员签名的评分表扫描件）"),
        request={"multipart/form-data": PaperSheetInputSerializer},
        responses={201: SheetSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def paper(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        seat = self.get_object()
        data = validated_input(PaperSheetInputSerializer, request)
        marks = data["marks"]
        if not isinstance(marks, dict):
            raise exceptions.ValidationError({"marks": [gettext("评分应为“评分项目 → 得分”的对象")]})
        examiner = Person.objects.filter(pk=data["examiner"]).first()
        if examiner is None:
            raise exceptions.ValidationError({"examiner": [gettext("考评人员不存在")]})
        sheet = refusing(
            lambda: sheets.enter_paper_sheet(
                actor=cast(User, request.user), seat=seat, examiner=examiner, marks=marks, scan=data["scan"]
            )
        )
        return Response(SheetSerializer(sheet).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("分差裁定（首席考评员见本人任组长的场次）")),
    retrieve=extend_schema(summary=gettext_lazy("分差裁定")),
)
class GapReviewViewSet(viewsets.ReadOnlyModelViewSet[GapReview]):
    """Examiners' totals differing by more than the policy gap, before the chief examiner (R-EXAM-11)."""

    queryset = GapReview.objects.none()  # for the schema generator, as above
    serializer_class = GapReviewSerializer

    def get_queryset(self) -> Any:
        return gap_reviews_visible_to(actor_of(self.request)).order_by("status", "flagged_at", "id")

    @extend_schema(
        summary=gettext_lazy("首席考评员裁定分差（须说明理由；科目成绩取平均分）"),
        request=DecideInputSerializer,
        responses={200: GapReviewSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        review = self.get_object()
        data = validated_input(DecideInputSerializer, request)
        review = refusing(
            lambda: sheets.decide_gap(actor=cast(User, request.user), review=review, reasons=data["reasons"])
        )
        return Response(GapReviewSerializer(review).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("评分细则")), retrieve=extend_schema(summary=gettext_lazy("评分细则"))
)
class RubricViewSet(viewsets.ReadOnlyModelViewSet[ScoringRubric]):
    """The criteria and maxima examiners score a component against (R-EXAM-11)."""

    serializer_class = RubricSerializer

    def get_queryset(self) -> Any:
        return ScoringRubric.objects.restrict(self.request.user, "view").order_by("plan_id", "level", "component")

    @extend_schema(
        summary=gettext_lazy("设置评分细则（各项满分之和等于科目满分；开始评分后不能修改）"),
        request=RubricInputSerializer,
        responses={201: RubricSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    def create(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(RubricInputSerializer, request)
        plan = ExamPlan.objects.restrict(request.user, "view").filter(pk=data["plan"]).first()
        if plan is None:
            raise NotFoundError(gettext("未找到该认定计划"))
        rubric = refusing(
            lambda: sheets.set_rubric(
                actor=cast(User, request.user),
                plan=plan,
                level=data["level"],
                component=data["component"],
                criteria=data["criteria"],
            )
        )
        return Response(RubricSerializer(rubric).data, status=status.HTTP_201_CREATED)


def designate_chief_endpoint(request: Request, staff: SessionStaff) -> Response:
    """Shared by the session-staff viewset's ``designate-chief`` action."""
    refusing(lambda: sheets.designate_chief(actor=cast(User, request.user), staff=staff))
    return Response(status=status.HTTP_204_NO_CONTENT)
