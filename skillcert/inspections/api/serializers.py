"""Serializers of the inspections API (R-X-5)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from skillcert.exams.models import SessionStaff
from skillcert.inspections import draw
from skillcert.inspections.choices import Grade, Method, Outcome
from skillcert.inspections.models import (
    Campaign,
    Inspection,
    InternalRecord,
    RectificationOrder,
    ResultVersion,
    SupervisionPhoto,
    SupervisionReport,
)
from skillcert.institutions.choices import InstitutionType
from skillcert.sanctions.choices import Kind


class SvAssignmentSerializer(serializers.ModelSerializer[SessionStaff]):
    """A session the actor supervises, with the report or record state."""

    session_label = serializers.CharField(source="session.__str__", read_only=True)
    institution = serializers.CharField(source="session.plan.institution.filed_name", read_only=True)
    venue = serializers.CharField(source="session.room.venue.name", read_only=True)
    room = serializers.CharField(source="session.room.name", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="session.ends_at", read_only=True)

    class Meta:
        model = SessionStaff
        fields = ["id", "session", "session_label", "institution", "venue", "room", "starts_at", "ends_at", "role"]
        read_only_fields = fields


class SvPhotoSerializer(serializers.ModelSerializer[SupervisionPhoto]):
    class Meta:
        model = SupervisionPhoto
        fields = ["id", "original_name", "content_type", "size", "sha256", "caption", "created_at"]
        read_only_fields = fields


class SvReportSerializer(serializers.ModelSerializer[SupervisionReport]):
    supervisor_name = serializers.CharField(source="supervisor.name", read_only=True)
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    session_label = serializers.CharField(source="session.__str__", read_only=True)
    photos = SvPhotoSerializer(many=True, read_only=True)
    order = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionReport
        fields = [
            "id",
            "session",
            "session_label",
            "supervisor",
            "supervisor_name",
            "institution",
            "institution_name",
            "league",
            "status",
            "arrived_at",
            "checklist",
            "notes",
            "grade",
            "findings",
            "countersigned_by",
            "countersigned_at",
            "countersign_note",
            "due_on",
            "submitted_at",
            "submitted_late",
            "photos",
            "order",
        ]
        read_only_fields = fields

    def get_order(self, obj: SupervisionReport) -> int | None:
        order = getattr(obj, "order", None)
        return order.pk if order is not None else None


class SvReportOpenSerializer(serializers.Serializer[Any]):
    session = serializers.IntegerField()


class SvChecklistField(serializers.DictField):
    child = serializers.CharField(allow_blank=True)


class SvReportSaveSerializer(serializers.Serializer[Any]):
    arrived_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    checklist = SvChecklistField(required=False, default=dict, help_text=gettext_lazy("检查项 → yes / no / na"))
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False, default=Grade.NONE)
    findings = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class SvPhotoUploadSerializer(serializers.Serializer[Any]):
    photo = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class SvCountersignSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SvInternalRecordSerializer(serializers.ModelSerializer[InternalRecord]):
    supervisor_name = serializers.CharField(source="supervisor.name", read_only=True)
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)

    class Meta:
        model = InternalRecord
        fields = [
            "id",
            "session",
            "supervisor",
            "supervisor_name",
            "institution",
            "institution_name",
            "league",
            "checklist",
            "notes",
            "grade",
            "findings",
            "filed_at",
        ]
        read_only_fields = fields


class SvInternalRecordCreateSerializer(SvReportSaveSerializer):
    session = serializers.IntegerField()
    arrived_at = None  # type: ignore[assignment]


class SvOrderSerializer(serializers.ModelSerializer[RectificationOrder]):
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)

    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "institution",
            "institution_name",
            "league",
            "source",
            "report",
            "inspection",
            "proposal",
            "status",
            "grounds",
            "deadline",
            "follow_up_on",
            "status_change",
            "sanction",
            "decided_at",
            "follow_up_note",
            "followed_up_at",
        ]
        read_only_fields = fields


class SvIssueSerializer(serializers.Serializer[Any]):
    grounds = serializers.CharField(max_length=2000)
    deadline = serializers.DateField()
    follow_up_on = serializers.DateField()


class SvGroundsSerializer(serializers.Serializer[Any]):
    grounds = serializers.CharField(max_length=2000)


class SvFollowUpSerializer(serializers.Serializer[Any]):
    passed = serializers.BooleanField(help_text=gettext_lazy("整改到位（机构恢复正常）或不到位"))
    note = serializers.CharField(max_length=2000)
    early = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("整改期限届满前复查须为 true")
    )
    propose = serializers.ChoiceField(
        choices=[
            ("", ""),
            ("suspension", gettext_lazy("暂停评价")),
            ("disqualification", gettext_lazy("取消评价资质")),
        ],
        required=False,
        default="",
        help_text=gettext_lazy("整改不到位时必填：拟暂停评价或拟取消评价资质（进入陈述申辩期）"),
    )
    proposal_grounds = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)


class SvCampaignSerializer(serializers.ModelSerializer[Campaign]):
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    league_codes = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "number",
            "title",
            "organiser",
            "organiser_name",
            "period_start",
            "period_end",
            "records_from",
            "records_to",
            "league_codes",
            "institution_types",
            "method",
            "partner_departments",
            "sampling_percent",
            "inspectors_per_inspection",
            "status",
            "strata",
            "seed_commitment",
            "seed",
            "pool_published_at",
            "drawn_at",
        ]
        read_only_fields = fields

    def get_league_codes(self, obj: Campaign) -> list[str]:
        return [j.code for j in obj.leagues.all()]


class SvCampaignCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    records_from = serializers.DateField()
    records_to = serializers.DateField()
    leagues = serializers.ListField(
        child=serializers.CharField(max_length=6), help_text=gettext_lazy("盟市行政区划代码")
    )
    institution_types = serializers.ListField(child=serializers.ChoiceField(choices=InstitutionType.choices))
    method = serializers.ChoiceField(choices=Method.choices)
    sampling_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    inspectors_per_inspection = serializers.IntegerField(min_value=1)
    partner_departments = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SvSeedSerializer(serializers.Serializer[Any]):
    seed = serializers.CharField(required=False, allow_blank=True, default="", max_length=128)


class SvInspectionSerializer(serializers.ModelSerializer[Inspection]):
    campaign_number = serializers.CharField(source="campaign.number", read_only=True)
    institution_name = serializers.CharField(source="institution.filed_name", read_only=True)
    inspector_names = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "campaign",
            "campaign_number",
            "institution",
            "institution_name",
            "stratum",
            "draw_order",
            "inspector_names",
            "inspector_draw",
            "status",
            "inspected_on",
            "checklist",
            "findings",
            "outcome",
            "outcome_note",
            "concluded_at",
            "publish_due_on",
        ]
        read_only_fields = fields

    def get_inspector_names(self, obj: Inspection) -> list[str]:
        return [i.person.name for i in obj.inspectors.all()]


class SvInspectionRecordSerializer(serializers.Serializer[Any]):
    inspected_on = serializers.DateField(required=False, allow_null=True, default=None)
    checklist = SvChecklistField(required=False, default=dict, help_text=gettext_lazy("检查项 → yes / no / na"))
    findings = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class SvConcludeSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    measure = serializers.ChoiceField(
        label=gettext_lazy("建议处理类别"),
        choices=Kind.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("提出处理建议时必填：建议的处理类别，送机构所在盟市人社局决定"),
    )


class SvCorrectionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, help_text=gettext_lazy("更正说明（公众可见）"))
    findings = serializers.CharField(required=False, allow_null=True, default=None, max_length=5000)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_null=True, default=None)
    outcome_note = serializers.CharField(required=False, allow_null=True, default=None, max_length=5000)


class SvVersionSerializer(serializers.ModelSerializer[ResultVersion]):
    class Meta:
        model = ResultVersion
        fields = ["number", "results", "correction_note", "published_at"]
        read_only_fields = fields


class SvRecordsSectionSerializer(serializers.Serializer[Any]):
    section = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_blank=True)))


# --- public ------------------------------------------------------------------------------------------


class PublicCampaignListSerializer(serializers.ModelSerializer[Campaign]):
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "number",
            "title",
            "organiser_name",
            "period_start",
            "period_end",
            "method",
            "partner_departments",
            "sampling_percent",
            "inspectors_per_inspection",
            "status",
            "seed_commitment",
            "pool_published_at",
            "drawn_at",
        ]
        read_only_fields = fields


class PublicCampaignSerializer(PublicCampaignListSerializer):
    """Everything anyone needs to re-run the draw: pool, strata, commitment, seed, result, eligible lists."""

    algorithm = serializers.SerializerMethodField()
    pool = serializers.SerializerMethodField()
    inspections = serializers.SerializerMethodField()
    versions = SvVersionSerializer(many=True, read_only=True)

    class Meta(PublicCampaignListSerializer.Meta):
        fields = [
            *PublicCampaignListSerializer.Meta.fields,
            "strata",
            "seed",
            "algorithm",
            "pool",
            "sample",
            "inspections",
            "versions",
        ]
        read_only_fields = fields

    def get_algorithm(self, obj: Campaign) -> list[str]:
        return [str(step) for step in draw.ALGORITHM_STEPS]

    def get_pool(self, obj: Campaign) -> list[dict[str, Any]]:
        return [{k: e[k] for k in ("name", "credit_code", "league", "league_name", "type")} for e in obj.pool]

    def get_inspections(self, obj: Campaign) -> list[dict[str, Any]]:
        out = []
        for inspection in obj.inspections.all():
            record = inspection.inspector_draw or {}
            names = {p["id"]: p["name"] for p in record.get("pool", [])}
            out.append(
                {
                    "draw_order": inspection.draw_order,
                    "institution": inspection.institution.filed_name,
                    "credit_code": inspection.institution.credit_code,
                    "league": inspection.stratum.code,
                    "inspector_pool": [{"id": p["id"], "name": p["name"]} for p in record.get("pool", [])],
                    "excluded": [
                        {"id": e["id"], "name": e["name"], "reasons": sorted({r["code"] for r in e["reasons"]})}
                        for e in record.get("exclusions", [])
                    ],
                    "eligible": record.get("eligible", []),
                    "selected": [{"id": pid, "name": names.get(pid, "")} for pid in record.get("selected", [])],
                }
            )
        return out
