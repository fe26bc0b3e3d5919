"""Read-only admin views; every change goes through the services (R-X-1)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from skillcert.certificates.models import (
    Certificate,
    ExportBatch,
    IssuanceRun,
    NumberCounter,
    SiteSerial,
    StatusProposal,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ("number", "name", "occupation_name", "level", "institution_name", "issued_on", "status")
    list_filter = ("status", "level")
    search_fields = ("number", "name")
    exclude = ("id_number",)


admin.site.register(SiteSerial, ReadOnly)
admin.site.register(NumberCounter, ReadOnly)
admin.site.register(IssuanceRun, ReadOnly)
admin.site.register(StatusProposal, ReadOnly)
admin.site.register(ExportBatch, ReadOnly)
