"""Django admin for the catalogue; every save goes through a service so it is validated and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from skillcert.accounts.types import actor_of
from skillcert.catalog import services
from skillcert.catalog.models import (
    Component,
    EligibilityRule,
    Occupation,
    SkillStandard,
    StaffingRatio,
    WorkType,
    display_work_type,
)


class NoDeleteMixin:
    """Catalogue rows are referenced by plans, scopes and certificates: retire them, never delete."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(NoDeleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "edition", "is_active", "successor"]
    list_filter = ["edition", "is_active"]
    search_fields = ["code", "name", "work_types__name"]
    raw_id_fields = ["successor"]

    @admin.display(description=gettext_lazy("工种"))
    def work_type_list(self, obj: Occupation) -> str:
        return "、".join(wt.name for wt in obj.work_types.all()) or display_work_type(None)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["edition", "code", "work_type_list"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Occupation, form: Any, change: bool) -> None:
        if change:
            fields = {
                f: form.cleaned_data[f]
                for f in form.changed_data
                if f in {"name", "notes", "source", "is_active", "successor"}
            }
            original = Occupation.objects.get(pk=obj.pk)
            services.update_occupation(actor=actor_of(request), occupation=original, **fields)
        else:
            created = services.create_occupation(
                actor=actor_of(request),
                edition=obj.edition,
                code=obj.code,
                name=obj.name,
                notes=obj.notes,
                source=obj.source,
            )
            obj.pk = created.pk


@admin.register(WorkType)
class WorkTypeAdmin(NoDeleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "occupation"]
    search_fields = ["name", "occupation__name", "occupation__code"]
    raw_id_fields = ["occupation"]
    fields = ["occupation", "name"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: WorkType, form: Any, change: bool) -> None:
        created = services.add_work_type(actor=actor_of(request), occupation=obj.occupation, name=obj.name)
        obj.pk = created.pk


@admin.register(SkillStandard)
class SkillStandardAdmin(NoDeleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "version", "occupation", "is_current", "verified", "effective_date"]
    list_filter = ["is_current", "verified"]
    search_fields = ["title", "occupation__name", "occupation__code"]
    raw_id_fields = ["occupation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions need their levels: use the service create_standard

    @admin.display(description=gettext_lazy("等级"))
    def level_list(self, obj: SkillStandard) -> str:
        return "、".join(sl.label for sl in obj.levels.all())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["occupation", "level_list"]

    def save_model(self, request: HttpRequest, obj: SkillStandard, form: Any, change: bool) -> None:
        allowed = {"title", "version", "document", "effective_date", "is_current", "verified", "source", "notes"}
        fields = {f: form.cleaned_data[f] for f in form.changed_data if f in allowed}
        original = SkillStandard.objects.get(pk=obj.pk)
        services.update_standard(actor=actor_of(request), standard=original, **fields)


@admin.register(Component)
class ComponentAdmin(NoDeleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["standard_level", "kind", "full_marks", "pass_mark", "min_duration_minutes"]
    list_filter = ["kind", "standard_level__level"]
    search_fields = ["standard_level__standard__occupation__name", "standard_level__standard__occupation__code"]
    readonly_fields = ["standard_level", "kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Component, form: Any, change: bool) -> None:
        original = Component.objects.get(pk=obj.pk)
        services.update_component(
            actor=actor_of(request),
            component=original,
            full_marks=obj.full_marks,
            pass_mark=obj.pass_mark,
            min_duration_minutes=obj.min_duration_minutes,
        )


@admin.register(StaffingRatio)
class StaffingRatioAdmin(NoDeleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "standard",
        "proctor_per_candidates",
        "min_proctors_per_room",
        "examiner_per_candidates",
        "min_examiners",
        "min_review_panel",
    ]
    search_fields = ["standard__occupation__name", "standard__occupation__code"]
    readonly_fields = ["standard"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: StaffingRatio, form: Any, change: bool) -> None:
        services.set_ratios(
            actor=actor_of(request),
            standard=obj.standard,
            proctor_per_candidates=obj.proctor_per_candidates,
            min_proctors_per_room=obj.min_proctors_per_room,
            examiner_per_candidates=obj.examiner_per_candidates,
            min_examiners=obj.min_examiners,
            min_review_panel=obj.min_review_panel,
        )


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(NoDeleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Publishing creates a new version; existing versions are never edited (R-CAT-4)."""

    list_display = ["standard_level", "version", "is_current", "origin", "verified", "effective_from"]
    list_filter = ["is_current", "origin", "verified", "standard_level__level"]
    search_fields = ["standard_level__standard__occupation__name", "standard_level__standard__occupation__code"]
    raw_id_fields = ["standard_level"]
    fields = ["standard_level", "rules", "effective_from", "source", "note"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: EligibilityRule, form: Any, change: bool) -> None:
        created = services.publish_eligibility_rule(
            actor=actor_of(request),
            standard_level=obj.standard_level,
            rules=obj.rules,
            effective_from=obj.effective_from,
            source=obj.source,
            note=obj.note,
        )
        obj.pk = created.pk
