"""Personnel REST API under /api/v1/personnel/: the registers, read-only, and every workflow
as an explicit endpoint calling its service, under the same scoping as the pages (R-X-5)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.accounts.types import Visitor
from skillcert.core.api_docs import BAD_INPUT, FORBIDDEN, HIDDEN, IMPORT_REFUSED, validated_input
from skillcert.core.bounds import year_param
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.services import reveal_personal_data
from skillcert.personnel.eligibility import CandidateRef, PoolFilter, conflicts, may_serve, replay_selection
from skillcert.personnel.filtersets import (
    AppointmentFilterSet,
    AssignmentFilterSet,
    DrawFilterSet,
    PersonFilterSet,
    QualificationFilterSet,
    TargetFilterSet,
    ViolationFilterSet,
)
from skillcert.personnel.models import Appointment, Person, Qualification, RegistrationRequest, StaffViolation
from skillcert.personnel.selectors import (
    appointments_visible_to,
    assignments_visible_to,
    draws_visible_to,
    occupation_by_code,
    people_visible_to,
    qualifications_visible_to,
    registrations_visible_to,
    relations_visible_to,
    sanctions_visible_to,
    targets_visible_to,
    trainings_visible_to,
    violations_visible_to,
    workforce_reference_date,
    workforce_summary,
)
from skillcert.personnel.serializers import (
    AppointmentApproveSerializer,
    AppointmentRejectSerializer,
    AppointmentSerializer,
    AssignmentSerializer,
    CardRenewSerializer,
    ConflictsResultSerializer,
    ConflictsSerializer,
    DrawCreateSerializer,
    DrawSerializer,
    DrawVerifySerializer,
    MayServeResultSerializer,
    MayServeSerializer,
    PersonCreateSerializer,
    PersonRevealResultSerializer,
    PersonRevealSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    QualificationCreateSerializer,
    QualificationSerializer,
    RegistrationDecisionSerializer,
    RegistrationRequestSerializer,
    RegistrationSubmittedSerializer,
    RelationCreateSerializer,
    RelationSerializer,
    SanctionCreateSerializer,
    SanctionSerializer,
    StaffImportResultSerializer,
    StaffImportUploadSerializer,
    StaffLoginCreateSerializer,
    StaffLoginResultSerializer,
    StaffReasonInputSerializer,
    StaffRoleCreateSerializer,
    TrainingCreateSerializer,
    TrainingSerializer,
    ViolationCreateSerializer,
    ViolationReferSerializer,
    ViolationSerializer,
    WorkforceSummarySerializer,
    WorkforceTargetSerializer,
    WorkforceTargetSetSerializer,
)
from skillcert.personnel.services import imports
from skillcert.personnel.services.appointments import (
    add_role,
    approve_appointment,
    reject_appointment,
    renew_card,
    revoke_appointment,
)
from skillcert.personnel.services.dispatch import draw_staff
from skillcert.personnel.services.people import create_login, register_person, update_person
from skillcert.personnel.services.qualifications import grant_qualification, record_training, revoke_qualification
from skillcert.personnel.services.registrations import (
    SUBMITTED,
    decide_registration,
    files_requests,
    submit_registration,
    submitted_message,
)
from skillcert.personnel.services.relations import declare_relation, withdraw_relation
from skillcert.personnel.services.sanctions import (
    dismiss_violation,
    record_violation,
    refer_violation,
    sanction_violation,
)
from skillcert.personnel.services.workforce import set_workforce_target


def _organisation(actor: Visitor, pk: int | None, field: str, label: str) -> Organisation | None:
    if pk is None:
        return None
    org = Organisation.objects.restrict(actor, "view").filter(pk=pk).first()
    if org is None:
        raise DomainError(gettext("%(label)s：未找到该机构") % {"label": label}, field=field, code="not_found")
    return org


def _jurisdiction(code: str, field: str = "jurisdiction", label: str = "") -> Jurisdiction | None:
    if not code:
        return None
    label = label or gettext("工作所在地")
    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        raise DomainError(
            gettext("%(label)s：“%(code)s”不是内蒙古的辖区代码") % {"label": label, "code": code},
            field=field,
            code="not_found",
        )
    return found


def _candidates(rows: list[dict[str, Any]]) -> tuple[CandidateRef, ...]:
    return tuple(
        CandidateRef(
            id_number=r["id_number"],
            name=r.get("name", ""),
            employer_id=r.get("employer"),
            employer_name=r.get("employer_name", ""),
        )
        for r in rows
    )


def _occupation(code: str, edition: int | None = None) -> Any:
    if not code:
        return None
    return occupation_by_code(code, edition or 2022)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("人员名册（身份证号码、手机号码脱敏）")),
    retrieve=extend_schema(summary=gettext_lazy("人员详情")),
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet[Person]):
    """The people register in the actor's scope, and every per-person workflow (R-PER-1, R-PER-2)."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self) -> Any:
        return people_visible_to(self.request.user)

    def _done(self, person: Person, code: int = status.HTTP_200_OK) -> Response:
        return Response(PersonSerializer(self.get_queryset().get(pk=person.pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("登记人员（就业服务中心登记并聘任；评价机构提交登记申请，由盟市就业服务中心核实办理）"),
        description=gettext_lazy(
            "评价机构提交的登记一律答复 202 和相同的内容，不论该身份证号码是否已在平台人员库中；"
            "盟市就业服务中心核实后登记新人员或将已有人员关联到本机构，结果见 /api/v1/personnel/registrations/。"
        ),
        request=PersonCreateSerializer,
        responses={
            201: PersonSerializer,
            202: RegistrationSubmittedSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(PersonCreateSerializer, request)
        if files_requests(request.user):
            submit_registration(
                actor=request.user,
                name=data["name"],
                id_number=data["id_number"],
                mobile=data["mobile"],
                employer=_organisation(request.user, data["employer"], "employer", gettext("工作单位")),
                job_title=data["job_title"],
                notes=data["notes"],
                role=data["role"],
                card_number=data["card_number"],
                card_valid_until=data["card_valid_until"],
            )
            return Response({"code": SUBMITTED, "detail": submitted_message()}, status=status.HTTP_202_ACCEPTED)
        person = register_person(
            actor=request.user,
            name=data["name"],
            id_number=data["id_number"],
            mobile=data["mobile"],
            employer=_organisation(request.user, data["employer"], "employer", gettext("工作单位")),
            employer_name=data["employer_name"],
            jurisdiction=_jurisdiction(data["jurisdiction"]),
            job_title=data["job_title"],
            notes=data["notes"],
            role=data["role"],
            card_number=data["card_number"],
            card_valid_until=data["card_valid_until"],
        )
        return self._done(person, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("修改人员信息"),
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        changes = validated_input(PersonUpdateSerializer, request)
        if "employer" in changes:
            changes["employer"] = _organisation(request.user, changes["employer"], "employer", gettext("工作单位"))
        if "jurisdiction" in changes:
            changes["jurisdiction"] = _jurisdiction(changes["jurisdiction"])
        update_person(actor=request.user, person=person, **changes)
        return self._done(person)

    @extend_schema(
        summary=gettext_lazy("查看完整身份证号码或手机号码（记入审计日志）"),
        request=PersonRevealSerializer,
        responses={200: PersonRevealResultSerializer, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(PersonRevealSerializer, request)
        value = reveal_personal_data(actor=request.user, obj=person, field=data["field"], reason=data["reason"])
        return Response({"field": data["field"], "value": value})

    @extend_schema(
        summary=gettext_lazy("增加人员类别（评价机构为推荐，就业服务中心为聘任并核发证卡）"),
        request=StaffRoleCreateSerializer,
        responses={201: AppointmentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def roles(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(StaffRoleCreateSerializer, request)
        appointment = add_role(actor=request.user, person=person, **data)
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("登记职业资格（职业、最高可考评等级）"),
        request=QualificationCreateSerializer,
        responses={201: QualificationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def qualifications(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(QualificationCreateSerializer, request)
        qualification = grant_qualification(
            actor=request.user,
            person=person,
            occupation=occupation_by_code(data["occupation"], data["edition"]),
            level=data["level"],
            granted_on=data["granted_on"],
        )
        return Response(QualificationSerializer(qualification).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("登记培训记录（课程、学时、结果）"),
        request=TrainingCreateSerializer,
        responses={201: TrainingSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def trainings(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(TrainingCreateSerializer, request)
        record = record_training(actor=request.user, person=person, **data)
        return Response(TrainingSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("登记回避关系申报（按关系人身份证号码核对）"),
        request=RelationCreateSerializer,
        responses={201: RelationSerializer, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def relations(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(RelationCreateSerializer, request)
        relation = declare_relation(actor=request.user, person=person, **data)
        return Response(RelationSerializer(relation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("记录违规违纪"),
        request=ViolationCreateSerializer,
        responses={201: ViolationSerializer, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def violations(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(ViolationCreateSerializer, request)
        data["institution"] = _organisation(request.user, data["institution"], "institution", gettext("发生机构"))
        violation = record_violation(actor=request.user, person=person, **data)
        return Response(ViolationSerializer(violation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("开通登录账号（录入评分和督导报告）"),
        request=StaffLoginCreateSerializer,
        responses={201: StaffLoginResultSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def login(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(StaffLoginCreateSerializer, request)
        user = create_login(actor=request.user, person=person, **data)
        return Response(
            {"user_id": user.pk, "username": user.username, "roles": sorted(user.role_codes)},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary=gettext_lazy("资格核验：某日能否以某类别承担某职业、等级的工作"),
        request=MayServeSerializer,
        responses={200: MayServeResultSerializer, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="may-serve")
    def may_serve(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(MayServeSerializer, request)
        ok, findings = may_serve(
            person,
            data["role"],
            _occupation(data["occupation"]),
            data["level"],
            on=data["on"] or timezone.localdate(),
        )
        return Response({"ok": ok, "reasons": [f.as_dict() for f in findings]})

    @extend_schema(
        summary=gettext_lazy("回避核查：与考生和评价机构的回避情形"),
        request=ConflictsSerializer,
        responses={200: ConflictsResultSerializer, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def conflicts(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        data = validated_input(ConflictsSerializer, request)
        institution = _organisation(request.user, data["institution"], "institution", gettext("评价机构"))
        findings = conflicts(person, _candidates(data["candidates"]), institution, role=data["role"])
        return Response({"conflicted": bool(findings), "reasons": [f.as_dict() for f in findings]})

    @extend_schema(
        summary=gettext_lazy("从 Excel/CSV 导入人员（全部成功才保存，否则返回每行错误）"),
        request={"multipart/form-data": StaffImportUploadSerializer},
        responses={201: StaffImportResultSerializer, 400: IMPORT_REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_people(self, request: Request) -> Response:
        upload = validated_input(StaffImportUploadSerializer, request)["file"]
        result = imports.import_people(actor=request.user, upload=upload, filename=upload.name)
        if not result.ok:
            raise imports.refusal(
                actor=request.user, result=result, columns=imports.PEOPLE_COLUMNS, filename=upload.name
            )
        return Response(result.as_dict(), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("人员类别与证卡（含待审核的推荐）")),
    retrieve=extend_schema(summary=gettext_lazy("人员类别与证卡详情")),
)
@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("人员登记申请（评价机构提交，盟市就业服务中心核实办理）")),
    retrieve=extend_schema(summary=gettext_lazy("人员登记申请详情")),
)
class RegistrationViewSet(viewsets.ReadOnlyModelViewSet[RegistrationRequest]):
    """An institution's registration requests and the league centre's decision on them (R-PER-1, R-ORG-2)."""

    serializer_class = RegistrationRequestSerializer

    def get_queryset(self) -> Any:
        return registrations_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("办理人员登记申请：登记新人员或关联人员库中已有的人员，或不予办理（须说明理由）"),
        request=RegistrationDecisionSerializer,
        responses={200: RegistrationRequestSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        data = validated_input(RegistrationDecisionSerializer, request)
        done = decide_registration(actor=request.user, request=self.get_object(), **data)
        return Response(RegistrationRequestSerializer(done).data)


class AppointmentViewSet(viewsets.ReadOnlyModelViewSet[Appointment]):
    """Roles, proposals and cards, with the approval workflow (R-PER-1, seed §4(四)(五))."""

    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilterSet

    def get_queryset(self) -> Any:
        return appointments_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("审核通过推荐并核发证卡"),
        request=AppointmentApproveSerializer,
        responses={200: AppointmentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        appointment = approve_appointment(
            actor=request.user, appointment=self.get_object(), **validated_input(AppointmentApproveSerializer, request)
        )
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(
        summary=gettext_lazy("推荐不通过（须说明理由）"),
        request=AppointmentRejectSerializer,
        responses={200: AppointmentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        appointment = reject_appointment(
            actor=request.user, appointment=self.get_object(), **validated_input(AppointmentRejectSerializer, request)
        )
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(
        summary=gettext_lazy("证卡续期（须有有效期内的培训记录）"),
        request=CardRenewSerializer,
        responses={200: AppointmentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str | None = None) -> Response:
        appointment = renew_card(
            actor=request.user, appointment=self.get_object(), **validated_input(CardRenewSerializer, request)
        )
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(
        summary=gettext_lazy("注销人员类别"),
        request=StaffReasonInputSerializer,
        responses={200: AppointmentSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        appointment = revoke_appointment(
            actor=request.user, appointment=self.get_object(), **validated_input(StaffReasonInputSerializer, request)
        )
        return Response(AppointmentSerializer(appointment).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("职业资格（职业、最高可考评等级）")),
    retrieve=extend_schema(summary=gettext_lazy("职业资格详情")),
)
class QualificationViewSet(viewsets.ReadOnlyModelViewSet[Qualification]):
    serializer_class = QualificationSerializer
    filterset_class = QualificationFilterSet

    def get_queryset(self) -> Any:
        return qualifications_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("撤销职业资格"),
        request=StaffReasonInputSerializer,
        responses={200: QualificationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        qualification = revoke_qualification(
            actor=request.user, qualification=self.get_object(), **validated_input(StaffReasonInputSerializer, request)
        )
        return Response(QualificationSerializer(qualification).data)

    @extend_schema(
        summary=gettext_lazy("从 Excel/CSV 导入职业资格（全部成功才保存，否则返回每行错误）"),
        request={"multipart/form-data": StaffImportUploadSerializer},
        responses={201: StaffImportResultSerializer, 400: IMPORT_REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_qualifications(self, request: Request) -> Response:
        upload = validated_input(StaffImportUploadSerializer, request)["file"]
        result = imports.import_qualifications(actor=request.user, upload=upload, filename=upload.name)
        if not result.ok:
            raise imports.refusal(
                actor=request.user, result=result, columns=imports.QUALIFICATION_COLUMNS, filename=upload.name
            )
        return Response(result.as_dict(), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("培训记录")), retrieve=extend_schema(summary=gettext_lazy("培训记录详情"))
)
class TrainingViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = TrainingSerializer
    filterset_fields = ["person", "role", "result"]

    def get_queryset(self) -> Any:
        return trainings_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("回避关系申报（关系人身份证号码脱敏）")),
    retrieve=extend_schema(summary=gettext_lazy("回避关系详情")),
)
class RelationViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = RelationSerializer
    filterset_fields = ["person", "kind", "is_active"]

    def get_queryset(self) -> Any:
        return relations_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("撤回回避关系申报"),
        request=StaffReasonInputSerializer,
        responses={200: RelationSerializer, 400: BAD_INPUT, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        relation = withdraw_relation(
            actor=request.user, relation=self.get_object(), **validated_input(StaffReasonInputSerializer, request)
        )
        return Response(RelationSerializer(relation).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("人员违规违纪")),
    retrieve=extend_schema(summary=gettext_lazy("违规违纪详情")),
)
class ViolationViewSet(viewsets.ReadOnlyModelViewSet[StaffViolation]):
    """Violations, sanctions and referrals (R-SUP-7)."""

    serializer_class = ViolationSerializer
    filterset_class = ViolationFilterSet

    def get_queryset(self) -> Any:
        return violations_visible_to(self.request.user)

    def _fresh(self, violation: StaffViolation) -> Response:
        return Response(ViolationSerializer(self.get_queryset().get(pk=violation.pk)).data)

    @extend_schema(
        summary=gettext_lazy("作出处分（警告、暂停资格、取消资格）"),
        request=SanctionCreateSerializer,
        responses={201: SanctionSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def sanction(self, request: Request, pk: str | None = None) -> Response:
        sanction = sanction_violation(
            actor=request.user, violation=self.get_object(), **validated_input(SanctionCreateSerializer, request)
        )
        return Response(SanctionSerializer(sanction).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("移交有关部门"),
        request=ViolationReferSerializer,
        responses={200: ViolationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: str | None = None) -> Response:
        return self._fresh(
            refer_violation(
                actor=request.user, violation=self.get_object(), **validated_input(ViolationReferSerializer, request)
            )
        )

    @extend_schema(
        summary=gettext_lazy("不予处分"),
        request=StaffReasonInputSerializer,
        responses={200: ViolationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN},
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        return self._fresh(
            dismiss_violation(
                actor=request.user, violation=self.get_object(), **validated_input(StaffReasonInputSerializer, request)
            )
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("人员处分")), retrieve=extend_schema(summary=gettext_lazy("处分详情"))
)
class SanctionViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = SanctionSerializer
    filterset_fields = ["person", "kind"]

    def get_queryset(self) -> Any:
        return sanctions_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("派遣记录")), retrieve=extend_schema(summary=gettext_lazy("派遣记录详情"))
)
class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet

    def get_queryset(self) -> Any:
        return assignments_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("随机抽取记录（种子、候选池、排除原因、结果）")),
    retrieve=extend_schema(summary=gettext_lazy("随机抽取记录详情")),
)
class DrawViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Random dispatch of external supervisors (R-PER-3)."""

    serializer_class = DrawSerializer
    filterset_class = DrawFilterSet

    def get_queryset(self) -> Any:
        return draws_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("随机抽取（人数超过符合条件的人数时返回400，并说明排除原因）"),
        request=DrawCreateSerializer,
        responses={201: DrawSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(DrawCreateSerializer, request)
        institution = _organisation(request.user, data["institution"], "institution", gettext("被督导机构"))
        if institution is None:
            raise NotFoundError(gettext("未找到该机构"))
        pool_filter = PoolFilter(
            institution=institution,
            on=data["on"],
            role=data["role"],
            occupation=_occupation(data["occupation"]),
            level=data["level"],
            jurisdiction=_jurisdiction(data["jurisdiction"], "jurisdiction", gettext("抽取范围")),
            region_wide=data["region_wide"],
            session_ref=data["session_ref"],
            candidates=_candidates(data["candidates"]),
        )
        draw = draw_staff(actor=request.user, pool_filter=pool_filter, n=data["n"], seed=data["seed"] or None)
        return Response(DrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("复核抽取结果（用记录的种子重新抽取）"), responses={200: DrawVerifySerializer, 404: HIDDEN}
    )
    @action(detail=True, methods=["get"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        draw = self.get_object()
        replayed = replay_selection(draw.eligible, draw.requested, draw.seed)
        return Response(
            {
                "verified": replayed == draw.selected,
                "recorded": draw.selected,
                "replayed": replayed,
                "seed": draw.seed,
                "algorithm": draw.algorithm,
            }
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("队伍建设规划目标")),
    retrieve=extend_schema(summary=gettext_lazy("规划目标详情")),
)
class TargetViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    serializer_class = WorkforceTargetSerializer
    filterset_class = TargetFilterSet

    def get_queryset(self) -> Any:
        return targets_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("制定或调整规划目标（同一辖区、年度、类别只有一条）"),
        request=WorkforceTargetSetSerializer,
        responses={201: WorkforceTargetSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated_input(WorkforceTargetSetSerializer, request)
        jurisdiction = _jurisdiction(data.pop("jurisdiction"), "jurisdiction", gettext("辖区"))
        if jurisdiction is None:
            raise DomainError(gettext("辖区：不能为空"), field="jurisdiction", code="required")
        target = set_workforce_target(actor=request.user, jurisdiction=jurisdiction, **data)
        return Response(WorkforceTargetSerializer(target).data, status=status.HTTP_201_CREATED)


class WorkforceSummaryView(APIView):
    """Targets against actual people and training per jurisdiction and group (R-SUP-8)."""

    @extend_schema(
        summary=gettext_lazy("队伍建设规划执行情况（目标与实有人数、培训人数）"),
        parameters=[OpenApiParameter("year", int, description=gettext_lazy("年度，默认今年"))],
        responses={200: WorkforceSummarySerializer},
    )
    def get(self, request: Request) -> Response:
        year = year_param(request.query_params.get("year"), default=timezone.localdate().year)
        assert year is not None
        rows = workforce_summary(request.user, year)
        payload = {
            "year": year,
            "reference_date": workforce_reference_date(year),
            "rows": [
                {
                    "jurisdiction": r.jurisdiction,
                    "cells": [
                        {
                            "group": c.group,
                            "label": c.label,
                            "headcount_target": c.headcount_target,
                            "actual": c.actual,
                            "headcount_gap": c.headcount_gap,
                            "trained_target": c.trained_target,
                            "trained": c.trained,
                            "trained_gap": c.trained_gap,
                            "hours": c.hours,
                        }
                        for c in r.cells
                    ],
                }
                for r in rows
            ],
        }
        return Response(WorkforceSummarySerializer(payload).data)
