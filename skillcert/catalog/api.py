"""Catalogue REST API: occupations, standards, eligibility rules; a public occupation list (R-X-5)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.catalog.eligibility import (
    CertificateFact,
    DiplomaFact,
    EligibilityFacts,
    TitleFact,
    evaluate_eligibility,
)
from skillcert.catalog.filtersets import EligibilityRuleFilterSet, OccupationFilterSet, SkillStandardFilterSet
from skillcert.catalog.models import EligibilityRule, Occupation, SkillStandard
from skillcert.catalog.selectors import (
    current_eligibility_rule,
    eligibility_rules_visible_to,
    occupations_visible_to,
    standards_visible_to,
)
from skillcert.catalog.serializers import (
    EligibilityCheckSerializer,
    EligibilityResultSerializer,
    EligibilityRuleSerializer,
    OccupationSerializer,
    PublicOccupationSerializer,
    SkillStandardSerializer,
)
from skillcert.core.errors import DomainError


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("职业列表（默认2022年版大典，可按名称、编码、工种、等级筛选）")),
    retrieve=extend_schema(summary=gettext_lazy("职业详情")),
)
class OccupationViewSet(viewsets.ReadOnlyModelViewSet[Occupation]):
    """Occupations with 工种 and levels, for any logged-in user (R-CAT-1, R-CAT-2)."""

    serializer_class = OccupationSerializer
    filterset_class = OccupationFilterSet

    def get_queryset(self) -> Any:
        return occupations_visible_to(self.request.user)

    @extend_schema(
        summary=gettext_lazy("按现行申报条件检查申报资格"),
        request=EligibilityCheckSerializer,
        responses=EligibilityResultSerializer,
    )
    @action(detail=True, methods=["post"], url_path="check-eligibility")
    def check_eligibility(self, request: Request, pk: str | None = None) -> Response:
        """Evaluate an applicant against the current rule and list every unmet condition (R-CAT-4)."""
        occupation = self.get_object()
        form = EligibilityCheckSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        level = data["level"]
        rule = current_eligibility_rule(occupation, level)
        if rule is None:
            raise DomainError(
                gettext("职业“%(name)s”没有%(level)s级的现行申报条件") % {"name": occupation.name, "level": level},
                field="level",
                code="no_rule",
            )
        facts = EligibilityFacts(
            birth_date=data["birth_date"],
            on_date=data.get("on_date") or timezone.localdate(),
            years_in_occupation=data["years_in_occupation"],
            certificates=[CertificateFact(**c) for c in data["certificates"]],
            diplomas=[DiplomaFact(**d) for d in data["diplomas"]],
            titles=[TitleFact(**t) for t in data["titles"]],
            apprenticeship_completed=data["apprenticeship_completed"],
        )
        result = evaluate_eligibility(rule.rules, facts, occupation_code=occupation.code)
        payload = {
            "ok": result.ok,
            "unmet": result.unmet,
            "alternatives": [
                {"index": a.index, "label": a.label, "ok": a.ok, "unmet": a.unmet} for a in result.alternatives
            ],
            "rule": rule.pk,
            "rule_version": rule.version,
        }
        return Response(EligibilityResultSerializer(payload).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("职业技能标准列表（含各等级考核科目、合格分、时长和考务人员配比）")),
    retrieve=extend_schema(summary=gettext_lazy("职业技能标准详情")),
)
class SkillStandardViewSet(viewsets.ReadOnlyModelViewSet[SkillStandard]):
    """Standards with their levels, components, ratios and current rules (R-CAT-3)."""

    serializer_class = SkillStandardSerializer
    filterset_class = SkillStandardFilterSet

    def get_queryset(self) -> Any:
        return standards_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("申报条件（各版本）")),
    retrieve=extend_schema(summary=gettext_lazy("申报条件详情")),
)
class EligibilityRuleViewSet(viewsets.ReadOnlyModelViewSet[EligibilityRule]):
    """Every version of every level's application conditions (R-CAT-4)."""

    serializer_class = EligibilityRuleSerializer
    filterset_class = EligibilityRuleFilterSet

    def get_queryset(self) -> Any:
        return eligibility_rules_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("公开职业目录（无需登录）")),
    retrieve=extend_schema(summary=gettext_lazy("公开职业详情（无需登录）")),
)
class PublicOccupationViewSet(viewsets.ReadOnlyModelViewSet[Occupation]):
    """The occupation list anyone may read, without logging in (R-PUB-1)."""

    serializer_class = PublicOccupationSerializer
    filterset_class = OccupationFilterSet
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> Any:
        return occupations_visible_to(None).filter(is_active=True)
