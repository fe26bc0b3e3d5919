"""Input checking shared by every app's services (R-X-4): one wording for each rule.

- `clean_model(obj)` runs `full_clean` and raises a `DomainError` whose messages start with the
  field's label ("证书编号：…"), so a form or the API names the field.
- `clean_text(value, field=, label=, max_length=)` trims a text input and refuses it when missing
  or too long, with the same two messages everywhere.
- `check_upload(upload, field=, label=, allowed=)` refuses a file whose extension or content is
  not an allowed type, or that is empty or too large; `sniff_type(data)` reads the type from the
  bytes themselves (the archives file service uses the same reading).
- `clean_mobile(value)` and `clean_id_number(value, field=, label=)` check a mainland mobile number and a
  resident ID number with the validators of `skillcert.core.validators`, as a `DomainError` on the field.
- `new_reference(prefix)` makes a human-readable, unguessable reference such as BA20260512-7K3QXM.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.validators import validate_mobile, validate_resident_id

__all__ = [
    "CSV",
    "DOCUMENT_TYPES",
    "DOCX",
    "IMAGE_TYPES",
    "JPEG",
    "JSON",
    "OCTET",
    "PDF",
    "PNG",
    "SCAN_TYPES",
    "TYPE_NAMES",
    "XLSX",
    "CheckedUpload",
    "check_upload",
    "clean_id_number",
    "clean_mobile",
    "clean_model",
    "clean_text",
    "named_error",
    "new_reference",
    "sniff_type",
]

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def clean_model(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """`full_clean` as a DomainError whose messages name the field (R-X-4)."""
    try:
        obj.full_clean(exclude=list(exclude or []), validate_unique=True)
    except ValidationError as exc:
        raise named_error(exc, type(obj)) from exc


def named_error(exc: ValidationError, model: type[models.Model]) -> DomainError:
    """A model's ValidationError with each message prefixed by its field's label."""
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


def clean_text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """A trimmed string input, refused in Chinese when missing or too long."""
    cleaned = ("" if value is None else str(value)).strip()
    if required and not cleaned:
        raise DomainError(_("%(label)s：不能为空") % {"label": label}, field=field, code="required")
    if len(cleaned) > max_length:
        raise DomainError(
            _("%(label)s：不能超过%(max)s个字符，实为%(length)s个")
            % {"label": label, "max": max_length, "length": len(cleaned)},
            field=field,
            code="max_length",
        )
    return cleaned


def clean_mobile(value: Any, *, field: str = "mobile", required: bool = False) -> str:
    """A mainland mobile number as its 11 digits, "" for none when not required (R-X-3, R-X-4)."""
    if not required and (value is None or not str(value).strip()):
        return ""
    try:
        return validate_mobile(value)
    except ValidationError as exc:
        raise DomainError(str(exc.messages[0]), field=field, code=exc.code or "invalid") from exc


def clean_id_number(value: Any, *, field: str = "id_number", label: str | None = None) -> str:
    """A resident ID number checked (check digit, area, birth date) and normalised (R-X-3)."""
    try:
        return validate_resident_id(value).number
    except ValidationError as exc:
        label = _("身份证号码") if label is None else label
        raise DomainError(
            _("%(label)s：%(reason)s") % {"label": label, "reason": exc.messages[0]},
            field=field,
            code=exc.code or "invalid",
        ) from exc


def new_reference(prefix: str) -> str:
    """A human-readable, unguessable reference such as BA20260512-7K3QXM."""
    day = timezone.localdate().strftime("%Y%m%d")
    return f"{prefix}{day}-{''.join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))}"


# --- file types ----------------------------------------------------------------------------------

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON = "application/json"
CSV = "text/csv"
OCTET = "application/octet-stream"
IMAGE_TYPES = frozenset({PNG, JPEG})
SCAN_TYPES = frozenset({PDF, PNG, JPEG})
DOCUMENT_TYPES = frozenset({PDF, DOCX})
TYPE_NAMES = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPG",
    XLSX: "Excel（.xlsx）",
    DOCX: "Word（.docx）",
    CSV: "CSV",
    JSON: "JSON",
}
EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    XLSX: (".xlsx",),
    DOCX: (".docx",),
    CSV: (".csv",),
    JSON: (".json",),
}
_ORDER = (PDF, JPEG, PNG, DOCX, XLSX, CSV, JSON)


def sniff_type(data: bytes, name: str = "") -> str:
    """The content type read from the bytes themselves (the name only tells text formats apart)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return OCTET
        if "xl/workbook.xml" in names:
            return XLSX
        if "word/document.xml" in names:
            return DOCX
        return "application/zip"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return OCTET
    lowered = name.lower()
    if lowered.endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        return JSON
    if lowered.endswith(".csv"):
        return CSV
    return "text/plain"


def type_names(allowed: Collection[str]) -> str:
    """The allowed types as a user reads them: "PDF、JPG、PNG"."""
    return "、".join(TYPE_NAMES.get(t, t) for t in sorted(allowed, key=lambda t: ((*_ORDER, t)).index(t)))


# --- uploads -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedUpload:
    content: ContentFile  # type: ignore[type-arg]
    original_name: str
    content_type: str
    size: int
    sha256: str


def check_upload(
    upload: IO[bytes] | Any,
    *,
    field: str,
    label: str,
    allowed: Collection[str],
    max_mb: int | None = None,
) -> CheckedUpload:
    """Refuse a file whose extension or content is not an allowed type, or that is empty or too large.

    The limit is `max_mb`, else the region's `core.upload_max_mb` rule.
    """
    if upload is None:
        raise DomainError(_("%(label)s：请上传文件") % {"label": label}, field=field, code="required")
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    kinds = type_names(allowed)
    limit_mb = int(max_mb if max_mb is not None else get_policy("core.upload_max_mb"))
    too_large = _("%(label)s：文件“%(name)s”超过%(mb)sMB的上限") % {"label": label, "name": name, "mb": limit_mb}
    declared = next((k for k in allowed if name.lower().endswith(EXTENSIONS.get(k, ()))), None)
    if declared is None:
        raise DomainError(
            _("%(label)s：文件“%(name)s”类型不允许，只接受%(kinds)s文件")
            % {"label": label, "name": name, "kinds": kinds},
            field=field,
            code="file_type",
        )
    size = getattr(upload, "size", None)
    if size is not None and size > limit_mb * 1024 * 1024:
        raise DomainError(too_large, field=field, code="file_size")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit_mb * 1024 * 1024 + 1)
    if not data:
        raise DomainError(
            _("%(label)s：文件“%(name)s”是空文件") % {"label": label, "name": name}, field=field, code="file_empty"
        )
    if len(data) > limit_mb * 1024 * 1024:
        raise DomainError(too_large, field=field, code="file_size")
    actual = sniff_type(data, name)
    if actual != declared:
        raise DomainError(
            _("%(label)s：文件“%(name)s”的内容不是%(declared)s文件（扩展名与内容不符），只接受%(kinds)s文件")
            % {"label": label, "name": name, "declared": TYPE_NAMES[declared], "kinds": kinds},
            field=field,
            code="file_content",
        )
    return CheckedUpload(
        content=ContentFile(data, name=name),
        original_name=name,
        content_type=actual,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
