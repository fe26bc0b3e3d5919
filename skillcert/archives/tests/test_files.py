"""The file service: content addressing, types, uploader, refusals, checks (R-ARC-1, R-ARC-2)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from skillcert.accounts.tests.factories import UserFactory
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import (
    PDF,
    SCAN_TYPES,
    FileCheck,
    check_file,
    files_of,
    read_file,
    store_file,
)
from skillcert.archives.models import StoredFile
from skillcert.core.audit import events_for
from skillcert.core.errors import DomainError

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_file_is_kept_once_by_content_with_digest_size_type_and_uploader():
    user = UserFactory()
    first = store_file(actor=user, content=PDF_BYTES, name="a.pdf", purpose=FilePurpose.OTHER)
    second = store_file(actor=None, content=ContentFile(PDF_BYTES, name="b.pdf"), name="b.pdf", purpose="other")
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    assert (first.sha256, first.size, first.content_type, first.uploaded_by) == (digest, len(PDF_BYTES), PDF, user)
    assert first.name == second.name == f"archive/sha256/{digest[:2]}/{digest[2:4]}/{digest}"
    assert read_file(second) == PDF_BYTES
    assert events_for(first).filter(action="archives.file_stored").exists()


def test_a_file_not_of_an_allowed_type_is_refused_naming_the_field():
    with pytest.raises(DomainError) as exc:
        store_file(
            actor=None,
            content=b"MZ\x90\x00binary",
            name="scan.pdf",
            purpose=FilePurpose.DOSSIER_SCAN,
            allowed=SCAN_TYPES,
            label="扫描件",
            field="scan",
        )
    assert exc.value.field == "scan" and "只接受" in exc.value.message and "PDF" in exc.value.message
    assert not StoredFile.objects.exists()


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="空文件"):
        store_file(actor=None, content=b"", name="x.pdf", purpose="other")


def test_check_names_a_changed_and_a_missing_file():
    kept = store_file(actor=None, content=PDF_BYTES, name="a.pdf", purpose="other")
    gone = store_file(actor=None, content=PDF_BYTES + b"%more", name="b.pdf", purpose="other")
    assert check_file(kept) == FileCheck.OK
    default_storage.delete(kept.name)
    default_storage.save(kept.name, ContentFile(PDF_BYTES.replace(b"1.4", b"1.7")))
    default_storage.delete(gone.name)
    assert check_file(kept) == FileCheck.CHANGED
    assert check_file(gone) == FileCheck.MISSING


def test_a_stored_file_cannot_be_deleted_one_by_one_or_in_bulk():
    kept = store_file(actor=None, content=PDF_BYTES, name="a.pdf", purpose="other")
    with pytest.raises(DomainError, match="不能删除"):
        kept.delete()
    with pytest.raises(DomainError, match="不能删除"):
        StoredFile.objects.all().delete()
    assert StoredFile.objects.filter(pk=kept.pk).exists()


def test_generated_documents_stored_once_per_record_and_content():
    user = UserFactory()
    a = store_file(actor=None, content=PDF_BYTES, name="t.pdf", purpose="exams.ticket", subject=user, once=True)
    b = store_file(actor=None, content=PDF_BYTES, name="t.pdf", purpose="exams.ticket", subject=user, once=True)
    assert a.pk == b.pk and files_of(user).count() == 1
