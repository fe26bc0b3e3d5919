"""Admin for archive records: read-only, never deletable (R-ARC-2)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from skillcert.archives.models import Disposal, Dossier, DossierItem, LegalHold, StoredFile


class KeptAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Archive rows are written by the services; the admin shows them and never deletes them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StoredFile)
class StoredFileAdmin(KeptAdmin):
    list_display = ["original_name", "purpose", "sha256", "size", "content_type", "uploaded_by", "uploaded_at"]
    list_filter = ["purpose", "content_type"]
    search_fields = ["sha256", "original_name"]


@admin.register(Dossier)
class DossierAdmin(KeptAdmin):
    list_display = ["plan", "status", "sealed_at", "paper_retain_until", "electronic_retain_until"]
    list_filter = ["status"]


admin.site.register(DossierItem, KeptAdmin)
admin.site.register(LegalHold, KeptAdmin)
admin.site.register(Disposal, KeptAdmin)
