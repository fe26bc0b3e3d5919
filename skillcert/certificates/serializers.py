"""Serializers of the certificates API: read shapes (personal data masked) and the inputs of each action."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from skillcert.catalog.choices import Level
from skillcert.certificates.choices import CertificateStatus, ProposalKind
from skillcert.certificates.models import Certificate, ExportBatch, IssuanceRun, SiteSerial, StatusProposal


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    id_type_display = serializers.CharField(source="get_id_type_display", read_only=True)
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True)
    work_type = serializers.CharField(source="work_type_display", read_only=True)
    level_display = serializers.CharField(source="level_label", read_only=True)
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    league_code = serializers.CharField(source="league.code", read_only=True)
    export_batch_number = serializers.SerializerMethodField()
    exported = serializers.BooleanField(source="is_exported", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "status_reason",
            "status_changed_at",
            "name",
            "id_type",
            "id_type_display",
            "id_number_masked",
            "occupation_code",
            "occupation_name",
            "work_type",
            "level",
            "level_display",
            "institution",
            "institution_name",
            "plan",
            "plan_number",
            "league_code",
            "exam_date",
            "publicity_ended_on",
            "issued_on",
            "exported",
            "export_batch_number",
            "exported_at",
        ]
        read_only_fields = fields

    def get_export_batch_number(self, obj: Certificate) -> str:
        return obj.export_batch.number if obj.export_batch_id and obj.export_batch else ""


class IssueSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField(label=gettext_lazy("报名ID"), min_value=1)


class ProposeSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(label=gettext_lazy("变更类型"), choices=ProposalKind.choices)
    grounds = serializers.CharField(label=gettext_lazy("依据"), max_length=2000)


class DecisionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        label=gettext_lazy("审批意见"), max_length=1000, required=False, allow_blank=True, default=""
    )


class ProposalSerializer(serializers.ModelSerializer[StatusProposal]):
    certificate_number = serializers.CharField(source="certificate.number", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    proposed_by_name = serializers.CharField(source="proposed_by.full_name", read_only=True)
    proposed_by_organisation = serializers.CharField(source="proposed_by.organisation.name", read_only=True)
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = StatusProposal
        fields = [
            "id",
            "certificate",
            "certificate_number",
            "kind",
            "kind_display",
            "grounds",
            "status",
            "status_display",
            "proposed_by",
            "proposed_by_name",
            "proposed_by_organisation",
            "proposed_at",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields

    def get_decided_by_name(self, obj: StatusProposal) -> str:
        return obj.decided_by.full_name if obj.decided_by else ""


class RefusalSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    exam_number = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    codes = serializers.ListField(child=serializers.CharField())


class RunSerializer(serializers.ModelSerializer[IssuanceRun]):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)
    may_retry = serializers.BooleanField(read_only=True, help_text=gettext_lazy("已中断或出错中止，可继续发证"))
    refusals = RefusalSerializer(many=True, read_only=True)

    class Meta:
        model = IssuanceRun
        fields = [
            "id",
            "plan",
            "plan_number",
            "level",
            "status",
            "status_display",
            "total",
            "processed",
            "issued",
            "already",
            "refused",
            "progress_percent",
            "may_retry",
            "refusals",
            "failure",
            "started_at",
            "finished_at",
            "created_at",
        ]
        read_only_fields = fields


class RunCreateSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(label=gettext_lazy("认定计划ID"), min_value=1)
    level = serializers.ChoiceField(
        label=gettext_lazy("等级"), choices=Level.choices, required=False, allow_null=True, default=None
    )


class ExportBatchSerializer(serializers.ModelSerializer[ExportBatch]):
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)

    class Meta:
        model = ExportBatch
        fields = ["id", "number", "institution", "institution_name", "count", "sha256", "created_at"]
        read_only_fields = fields


class UploadRecordSerializer(serializers.Serializer[Any]):
    """One certificate of a national upload file (`exports.upload_record`, R-CERT-6): documentation only."""

    number = serializers.CharField()
    name = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.CharField(help_text=gettext_lazy("完整证件号码"))
    occupation_code = serializers.CharField()
    occupation_name = serializers.CharField()
    work_type = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField()
    institution_name = serializers.CharField()
    institution_credit_code = serializers.CharField()
    issued_on = serializers.DateField()
    status = serializers.CharField()
    status_reason = serializers.CharField(allow_blank=True)


class UploadInstitutionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    credit_code = serializers.CharField()


class UploadFileSerializer(serializers.Serializer[Any]):
    """The JSON upload file of a batch (`exports.batch_json`): documentation only."""

    batch = serializers.CharField()
    institution = UploadInstitutionSerializer()
    count = serializers.IntegerField()
    certificates = UploadRecordSerializer(many=True)


class SiteSerialSerializer(serializers.ModelSerializer[SiteSerial]):
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    venue_name = serializers.SerializerMethodField()
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = SiteSerial
        fields = [
            "id",
            "serial",
            "institution",
            "institution_name",
            "venue",
            "venue_name",
            "assigned_on",
            "retired_on",
            "active",
            "note",
        ]
        read_only_fields = fields

    def get_venue_name(self, obj: SiteSerial) -> str:
        return obj.venue.name if obj.venue else ""


class SiteSerialCreateSerializer(serializers.Serializer[Any]):
    institution = serializers.IntegerField(label=gettext_lazy("评价机构ID"), min_value=1)
    serial = serializers.CharField(label=gettext_lazy("站点序号"), max_length=6)
    venue = serializers.IntegerField(
        label=gettext_lazy("考点ID"), min_value=1, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(
        label=gettext_lazy("备注"), max_length=200, required=False, allow_blank=True, default=""
    )


class RetireSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(label=gettext_lazy("停用原因"), max_length=200)


class PublicAnswerSerializer(serializers.Serializer[Any]):
    """The public answer: status and certified fields; name and ID number masked (R-CERT-4)."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    status_label = serializers.CharField()
    status_reason = serializers.CharField()
    status_changed_on = serializers.CharField()
    name = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.CharField()
    occupation_code = serializers.CharField()
    occupation = serializers.CharField()
    work_type = serializers.CharField()
    level = serializers.IntegerField()
    level_label = serializers.CharField()
    institution = serializers.CharField()
    issued_on = serializers.CharField()
    checked_at = serializers.CharField()
