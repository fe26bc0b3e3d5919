"""Admin for archive records: read-only, never deletable (R-ARC-2)."""

from __future__ import annotations

from django.contrib import admin

from skillcert.archives.models import Disposal, Dossier, DossierItem, LegalHold, StoredFile
from skillcert.core.admin import ReadOnlyAdmin


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "purpose", "sha256", "size", "content_type", "uploaded_by", "uploaded_at"]
    list_filter = ["purpose", "content_type"]
    search_fields = ["sha256", "original_name"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["plan", "status", "sealed_at", "paper_retain_until", "electronic_retain_until"]
    list_filter = ["status"]


admin.site.register(DossierItem, ReadOnlyAdmin)
admin.site.register(LegalHold, ReadOnlyAdmin)
admin.site.register(Disposal, ReadOnlyAdmin)
