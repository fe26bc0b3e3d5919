"""Serializers of the institutions API, staff and public (R-INS-1..8, R-PUB-1, R-X-5)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skillcert.accounts.models import Jurisdiction
from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import Occupation, display_work_type
from skillcert.institutions.choices import (
    CHANGE_KINDS,
    CostItem,
    EntryStage,
    InstitutionStatus,
    InstitutionType,
    RoomKind,
    RuleDocumentKind,
)
from skillcert.institutions.models import (
    BlacklistEntry,
    BranchFiling,
    Commitment,
    CommitmentText,
    Fee,
    FeeItem,
    FilingApplication,
    FilingApplicationItem,
    FilingDocument,
    Institution,
    Room,
    RosterEntry,
    RuleDocument,
    ScopeItem,
    SelectionCall,
    Venue,
)


class JurisdictionRefSerializer(serializers.ModelSerializer[Jurisdiction]):
    class Meta:
        model = Jurisdiction
        fields = ["code", "name"]


class ScopeLineSerializer(serializers.Serializer[Any]):
    """One (occupation, 工种, level) of a scope or an application."""

    occupation_id = serializers.IntegerField()
    occupation_code = serializers.CharField(source="occupation.code")
    occupation_name = serializers.CharField(source="occupation.name")
    work_type_id = serializers.IntegerField(allow_null=True)
    work_type = serializers.SerializerMethodField(help_text=gettext_lazy("工种名称；无工种为“--”"))
    level = serializers.IntegerField()
    level_label = serializers.SerializerMethodField(help_text=gettext_lazy("如“三级/高级工”"))

    def get_work_type(self, obj: ScopeItem | FilingApplicationItem) -> str:
        return display_work_type(obj.work_type)

    def get_level_label(self, obj: ScopeItem | FilingApplicationItem) -> str:
        return level_label(obj.level)


class InstitutionSerializer(serializers.ModelSerializer[Institution]):
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    area = JurisdictionRefSerializer(read_only=True)
    parent_name = serializers.CharField(source="parent.filed_name", read_only=True, allow_null=True, default=None)
    filing_authority_name = serializers.CharField(
        source="filing_authority.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Institution
        fields = [
            "id",
            "organisation",
            "filed_name",
            "credit_code",
            "type",
            "type_display",
            "parent",
            "parent_name",
            "area",
            "ministry_filed",
            "ministry_code",
            "certificate_kind",
            "filing_authority",
            "filing_authority_name",
            "filing_number",
            "filed_on",
            "published_on",
            "valid_until",
            "status",
            "status_display",
            "rectification_deadline",
            "status_grounds",
            "responsible_person",
            "address",
        ]


class MissingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(
        help_text=gettext_lazy("缺项代码，如 rule_document:quality、fee:12:0:4、branch_filing:150600")
    )
    message = serializers.CharField()


class ReadinessSerializer(serializers.Serializer[Any]):
    ready = serializers.BooleanField()
    missing = MissingSerializer(many=True)


class TransitionSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=InstitutionStatus.choices, label=gettext_lazy("新状态"))
    grounds = serializers.CharField(label=gettext_lazy("依据"), max_length=2000)
    deadline = serializers.DateField(label=gettext_lazy("整改期限"), required=False, allow_null=True)


class ScopeEntryInputSerializer(serializers.Serializer[Any]):
    occupation = serializers.IntegerField(label=gettext_lazy("职业ID"))
    work_type = serializers.IntegerField(label=gettext_lazy("工种ID"), required=False, allow_null=True)
    levels = serializers.ListField(child=serializers.IntegerField(), label=gettext_lazy("等级"), allow_empty=False)


@extend_schema_field(ScopeEntryInputSerializer(many=True))
class ScopeItemsField(serializers.Field):  # type: ignore[type-arg]
    """Scope lines as a JSON list, or as a JSON string in a multipart form."""

    default_error_messages = {"invalid": gettext_lazy("备案范围：应为 [{{occupation, work_type, levels}}] 形式的列表")}

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        inner = ScopeEntryInputSerializer(data=data, many=True)
        if not isinstance(data, list) or not inner.is_valid():
            self.fail("invalid")
        return list(inner.validated_data)

    def to_representation(self, value: Any) -> Any:
        return value


class FilingDocumentSerializer(serializers.ModelSerializer[FilingDocument]):
    class Meta:
        model = FilingDocument
        fields = ["id", "title", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ApplicationSerializer(serializers.ModelSerializer[FilingApplication]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    area = JurisdictionRefSerializer(read_only=True)
    competent_authority_name = serializers.CharField(source="competent_authority.name", read_only=True)
    items = ScopeLineSerializer(many=True, read_only=True)
    documents = FilingDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = FilingApplication
        fields = [
            "id",
            "reference",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "institution",
            "organisation",
            "competent_authority",
            "competent_authority_name",
            "type",
            "type_display",
            "filed_name",
            "credit_code",
            "responsible_person",
            "address",
            "area",
            "ministry_filed",
            "ministry_code",
            "manager_username",
            "manager_full_name",
            "note",
            "created_at",
            "decided_at",
            "decision_reasons",
            "filing_number",
            "valid_until",
            "items",
            "documents",
        ]


class ChangeApplicationCreateSerializer(serializers.Serializer[Any]):
    institution = serializers.IntegerField(label=gettext_lazy("机构ID"))
    kind = serializers.ChoiceField(
        label=gettext_lazy("申请类型"),
        choices=CHANGE_KINDS,
    )
    items = ScopeItemsField(label=gettext_lazy("备案范围（仅范围变更）"), required=False)
    note = serializers.CharField(label=gettext_lazy("申请说明"), required=False, allow_blank=True, max_length=2000)


class PublicApplicationCreateSerializer(serializers.Serializer[Any]):
    """A first filing application, as multipart (the documents are files)."""

    type = serializers.ChoiceField(label=gettext_lazy("机构类型"), choices=InstitutionType.choices)
    filed_name = serializers.CharField(label=gettext_lazy("机构名称"), max_length=200)
    credit_code = serializers.CharField(label=gettext_lazy("统一社会信用代码"), max_length=30)
    responsible_person = serializers.CharField(label=gettext_lazy("负责人"), max_length=50)
    address = serializers.CharField(label=gettext_lazy("地址"), max_length=300)
    area = serializers.CharField(label=gettext_lazy("区域范围（行政区划代码，150000为全区）"), max_length=6)
    ministry_filed = serializers.BooleanField(label=gettext_lazy("在人社部备案"), required=False, default=False)
    ministry_code = serializers.CharField(
        label=gettext_lazy("人社部机构代码"), required=False, default="0000", max_length=4
    )
    manager_username = serializers.CharField(label=gettext_lazy("负责人账号用户名"), max_length=150)
    manager_full_name = serializers.CharField(label=gettext_lazy("负责人账号姓名"), max_length=50)
    manager_email = serializers.EmailField(label=gettext_lazy("负责人账号邮箱"), required=False, allow_blank=True)
    note = serializers.CharField(label=gettext_lazy("申请说明"), required=False, allow_blank=True, max_length=2000)
    items = ScopeItemsField(label=gettext_lazy("备案范围"))
    documents = serializers.ListField(
        child=serializers.FileField(),
        label=gettext_lazy("证明材料（PDF/JPG/PNG，文件名作为材料名称）"),
        allow_empty=False,
    )


class ApplicationReceiptSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    status = serializers.CharField()
    competent_authority = serializers.CharField()


class ApplicationStatusSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    kind = serializers.CharField()
    filed_name = serializers.CharField()
    competent_authority = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reasons = serializers.CharField()
    filing_number = serializers.CharField()


class AcceptSerializer(serializers.Serializer[Any]):
    filing_number = serializers.CharField(
        label=gettext_lazy("备案编号（首次备案必填）"), required=False, allow_blank=True, max_length=60
    )
    valid_until = serializers.DateField(label=gettext_lazy("备案有效期至"), required=False, allow_null=True)
    reasons = serializers.CharField(label=gettext_lazy("审核意见"), required=False, allow_blank=True, max_length=2000)


class RejectSerializer(serializers.Serializer[Any]):
    reasons = serializers.CharField(label=gettext_lazy("不予通过理由"), max_length=2000)


class DecisionSerializer(serializers.Serializer[Any]):
    application = ApplicationSerializer()
    institution = serializers.IntegerField(allow_null=True)
    manager_username = serializers.CharField(allow_blank=True)
    initial_password = serializers.CharField(
        allow_blank=True, help_text=gettext_lazy("新开负责人账号的初始密码，只在此响应中出现一次；首次登录须修改")
    )


class BranchRegisterSerializer(serializers.Serializer[Any]):
    filed_name = serializers.CharField(label=gettext_lazy("分支机构名称"), max_length=200)
    credit_code = serializers.CharField(label=gettext_lazy("统一社会信用代码"), max_length=30)
    responsible_person = serializers.CharField(label=gettext_lazy("负责人"), max_length=50)
    address = serializers.CharField(label=gettext_lazy("地址"), max_length=300)
    league = serializers.CharField(label=gettext_lazy("所在盟市（行政区划代码）"), max_length=6)
    manager_username = serializers.CharField(label=gettext_lazy("负责人账号用户名"), max_length=150)
    manager_full_name = serializers.CharField(label=gettext_lazy("负责人账号姓名"), max_length=50)
    manager_email = serializers.EmailField(label=gettext_lazy("负责人账号邮箱"), required=False, allow_blank=True)


class BranchRegisteredSerializer(serializers.Serializer[Any]):
    branch = InstitutionSerializer()
    manager_username = serializers.CharField()
    initial_password = serializers.CharField(help_text=gettext_lazy("只在此响应中出现一次"))


class StaffMemberSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=50)
    role = serializers.CharField(max_length=50)


@extend_schema_field(StaffMemberSerializer(many=True))
class StaffField(serializers.Field):  # type: ignore[type-arg]
    default_error_messages = {"invalid": gettext_lazy("工作人员：应为 [{{name, role}}] 形式的列表")}

    def to_internal_value(self, data: Any) -> list[dict[str, str]]:
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
            self.fail("invalid")
        return list(data)

    def to_representation(self, value: Any) -> Any:
        return value


class BranchFilingSerializer(serializers.ModelSerializer[BranchFiling]):
    branch_name = serializers.CharField(source="branch.filed_name", read_only=True)
    parent_name = serializers.CharField(source="branch.parent.filed_name", read_only=True, default=None)
    league = JurisdictionRefSerializer(read_only=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    staff = StaffField(read_only=True)

    class Meta:
        model = BranchFiling
        fields = [
            "id",
            "reference",
            "branch",
            "branch_name",
            "parent_name",
            "league",
            "bureau",
            "bureau_name",
            "parent_filing_number",
            "licence_code",
            "licence_original_name",
            "licence_sha256",
            "venue",
            "venue_name",
            "responsible_person",
            "staff",
            "status",
            "status_display",
            "created_at",
            "decided_at",
            "decision_reasons",
        ]


class BranchFilingCreateSerializer(serializers.Serializer[Any]):
    branch = serializers.IntegerField(label=gettext_lazy("分支机构ID"))
    league = serializers.CharField(label=gettext_lazy("报备盟市（行政区划代码）"), max_length=6)
    venue = serializers.IntegerField(label=gettext_lazy("评价场地（考点ID）"))
    responsible_person = serializers.CharField(label=gettext_lazy("分支机构负责人"), max_length=50)
    staff = StaffField(label=gettext_lazy("工作人员"))
    licence_file = serializers.FileField(label=gettext_lazy("分支机构营业执照（PDF/JPG/PNG）"))


class RuleDocumentSerializer(serializers.ModelSerializer[RuleDocument]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = RuleDocument
        fields = [
            "id",
            "institution",
            "kind",
            "kind_display",
            "version",
            "title",
            "body",
            "has_file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "published_at",
        ]

    def get_has_file(self, obj: RuleDocument) -> bool:
        return bool(obj.file)


class RuleDocumentCreateSerializer(serializers.Serializer[Any]):
    institution = serializers.IntegerField(label=gettext_lazy("机构ID"))
    kind = serializers.ChoiceField(label=gettext_lazy("制度类别"), choices=RuleDocumentKind.choices)
    title = serializers.CharField(label=gettext_lazy("标题"), max_length=200)
    body = serializers.CharField(label=gettext_lazy("正文"), required=False, allow_blank=True)
    file = serializers.FileField(label=gettext_lazy("文件（PDF/Word）"), required=False)
    publish = serializers.BooleanField(label=gettext_lazy("同时公开"), required=False, default=False)


class CommitmentTextSerializer(serializers.ModelSerializer[CommitmentText]):
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = CommitmentText
        fields = ["id", "authority", "authority_name", "version", "title", "body", "sha256", "published_at"]
        read_only_fields = ["authority", "version", "sha256", "published_at"]


class CommitmentTextCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(label=gettext_lazy("标题"), max_length=200)
    body = serializers.CharField(label=gettext_lazy("正文"))


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    text_version = serializers.IntegerField(source="text.version", read_only=True)
    text_title = serializers.CharField(source="text.title", read_only=True)
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "institution",
            "institution_name",
            "text",
            "text_title",
            "text_version",
            "text_sha256",
            "authority",
            "authority_name",
            "signer_name",
            "signed_at",
            "countersigner_name",
            "countersigned_at",
        ]


class CommitmentSignSerializer(serializers.Serializer[Any]):
    institution = serializers.IntegerField(label=gettext_lazy("机构ID"))
    text = serializers.IntegerField(label=gettext_lazy("承诺书文本ID（须为现行版本）"))


class FeeItemSerializer(serializers.ModelSerializer[FeeItem]):
    item_display = serializers.CharField(source="get_item_display", read_only=True)

    class Meta:
        model = FeeItem
        fields = ["item", "item_display", "amount", "estimated_cost"]


class FeeSerializer(serializers.ModelSerializer[Fee]):
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    occupation_name = serializers.CharField(source="occupation.name", read_only=True)
    work_type_name = serializers.SerializerMethodField()
    level_label = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    items = FeeItemSerializer(many=True, read_only=True)

    class Meta:
        model = Fee
        fields = [
            "id",
            "institution",
            "institution_name",
            "occupation",
            "occupation_name",
            "work_type",
            "work_type_name",
            "level",
            "level_label",
            "total_amount",
            "total_cost",
            "deviation_percent",
            "status",
            "status_display",
            "note",
            "published_at",
            "items",
        ]

    def get_work_type_name(self, obj: Fee) -> str:
        return display_work_type(obj.work_type)

    def get_level_label(self, obj: Fee) -> str:
        return level_label(obj.level)


class FeeLineInputSerializer(serializers.Serializer[Any]):
    item = serializers.ChoiceField(label=gettext_lazy("费用项目"), choices=CostItem.choices)
    amount = serializers.CharField(label=gettext_lazy("收费金额（元）"))
    estimated_cost = serializers.CharField(label=gettext_lazy("测算成本（元）"))


class FeeCreateSerializer(serializers.Serializer[Any]):
    institution = serializers.IntegerField(label=gettext_lazy("机构ID"))
    occupation = serializers.IntegerField(label=gettext_lazy("职业ID"))
    work_type = serializers.IntegerField(label=gettext_lazy("工种ID"), required=False, allow_null=True)
    level = serializers.ChoiceField(label=gettext_lazy("等级"), choices=Level.choices)
    items = FeeLineInputSerializer(many=True, label=gettext_lazy("九项费用（金额与测算成本为字符串或数字）"))
    note = serializers.CharField(label=gettext_lazy("说明"), required=False, allow_blank=True, max_length=300)
    publish = serializers.BooleanField(label=gettext_lazy("同时公示"), required=False, default=False)


class RoomSerializer(serializers.ModelSerializer[Room]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Room
        fields = ["id", "name", "kind", "kind_display", "capacity", "equipment", "video_monitoring"]


class VenueSerializer(serializers.ModelSerializer[Venue]):
    league = JurisdictionRefSerializer(read_only=True)
    rooms = RoomSerializer(many=True, read_only=True)

    class Meta:
        model = Venue
        fields = ["id", "institution", "name", "league", "address", "is_active", "rooms"]


class VenueCreateSerializer(serializers.Serializer[Any]):
    institution = serializers.IntegerField(label=gettext_lazy("机构ID"))
    name = serializers.CharField(label=gettext_lazy("考点名称"), max_length=200)
    league = serializers.CharField(label=gettext_lazy("所在盟市（行政区划代码）"), max_length=6)
    address = serializers.CharField(label=gettext_lazy("详细地址"), max_length=300)
    is_active = serializers.BooleanField(label=gettext_lazy("启用"), required=False, default=True)


class RoomCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(label=gettext_lazy("考场名称"), max_length=100)
    kind = serializers.ChoiceField(label=gettext_lazy("考场类型"), choices=RoomKind.choices)
    capacity = serializers.CharField(label=gettext_lazy("容纳人数"), max_length=10)
    equipment = serializers.CharField(label=gettext_lazy("设施设备"), required=False, allow_blank=True)
    video_monitoring = serializers.BooleanField(label=gettext_lazy("视频监控"), required=False, default=False)


class RosterEntrySerializer(serializers.ModelSerializer[RosterEntry]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True)

    class Meta:
        model = RosterEntry
        fields = [
            "id",
            "institution",
            "kind",
            "kind_display",
            "full_name",
            "id_number_masked",
            "member_no",
            "unit",
            "valid_from",
            "valid_to",
        ]


class RosterImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(label=gettext_lazy("名册文件（.xlsx 或 .csv）"))


class RosterImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


# --- public register (R-PUB-1) -------------------------------------------------------------------


class PublicRuleDocumentSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    url = serializers.CharField(help_text=gettext_lazy("公开页面地址"))


class PublicCommitmentSerializer(serializers.Serializer[Any]):
    text_title = serializers.CharField()
    text_version = serializers.IntegerField()
    text_sha256 = serializers.CharField()
    signer_name = serializers.CharField()
    signed_at = serializers.DateTimeField()
    authority = serializers.CharField()
    countersigned_at = serializers.DateTimeField(allow_null=True)


class PublicBranchSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    filed_name = serializers.CharField()
    league = serializers.CharField()


class PublicInstitutionSerializer(serializers.ModelSerializer[Institution]):
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    area = JurisdictionRefSerializer(read_only=True)
    parent_name = serializers.CharField(source="parent.filed_name", read_only=True, allow_null=True, default=None)
    filing_authority_name = serializers.CharField(
        source="filing_authority.name", read_only=True, allow_null=True, default=None
    )
    scope = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
            "id",
            "filed_name",
            "credit_code",
            "type",
            "type_display",
            "parent",
            "parent_name",
            "area",
            "filing_authority_name",
            "filing_number",
            "filed_on",
            "published_on",
            "valid_until",
            "status",
            "status_display",
            "rectification_deadline",
            "scope",
        ]

    @extend_schema_field(ScopeLineSerializer(many=True))
    def get_scope(self, obj: Institution) -> list[dict[str, Any]]:
        versions = getattr(obj, "open_versions", None)
        if versions is None:
            from skillcert.institutions.selectors import scope_items_on

            items: list[Any] = scope_items_on(obj)
        else:
            items = list(versions[0].items.all()) if versions else []
        return list(ScopeLineSerializer(items, many=True).data)


class PublicInstitutionDetailSerializer(PublicInstitutionSerializer):
    rule_documents = serializers.SerializerMethodField()
    fees = serializers.SerializerMethodField()
    commitment = serializers.SerializerMethodField()
    branches = serializers.SerializerMethodField()

    class Meta(PublicInstitutionSerializer.Meta):
        fields = [*PublicInstitutionSerializer.Meta.fields, "rule_documents", "fees", "commitment", "branches"]

    @extend_schema_field(PublicRuleDocumentSerializer(many=True))
    def get_rule_documents(self, obj: Institution) -> list[dict[str, Any]]:
        from django.urls import reverse

        from skillcert.institutions.selectors import published_rule_documents

        docs = published_rule_documents(obj)
        return [
            {
                "kind": d.kind,
                "kind_display": d.get_kind_display(),
                "title": d.title,
                "version": d.version,
                "published_at": d.published_at,
                "url": reverse("institutions:public_rule_document", args=[d.pk]),
            }
            for kind in RuleDocumentKind
            if (d := docs.get(kind.value)) is not None
        ]

    @extend_schema_field(FeeSerializer(many=True))
    def get_fees(self, obj: Institution) -> list[dict[str, Any]]:
        from skillcert.institutions.selectors import published_fees

        return list(FeeSerializer(published_fees(obj), many=True).data)

    @extend_schema_field(PublicCommitmentSerializer(allow_null=True))
    def get_commitment(self, obj: Institution) -> dict[str, Any] | None:
        from skillcert.institutions.selectors import public_commitment_status

        c = public_commitment_status(obj)
        if c is None:
            return None
        return {
            "text_title": c.text.title,
            "text_version": c.text.version,
            "text_sha256": c.text_sha256,
            "signer_name": c.signer_name,
            "signed_at": c.signed_at,
            "authority": c.authority.name,
            "countersigned_at": c.countersigned_at,
        }

    @extend_schema_field(PublicBranchSerializer(many=True))
    def get_branches(self, obj: Institution) -> list[dict[str, Any]]:
        from skillcert.institutions.selectors import public_institutions

        return [
            {"id": b.pk, "filed_name": b.filed_name, "league": b.area.name}
            for b in public_institutions().filter(parent=obj)
        ]


class BlacklistEntrySerializer(serializers.ModelSerializer[BlacklistEntry]):
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = BlacklistEntry
        fields = ["id", "institution", "filed_name", "credit_code", "grounds", "listed_on", "authority_name"]


# --- entry stages (2024 办法 art. 3) -----------------------------------------------------------------


class SelectionCallSerializer(serializers.ModelSerializer[SelectionCall]):
    authority_name = serializers.CharField(source="authority.name", read_only=True)
    occupations: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = SelectionCall
        fields = [
            "id",
            "reference",
            "authority",
            "authority_name",
            "title",
            "description",
            "opens_on",
            "closes_on",
            "institution_types",
            "occupations",
        ]
        read_only_fields = fields


class SelectionCallCreateSerializer(serializers.Serializer[dict[str, Any]]):
    title = serializers.CharField(label=gettext_lazy("征集公告标题"), max_length=200)
    description = serializers.CharField(
        label=gettext_lazy("征集条件与说明"), max_length=5000, required=False, allow_blank=True
    )
    opens_on = serializers.DateField(label=gettext_lazy("征集开始日期"))
    closes_on = serializers.DateField(label=gettext_lazy("征集截止日期"))
    institution_types = serializers.ListField(
        label=gettext_lazy("征集的机构类型"),
        child=serializers.ChoiceField(choices=InstitutionType.choices),
        required=False,
    )
    occupations = serializers.PrimaryKeyRelatedField(
        label=gettext_lazy("征集的职业"), many=True, required=False, queryset=Occupation.objects.all()
    )


class StageLineSerializer(serializers.Serializer[dict[str, Any]]):
    stage = serializers.ChoiceField(choices=EntryStage.choices, read_only=True)
    stage_label = serializers.CharField(source="label", read_only=True)
    state = serializers.ChoiceField(
        choices=[
            ("done", gettext_lazy("已完成")),
            ("failed", gettext_lazy("未通过")),
            ("current", gettext_lazy("进行中")),
            ("waiting", gettext_lazy("待进行")),
        ],
        read_only=True,
    )
    detail = serializers.CharField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)


class SelectionSerializer(serializers.Serializer[dict[str, Any]]):
    call = serializers.IntegerField(label=gettext_lazy("征集公告"), min_value=1, max_value=2**62)
    passed = serializers.BooleanField(label=gettext_lazy("遴选通过"))
    criteria = serializers.CharField(label=gettext_lazy("遴选标准"), max_length=5000)
    findings = serializers.CharField(label=gettext_lazy("遴选结果与意见"), max_length=5000)


class AssessmentSerializer(serializers.Serializer[dict[str, Any]]):
    passed = serializers.BooleanField(label=gettext_lazy("评估通过"))
    findings = serializers.CharField(label=gettext_lazy("评估意见"), max_length=5000)


class PublicationSerializer(serializers.Serializer[dict[str, Any]]):
    published_on = serializers.DateField(label=gettext_lazy("公布日期"), required=False, allow_null=True)
