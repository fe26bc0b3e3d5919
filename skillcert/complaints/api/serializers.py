"""Serializers of the complaints API: staff register and workflow, public filing and tracking (R-SUP-5)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skillcert.complaints.choices import STAFF_SOURCES, Outcome, SubjectKind
from skillcert.complaints.models import Attachment, Complaint, InvestigationRecord, Step


class StepSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    actor = serializers.CharField(source="actor.full_name", default="", read_only=True)
    from_jurisdiction = serializers.CharField(source="from_jurisdiction.name", default="", read_only=True)
    to_jurisdiction = serializers.CharField(source="to_jurisdiction.name", default="", read_only=True)

    class Meta:
        model = Step
        fields = ["kind", "kind_display", "at", "actor", "from_jurisdiction", "to_jurisdiction", "note"]


class AttachmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "investigation"]


class InvestigationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    recorded_by = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = InvestigationRecord
        fields = ["id", "recorded_on", "recorded_by", "method", "notes"]


class ComplaintSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A complaint as its handling authority sees it; contact details masked."""

    source_display = serializers.CharField(source="get_source_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    institution_name = serializers.CharField(source="institution.filed_name", default="", read_only=True)
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    handler = serializers.CharField(source="handler.name", read_only=True)
    contact_name = serializers.CharField(source="contact_name_masked", read_only=True)
    contact_phone = serializers.CharField(source="contact_phone_masked", read_only=True)
    contact_email = serializers.CharField(source="contact_email_masked", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tracking_code",
            "source",
            "source_display",
            "source_detail",
            "subject_kind",
            "institution",
            "institution_name",
            "subject_reference",
            "title",
            "facts",
            "anonymous",
            "contact_name",
            "contact_phone",
            "contact_email",
            "jurisdiction",
            "handler",
            "status",
            "status_display",
            "received_on",
            "accept_due",
            "accepted_on",
            "conclude_due",
            "extension_days",
            "extension_reason",
            "overdue",
            "not_accepted_reason",
            "outcome",
            "outcome_display",
            "public_outcome_text",
            "internal_conclusion",
            "referred_to",
            "concluded_on",
            "sanction",
        ]

    def get_overdue(self, obj: Complaint) -> bool:
        return obj.is_overdue()


class ComplaintDetailSerializer(ComplaintSerializer):
    steps = StepSerializer(many=True, read_only=True)
    investigations = InvestigationSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "steps", "investigations", "attachments"]


class ComplaintInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a complaint says; lengths are checked by the service, which names the field."""

    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    institution = serializers.IntegerField(required=False, allow_null=True)
    subject_reference = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    facts = serializers.CharField(allow_blank=True, trim_whitespace=False)
    anonymous = serializers.BooleanField(required=False, default=False)
    contact_name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    contact_phone = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    contact_email = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class StaffIntakeSerializer(ComplaintInputSerializer):
    source = serializers.ChoiceField(choices=STAFF_SOURCES)  # type: ignore[assignment]
    source_detail = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    received_on = serializers.DateField(required=False)


class PublicFilingSerializer(ComplaintInputSerializer):
    challenge_token = serializers.CharField(help_text=_("GET challenge/ 返回的令牌"))
    challenge_answer = serializers.CharField(allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True, help_text=_("留空（防机器人字段）"))


class FiledSerializer(serializers.Serializer):  # type: ignore[type-arg]
    tracking_code = serializers.CharField()
    secret = serializers.CharField(help_text=_("查询密码：只显示这一次，请妥善保存"))
    handler = serializers.CharField()
    accept_due = serializers.DateField()


class ChallengeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    question = serializers.CharField()
    token = serializers.CharField()


class TrackSerializer(serializers.Serializer):  # type: ignore[type-arg]
    tracking_code = serializers.CharField(max_length=40)
    secret = serializers.CharField(max_length=40)


class PublicStepSerializer(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField()  # type: ignore[assignment]
    on = serializers.DateField()


class PublicViewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    received_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    handler = serializers.CharField()
    accept_due = serializers.DateField()
    conclude_due = serializers.DateField(allow_null=True)
    outcome_label = serializers.CharField()
    public_outcome_text = serializers.CharField()
    steps = PublicStepSerializer(many=True)


class NoteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class RefuseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(allow_blank=True, trim_whitespace=False)
    public_text = serializers.CharField(allow_blank=True, trim_whitespace=False)


class TransferSerializer(serializers.Serializer):  # type: ignore[type-arg]
    to = serializers.CharField(help_text=_("转入辖区代码，如150200；150000为自治区"))
    reason = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ExtendSerializer(serializers.Serializer):  # type: ignore[type-arg]
    days = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True, trim_whitespace=False)


class InvestigationCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    method = serializers.CharField(allow_blank=True, trim_whitespace=False)
    notes = serializers.CharField(allow_blank=True, trim_whitespace=False)
    recorded_on = serializers.DateField(required=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class ConcludeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    public_text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    internal_conclusion = serializers.CharField(allow_blank=True, trim_whitespace=False)
    sanction = serializers.IntegerField(required=False, allow_null=True)
    referred_to = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class RevealSerializer(serializers.Serializer):  # type: ignore[type-arg]
    field = serializers.ChoiceField(
        choices=[("contact_name", _("姓名")), ("contact_phone", _("联系电话")), ("contact_email", _("电子邮箱"))]
    )
    reason = serializers.CharField(required=False, allow_blank=True)


class RevealedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    field = serializers.CharField()
    value = serializers.CharField()


def input_from(data: dict[str, Any]) -> Any:
    from skillcert.complaints.services import ComplaintInput

    return ComplaintInput(
        subject_kind=data["subject_kind"],
        institution_id=data.get("institution"),
        subject_reference=data.get("subject_reference", ""),
        title=data.get("title", ""),
        facts=data.get("facts", ""),
        anonymous=bool(data.get("anonymous")),
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_phone", ""),
        contact_email=data.get("contact_email", ""),
        attachments=list(data.get("attachments") or []),
    )
