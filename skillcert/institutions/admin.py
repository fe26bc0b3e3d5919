"""Read-only admin for institution records: every change goes through the services and pages."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.institutions.models import (
    BlacklistEntry,
    BranchFiling,
    Commitment,
    CommitmentText,
    Fee,
    FilingApplication,
    Institution,
    RuleDocument,
    ScopeVersion,
    Venue,
)


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["filed_name", "type", "area", "filing_number", "status", "parent"]
    list_filter = ["type", "status", "area"]
    search_fields = ["filed_name", "credit_code", "filing_number"]


@admin.register(FilingApplication)
class FilingApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "filed_name", "competent_authority", "status", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["reference", "filed_name", "credit_code"]


@admin.register(BranchFiling)
class BranchFilingAdmin(ReadOnlyAdmin):
    list_display = ["reference", "branch", "league", "status", "created_at"]
    list_filter = ["status", "league"]


@admin.register(ScopeVersion)
class ScopeVersionAdmin(ReadOnlyAdmin):
    list_display = ["institution", "number", "valid_from", "valid_to"]


@admin.register(RuleDocument)
class RuleDocumentAdmin(ReadOnlyAdmin):
    list_display = ["institution", "kind", "version", "title", "published_at"]
    list_filter = ["kind"]


@admin.register(CommitmentText)
class CommitmentTextAdmin(ReadOnlyAdmin):
    list_display = ["authority", "version", "title", "published_at"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["institution", "text", "signer_name", "signed_at", "countersigned_at"]


@admin.register(Fee)
class FeeAdmin(ReadOnlyAdmin):
    list_display = ["institution", "occupation", "work_type", "level", "total_amount", "total_cost", "status"]
    list_filter = ["status", "level"]


@admin.register(Venue)
class VenueAdmin(ReadOnlyAdmin):
    list_display = ["institution", "name", "league", "is_active"]


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyAdmin):
    list_display = ["filed_name", "credit_code", "listed_on", "authority"]
