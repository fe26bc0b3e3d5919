"""Helpers shared by the institution services: permission checks, validation, uploads, references."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may, is_authenticated
from skillcert.institutions.models import Institution
from skillcert.institutions.models.policies import EDIT_ROLES, INSTITUTION_POLICY

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def clean_model(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """`full_clean` as a DomainError whose messages name the field (R-X-4)."""
    try:
        obj.full_clean(exclude=list(exclude or []), validate_unique=True)
    except ValidationError as exc:
        raise named_error(exc, type(obj)) from exc


def named_error(exc: ValidationError, model: type[models.Model]) -> DomainError:
    err = DomainError.from_validation_error(exc)
    named: dict[str, list[str]] = {}
    for field, messages in err.errors.items():
        try:
            label = str(getattr(model._meta.get_field(field), "verbose_name", ""))
        except FieldDoesNotExist:
            label = ""
        named[field] = [m if not label or m.startswith(label) else f"{label}：{m}" for m in messages]
    first_field = next(iter(named))
    result = DomainError(named[first_field][0], field=first_field, code=err.code)
    result.errors = named
    return result


def text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """A trimmed string input, refused in Chinese when missing or too long."""
    cleaned = ("" if value is None else str(value)).strip()
    if required and not cleaned:
        raise DomainError(f"{label}：不能为空", field=field, code="required")
    if len(cleaned) > max_length:
        raise DomainError(f"{label}：不能超过{max_length}个字符，实为{len(cleaned)}个", field=field, code="max_length")
    return cleaned


def is_staff_of(actor: Any, institution: Institution) -> bool:
    return is_authenticated(actor) and getattr(actor, "organisation_id", None) == institution.organisation_id


def require_visible(actor: Any, obj: models.Model, action: str = "view") -> None:
    """Forbidden rows answer like missing ones (R-ORG-2)."""
    if getattr(actor, "is_superuser", False):
        return
    qs = type(obj)._default_manager.all()
    if not qs.restrict(actor, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise NotFoundError("未找到该记录")


def require_institution_staff(actor: Any, institution: Institution, action: str = "change") -> None:
    """The actor works for this institution and holds a role allowed the action (R-ORG-2)."""
    require_visible(actor, institution)
    if getattr(actor, "is_superuser", False):
        return
    if not is_staff_of(actor, institution):
        raise PermissionDenied("只有本机构人员可以办理此事项")
    if not actor_may(actor, action, INSTITUTION_POLICY):
        raise PermissionDenied("您的角色不能办理此事项")


def require_authority_staff(actor: Any, authority: Any, what: str) -> None:
    """The actor is an office holder of exactly this authority (R-ORG-2)."""
    if getattr(actor, "is_superuser", False):
        return
    if not is_authenticated(actor) or actor.organisation_id != authority.pk:
        raise PermissionDenied(f"{what}由{authority.name}办理")
    if not (actor.role_codes & EDIT_ROLES):
        raise PermissionDenied("您的角色不能办理此事项")


def new_reference(prefix: str) -> str:
    """A human-readable, unguessable reference such as BA20260512-7K3QXM."""
    day = timezone.localdate().strftime("%Y%m%d")
    return f"{prefix}{day}-{''.join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))}"


# --- uploads -------------------------------------------------------------------------------------

PDF, PNG, JPEG, DOCX = "pdf", "png", "jpg", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg"), DOCX: (".docx",)}
FORMAT_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", DOCX: "Word（.docx）"}
SCANS = (PDF, JPEG, PNG)
DOCUMENTS = (PDF, DOCX)


@dataclass(frozen=True)
class CheckedUpload:
    content: ContentFile  # type: ignore[type-arg]
    original_name: str
    content_type: str
    size: int
    sha256: str


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(upload: IO[bytes] | Any, *, field: str, label: str, allowed: tuple[str, ...]) -> CheckedUpload:
    """Refuse a file whose extension or content is not an allowed type, or that is empty or too large."""
    if upload is None:
        raise DomainError(f"{label}：请上传文件", field=field, code="required")
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    kinds = "、".join(FORMAT_NAMES[k] for k in allowed)
    max_mb = int(get_policy("institutions.upload_max_mb"))
    declared = next((k for k in allowed if name.lower().endswith(EXTENSIONS[k])), None)
    if declared is None:
        raise DomainError(f"{label}：文件“{name}”类型不允许，只接受{kinds}文件", field=field, code="file_type")
    size = getattr(upload, "size", None)
    if size is not None and size > max_mb * 1024 * 1024:
        raise DomainError(f"{label}：文件“{name}”超过{max_mb}MB的上限", field=field, code="file_size")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_mb * 1024 * 1024 + 1)
    if not data:
        raise DomainError(f"{label}：文件“{name}”是空文件", field=field, code="file_empty")
    if len(data) > max_mb * 1024 * 1024:
        raise DomainError(f"{label}：文件“{name}”超过{max_mb}MB的上限", field=field, code="file_size")
    actual = _sniff(data)
    if actual != declared:
        raise DomainError(
            f"{label}：文件“{name}”的内容不是{FORMAT_NAMES[declared]}文件（扩展名与内容不符），只接受{kinds}文件",
            field=field,
            code="file_content",
        )
    return CheckedUpload(
        content=ContentFile(data, name=name),
        original_name=name,
        content_type=CONTENT_TYPES[actual],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
