"""Read-only admin views; every change goes through the services (R-X-1)."""

from __future__ import annotations

from django.contrib import admin

from skillcert.certificates.models import (
    Certificate,
    ExportBatch,
    IssuanceRun,
    NumberCounter,
    SiteSerial,
    StatusProposal,
)
from skillcert.core.admin import ReadOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "name", "occupation_name", "level", "institution_name", "issued_on", "status")
    list_filter = ("status", "level")
    search_fields = ("number", "name")
    exclude = ("id_number",)


admin.site.register(SiteSerial, ReadOnlyAdmin)
admin.site.register(NumberCounter, ReadOnlyAdmin)
admin.site.register(IssuanceRun, ReadOnlyAdmin)
admin.site.register(StatusProposal, ReadOnlyAdmin)
admin.site.register(ExportBatch, ReadOnlyAdmin)
