"""Archives: stored files, dossiers, legal holds and disposals (R-ARC-1..3)."""

from skillcert.archives.models.dossiers import Disposal, Dossier, DossierItem, LegalHold
from skillcert.archives.models.files import StoredFile

__all__ = ["Disposal", "Dossier", "DossierItem", "LegalHold", "StoredFile"]
