"""Serializers of the personnel API: output shapes (personal data masked) and the inputs of
each workflow action. They check shapes only; the services decide and save (R-X-5)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.catalog.models import Occupation
from skillcert.core.bounds import BoundedDateField
from skillcert.personnel.choices import (
    AppointmentStatus,
    RelationKind,
    SanctionKind,
    StaffGroup,
    StaffRole,
    TrainingResult,
)
from skillcert.personnel.models import (
    Appointment,
    Assignment,
    DeclaredRelation,
    Person,
    Qualification,
    RegistrationRequest,
    StaffDraw,
    StaffSanction,
    StaffViolation,
    TrainingRecord,
    WorkforceTarget,
)

# --- references ----------------------------------------------------------------------------------


class StaffOrgRefSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "kind"]


class StaffJurisdictionRefSerializer(serializers.ModelSerializer[Jurisdiction]):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name"]


class StaffOccupationRefSerializer(serializers.ModelSerializer[Occupation]):
    class Meta:
        model = Occupation
        fields = ["id", "edition", "code", "name"]


class StaffReasonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    message = serializers.CharField()


# --- outputs -------------------------------------------------------------------------------------


class AppointmentSerializer(serializers.ModelSerializer[Appointment]):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    card_valid = serializers.SerializerMethodField(help_text=gettext_lazy("今天证卡是否有效（资格有效且未过期）"))
    proposed_by = StaffOrgRefSerializer(read_only=True, allow_null=True)
    decided_by = StaffOrgRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "person",
            "role",
            "role_display",
            "status",
            "status_display",
            "card_number",
            "card_valid_until",
            "card_valid",
            "proposed_by",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields

    def get_card_valid(self, obj: Appointment) -> bool:
        return obj.status == AppointmentStatus.ACTIVE and obj.card_valid_on(timezone.localdate())


class RegistrationRequestSerializer(serializers.ModelSerializer[RegistrationRequest]):
    """An institution's registration request as the institution and its league centre see it."""

    institution = StaffOrgRefSerializer(read_only=True)
    jurisdiction = StaffJurisdictionRefSerializer(read_only=True)
    id_number_masked = serializers.CharField(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    decided_by = StaffOrgRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RegistrationRequest
        fields = [
            "id",
            "institution",
            "jurisdiction",
            "name",
            "id_number_masked",
            "role",
            "role_display",
            "status",
            "status_display",
            "person",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class RegistrationSubmittedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The answer to an institution's registration: the same for every number (R-ORG-2)."""

    code = serializers.CharField(help_text=gettext_lazy("submitted"))
    detail = serializers.CharField()


class RegistrationDecisionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    approve = serializers.BooleanField(
        label=gettext_lazy("是否办理"),
        help_text=gettext_lazy("true：登记新人员或关联人员库中已有的人员；false：不予办理"),
    )
    note = serializers.CharField(
        label=gettext_lazy("办理意见"), max_length=200, required=False, allow_blank=True, default=""
    )


class QualificationSerializer(serializers.ModelSerializer[Qualification]):
    occupation = StaffOccupationRefSerializer(read_only=True)
    level_display = serializers.CharField(read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    granted_by = StaffOrgRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Qualification
        fields = [
            "id",
            "person",
            "person_name",
            "occupation",
            "level",
            "level_display",
            "granted_on",
            "granted_by",
            "is_active",
            "revoked_reason",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer[Person]):
    """A person as listed: ID number and phone masked (R-X-3); reveal them through `reveal`."""

    id_number_masked = serializers.CharField(read_only=True)
    mobile_masked = serializers.CharField(read_only=True)
    employer = StaffOrgRefSerializer(read_only=True, allow_null=True)
    jurisdiction = StaffJurisdictionRefSerializer(read_only=True)
    has_login = serializers.SerializerMethodField()
    appointments = AppointmentSerializer(many=True, read_only=True)
    qualifications = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "id_number_masked",
            "mobile_masked",
            "employer",
            "employer_name",
            "jurisdiction",
            "job_title",
            "is_active",
            "has_login",
            "appointments",
            "qualifications",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_login(self, obj: Person) -> bool:
        return obj.user_id is not None

    @extend_schema_field(QualificationSerializer(many=True))
    def get_qualifications(self, obj: Person) -> list[dict[str, Any]]:
        quals = getattr(obj, "active_qualifications", None)
        if quals is None:
            quals = list(obj.qualifications.filter(is_active=True).select_related("occupation", "granted_by"))
        return QualificationSerializer(quals, many=True).data  # type: ignore[return-value]


class TrainingSerializer(serializers.ModelSerializer[TrainingRecord]):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)
    provider = StaffOrgRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "person",
            "role",
            "role_display",
            "course",
            "hours",
            "result",
            "result_display",
            "completed_on",
            "provider",
        ]
        read_only_fields = fields


class RelationSerializer(serializers.ModelSerializer[DeclaredRelation]):
    """A declared relation; the other person's ID number only masked (R-X-3)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    other_id_number_masked = serializers.CharField(read_only=True)

    class Meta:
        model = DeclaredRelation
        fields = [
            "id",
            "person",
            "kind",
            "kind_display",
            "other_name",
            "other_id_number_masked",
            "declared_on",
            "note",
            "is_active",
        ]
        read_only_fields = fields


class SanctionSerializer(serializers.ModelSerializer[StaffSanction]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    decided_by = StaffOrgRefSerializer(read_only=True)
    in_force = serializers.SerializerMethodField(help_text=gettext_lazy("今天是否在处分期内（暂停资格、取消资格）"))

    class Meta:
        model = StaffSanction
        fields = [
            "id",
            "violation",
            "person",
            "kind",
            "kind_display",
            "starts_on",
            "ends_on",
            "document_number",
            "reason",
            "decided_by",
            "in_force",
        ]
        read_only_fields = fields

    def get_in_force(self, obj: StaffSanction) -> bool:
        return obj.bars_service and obj.in_force_on(timezone.localdate())


class ViolationSerializer(serializers.ModelSerializer[StaffViolation]):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    institution = StaffOrgRefSerializer(read_only=True, allow_null=True)
    reported_by = StaffOrgRefSerializer(read_only=True)
    sanctions = SanctionSerializer(many=True, read_only=True)

    class Meta:
        model = StaffViolation
        fields = [
            "id",
            "person",
            "person_name",
            "occurred_on",
            "description",
            "institution",
            "session_ref",
            "reported_by",
            "status",
            "status_display",
            "dismissed_reason",
            "referred_on",
            "referred_to",
            "referral_note",
            "sanctions",
        ]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    person_name = serializers.CharField(source="person.name", read_only=True)
    institution = StaffOrgRefSerializer(read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "person", "person_name", "role", "institution", "on", "session_ref", "source", "draw"]
        read_only_fields = fields


class DrawPoolEntrySerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField()
    card = serializers.CharField()


class DrawExclusionSerializer(DrawPoolEntrySerializer):
    reasons = StaffReasonSerializer(many=True)


class DrawSerializer(serializers.ModelSerializer[StaffDraw]):
    """Everything needed to re-run a draw: seed, algorithm, ordered pool, exclusions, eligible list."""

    institution = StaffOrgRefSerializer(read_only=True)
    occupation = StaffOccupationRefSerializer(read_only=True, allow_null=True)
    pool_jurisdiction = StaffJurisdictionRefSerializer(read_only=True, allow_null=True)
    drawn_by = StaffOrgRefSerializer(read_only=True, allow_null=True)
    pool = DrawPoolEntrySerializer(many=True, read_only=True)
    exclusions = DrawExclusionSerializer(many=True, read_only=True)
    eligible = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    selected = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = StaffDraw
        fields = [
            "id",
            "role",
            "institution",
            "on",
            "session_ref",
            "occupation",
            "level",
            "pool_jurisdiction",
            "requested",
            "seed",
            "algorithm",
            "pool",
            "exclusions",
            "eligible",
            "selected",
            "candidates_checked",
            "drawn_by",
            "created_at",
        ]
        read_only_fields = fields


class DrawVerifySerializer(serializers.Serializer):  # type: ignore[type-arg]
    verified = serializers.BooleanField()
    recorded = serializers.ListField(child=serializers.IntegerField())
    replayed = serializers.ListField(child=serializers.IntegerField())
    seed = serializers.CharField()
    algorithm = serializers.CharField()


class WorkforceTargetSerializer(serializers.ModelSerializer[WorkforceTarget]):
    jurisdiction = StaffJurisdictionRefSerializer(read_only=True)
    group_display = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = WorkforceTarget
        fields = ["id", "jurisdiction", "year", "group", "group_display", "headcount", "trained", "note"]
        read_only_fields = fields


class WorkforceCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    group = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    headcount_target = serializers.IntegerField(allow_null=True)
    actual = serializers.IntegerField()
    headcount_gap = serializers.IntegerField(allow_null=True)
    trained_target = serializers.IntegerField(allow_null=True)
    trained = serializers.IntegerField()
    trained_gap = serializers.IntegerField(allow_null=True)
    hours = serializers.FloatField()


class WorkforceRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    jurisdiction = StaffJurisdictionRefSerializer()
    cells = WorkforceCellSerializer(many=True)


class WorkforceSummarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    year = serializers.IntegerField()
    reference_date = serializers.DateField()
    rows = WorkforceRowSerializer(many=True)


class StaffImportResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The 201 of a people or qualification import: how many rows became what (a refusal answers 400 ImportRefusal)."""

    code = serializers.CharField(help_text=gettext_lazy("固定为 imported"))
    detail = serializers.CharField(
        help_text=gettext_lazy("办理结果说明，如“3行已导入：新登记1人；2人已提交人员登记申请……”")
    )
    rows = serializers.IntegerField(help_text=gettext_lazy("数据行数"))
    imported = serializers.IntegerField(help_text=gettext_lazy("已办理的行数（下列各项之和）"))
    registered = serializers.IntegerField(help_text=gettext_lazy("新登记的人员"))
    appointed = serializers.IntegerField(help_text=gettext_lazy("为已登记人员增加的类别（就业服务中心导入）"))
    proposed = serializers.IntegerField(help_text=gettext_lazy("为本机构人员推荐的类别，待审核（评价机构导入）"))
    requested = serializers.IntegerField(
        help_text=gettext_lazy("提交给盟市就业服务中心的人员登记申请（评价机构导入，办理结果见人员登记申请）")
    )
    granted = serializers.IntegerField(help_text=gettext_lazy("授予或调整的职业资格"))


class MayServeResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    ok = serializers.BooleanField()
    reasons = StaffReasonSerializer(many=True)


class ConflictsResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    conflicted = serializers.BooleanField()
    reasons = StaffReasonSerializer(many=True)


class PersonRevealResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    field = serializers.CharField()
    value = serializers.CharField()


class StaffLoginResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    user_id = serializers.IntegerField()
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


# --- inputs --------------------------------------------------------------------------------------


class PersonCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(label=gettext_lazy("姓名"), max_length=50)
    id_number = serializers.CharField(label=gettext_lazy("身份证号码"), max_length=30)
    mobile = serializers.CharField(
        label=gettext_lazy("手机号码"), max_length=20, required=False, allow_blank=True, default=""
    )
    employer = serializers.IntegerField(label=gettext_lazy("工作单位ID"), required=False, allow_null=True, default=None)
    employer_name = serializers.CharField(
        label=gettext_lazy("工作单位名称"), max_length=200, required=False, allow_blank=True, default=""
    )
    jurisdiction = serializers.CharField(
        label=gettext_lazy("工作所在地代码"), max_length=6, required=False, allow_blank=True, default=""
    )
    job_title = serializers.CharField(
        label=gettext_lazy("职务/职称"), max_length=100, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(label=gettext_lazy("备注"), required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(
        label=gettext_lazy("人员类别"), choices=StaffRole.choices, required=False, allow_null=True, default=None
    )
    card_number = serializers.CharField(
        label=gettext_lazy("证卡编号"), max_length=40, required=False, allow_blank=True, default=""
    )
    card_valid_until = serializers.DateField(
        label=gettext_lazy("证卡有效期至"), required=False, allow_null=True, default=None
    )


class PersonUpdateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(label=gettext_lazy("姓名"), max_length=50, required=False)
    mobile = serializers.CharField(label=gettext_lazy("手机号码"), max_length=20, required=False, allow_blank=True)
    employer = serializers.IntegerField(label=gettext_lazy("工作单位ID"), required=False, allow_null=True)
    employer_name = serializers.CharField(
        label=gettext_lazy("工作单位名称"), max_length=200, required=False, allow_blank=True
    )
    jurisdiction = serializers.CharField(
        label=gettext_lazy("工作所在地代码"), max_length=6, required=False, allow_blank=True
    )
    job_title = serializers.CharField(label=gettext_lazy("职务/职称"), max_length=100, required=False, allow_blank=True)
    notes = serializers.CharField(label=gettext_lazy("备注"), required=False, allow_blank=True)
    is_active = serializers.BooleanField(label=gettext_lazy("在册"), required=False)


class PersonRevealSerializer(serializers.Serializer):  # type: ignore[type-arg]
    field = serializers.ChoiceField(
        label=gettext_lazy("字段"),
        choices=[("id_number", gettext_lazy("身份证号码")), ("mobile", gettext_lazy("手机号码"))],
    )
    reason = serializers.CharField(label=gettext_lazy("查看原因"), max_length=200)


class StaffLoginCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    username = serializers.CharField(label=gettext_lazy("用户名"), max_length=150)
    password = serializers.CharField(label=gettext_lazy("初始密码"), max_length=128, write_only=True)


class StaffRoleCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    role = serializers.ChoiceField(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    card_number = serializers.CharField(
        label=gettext_lazy("证卡编号"), max_length=40, required=False, allow_blank=True, default=""
    )
    card_valid_until = serializers.DateField(
        label=gettext_lazy("证卡有效期至"), required=False, allow_null=True, default=None
    )


class AppointmentApproveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    card_number = serializers.CharField(
        label=gettext_lazy("证卡编号"), max_length=40, required=False, allow_blank=True, default=""
    )
    card_valid_until = serializers.DateField(
        label=gettext_lazy("证卡有效期至"), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(
        label=gettext_lazy("审核意见"), max_length=200, required=False, allow_blank=True, default=""
    )


class AppointmentRejectSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(label=gettext_lazy("不通过理由"), max_length=200)


class CardRenewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    card_valid_until = serializers.DateField(
        label=gettext_lazy("新的有效期至"), required=False, allow_null=True, default=None
    )
    card_number = serializers.CharField(
        label=gettext_lazy("新证卡编号"), max_length=40, required=False, allow_blank=True, default=""
    )


class StaffReasonInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(label=gettext_lazy("原因"), max_length=200)


class QualificationCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    occupation = serializers.CharField(label=gettext_lazy("职业编码"), max_length=10)
    edition = serializers.IntegerField(label=gettext_lazy("大典版本"), required=False, default=2022)
    level = serializers.IntegerField(label=gettext_lazy("最高可考评等级"), help_text=gettext_lazy("1至5，一级最高"))
    granted_on = serializers.DateField(label=gettext_lazy("取得日期"), required=False, allow_null=True, default=None)


class TrainingCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    role = serializers.ChoiceField(label=gettext_lazy("培训类别"), choices=StaffRole.choices)
    course = serializers.CharField(label=gettext_lazy("培训课程"), max_length=200)
    hours = serializers.DecimalField(label=gettext_lazy("学时"), max_digits=5, decimal_places=1)
    result = serializers.ChoiceField(label=gettext_lazy("培训结果"), choices=TrainingResult.choices)
    completed_on = serializers.DateField(label=gettext_lazy("结业日期"))


class RelationCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(label=gettext_lazy("关系"), choices=RelationKind.choices)
    other_name = serializers.CharField(label=gettext_lazy("关系人姓名"), max_length=50)
    other_id_number = serializers.CharField(label=gettext_lazy("关系人身份证号码"), max_length=30, write_only=True)
    note = serializers.CharField(
        label=gettext_lazy("说明"), max_length=200, required=False, allow_blank=True, default=""
    )


class ViolationCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    occurred_on = serializers.DateField(label=gettext_lazy("发生日期"))
    description = serializers.CharField(label=gettext_lazy("违规违纪情况"))
    institution = serializers.IntegerField(
        label=gettext_lazy("发生机构ID"), required=False, allow_null=True, default=None
    )
    session_ref = serializers.CharField(
        label=gettext_lazy("场次"), max_length=100, required=False, allow_blank=True, default=""
    )


class SanctionCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(label=gettext_lazy("处分"), choices=SanctionKind.choices)
    starts_on = serializers.DateField(label=gettext_lazy("起始日期"))
    ends_on = serializers.DateField(label=gettext_lazy("截止日期"), required=False, allow_null=True, default=None)
    reason = serializers.CharField(label=gettext_lazy("处理依据"))
    document_number = serializers.CharField(
        label=gettext_lazy("处理文号"), max_length=100, required=False, allow_blank=True, default=""
    )


class ViolationReferSerializer(serializers.Serializer):  # type: ignore[type-arg]
    referred_to = serializers.CharField(label=gettext_lazy("移交机关"), max_length=200)
    referred_on = serializers.DateField(label=gettext_lazy("移交日期"), required=False, allow_null=True, default=None)
    note = serializers.CharField(label=gettext_lazy("移交说明"), required=False, allow_blank=True, default="")


class MayServeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    role = serializers.ChoiceField(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    occupation = serializers.CharField(
        label=gettext_lazy("职业编码"), max_length=10, required=False, allow_blank=True, default=""
    )
    level = serializers.IntegerField(label=gettext_lazy("等级"), required=False, allow_null=True, default=None)
    on = BoundedDateField(label=gettext_lazy("日期"), required=False, allow_null=True, default=None)


class AvoidanceCandidateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id_number = serializers.CharField(label=gettext_lazy("考生身份证号码"), max_length=30)
    name = serializers.CharField(
        label=gettext_lazy("考生姓名"), max_length=50, required=False, allow_blank=True, default=""
    )
    employer = serializers.IntegerField(
        label=gettext_lazy("考生工作单位ID"), required=False, allow_null=True, default=None
    )
    employer_name = serializers.CharField(
        label=gettext_lazy("考生工作单位名称"), max_length=200, required=False, allow_blank=True, default=""
    )


class ConflictsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    institution = serializers.IntegerField(label=gettext_lazy("评价机构ID"))
    role = serializers.ChoiceField(
        label=gettext_lazy("人员类别"), choices=StaffRole.choices, required=False, allow_null=True, default=None
    )
    candidates = AvoidanceCandidateSerializer(many=True, required=False, default=list)


class DrawCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    institution = serializers.IntegerField(label=gettext_lazy("被督导机构ID"))
    on = serializers.DateField(label=gettext_lazy("日期"))
    n = serializers.IntegerField(label=gettext_lazy("抽取人数"))
    role = serializers.ChoiceField(
        label=gettext_lazy("人员类别"), choices=StaffRole.choices, required=False, default=StaffRole.EXTERNAL_SUPERVISOR
    )
    occupation = serializers.CharField(
        label=gettext_lazy("职业编码"), max_length=10, required=False, allow_blank=True, default=""
    )
    level = serializers.IntegerField(label=gettext_lazy("等级"), required=False, allow_null=True, default=None)
    session_ref = serializers.CharField(
        label=gettext_lazy("场次"), max_length=100, required=False, allow_blank=True, default=""
    )
    seed = serializers.CharField(
        label=gettext_lazy("随机种子"), max_length=64, required=False, allow_blank=True, default=""
    )
    region_wide = serializers.BooleanField(label=gettext_lazy("全区范围抽取"), required=False, default=False)
    jurisdiction = serializers.CharField(
        label=gettext_lazy("抽取范围（盟市代码）"), max_length=6, required=False, allow_blank=True, default=""
    )
    candidates = AvoidanceCandidateSerializer(many=True, required=False, default=list)


class WorkforceTargetSetSerializer(serializers.Serializer):  # type: ignore[type-arg]
    jurisdiction = serializers.CharField(label=gettext_lazy("辖区代码"), max_length=6)
    year = serializers.IntegerField(label=gettext_lazy("年度"))
    group = serializers.ChoiceField(label=gettext_lazy("人员类别"), choices=StaffGroup.choices)
    headcount = serializers.IntegerField(label=gettext_lazy("目标人数"))
    trained = serializers.IntegerField(label=gettext_lazy("目标培训人数"))
    note = serializers.CharField(
        label=gettext_lazy("说明"), max_length=200, required=False, allow_blank=True, default=""
    )


class StaffImportUploadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    file = serializers.FileField(label=gettext_lazy("Excel 或 CSV 文件"))
