"""Serializers of the sanctions API (R-SUP-6)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skillcert.sanctions.choices import DECISION_KINDS, FollowUpResult, Kind
from skillcert.sanctions.models import InactivityCase, Proposal, Sanction


class InstitutionSanctionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    authority = serializers.CharField(source="authority.name", read_only=True)
    created_by = serializers.CharField(source="created_by.full_name", read_only=True)
    decided_by = serializers.CharField(source="decided_by.full_name", default="", read_only=True)
    approved_by = serializers.CharField(source="approved_by.full_name", default="", read_only=True)
    follow_up_missed = serializers.SerializerMethodField()

    class Meta:
        model = Sanction
        fields = [
            "id",
            "institution",
            "institution_name",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "grounds",
            "authority",
            "created_by",
            "created_at",
            "origin",
            "publish_from",
            "publish_until",
            "deadline",
            "follow_up_result",
            "follow_up_on",
            "follow_up_early",
            "follow_up_note",
            "follow_up_missed",
            "notified_on",
            "statement_due",
            "statement",
            "statement_at",
            "decision_reasons",
            "decided_by",
            "decided_at",
            "approved_by",
            "approved_at",
            "approval_note",
        ]

    def get_follow_up_missed(self, obj: Sanction) -> bool:
        return obj.follow_up_missed()


class InstitutionSanctionCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    institution = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    grounds = serializers.CharField(allow_blank=True, trim_whitespace=False)
    publish_from = serializers.DateField(required=False, help_text=_("通报批评：公布起始日"))
    publish_until = serializers.DateField(required=False, help_text=_("通报批评：公布截止日"))
    deadline = serializers.DateField(required=False, help_text=_("限期整改：整改期限"))


class FollowUpSerializer(serializers.Serializer):  # type: ignore[type-arg]
    result = serializers.ChoiceField(choices=FollowUpResult.choices)
    note = serializers.CharField(allow_blank=True, trim_whitespace=False)
    early = serializers.BooleanField(required=False, default=False)
    propose = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in Kind if k in DECISION_KINDS], required=False, allow_blank=True
    )


class StatementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    statement = serializers.CharField(allow_blank=True, trim_whitespace=False)


class DecideSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reasons = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ApprovalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class PublicCriticismSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    credit_code = serializers.CharField(source="institution.credit_code", read_only=True)
    authority = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = Sanction
        fields = [
            "id",
            "institution",
            "institution_name",
            "credit_code",
            "grounds",
            "authority",
            "publish_from",
            "publish_until",
        ]


class InactivityCaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    authority = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = InactivityCase
        fields = [
            "id",
            "institution",
            "institution_name",
            "status",
            "status_display",
            "last_activity_on",
            "requested_on",
            "explain_by",
            "request_text",
            "explanation",
            "explained_at",
            "decision_note",
            "decided_at",
            "suspended_from",
            "suspended_until",
            "exit_sanction",
            "authority",
        ]


class InactiveInstitutionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    institution = serializers.IntegerField(source="institution.pk")
    institution_name = serializers.CharField(source="institution.filed_name")
    last_activity_on = serializers.DateField()
    days = serializers.IntegerField()


class CaseCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    institution = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    explain_by = serializers.DateField(required=False)


class ExplanationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    explanation = serializers.CharField(allow_blank=True, trim_whitespace=False)


class CaseDecisionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    suspended_until = serializers.DateField(required=False, help_text=_("采纳说明时：计时中止至"))


class SanctionProposalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A 处理建议 from a 双随机 inspection and what the deciding bureau made of it (R-SUP-4, R-SUP-6)."""

    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    campaign_number = serializers.CharField(source="inspection.campaign.number", read_only=True)
    measure_display = serializers.CharField(source="get_measure_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    league_name = serializers.CharField(source="league.name", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.full_name", read_only=True)
    decided_by = serializers.CharField(source="decided_by.full_name", default="", read_only=True)
    sanction_status = serializers.CharField(source="sanction.status", default="", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "institution",
            "institution_name",
            "inspection",
            "campaign_number",
            "measure",
            "measure_display",
            "grounds",
            "league",
            "league_name",
            "status",
            "status_display",
            "proposed_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "sanction",
            "sanction_status",
        ]
        read_only_fields = fields


class SanctionProposalAcceptSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(
        label=_("决定意见"), required=False, allow_blank=True, trim_whitespace=False, default=""
    )
    deadline = serializers.DateField(
        label=_("整改期限"), required=False, allow_null=True, help_text=_("限期整改：整改期限（必填）")
    )
    publish_from = serializers.DateField(
        label=_("公布起始日"), required=False, allow_null=True, help_text=_("通报批评：公布起始日")
    )
    publish_until = serializers.DateField(
        label=_("公布截止日"), required=False, allow_null=True, help_text=_("通报批评：公布截止日")
    )


class SanctionProposalDeclineSerializer(serializers.Serializer):  # type: ignore[type-arg]
    grounds = serializers.CharField(
        label=_("不予采纳的理由"), allow_blank=True, trim_whitespace=False, help_text=_("不予采纳的理由（必填）")
    )
