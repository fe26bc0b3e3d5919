"""REST API for sessions, seats, tickets, staffing, check-in, incidents, scoring, publicity and cases
(R-EXAM-5..9, R-X-5). Reads go through the scoped selectors; every write is an explicit endpoint
calling its service, under the same permissions as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpResponse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from skillcert.accounts.models import User
from skillcert.accounts.types import Actor, AuthedApiRequest
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, IMPORT_REFUSED, validated_input
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.pdf import pdf_response
from skillcert.exams.api.serializers import (
    AttendanceSerializer,
    CandidateObjectionSerializer,
    CbtScoresSerializer,
    CheckInSerializer,
    ComponentScoreSerializer,
    CountSerializer,
    DrawCheckSerializer,
    GapReviewSerializer,
    IncidentCreateSerializer,
    IncidentSerializer,
    MyAssignmentSerializer,
    ObjectionSerializer,
    OutcomeSerializer,
    PlanRefSerializer,
    PublicationSerializer,
    ReasonSerializer,
    RecheckCreateSerializer,
    RecheckOutcomeSerializer,
    RecheckSerializer,
    ResultSerializer,
    ScoreChangeInputSerializer,
    ScoreChangeSerializer,
    ScoreEntrySerializer,
    ScoreImportSerializer,
    SeatDrawCreateSerializer,
    SeatDrawSerializer,
    SeatSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    SessionSheetsSerializer,
    SessionUpdateSerializer,
    StaffAssignSerializer,
    StaffingExceptionCreateSerializer,
    StaffingExceptionSerializer,
    StaffingSerializer,
    StaffSerializer,
    SupervisorDrawSerializer,
    WorkbenchSerializer,
)
from skillcert.exams.filtersets import SessionFilterSet
from skillcert.exams.models import (
    Attendance,
    ComponentScore,
    ExamPlan,
    ExamSession,
    Incident,
    Objection,
    RecheckRequest,
    Registration,
    Result,
    ResultPublication,
    ScoreChange,
    Seat,
    SeatDraw,
    SessionStaff,
)
from skillcert.exams.selectors import staffing as staffing_reads
from skillcert.exams.selectors.conduct import (
    attendance_visible_to,
    incidents_visible_to,
    objections_visible_to,
    publications_visible_to,
    rechecks_visible_to,
    results_visible_to,
    score_changes_visible_to,
    scores_visible_to,
    seat_draws_visible_to,
    seats_visible_to,
    sessions_visible_to,
    staff_visible_to,
)
from skillcert.exams.selectors.workbench import workbench_for
from skillcert.exams.services import conduct, publicity, scoring, sessions, staffing
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.services.staffing_checks import grant_staffing_exception
from skillcert.personnel.models import Person


def _plan(actor: Actor, pk: int) -> ExamPlan:
    plan = ExamPlan.objects.restrict(actor, "view").filter(pk=pk).first()
    if plan is None:
        raise NotFoundError(gettext("未找到该认定计划"))
    return plan


# --- serializers -------------------------------------------------------------------------------------


# --- viewsets ---------------------------------------------------------------------------------------


def _registration(actor: Actor, pk: int | None, session: ExamSession | None = None) -> Registration | None:
    if pk is None:
        return None
    qs = Registration.objects.restrict(actor, "view")
    if session is not None:
        qs = qs.filter(plan_id=session.plan_id)
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFoundError(gettext("未找到该报名"))
    return found


def _staffing_body(session: ExamSession) -> dict[str, Any]:
    overview = staffing_reads.staffing_overview(session)
    confirmation = overview["confirmed"]
    return {
        "roles": [{k: str(v) for k, v in row.items()} for row in overview["required"]],
        "problems": overview["problems"],
        "findings": [p.as_dict() for p in overview["findings"]],
        "confirmed": confirmation is not None and confirmation.in_force,
        "set_aside_at": confirmation.set_aside_at if confirmation is not None else None,
        "set_aside_reasons": confirmation.set_aside_reasons if confirmation is not None else [],
        "exceptions": StaffingExceptionSerializer(overview["exceptions"], many=True).data,
        "candidates": overview["candidates"],
    }


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("考试场次（盟市人社部门可见本辖区全部场次）")),
    retrieve=extend_schema(summary=gettext_lazy("考试场次详情")),
)
class SessionViewSet(viewsets.ReadOnlyModelViewSet[ExamSession]):
    """Sessions in the actor's scope and their workflows (R-EXAM-5..7)."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet

    def get_queryset(self) -> Any:
        return sessions_visible_to(self.request.user)

    def _one(self, session: ExamSession, code: int = status.HTTP_200_OK) -> Response:
        return Response(SessionSerializer(self.get_queryset().get(pk=session.pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("新增考试场次（不超过考场容量）"),
        request=SessionCreateSerializer,
        responses={201: SessionSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(SessionCreateSerializer, request)
        plan = _plan(request.user, data["plan"])
        room = plan.venue.rooms.filter(pk=data["room"]).first()
        if room is None:
            raise DomainError(gettext("考场：不属于本计划的考点"), field="room", code="not_found")
        session = sessions.create_session(
            actor=request.user,
            plan=plan,
            level=data["level"],
            component=data["component"],
            room=room,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            capacity=data.get("capacity"),
        )
        return self._one(session, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("调整考试场次"),
        request=SessionUpdateSerializer,
        responses={200: SessionSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    def partial_update(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        incoming = SessionUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        room = None
        if "room" in data:
            room = session.plan.venue.rooms.filter(pk=data["room"]).first()
            if room is None:
                raise DomainError(gettext("考场：不属于本计划的考点"), field="room", code="not_found")
        sessions.update_session(
            actor=request.user,
            session=session,
            room=room,
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            capacity=data.get("capacity"),
        )
        return self._one(session)

    @extend_schema(
        summary=gettext_lazy("删除考试场次（未排座、未安排人员）"), responses={204: None, 400: BAD_INPUT, 404: HIDDEN}
    )
    def destroy(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        sessions.delete_session(actor=request.user, session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("场次人员配备情况（标准配比、缺口）"), responses={200: StaffingSerializer, 404: HIDDEN}
    )
    @action(detail=True, methods=["get"], url_path="staffing")
    def staffing_overview(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return Response(_staffing_body(self.get_object()))

    @extend_schema(
        summary=gettext_lazy("安排考务人员（核验资格与回避）"),
        request=StaffAssignSerializer,
        responses={201: StaffSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def staff(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        session = self.get_object()
        data = validated_input(StaffAssignSerializer, request)
        person = Person.objects.filter(pk=data["person"]).first()
        try:
            row = staffing.assign_staff(actor=request.user, session=session, person=person, role=data["role"])
        except NotFoundError as exc:
            # A missing person and one outside the institution's pool get the same answer.
            raise DomainError(_("人员：%(reason)s") % {"reason": str(exc)}, field="person", code="not_found") from exc
        return Response(StaffSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("确认人员配备（须符合标准配比）"),
        request=None,
        responses={200: StaffingSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="confirm-staffing")
    def confirm_staffing(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        session = self.get_object()
        staffing.confirm_staffing(actor=request.user, session=session)
        return Response(_staffing_body(session))

    @extend_schema(
        summary=gettext_lazy("随机抽取外部质量督导员（人社部门、就业服务中心）"),
        request=SupervisorDrawSerializer,
        responses={201: StaffSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="draw-supervisor")
    def draw_supervisor(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        session = self.get_object()
        data = validated_input(SupervisorDrawSerializer, request)
        row = staffing.draw_external_supervisor(
            actor=request.user, session=session, seed=data["seed"] or None, region_wide=data["region_wide"]
        )
        return Response(StaffSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("批准人员配备例外（盟市人社局，须写明依据）"),
        request=StaffingExceptionCreateSerializer,
        responses={201: StaffingExceptionSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="staffing-exceptions")
    def staffing_exceptions(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        session = self.get_object()
        data = validated_input(StaffingExceptionCreateSerializer, request)
        row = grant_staffing_exception(
            actor=cast(User, request.user), session=session, problem=data["problem"], grounds=data["grounds"]
        )
        return Response(StaffingExceptionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("考生签到与身份核验（须录入或扫描证件号码且与报名一致）"),
        request=CheckInSerializer,
        responses={201: AttendanceSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        session = self.get_object()
        data = validated_input(CheckInSerializer, request)
        registration = _registration(request.user, data["registration"], session)
        assert registration is not None
        row = conduct.check_in(
            actor=request.user,
            session=session,
            registration=registration,
            identity_verified=data["identity_verified"],
            id_number=data["id_number"],
            note=data["note"],
        )
        return Response(AttendanceSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("记录考场情况与违纪处理"),
        request=IncidentCreateSerializer,
        responses={201: IncidentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def incidents(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        session = self.get_object()
        data = validated_input(IncidentCreateSerializer, request)
        row = conduct.record_incident(
            actor=request.user,
            session=session,
            registration=_registration(request.user, data["registration"], session),
            kind=data["kind"],
            description=data["description"],
            handling=data["handling"],
        )
        return Response(IncidentSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("座位（考生只见本人）")),
    retrieve=extend_schema(summary=gettext_lazy("座位")),
)
class SeatViewSet(viewsets.ReadOnlyModelViewSet[Seat]):
    serializer_class = SeatSerializer

    def get_queryset(self) -> Any:
        return seats_visible_to(self.request.user).order_by("session_id", "seat_number")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("抽签排座记录（含随机种子）")),
    retrieve=extend_schema(summary=gettext_lazy("抽签记录")),
)
class SeatDrawViewSet(viewsets.ReadOnlyModelViewSet[SeatDraw]):
    """Seat draws with their seeds; `verify` repeats one (R-EXAM-5)."""

    serializer_class = SeatDrawSerializer

    def get_queryset(self) -> Any:
        return seat_draws_visible_to(self.request.user).order_by("-drawn_at", "-id")

    @extend_schema(
        summary=gettext_lazy("抽签排座：按等级和科目抽签，记录随机种子"),
        request=SeatDrawCreateSerializer,
        responses={201: SeatDrawSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(SeatDrawCreateSerializer, request)
        plan = _plan(request.user, data["plan"])
        draws = sessions.draw_seats(
            actor=request.user, plan=plan, level=data["level"], component=data["component"], seed=data["seed"] or None
        )
        return Response(SeatDrawSerializer(draws, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("按记录的种子重算抽签，核对座位"), responses={200: DrawCheckSerializer, 404: HIDDEN}
    )
    @action(detail=True, methods=["get"])
    def verify(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        check = sessions.replay_seat_draw(self.get_object())
        return Response(DrawCheckSerializer(check).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("场次考务人员")),
    retrieve=extend_schema(summary=gettext_lazy("场次考务人员")),
)
class StaffViewSet(viewsets.ReadOnlyModelViewSet[SessionStaff]):
    serializer_class = StaffSerializer

    def get_queryset(self) -> Any:
        return staff_visible_to(self.request.user).order_by("session_id", "role", "id")

    @extend_schema(
        summary=gettext_lazy("撤换考务人员（须说明原因；已确认的配备不能因此不达标）"),
        request=ReasonSerializer,
        responses={204: None, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def remove(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(ReasonSerializer, request)
        staffing.remove_staff(actor=request.user, staff=self.get_object(), reason=data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("指定首席考评员（考评组长；裁定超过上限的分差）"),
        request=None,
        responses={204: None, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="designate-chief")
    def designate_chief(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        from skillcert.exams.api.sheets import designate_chief_endpoint

        return designate_chief_endpoint(request, self.get_object())


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("签到记录")), retrieve=extend_schema(summary=gettext_lazy("签到记录"))
)
class AttendanceViewSet(viewsets.ReadOnlyModelViewSet[Attendance]):
    serializer_class = AttendanceSerializer

    def get_queryset(self) -> Any:
        return attendance_visible_to(self.request.user).order_by("session_id", "checked_in_at", "id")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("考场情况与违纪处理")),
    retrieve=extend_schema(summary=gettext_lazy("考场情况")),
)
class IncidentViewSet(viewsets.ReadOnlyModelViewSet[Incident]):
    serializer_class = IncidentSerializer

    def get_queryset(self) -> Any:
        return incidents_visible_to(self.request.user).order_by("session_id", "recorded_at", "id")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("科目成绩（考评员分别评分）")),
    retrieve=extend_schema(summary=gettext_lazy("科目成绩")),
)
class ScoreViewSet(viewsets.ReadOnlyModelViewSet[ComponentScore]):
    """Scores per component; entry, import, confirmation, changes and CBT scores (R-EXAM-8)."""

    serializer_class = ComponentScoreSerializer

    def get_queryset(self) -> Any:
        return scores_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("录入成绩（整表，全部正确才保存）"),
        request=ScoreEntrySerializer,
        responses={200: CountSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"])
    def enter(self, request: AuthedApiRequest) -> Response:
        data = validated_input(ScoreEntrySerializer, request)
        plan = _plan(request.user, data["plan"])
        rows = [
            ScoreInput(
                registration_id=r["registration"],
                score=r["score"],
                examiner_scores={int(k): v for k, v in r["examiner_scores"].items() if str(k).isdigit()},
                absent=r["absent"],
            )
            for r in data["rows"]
        ]
        count = scoring.enter_scores(
            actor=request.user, plan=plan, level=data["level"], component=data["component"], rows=rows
        )
        return Response({"count": count})

    @extend_schema(
        summary=gettext_lazy("导入成绩（.xlsx/.csv，列同成绩模板）"),
        request=ScoreImportSerializer,
        responses={200: CountSerializer, 400: IMPORT_REFUSED, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request: AuthedApiRequest) -> Response:
        data = validated_input(ScoreImportSerializer, request)
        plan = _plan(request.user, data["plan"])
        upload = data["file"]
        count = scoring.import_scores(
            actor=request.user,
            plan=plan,
            level=data["level"],
            component=data["component"],
            upload=upload,
            filename=upload.name,
        )
        return Response({"count": count})

    @extend_schema(
        summary=gettext_lazy("确认成绩（锁定并评定结果）"),
        request=PlanRefSerializer,
        responses={200: CountSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"])
    def confirm(self, request: AuthedApiRequest) -> Response:
        data = validated_input(PlanRefSerializer, request)
        return Response({"count": scoring.confirm_scores(actor=request.user, plan=_plan(request.user, data["plan"]))})

    @extend_schema(
        summary=gettext_lazy("接收机考理论成绩（准考证号 → 成绩）"),
        request=CbtScoresSerializer,
        responses={200: CountSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    @action(detail=False, methods=["post"])
    def cbt(self, request: AuthedApiRequest) -> Response:
        data = validated_input(CbtScoresSerializer, request)
        plan = _plan(request.user, data["plan"])
        count = scoring.receive_cbt_scores(actor=request.user, plan=plan, level=data["level"], scores=data["scores"])
        return Response({"count": count})

    @extend_schema(
        summary=gettext_lazy("变更已确认的成绩（须说明理由，留痕）"),
        request=ScoreChangeInputSerializer,
        responses={201: ScoreChangeSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def change(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(ScoreChangeInputSerializer, request)
        change = scoring.change_score(
            actor=request.user,
            component_score=self.get_object(),
            reason=data["reason"],
            score=data["score"],
            examiner_scores={int(k): v for k, v in data["examiner_scores"].items() if str(k).isdigit()} or None,
        )
        return Response(ScoreChangeSerializer(change).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("成绩变更记录")),
    retrieve=extend_schema(summary=gettext_lazy("成绩变更记录")),
)
class ScoreChangeViewSet(viewsets.ReadOnlyModelViewSet[ScoreChange]):
    serializer_class = ScoreChangeSerializer

    def get_queryset(self) -> Any:
        return score_changes_visible_to(self.request.user).order_by("-changed_at", "-id")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("认定结果")), retrieve=extend_schema(summary=gettext_lazy("认定结果"))
)
class ResultViewSet(viewsets.ReadOnlyModelViewSet[Result]):
    serializer_class = ResultSerializer

    def get_queryset(self) -> Any:
        return results_visible_to(self.request.user).order_by("registration__plan_id", "registration__exam_number")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("成绩公示")), retrieve=extend_schema(summary=gettext_lazy("成绩公示"))
)
class PublicationViewSet(viewsets.ReadOnlyModelViewSet[ResultPublication]):
    serializer_class = PublicationSerializer

    def get_queryset(self) -> Any:
        return publications_visible_to(self.request.user).order_by("-published_at", "-id")

    @extend_schema(
        summary=gettext_lazy("发布成绩公示"),
        request=PlanRefSerializer,
        responses={201: PublicationSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(PlanRefSerializer, request)
        publication = publicity.publish_results(actor=request.user, plan=_plan(request.user, data["plan"]))
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("公示异议")), retrieve=extend_schema(summary=gettext_lazy("公示异议"))
)
class ObjectionViewSet(viewsets.ReadOnlyModelViewSet[Objection]):
    serializer_class = ObjectionSerializer

    def get_queryset(self) -> Any:
        return objections_visible_to(self.request.user).order_by("-created_at", "-id")

    def get_serializer_class(self) -> Any:
        org = getattr(self.request.user, "organisation", None)
        if org is not None and org.scope_level == "individual":
            return CandidateObjectionSerializer  # the complainant stays anonymous to the candidate
        return ObjectionSerializer

    @extend_schema(
        summary=gettext_lazy("办结公示异议"),
        request=OutcomeSerializer,
        responses={200: ObjectionSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def handle(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(OutcomeSerializer, request)
        row = publicity.handle_objection(actor=request.user, objection=self.get_object(), outcome=data["outcome"])
        return Response(ObjectionSerializer(row).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("成绩复核申请")),
    retrieve=extend_schema(summary=gettext_lazy("成绩复核申请")),
)
class RecheckViewSet(viewsets.ReadOnlyModelViewSet[RecheckRequest]):
    serializer_class = RecheckSerializer

    def get_queryset(self) -> Any:
        return rechecks_visible_to(self.request.user).order_by("-requested_at", "-id")

    @extend_schema(
        summary=gettext_lazy("考生申请成绩复核（公示后规定工作日内）"),
        request=RecheckCreateSerializer,
        responses={201: RecheckSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: AuthedApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(RecheckCreateSerializer, request)
        registration = _registration(request.user, data["registration"])
        assert registration is not None
        row = publicity.request_recheck(
            actor=request.user, registration=registration, component=data["component"], reason=data["reason"]
        )
        return Response(RecheckSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("办结成绩复核（可更正成绩，留痕）"),
        request=RecheckOutcomeSerializer,
        responses={200: RecheckSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def handle(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        data = validated_input(RecheckOutcomeSerializer, request)
        row = publicity.handle_recheck(
            actor=request.user,
            recheck=self.get_object(),
            outcome=data["outcome"],
            score=data["score"],
            examiner_scores={int(k): v for k, v in data["examiner_scores"].items() if str(k).isdigit()} or None,
        )
        return Response(RecheckSerializer(row).data)


@extend_schema(
    summary=gettext_lazy("下载准考证（PDF）"),
    responses={(200, "application/pdf"): OpenApiTypes.BINARY, 400: BAD_INPUT, 404: HIDDEN},
)
class TicketViewSet(viewsets.GenericViewSet[Registration]):
    """The admission ticket of a registration the actor may see: the candidate's own or the institution's (R-EXAM-5)."""

    serializer_class: Any = serializers.Serializer

    def get_queryset(self) -> Any:
        return Registration.objects.restrict(self.request.user, "view")

    def retrieve(self, request: AuthedApiRequest, pk: str | None = None) -> HttpResponse:
        registration = self.get_object()
        data = sessions.ticket_pdf(actor=request.user, registration=registration)
        return pdf_response(data, gettext("准考证-%(exam_number)s") % {"exam_number": registration.exam_number})


class MyWorkbenchView(APIView):
    """The signed-in examiner's or supervisor's own tasks (R-EXAM-6, R-PER-1)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=gettext_lazy("我的考务任务、证卡与培训（考评员、督导员本人）"), responses={200: WorkbenchSerializer}
    )
    def get(self, request: AuthedApiRequest) -> Response:
        bench = workbench_for(cast(User, request.user))
        return Response(
            {
                "assignments": MyAssignmentSerializer(bench.assignments, many=True).data,
                "cards_due": [
                    {"role": a.role, "card_number": a.card_number, "card_valid_until": a.card_valid_until}
                    for a in bench.cards_due
                ],
                "training_due": bench.training_due,
                "sheets": SessionSheetsSerializer(bench.sheets, many=True).data,
                "gaps": GapReviewSerializer(bench.gaps, many=True).data,
            }
        )
