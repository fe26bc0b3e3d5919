"""Item-bank API under /api/v1/itembank/: reads through the scoped selectors, each write an explicit
endpoint calling its service (R-BANK-1..4). The same permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.accounts.types import actor_of
from skillcert.core.api_docs import ERRORS, FORBIDDEN, HIDDEN, validated_input
from skillcert.core.errors import NotFoundError
from skillcert.exams.models import ExamSession, Seat
from skillcert.itembank.access import may_change_skills, may_mark_skills, may_sign_skills
from skillcert.itembank.api import serializers as s
from skillcert.itembank.api.filtersets import ItemFilterSet, SittingFilterSet, SkillsSheetFilterSet
from skillcert.itembank.models import (
    Answer,
    Assembly,
    Bank,
    Blueprint,
    Item,
    KnowledgePoint,
    Paper,
    Sitting,
    SkillsSession,
)
from skillcert.itembank.selectors import (
    assemblies_visible_to,
    banks_visible_to,
    blueprints_visible_to,
    cbt_sessions_markable_by,
    cbt_sessions_visible_to,
    items_visible_to,
    knowledge_points_visible_to,
    sittings_visible_to,
    skills_seats_visible_to,
    skills_sheet,
    skills_sheet_rows,
)
from skillcert.itembank.services import assembly as assembly_services
from skillcert.itembank.services import cbt
from skillcert.itembank.services import items as item_services
from skillcert.itembank.services import skills as skills_services
from skillcert.itembank.services.sealing import open_paper
from skillcert.itembank.services.statistics import compute_statistics


def _visible(queryset: Any, pk: Any, message: str) -> Any:
    obj = queryset.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise NotFoundError(message)
    return obj


class BankViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Bank]):
    """Banks per standard and level (R-BANK-1)."""

    serializer_class = s.BankSerializer

    def get_queryset(self) -> Any:
        return banks_visible_to(self.request.user)

    @extend_schema(responses={201: s.BankSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(s.BankSerializer, request)
        bank = item_services.create_bank(
            actor=request.user,  # type: ignore[arg-type]
            institution=data["institution"],
            standard_level=data["standard_level"],
            name=data["name"],
        )
        return Response(s.BankSerializer(bank).data, status=status.HTTP_201_CREATED)


class KnowledgePointViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[KnowledgePoint]):
    """The 鉴定要素细目表 of each bank (R-BANK-1); posting an existing code changes it."""

    serializer_class = s.KnowledgePointSerializer
    filterset_fields = ["bank"]

    def get_queryset(self) -> Any:
        return knowledge_points_visible_to(self.request.user)

    @extend_schema(responses={201: s.KnowledgePointSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.KnowledgePointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        bank = _visible(banks_visible_to(request.user), data["bank"].pk, gettext("未找到该题库"))
        point = item_services.save_knowledge_point(
            actor=request.user,  # type: ignore[arg-type]
            bank=bank,
            code=data["code"],
            title=data["title"],
            weight=data.get("weight", 0),
            importance=data.get("importance", "X"),
        )
        return Response(s.KnowledgePointSerializer(point).data, status=status.HTTP_201_CREATED)


class ItemViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Item]):
    """Items with their latest version; every edit makes a new version (R-BANK-1)."""

    serializer_class = s.ItemSerializer
    filterset_class = ItemFilterSet

    def get_queryset(self) -> Any:
        return items_visible_to(self.request.user)

    def _point(self, request: Request, point: KnowledgePoint) -> KnowledgePoint:
        found: KnowledgePoint = _visible(
            knowledge_points_visible_to(request.user), point.pk, gettext("未找到该鉴定要素")
        )
        return found

    @extend_schema(request=s.ItemCreateSerializer, responses={201: s.ItemSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(s.ItemCreateSerializer, request)
        bank = _visible(banks_visible_to(request.user), data.pop("bank").pk, gettext("未找到该题库"))
        data["knowledge_point"] = self._point(request, data["knowledge_point"])
        item = item_services.create_item(actor=request.user, bank=bank, **data)  # type: ignore[arg-type]
        return Response(s.ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ItemReviseSerializer, responses={200: s.VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        data = validated_input(s.ItemReviseSerializer, request)
        data["knowledge_point"] = self._point(request, data["knowledge_point"])
        version = item_services.revise_item(actor=request.user, item=item, **data)  # type: ignore[arg-type]
        return Response(s.VersionSerializer(version).data)

    @extend_schema(request=None, responses={200: s.VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        version = item_services.submit_item(actor=request.user, item=self.get_object())  # type: ignore[arg-type]
        return Response(s.VersionSerializer(version).data)

    @extend_schema(request=s.ReviewSerializer, responses={200: s.VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.ReviewSerializer, request)
        version = item_services.review_item(actor=request.user, item=self.get_object(), **data)  # type: ignore[arg-type]
        return Response(s.VersionSerializer(version).data)

    @extend_schema(request=s.ItemReasonSerializer, responses={200: s.ItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.ItemReasonSerializer, request)
        item = item_services.retire_item(actor=request.user, item=self.get_object(), reason=data["reason"])  # type: ignore[arg-type]
        return Response(s.ItemSerializer(item).data)

    @extend_schema(responses={200: s.VersionSerializer(many=True), 404: HIDDEN})
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        return Response(s.VersionSerializer(item.versions.select_related("knowledge_point", "author"), many=True).data)


class BlueprintViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Blueprint]):
    """Blueprints and assembly into sealed parallel variants (R-BANK-3)."""

    serializer_class = s.BlueprintSerializer
    filterset_fields = ["bank"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return blueprints_visible_to(self.request.user)

    def _save(self, request: Request, blueprint: Blueprint | None) -> Blueprint:
        serializer = s.BlueprintSerializer(instance=blueprint, data=request.data, partial=blueprint is not None)
        serializer.is_valid(raise_exception=True)
        data = {**(s.BlueprintSerializer(blueprint).data if blueprint else {}), **serializer.validated_data}
        bank = _visible(
            banks_visible_to(request.user), getattr(data["bank"], "pk", data["bank"]), gettext("未找到该题库")
        )
        data.pop("id", None)
        data.pop("bank")
        return assembly_services.save_blueprint(actor=request.user, bank=bank, blueprint=blueprint, **data)  # type: ignore[arg-type]

    @extend_schema(responses={201: s.BlueprintSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.BlueprintSerializer(self._save(request, None)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.BlueprintSerializer, **ERRORS})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.BlueprintSerializer(self._save(request, self.get_object())).data)

    @extend_schema(request=s.AssembleSerializer, responses={201: s.AssemblySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def assemble(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.AssembleSerializer, request)
        assembly = assembly_services.assemble_papers(actor=request.user, blueprint=self.get_object(), **data)  # type: ignore[arg-type]
        return Response(s.AssemblySerializer(assembly).data, status=status.HTTP_201_CREATED)


class AssemblyViewSet(viewsets.ReadOnlyModelViewSet[Assembly]):
    """Assembled paper sets with their report; the papers stay sealed (R-BANK-3)."""

    serializer_class = s.AssemblySerializer
    filterset_fields = ["bank", "blueprint"]

    def get_queryset(self) -> Any:
        return assemblies_visible_to(self.request.user)


class PaperViewSet(viewsets.GenericViewSet[Paper]):
    """Opening a sealed paper: after the start, by the session's proctors; audited (R-BANK-3)."""

    serializer_class = s.PaperSerializer

    def get_queryset(self) -> Any:
        from skillcert.exams.choices import SessionStaffRole

        user = self.request.user
        visible = Paper.objects.restrict(user, "view")
        proctored = Paper.objects.filter(
            assembly__sessions__staff__person__user=user.pk, assembly__sessions__staff__role=SessionStaffRole.PROCTOR
        )
        return Paper.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=proctored.values("pk")))

    @extend_schema(request=s.OpenPaperSerializer, responses={200: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"], url_path="open")
    def open(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.OpenPaperSerializer, request)
        purpose = (data["purpose"] or "").strip() or gettext("查看")
        return Response(open_paper(actor=request.user, paper=self.get_object(), purpose=purpose))  # type: ignore[arg-type]


class CbtSessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Any]):
    """Theory sessions held on computers; the proctor reveals the session code (R-BANK-4)."""

    serializer_class = s.CbtSessionSerializer

    def get_queryset(self) -> Any:
        if self.action == "marking_queue":
            # Markers (experts among them) mark sessions whose console they do not see.
            return cbt_sessions_markable_by(self.request.user)
        return cbt_sessions_visible_to(self.request.user)

    @extend_schema(responses={201: s.CbtSessionSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.CbtSessionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        exam_session = _visible(
            ExamSession.objects.restrict(request.user, "view"), data["exam_session"].pk, gettext("未找到该考试场次")
        )
        assembly = _visible(assemblies_visible_to(request.user), data["assembly"].pk, gettext("未找到该组卷"))
        session = cbt.schedule_cbt(actor=request.user, exam_session=exam_session, assembly=assembly)  # type: ignore[arg-type]
        return Response(s.CbtSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"])
    def code(self, request: Request, pk: str | None = None) -> Response:
        return Response({"code": cbt.reveal_session_code(actor=request.user, cbt=self.get_object())})  # type: ignore[arg-type]

    @extend_schema(responses={200: s.MarkingItemSerializer(many=True), 403: FORBIDDEN, 404: HIDDEN})
    @action(detail=True, methods=["get"], url_path="marking-queue")
    def marking_queue(self, request: Request, pk: str | None = None) -> Response:
        rows = cbt.marking_rows(actor=request.user, cbt=self.get_object())  # type: ignore[arg-type]
        return Response(s.MarkingItemSerializer(rows, many=True).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"])
    def statistics(self, request: Request, pk: str | None = None) -> Response:
        """Compute the item statistics of the session (p-value, point-biserial, option rates)."""
        stats = compute_statistics(actor=request.user, cbt=self.get_object())  # type: ignore[arg-type]
        return Response({str(k): v for k, v in stats.items()})

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"], url_path="resend-scores")
    def resend_scores(self, request: Request, pk: str | None = None) -> Response:
        return Response({"sent": cbt.resend_scores(actor=request.user, cbt=self.get_object())})  # type: ignore[arg-type]


class SittingViewSet(viewsets.ReadOnlyModelViewSet[Sitting]):
    """The proctor console's rows: who signed in, progress, last save; extra time and forced submission (R-BANK-4)."""

    serializer_class = s.SittingSerializer
    filterset_class = SittingFilterSet

    def get_queryset(self) -> Any:
        return sittings_visible_to(self.request.user)

    @extend_schema(request=s.ExtraTimeSerializer, responses={200: s.SittingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="extra-time")
    def extra_time(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.ExtraTimeSerializer, request)
        sitting = cbt.grant_extra_time(actor=request.user, sitting=self.get_object(), **data)  # type: ignore[arg-type]
        return Response(s.SittingSerializer(sitting).data)

    @extend_schema(request=s.ItemReasonSerializer, responses={200: s.SittingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="force-submit")
    def force_submit(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.ItemReasonSerializer, request)
        sitting = cbt.force_submit(actor=request.user, sitting=self.get_object(), reason=data["reason"])  # type: ignore[arg-type]
        return Response(s.SittingSerializer(sitting).data)


class AnswerViewSet(viewsets.GenericViewSet[Answer]):
    """Blind marks of short answers (R-BANK-4)."""

    serializer_class = s.MarkSerializer

    def get_queryset(self) -> Any:
        return Answer.objects.filter(sitting__in=Sitting.objects.restrict(self.request.user, "mark")).select_related(
            "sitting__cbt_session__exam_session__plan"
        )

    @extend_schema(request=s.MarkSerializer, responses={200: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(s.MarkSerializer, request)
        mark = cbt.mark_answer(actor=request.user, answer=self.get_object(), score=data["score"])  # type: ignore[arg-type]
        return Response({"round": mark.round, "score": str(mark.score)})


# --- skills tasks marked by their rubric ---------------------------------------------------------


class SkillsSessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[SkillsSession]):
    """Skills sessions examined with an assembled skills paper; its rubric is what examiners mark against."""

    serializer_class = s.SkillsSessionSerializer

    def get_queryset(self) -> Any:
        return SkillsSession.objects.restrict(self.request.user, "view").select_related(
            "exam_session__room", "exam_session__plan", "paper"
        )

    @extend_schema(responses={201: s.SkillsSessionSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.SkillsSessionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        exam_session = _visible(
            ExamSession.objects.restrict(request.user, "view"), data["exam_session"].pk, gettext("未找到该考试场次")
        )
        assembly = _visible(assemblies_visible_to(request.user), data["assembly"].pk, gettext("未找到该组卷"))
        skills = skills_services.schedule_skills_paper(
            actor=request.user,  # type: ignore[arg-type]
            exam_session=exam_session,
            assembly=assembly,
            variant=data.get("variant", 1),
        )
        return Response(s.SkillsSessionSerializer(skills).data, status=status.HTTP_201_CREATED)


class SkillsSheetViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Skills sheets per seated candidate (the id is the seat's): the session's examiners mark each rubric
    step, tick void faults, save, sign and change with a reason; office staff read (R-EXAM-11)."""

    queryset = Seat.objects.none()  # the model for the schema generator, which has no signed-in user
    filterset_class = SkillsSheetFilterSet
    serializer_class = s.SkillsSheetRowSerializer

    def get_queryset(self) -> Any:
        return skills_seats_visible_to(actor_of(self.request)).order_by(
            "session__starts_at", "session_id", "seat_number"
        )

    def _examined(self) -> Any:
        seat = self.get_object()
        if not may_mark_skills(actor_of(self.request), seat):
            raise PermissionDenied(gettext("只有该考生所在场次的考评人员可以评分"))
        return seat

    def _sheet(self, seat: Any) -> Response:
        sheet = skills_sheet(seat, actor_of(self.request))
        view = sheet["view"]
        sheet["may_sign"] = may_sign_skills(view) and may_mark_skills(actor_of(self.request), seat)
        sheet["may_change"] = may_change_skills(view) and may_mark_skills(actor_of(self.request), seat)
        return Response(s.SkillsSheetSerializer(sheet).data)

    @extend_schema(responses={200: s.SkillsSheetRowSerializer(many=True)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        seats = page if page is not None else list(queryset)
        data = s.SkillsSheetRowSerializer(skills_sheet_rows(list(seats), actor_of(request)), many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses={200: s.SkillsSheetSerializer, 403: FORBIDDEN, 404: HIDDEN})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._sheet(self.get_object())

    @extend_schema(
        summary=gettext_lazy("考评员保存本人技能操作评分（草稿）"),
        request=s.SkillsMarksInputSerializer,
        responses={200: s.SkillsSheetSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def save(self, request: Request, pk: str | None = None) -> Response:
        seat = self._examined()
        data = validated_input(s.SkillsMarksInputSerializer, request)
        skills_services.mark_tasks(actor=request.user, seat=seat, **data)  # type: ignore[arg-type]
        return self._sheet(seat)

    @extend_schema(
        summary=gettext_lazy("考评员签名确认技能操作评分（签名后锁定）"),
        request=s.SkillsMarksInputSerializer,
        responses={200: s.SkillsSheetSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        seat = self._examined()
        data = validated_input(s.SkillsMarksInputSerializer, request)
        skills_services.mark_tasks(actor=request.user, seat=seat, sign=True, **data)  # type: ignore[arg-type]
        return self._sheet(seat)

    @extend_schema(
        summary=gettext_lazy("修改已签名的技能操作评分（须说明原因，保留修改前后）"),
        request=s.SkillsChangeInputSerializer,
        responses={200: s.SkillsSheetSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def change(self, request: Request, pk: str | None = None) -> Response:
        seat = self._examined()
        data = validated_input(s.SkillsChangeInputSerializer, request)
        skills_services.change_tasks(actor=request.user, seat=seat, **data)  # type: ignore[arg-type]
        return self._sheet(seat)
