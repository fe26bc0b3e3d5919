"""Serializers of the catalogue API (R-CAT-1..4, R-X-5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skillcert.catalog.choices import DiplomaKind, TitleLevel, level_label
from skillcert.catalog.eligibility import describe_rule
from skillcert.catalog.models import (
    Component,
    EligibilityRule,
    Occupation,
    SkillStandard,
    StaffingRatio,
    StandardLevel,
    WorkType,
    display_work_type,
)
from skillcert.catalog.selectors import current_standard, occupation_levels


class LevelSerializer(serializers.Serializer[int]):
    level = serializers.IntegerField(help_text=gettext_lazy("等级数字，5最低，1最高"))
    label = serializers.CharField(help_text=gettext_lazy("如“三级/高级工”"))  # type: ignore[assignment]

    def to_representation(self, instance: int) -> dict[str, Any]:
        return {"level": instance, "label": level_label(instance)}


class WorkTypeSerializer(serializers.ModelSerializer[WorkType]):
    class Meta:
        model = WorkType
        fields = ["id", "name"]


class OccupationRefSerializer(serializers.ModelSerializer[Occupation]):
    class Meta:
        model = Occupation
        fields = ["id", "edition", "code", "name"]


class StandardRefSerializer(serializers.ModelSerializer[SkillStandard]):
    class Meta:
        model = SkillStandard
        fields = ["id", "title", "version", "document", "effective_date"]


class OccupationSerializer(serializers.ModelSerializer[Occupation]):
    edition_display = serializers.CharField(source="get_edition_display", read_only=True)
    work_types = WorkTypeSerializer(many=True, read_only=True)
    work_type_display = serializers.SerializerMethodField(
        help_text=gettext_lazy("工种名称，以顿号分隔；无工种时为“--”")
    )
    levels = serializers.SerializerMethodField()
    current_standard = serializers.SerializerMethodField()
    successor = OccupationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Occupation
        fields = [
            "id",
            "edition",
            "edition_display",
            "code",
            "name",
            "major_category",
            "work_types",
            "work_type_display",
            "levels",
            "current_standard",
            "successor",
            "is_active",
            "notes",
        ]

    def get_work_type_display(self, obj: Occupation) -> str:
        names = [wt.name for wt in obj.work_types.all()]
        return "、".join(names) if names else display_work_type(None)

    @extend_schema_field(LevelSerializer(many=True))
    def get_levels(self, obj: Occupation) -> list[dict[str, Any]]:
        return [{"level": lv, "label": level_label(lv)} for lv in occupation_levels(obj)]

    @extend_schema_field(StandardRefSerializer(allow_null=True))
    def get_current_standard(self, obj: Occupation) -> dict[str, Any] | None:
        std = current_standard(obj)
        return StandardRefSerializer(std).data if std is not None else None


class PublicOccupationSerializer(OccupationSerializer):
    """What the public portal shows of an occupation (R-PUB-1)."""

    class Meta(OccupationSerializer.Meta):
        fields = ["id", "edition", "edition_display", "code", "name", "work_types", "work_type_display", "levels"]


class ComponentSerializer(serializers.ModelSerializer[Component]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Component
        fields = ["id", "kind", "kind_display", "full_marks", "pass_mark", "min_duration_minutes"]


class StaffingRatioSerializer(serializers.ModelSerializer[StaffingRatio]):
    class Meta:
        model = StaffingRatio
        fields = [
            "proctor_per_candidates",
            "min_proctors_per_room",
            "examiner_per_candidates",
            "min_examiners",
            "min_review_panel",
        ]


class DescribedAlternativeSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    conditions = serializers.ListField(child=serializers.CharField())


class RuleSummarySerializer(serializers.ModelSerializer[EligibilityRule]):
    description = serializers.SerializerMethodField(
        help_text=gettext_lazy("申报条件的中文表述：满足任一组即可，组内条件须全部满足")
    )

    class Meta:
        model = EligibilityRule
        fields = ["id", "version", "effective_from", "verified", "description"]

    @extend_schema_field(DescribedAlternativeSerializer(many=True))
    def get_description(self, obj: EligibilityRule) -> list[dict[str, Any]]:
        return [vars(alt) for alt in describe_rule(obj.rules)]


class StandardLevelSerializer(serializers.ModelSerializer[StandardLevel]):
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    components = ComponentSerializer(many=True, read_only=True)
    eligibility = serializers.SerializerMethodField()

    class Meta:
        model = StandardLevel
        fields = ["id", "level", "label", "components", "eligibility"]

    @extend_schema_field(RuleSummarySerializer(allow_null=True))
    def get_eligibility(self, obj: StandardLevel) -> dict[str, Any] | None:
        rules = getattr(obj, "current_rules", None)
        if rules is None:
            rules = list(obj.eligibility_rules.filter(is_current=True))
        return RuleSummarySerializer(rules[0]).data if rules else None


class SkillStandardSerializer(serializers.ModelSerializer[SkillStandard]):
    occupation = OccupationRefSerializer(read_only=True)
    levels = StandardLevelSerializer(many=True, read_only=True)
    ratio = StaffingRatioSerializer(read_only=True, allow_null=True)

    class Meta:
        model = SkillStandard
        fields = [
            "id",
            "occupation",
            "title",
            "version",
            "document",
            "effective_date",
            "is_current",
            "verified",
            "source",
            "notes",
            "levels",
            "ratio",
        ]


class EligibilityRuleSerializer(serializers.ModelSerializer[EligibilityRule]):
    occupation = OccupationRefSerializer(source="standard_level.standard.occupation", read_only=True)
    standard = serializers.IntegerField(source="standard_level.standard_id", read_only=True)
    level = serializers.IntegerField(source="standard_level.level", read_only=True)
    level_label = serializers.CharField(source="standard_level.label", read_only=True)
    origin_display = serializers.CharField(source="get_origin_display", read_only=True)
    description = serializers.SerializerMethodField()

    class Meta:
        model = EligibilityRule
        fields = [
            "id",
            "occupation",
            "standard",
            "level",
            "level_label",
            "version",
            "is_current",
            "effective_from",
            "origin",
            "origin_display",
            "verified",
            "source",
            "note",
            "rules",
            "description",
        ]

    @extend_schema_field(DescribedAlternativeSerializer(many=True))
    def get_description(self, obj: EligibilityRule) -> list[dict[str, Any]]:
        return [vars(alt) for alt in describe_rule(obj.rules)]


# -- eligibility check -------------------------------------------------------------------


class CertificateFactSerializer(serializers.Serializer[Any]):
    occupation_code = serializers.RegexField(r"^\d-\d{2}-\d{2}-\d{2}$", label=gettext_lazy("职业编码"))
    level = serializers.IntegerField(min_value=1, max_value=5, label=gettext_lazy("等级"))
    issued_on = serializers.DateField(label=gettext_lazy("发证日期"))
    related = serializers.BooleanField(default=False, label=gettext_lazy("认定为相关职业"))


class DiplomaFactSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DiplomaKind.choices, label=gettext_lazy("毕业证书类别"))
    related_major = serializers.BooleanField(default=True, label=gettext_lazy("本专业或相关专业"))


class TitleFactSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=TitleLevel.choices, label=gettext_lazy("职称级别"))
    related = serializers.BooleanField(default=True, label=gettext_lazy("符合专业对应关系"))


class EligibilityCheckSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(min_value=1, max_value=5, label=gettext_lazy("申报等级"))
    birth_date = serializers.DateField(label=gettext_lazy("出生日期"))
    on_date = serializers.DateField(required=False, label=gettext_lazy("申报日期（默认今天）"))
    years_in_occupation = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        default=Decimal(0),
        label=gettext_lazy("累计从事本职业或相关职业年限"),
    )
    certificates = CertificateFactSerializer(many=True, required=False, default=list)
    diplomas = DiplomaFactSerializer(many=True, required=False, default=list)
    titles = TitleFactSerializer(many=True, required=False, default=list)
    apprenticeship_completed = serializers.BooleanField(default=False, label=gettext_lazy("学徒期满"))


class AlternativeOutcomeSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    ok = serializers.BooleanField()
    unmet = serializers.ListField(child=serializers.CharField())


class EligibilityResultSerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    unmet = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("所有未满足的条件，按可选条件分组标注")
    )
    alternatives = AlternativeOutcomeSerializer(many=True)
    rule = serializers.IntegerField(help_text=gettext_lazy("所用申报条件ID"))
    rule_version = serializers.IntegerField()
