"""Reads of the catalogue: occupations, current standards, components, ratios, eligibility."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext

from skillcert.accounts.types import Acting
from skillcert.catalog.choices import CURRENT_EDITION
from skillcert.catalog.eligibility import EligibilityFacts, EligibilityResult, evaluate_eligibility
from skillcert.catalog.models import (
    Component,
    EligibilityRule,
    Occupation,
    SkillStandard,
    StaffingRatio,
    StandardLevel,
)
from skillcert.core.errors import NotFoundError
from skillcert.core.scoping import RestrictedQuerySet


def _prefetch(lookup: str, queryset: QuerySet[Any], to_attr: str | None = None) -> Any:
    return Prefetch(lookup, queryset=queryset, to_attr=to_attr)


def _current_standards() -> Any:
    return _prefetch(
        "standards",
        SkillStandard.objects.filter(is_current=True).prefetch_related("levels"),
        to_attr="current_standards",
    )


def occupations_visible_to(actor: Acting) -> RestrictedQuerySet[Occupation]:
    """Occupations the actor may read, with 工种 and the current standard's levels prefetched (R-CAT-1)."""
    return (
        Occupation.objects.restrict(actor, "view")
        .select_related("successor")
        .prefetch_related("work_types", _current_standards())
    )


def search_occupations(
    actor: Acting, query: str = "", *, edition: int | None = CURRENT_EDITION
) -> RestrictedQuerySet[Occupation]:
    """Occupations matching a name, code or 工种 fragment (R-CAT-1)."""
    qs = occupations_visible_to(actor)
    if edition is not None:
        qs = qs.filter(edition=edition)
    query = query.strip()
    if query:
        matching = Q(name__icontains=query) | Q(code__startswith=query) | Q(work_types__name__icontains=query)
        qs = qs.filter(pk__in=Occupation.objects.filter(matching).values("pk"))
    return qs


def occupation_levels(occupation: Occupation) -> list[int]:
    """The levels of the occupation's current standard, 5 first (uses the prefetch when present)."""
    standards = getattr(occupation, "current_standards", None)
    if standards is None:
        std = current_standard(occupation)
        standards = [std] if std else []
    return sorted((sl.level for std in standards for sl in std.levels.all()), reverse=True)


def current_standard(occupation: Occupation) -> SkillStandard | None:
    """The occupation's standard in force, or None (R-CAT-3)."""
    prefetched = getattr(occupation, "current_standards", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return SkillStandard.objects.filter(occupation=occupation, is_current=True).first()


def standards_visible_to(actor: Acting) -> RestrictedQuerySet[SkillStandard]:
    """Standards with occupation, levels, components and ratios prefetched (R-CAT-3)."""
    return (
        SkillStandard.objects.restrict(actor, "view")
        .select_related("occupation", "ratio")
        .prefetch_related(
            _prefetch(
                "levels",
                StandardLevel.objects.prefetch_related(
                    "components",
                    _prefetch("eligibility_rules", EligibilityRule.objects.filter(is_current=True), "current_rules"),
                ),
            )
        )
    )


def standard_level_for(occupation: Occupation, level: int) -> StandardLevel:
    """The current standard's level, or NotFoundError naming what is missing."""
    sl = (
        StandardLevel.objects.filter(standard__occupation=occupation, standard__is_current=True, level=level)
        .select_related("standard")
        .first()
    )
    if sl is None:
        raise NotFoundError(
            gettext("职业“%(name)s”的现行标准没有%(level)s级") % {"name": occupation.name, "level": level}
        )
    return sl


def components_for(occupation: Occupation, level: int) -> list[Component]:
    """The exam components required at a level by the current standard (R-CAT-3, R-EXAM-8)."""
    return list(
        Component.objects.filter(
            standard_level__standard__occupation=occupation,
            standard_level__standard__is_current=True,
            standard_level__level=level,
        ).order_by("id")
    )


def ratios_for(target: Occupation | SkillStandard) -> StaffingRatio:
    """The stored staffing ratios of a standard, or of an occupation's current standard (R-CAT-3).

    A standard without a stored row answers with the model defaults (unsaved), so callers
    never fall back to literals of their own.
    """
    if isinstance(target, Occupation):
        standard = current_standard(target)
        if standard is None:
            raise NotFoundError(gettext("职业“%(name)s”没有现行职业技能标准") % {"name": target.name})
    else:
        standard = target
    ratio = StaffingRatio.objects.filter(standard=standard).first()
    return ratio if ratio is not None else StaffingRatio(standard=standard)


def current_eligibility_rule(occupation: Occupation, level: int) -> EligibilityRule | None:
    """The application conditions in force for an occupation level (R-CAT-4)."""
    return (
        EligibilityRule.objects.filter(
            standard_level__standard__occupation=occupation,
            standard_level__standard__is_current=True,
            standard_level__level=level,
            is_current=True,
        )
        .select_related("standard_level__standard")
        .first()
    )


def eligibility_rules_visible_to(actor: Acting) -> RestrictedQuerySet[EligibilityRule]:
    """All rule versions the actor may read (R-CAT-4)."""
    return EligibilityRule.objects.restrict(actor, "view").select_related("standard_level__standard__occupation")


def check_eligibility(occupation: Occupation, level: int, facts: EligibilityFacts) -> EligibilityResult:
    """Evaluate the current rule of an occupation level against an applicant (R-CAT-4, R-EXAM-3)."""
    rule = current_eligibility_rule(occupation, level)
    if rule is None:
        raise NotFoundError(
            gettext("职业“%(name)s”%(level)s级没有现行申报条件") % {"name": occupation.name, "level": level}
        )
    return evaluate_eligibility(rule.rules, facts, occupation_code=occupation.code)
