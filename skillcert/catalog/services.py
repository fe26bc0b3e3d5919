"""Writes to the catalogue; each validates, writes and audits in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.catalog.choices import REVIEW_LEVELS, CatalogEvent, ComponentKind, Edition, RuleOrigin
from skillcert.catalog.eligibility import rule_errors
from skillcert.catalog.loader import LoadReport, load_catalog_data, read_catalog_data
from skillcert.catalog.models import (
    CATALOG_POLICY,
    Component,
    EligibilityRule,
    Occupation,
    SkillStandard,
    StaffingRatio,
    StandardLevel,
    WorkType,
)
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.scoping import actor_may
from skillcert.core.validation import clean_model

DEFAULT_THEORY_MINUTES = 90
DEFAULT_SKILLS_MINUTES = {5: 60, 4: 90, 3: 120, 2: 150, 1: 180}
DEFAULT_REVIEW_MINUTES = 30


def _require_catalog_admin(actor: Actor | None) -> None:
    """Only region administrators (or the system, actor=None) maintain the catalogue."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    org = getattr(actor, "organisation", None)
    if not actor_may(actor, "change", CATALOG_POLICY) or getattr(org, "scope_level", None) != "region":
        raise PermissionDenied(gettext("只有自治区级系统管理员可以维护职业与标准目录"))


def _audit(actor: Actor | None, action: str, obj: models.Model, before: dict[str, Any] | None) -> None:
    record_event(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj))


def create_occupation(
    *, actor: Actor | None, edition: int = Edition.E2022, code: str, name: str, notes: str = "", source: str = ""
) -> Occupation:
    """Add an occupation of one 大典 edition (R-CAT-1)."""
    _require_catalog_admin(actor)
    with transaction.atomic():
        occ = Occupation(edition=edition, code=code.strip(), name=name.strip(), notes=notes, source=source)
        clean_model(occ)
        occ.save()
        _audit(actor, CatalogEvent.OCCUPATION_CREATED, occ, None)
    return occ


def update_occupation(*, actor: Actor | None, occupation: Occupation, **changes: Any) -> Occupation:
    """Change an occupation's name, notes, source or active flag (R-CAT-1)."""
    _require_catalog_admin(actor)
    allowed = {"name", "notes", "source", "is_active", "successor"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            gettext("不能修改字段：%(join)s") % {"join": "、".join(sorted(unknown))},
            field=sorted(unknown)[0],
            code="readonly",
        )
    with transaction.atomic():
        before = snapshot(occupation)
        for name, value in changes.items():
            setattr(occupation, name, value)
        clean_model(occupation)
        occupation.save()
        _audit(actor, CatalogEvent.OCCUPATION_UPDATED, occupation, before)
    return occupation


def add_work_type(*, actor: Actor | None, occupation: Occupation, name: str) -> WorkType:
    """Add a 工种 to an occupation (R-CAT-1)."""
    _require_catalog_admin(actor)
    name = name.strip()
    if not name or name == "--":
        raise DomainError(gettext("工种名称不能为空；无工种时不必添加（打印为“--”）"), field="name", code="required")
    with transaction.atomic():
        order = (occupation.work_types.aggregate(m=models.Max("sort_order"))["m"] or 0) + 1
        wt = WorkType(occupation=occupation, name=name, sort_order=order)
        clean_model(wt)
        wt.save()
        _audit(actor, CatalogEvent.WORK_TYPE_CREATED, wt, None)
    return wt


def _default_components(level: int) -> list[tuple[str, int]]:
    components = [(ComponentKind.THEORY, DEFAULT_THEORY_MINUTES), (ComponentKind.SKILLS, DEFAULT_SKILLS_MINUTES[level])]
    if level in REVIEW_LEVELS:
        components.append((ComponentKind.REVIEW, DEFAULT_REVIEW_MINUTES))
    return [(str(kind), minutes) for kind, minutes in components]


def create_standard(
    *,
    actor: Actor | None,
    occupation: Occupation,
    title: str,
    version: str,
    levels: list[int],
    document: str = "",
    effective_date: date | None = None,
    make_current: bool = True,
    source: str = "",
) -> SkillStandard:
    """Add a standard version with its levels, default components and default ratios (R-CAT-3)."""
    _require_catalog_admin(actor)
    if not levels:
        raise DomainError(gettext("标准至少要包含一个等级"), field="levels", code="required")
    bad = [lv for lv in levels if lv not in (1, 2, 3, 4, 5)]
    if bad:
        raise DomainError(
            gettext("等级必须是1至5，收到：%(bad)s") % {"bad": bad}, field="levels", code="invalid_choice"
        )
    with transaction.atomic():
        if make_current:
            for other in SkillStandard.objects.select_for_update().filter(occupation=occupation, is_current=True):
                before = snapshot(other)
                other.is_current = False
                other.save(update_fields=["is_current", "updated_at"])
                _audit(actor, CatalogEvent.STANDARD_UPDATED, other, before)
        std = SkillStandard(
            occupation=occupation,
            title=title.strip(),
            version=version.strip(),
            document=document,
            effective_date=effective_date,
            is_current=make_current,
            source=source,
        )
        clean_model(std)
        std.save()
        _audit(actor, CatalogEvent.STANDARD_CREATED, std, None)
        for level in sorted(set(levels), reverse=True):
            sl = StandardLevel.objects.create(standard=std, level=level)
            _audit(actor, CatalogEvent.STANDARD_LEVEL_CREATED, sl, None)
            for kind, minutes in _default_components(level):
                comp = Component(standard_level=sl, kind=kind, min_duration_minutes=minutes)
                clean_model(comp)
                comp.save()
                _audit(actor, CatalogEvent.COMPONENT_CREATED, comp, None)
        ratio = StaffingRatio.objects.create(standard=std)
        _audit(actor, CatalogEvent.RATIO_CREATED, ratio, None)
    return std


def update_standard(*, actor: Actor | None, standard: SkillStandard, **changes: Any) -> SkillStandard:
    """Change a standard's descriptive fields, or make it the current version (R-CAT-3)."""
    _require_catalog_admin(actor)
    allowed = {"title", "version", "document", "effective_date", "is_current", "verified", "source", "notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            gettext("不能修改字段：%(join)s") % {"join": "、".join(sorted(unknown))},
            field=sorted(unknown)[0],
            code="readonly",
        )
    with transaction.atomic():
        if changes.get("is_current") and not standard.is_current:
            others = SkillStandard.objects.select_for_update().filter(occupation=standard.occupation, is_current=True)
            for other in others.exclude(pk=standard.pk):
                before_other = snapshot(other)
                other.is_current = False
                other.save(update_fields=["is_current", "updated_at"])
                _audit(actor, CatalogEvent.STANDARD_UPDATED, other, before_other)
        before = snapshot(standard)
        for name, value in changes.items():
            setattr(standard, name, value)
        clean_model(standard)
        standard.save()
        _audit(actor, CatalogEvent.STANDARD_UPDATED, standard, before)
    return standard


def update_component(
    *,
    actor: Actor | None,
    component: Component,
    full_marks: int | None = None,
    pass_mark: int | None = None,
    min_duration_minutes: int | None = None,
) -> Component:
    """Change a component's full marks, inclusive pass mark or minimum duration (R-CAT-3)."""
    _require_catalog_admin(actor)
    with transaction.atomic():
        before = snapshot(component)
        if full_marks is not None:
            component.full_marks = full_marks
        if pass_mark is not None:
            component.pass_mark = pass_mark
        if min_duration_minutes is not None:
            component.min_duration_minutes = min_duration_minutes
        clean_model(component)
        component.save()
        _audit(actor, CatalogEvent.COMPONENT_UPDATED, component, before)
    return component


def set_ratios(
    *,
    actor: Actor | None,
    standard: SkillStandard,
    proctor_per_candidates: int | None = None,
    min_proctors_per_room: int | None = None,
    examiner_per_candidates: int | None = None,
    min_examiners: int | None = None,
    min_review_panel: int | None = None,
) -> StaffingRatio:
    """Store a standard's staffing ratios; unspecified values keep their current setting (R-CAT-3)."""
    _require_catalog_admin(actor)
    values = {
        "proctor_per_candidates": proctor_per_candidates,
        "min_proctors_per_room": min_proctors_per_room,
        "examiner_per_candidates": examiner_per_candidates,
        "min_examiners": min_examiners,
        "min_review_panel": min_review_panel,
    }
    with transaction.atomic():
        ratio = StaffingRatio.objects.select_for_update().filter(standard=standard).first()
        before = snapshot(ratio) if ratio is not None else None
        if ratio is None:
            ratio = StaffingRatio(standard=standard)
        for name, value in values.items():
            if value is not None:
                setattr(ratio, name, value)
        clean_model(ratio)
        ratio.save()
        _audit(actor, CatalogEvent.RATIO_SET, ratio, before)
    return ratio


def publish_eligibility_rule(
    *,
    actor: Actor | None,
    standard_level: StandardLevel,
    rules: dict[str, Any],
    effective_from: date | None = None,
    source: str = "",
    note: str = "",
) -> EligibilityRule:
    """Publish the next version of a level's application conditions; the old one is kept (R-CAT-4)."""
    _require_catalog_admin(actor)
    with transaction.atomic():
        existing = EligibilityRule.objects.select_for_update().filter(standard_level=standard_level)
        last = existing.order_by("-version").first()
        rule = EligibilityRule(
            standard_level=standard_level,
            version=(last.version + 1) if last else 1,
            rules=rules,
            is_current=True,
            effective_from=effective_from,
            origin=RuleOrigin.MANUAL,
            source=source,
            note=note,
        )
        errors = rule_errors(rules)
        if errors:
            raise DomainError("；".join(errors), field="rules", code="invalid_rule")
        for old in existing.filter(is_current=True):
            before = snapshot(old)
            old.is_current = False
            old.save(update_fields=["is_current", "updated_at"])
            _audit(actor, CatalogEvent.ELIGIBILITY_RULE_RETIRED, old, before)
        clean_model(rule)  # inside the transaction: a failure also undoes the retirement above
        rule.save()
        _audit(actor, CatalogEvent.ELIGIBILITY_RULE_PUBLISHED, rule, None)
    return rule


def load_catalog(
    *, actor: Actor | None, path: Path | str | None = None, data: dict[str, Any] | None = None
) -> LoadReport:
    """Create or refresh the catalogue from the JSON data file, idempotently (R-CAT-1..4)."""
    _require_catalog_admin(actor)
    payload = data if data is not None else read_catalog_data(path)

    def audited(action: str, obj: Any, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        record_event(actor=actor, action=action, obj=obj, before=before, after=after)

    try:
        with transaction.atomic():
            return load_catalog_data(
                payload, get_model=lambda name: apps.get_model("catalog", name), validate=True, on_change=audited
            )
    except ValidationError as exc:
        raise DomainError.from_validation_error(exc) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError(
            gettext("目录数据格式有误：%(exc)s") % {"exc": exc}, field="data", code="invalid_data"
        ) from exc
