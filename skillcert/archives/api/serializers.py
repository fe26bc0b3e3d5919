"""Serializers of the archives API (R-ARC-1..3)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from skillcert.archives.choices import Volume
from skillcert.archives.models import Disposal, Dossier, DossierItem, LegalHold, StoredFile


class StoredFileSerializer(serializers.ModelSerializer[StoredFile]):
    uploaded_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )  # null: a file the platform stored itself (a generated dossier, an export)

    class Meta:
        model = StoredFile
        fields = ["id", "sha256", "size", "content_type", "original_name", "purpose", "uploaded_by", "uploaded_at"]


class DossierItemSerializer(serializers.ModelSerializer[DossierItem]):
    file = StoredFileSerializer(source="stored_file", read_only=True)

    class Meta:
        model = DossierItem
        fields = ["id", "volume", "position", "title", "medium", "generated", "file"]


class LegalHoldSerializer(serializers.ModelSerializer[LegalHold]):
    class Meta:
        model = LegalHold
        fields = ["id", "grounds", "set_at", "lift_grounds", "lifted_at"]


class DisposalSerializer(serializers.ModelSerializer[Disposal]):
    class Meta:
        model = Disposal
        fields = ["id", "dossier", "status", "reason", "proposed_at", "decided_at", "decision_note", "manifest_sha256"]


class DossierSerializer(serializers.ModelSerializer[Dossier]):
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    on_hold = serializers.BooleanField(read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "plan",
            "plan_number",
            "status",
            "sealed_at",
            "batch_ended_on",
            "paper_retain_until",
            "electronic_retain_until",
            "manifest_sha256",
            "seal_event_id",
            "on_hold",
        ]


class DossierDetailSerializer(DossierSerializer):
    items = DossierItemSerializer(many=True, read_only=True)
    holds = LegalHoldSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "items", "holds"]


class DossierOpenSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(label=gettext_lazy("认定计划ID"))


class DossierScanSerializer(serializers.Serializer[Any]):
    volume = serializers.ChoiceField(choices=Volume.choices, label=gettext_lazy("卷"))
    title = serializers.CharField(label=gettext_lazy("题名"), max_length=300)
    file = serializers.FileField(label=gettext_lazy("扫描件（PDF或图片）"))


class HoldGroundsSerializer(serializers.Serializer[Any]):
    grounds = serializers.CharField(label=gettext_lazy("依据"), allow_blank=True)


class DisposalReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(label=gettext_lazy("销毁理由"), allow_blank=True)


class DisposalNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(label=gettext_lazy("意见"), allow_blank=True, required=False, default="")


class DossierVerifySerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    checked = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField())


class TraceEventSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    action = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    actor_repr = serializers.CharField()
    hash = serializers.CharField()


class TraceLineSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    text = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    chain_ok = serializers.BooleanField()
    events = TraceEventSerializer(many=True)
    files = StoredFileSerializer(many=True)


class TraceSectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    lines = TraceLineSerializer(many=True)


class TraceSerializer(serializers.Serializer[Any]):
    certificate_number = serializers.CharField(source="certificate.number")
    chain_ok = serializers.BooleanField()
    dossier = serializers.IntegerField(source="dossier.pk", allow_null=True, default=None)
    missing = serializers.ListField(child=serializers.CharField())
    sections = TraceSectionSerializer(many=True)


class TouchedCertificateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField(source="masked_name")
    level = serializers.IntegerField()
    issued_on = serializers.DateField()
    status = serializers.CharField()
