"""Helpers for complaints tests: files, a filed complaint, bureau users."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.complaints import services
from skillcert.complaints.choices import SubjectKind
from skillcert.institutions.models import Institution

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "证据.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def data(institution: Institution | None = None, **kwargs: Any) -> services.ComplaintInput:
    values: dict[str, Any] = {
        "subject_kind": SubjectKind.INSTITUTION if institution else SubjectKind.PERSON,
        "institution_id": institution.pk if institution else None,
        "subject_reference": "" if institution else "某考评员（某机构）",
        "title": "考场纪律松散",
        "facts": "2026年11月的考试中，考评员未核验身份，允许他人代考。",
        "contact_name": "张三丰",
        "contact_phone": "13812345678",
    }
    values.update(kwargs)
    return services.ComplaintInput(**values)


def file(institution: Institution | None = None, **kwargs: Any) -> services.Filed:
    return services.file_public_complaint(data=data(institution, **kwargs))
