"""Django admin for the personnel register: read-only, because every change must go through a
service that validates it and writes the audit event (R-X-1). The pages and API do the work."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.personnel.models import (
    Appointment,
    Assignment,
    DeclaredRelation,
    Person,
    Qualification,
    StaffDraw,
    StaffSanction,
    StaffViolation,
    TrainingRecord,
    WorkforceTarget,
)


class AppointmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Appointment
    fields = ("role", "status", "card_number", "card_valid_until", "decided_by")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "id_number_masked", "employer_display", "jurisdiction", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
    search_fields = ["name", "employer_name"]
    exclude = ["id_number", "mobile", "id_number_index", "mobile_index"]
    readonly_fields = ["id_number_masked", "mobile_masked"]
    inlines = [AppointmentInline]
    list_select_related = ["employer", "jurisdiction"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "status", "card_number", "card_valid_until"]
    list_filter = ["role", "status"]
    search_fields = ["person__name", "card_number"]
    list_select_related = ["person"]


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdmin):
    list_display = ["person", "occupation", "level", "granted_on", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["person__name", "occupation__code", "occupation__name"]
    list_select_related = ["person", "occupation"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "course", "hours", "result", "completed_on"]
    list_filter = ["role", "result"]
    list_select_related = ["person"]


@admin.register(DeclaredRelation)
class DeclaredRelationAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "other_name", "other_id_number_masked", "declared_on", "is_active"]
    exclude = ["other_id_number", "other_id_number_index"]
    list_select_related = ["person"]


@admin.register(StaffViolation)
class StaffViolationAdmin(ReadOnlyAdmin):
    list_display = ["person", "occurred_on", "status", "referred_on"]
    list_filter = ["status"]
    list_select_related = ["person"]


@admin.register(StaffSanction)
class StaffSanctionAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "starts_on", "ends_on", "decided_by"]
    list_filter = ["kind"]
    list_select_related = ["person", "decided_by"]


@admin.register(StaffDraw)
class StaffDrawAdmin(ReadOnlyAdmin):
    list_display = ["on", "institution", "role", "requested", "seed"]
    list_select_related = ["institution"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "institution", "on", "session_ref", "source"]
    list_filter = ["role", "source"]
    list_select_related = ["person", "institution"]


@admin.register(WorkforceTarget)
class WorkforceTargetAdmin(ReadOnlyAdmin):
    list_display = ["year", "jurisdiction", "group", "headcount", "trained"]
    list_filter = ["year", "group"]
