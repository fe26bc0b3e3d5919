"""Attachment checks for complaints: type by extension and by content, size and count (R-SUP-5)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy

SIGNATURES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}
ACCEPT = ",".join(SIGNATURES)
"""For the file input's accept attribute."""


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile  # type: ignore[type-arg]
    name: str
    content_type: str
    size: int
    sha256: str


def check_attachments(files: list[Any], *, field: str = "attachments") -> list[CheckedFile]:
    """PDF, JPG or PNG only (by extension and content), each within the size limit, at most N files."""
    max_mb = int(get_policy("complaints.attachment_max_mb"))
    max_count = int(get_policy("complaints.attachment_max_count"))
    if len(files) > max_count:
        raise DomainError(_("附件：最多上传%(n)s个文件") % {"n": max_count}, field=field, code="too_many")
    checked = []
    for upload in files:
        name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in SIGNATURES:
            raise DomainError(
                _("附件：文件“%(name)s”类型不允许，只接受PDF、JPG、PNG文件") % {"name": name},
                field=field,
                code="file_type",
            )
        limit = max_mb * 1024 * 1024
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise DomainError(
                _("附件：文件“%(name)s”超过%(mb)sMB的上限") % {"name": name, "mb": max_mb},
                field=field,
                code="file_size",
            )
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
        if not data:
            raise DomainError(_("附件：文件“%(name)s”是空文件") % {"name": name}, field=field, code="file_empty")
        if len(data) > limit:
            raise DomainError(
                _("附件：文件“%(name)s”超过%(mb)sMB的上限") % {"name": name, "mb": max_mb},
                field=field,
                code="file_size",
            )
        magic, content_type = SIGNATURES[suffix]
        if not data.startswith(magic):
            raise DomainError(
                _("附件：文件“%(name)s”的内容与扩展名不符，只接受PDF、JPG、PNG文件") % {"name": name},
                field=field,
                code="file_content",
            )
        checked.append(
            CheckedFile(ContentFile(data, name=name), name, content_type, len(data), hashlib.sha256(data).hexdigest())
        )
    return checked
