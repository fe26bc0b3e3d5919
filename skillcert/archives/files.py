"""The one file service: every uploaded or generated file goes through here (R-ARC-1, R-ARC-2).

    stored = store_file(actor=user, content=upload_or_bytes, name="scan.pdf",
                        purpose=FilePurpose.EVIDENCE, subject=evidence_row, plan=plan,
                        allowed=SCAN_TYPES, label="证明材料", field="file")
    data = read_file(stored)              # bytes
    check_file(stored)                    # FileCheck.OK / CHANGED / MISSING

The content is stored once per SHA-256 under ``archive/sha256/ab/cd/<digest>`` through Django's
storage API: the ``archives`` storage when ``STORAGES`` declares one (S3-compatible object
storage through django-storages, see README), else ``default`` (the filesystem). Each call
writes one `StoredFile` row with the digest, size, sniffed type, original name, uploader,
purpose, owning organisation, league and plan, and the record it belongs to, plus a
``archives.file_stored`` audit event, inside the caller's transaction. Rows are never deleted
while a process relies on them; disposal (after retention, approved by a second person) is the
only way content leaves storage.

A FileField elsewhere can point at the same bytes: ``obj.file.name = stored.name`` (the
``default`` storage is the one configured for files).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Collection, Iterable, Sequence
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.db import models, transaction
from django.utils.translation import gettext as _

from skillcert.accounts.choices import ScopeLevel
from skillcert.archives.choices import ArchiveEvent, FilePurpose
from skillcert.archives.models.files import StoredFile
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.excel import write_xlsx
from skillcert.core.policy import get_policy
from skillcert.core.scoping import is_authenticated
from skillcert.core.validation import IMAGE_TYPES, PDF, SCAN_TYPES, sniff_type, type_names

if TYPE_CHECKING:
    from skillcert.accounts.models import Jurisdiction, Organisation
    from skillcert.accounts.types import Acting

__all__ = [
    "IMAGE_TYPES",
    "PDF",
    "SCAN_TYPES",
    "FileCheck",
    "StoredFile",
    "check_file",
    "digest_of",
    "files_of",
    "open_file",
    "read_file",
    "sniff_type",
    "storage",
    "store_error_report",
    "store_file",
]


class FileCheck(Enum):
    OK = "ok"
    CHANGED = "changed"
    MISSING = "missing"


def storage() -> Storage:
    """The storage files are kept in: ``STORAGES["archives"]`` when configured, else ``default``."""
    try:
        return storages["archives"]
    except Exception:  # noqa: BLE001 - InvalidStorageError when no "archives" alias is configured
        return default_storage


def _read(content: bytes | IO[bytes] | Any, limit: int) -> bytes:
    if isinstance(content, bytes | bytearray):
        return bytes(content)
    if hasattr(content, "seek"):
        content.seek(0)
    data = content.read(limit + 1)
    if hasattr(content, "seek"):
        content.seek(0)
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _location(sha256: str) -> str:
    return f"archive/sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def store_file(
    *,
    actor: Acting,
    content: bytes | IO[bytes] | Any,
    name: str,
    purpose: str,
    subject: models.Model | None = None,
    plan: Any = None,
    organisation: Organisation | None = None,
    jurisdiction: Jurisdiction | None = None,
    allowed: Collection[str] | None = None,
    label: str | None = None,
    field: str = "file",
    max_mb: int | None = None,
    once: bool = False,
) -> StoredFile:
    """Keep one file by content and record who brought it and what it belongs to (R-ARC-1).

    `allowed` restricts the sniffed type (e.g. `SCAN_TYPES`); a refusal names the field. With a
    `plan` and no organisation given, the plan's institution and league own the file. With
    `once`, a file of the same content, purpose and record is returned instead of a new row
    (documents generated again on each download, such as admission tickets).
    """
    label = label or _("文件")
    original = str(name or getattr(content, "name", "") or "file").rsplit("/", 1)[-1][:200]
    limit_mb = int(max_mb if max_mb is not None else get_policy("archives.upload_max_mb"))
    data = _read(content, limit_mb * 1024 * 1024)
    if not data:
        message = _("%(label)s：文件“%(name)s”是空文件") % {"label": label, "name": original}
        raise DomainError(message, field=field, code="file_empty")
    if len(data) > limit_mb * 1024 * 1024:
        raise DomainError(
            _("%(label)s：文件“%(name)s”超过%(mb)sMB的上限") % {"label": label, "name": original, "mb": limit_mb},
            field=field,
            code="file_size",
        )
    content_type = sniff_type(data, original)
    if allowed is not None and content_type not in allowed:
        kinds = type_names(allowed)
        raise DomainError(
            _("%(label)s：文件“%(name)s”的内容不是允许的类型，只接受%(kinds)s文件")
            % {"label": label, "name": original, "kinds": kinds},
            field=field,
            code="file_type",
        )
    digest = hashlib.sha256(data).hexdigest()
    if plan is not None and organisation is None:
        organisation = plan.institution.organisation
        jurisdiction = jurisdiction or plan.league
    if once and subject is not None:
        kept = files_of(subject).filter(purpose=purpose, sha256=digest, disposed_at__isnull=True).order_by("id").first()
        if kept is not None:
            return kept
    target = storage()
    location = _location(digest)
    if target.exists(location) and digest_of(target, location) != digest:
        target.delete(location)  # the kept copy was damaged: the new upload restores it
    if not target.exists(location):
        location = target.save(location, ContentFile(data))
    with transaction.atomic():
        stored = StoredFile.objects.create(
            sha256=digest,
            size=len(data),
            content_type=content_type,
            original_name=original,
            name=location,
            purpose=purpose,
            uploaded_by=actor if is_authenticated(actor) else None,
            organisation=organisation,
            jurisdiction=jurisdiction,
            plan=plan,
            subject_type=subject._meta.label if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None and subject.pk is not None else "",
        )
        record_event(
            actor=actor,
            action=ArchiveEvent.FILE_STORED,
            obj=stored,
            after={"sha256": digest, "size": len(data), "content_type": content_type, "purpose": purpose},
            organisation=organisation,
        )
    return stored


def store_error_report(
    *,
    actor: Acting,
    source_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    organisation: Organisation | None,
) -> str:
    """Every row error of a refused import as an .xlsx its uploader can download; returns the file's API address.

    The 400 of an import lists only the first errors (`core.excel.row_errors_refusal`); this is the
    full report its ``error_report`` points to (R-X-4). The file belongs to the uploader's organisation,
    and for a league office to its league, which is what that office's scope reads (R-ORG-2).
    """
    league = organisation.jurisdiction if organisation and organisation.scope_level == ScopeLevel.LEAGUE else None
    with tempfile.TemporaryFile() as target:
        write_xlsx(target, headers, rows, title=_("错误行"))
        target.seek(0)
        stored = store_file(
            actor=actor,
            content=target,
            name=_("%(item)s-错误报告.xlsx") % {"item": source_name.rsplit(".", 1)[0][:150]},
            purpose=FilePurpose.OTHER,
            organisation=organisation,
            jurisdiction=league,
        )
    return f"/api/v1/archives/files/{stored.pk}/download/"


def open_file(stored: StoredFile) -> IO[bytes]:
    """The stored bytes as a binary stream (missing content raises FileNotFoundError)."""
    return storage().open(stored.name, "rb")


def read_file(stored: StoredFile) -> bytes:
    with open_file(stored) as stream:
        data = stream.read()
    return data if isinstance(data, bytes) else data.encode("utf-8")


def digest_of(target: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with target.open(name, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(stored: StoredFile) -> FileCheck:
    """Whether the bytes in storage still hash to the recorded digest."""
    target = storage()
    if not target.exists(stored.name):
        return FileCheck.MISSING
    return FileCheck.OK if digest_of(target, stored.name) == stored.sha256 else FileCheck.CHANGED


def files_of(subject: models.Model) -> models.QuerySet[StoredFile]:
    """Every file stored for one record, oldest first."""
    return StoredFile.objects.filter(subject_type=subject._meta.label, subject_id=str(subject.pk)).order_by("id")
