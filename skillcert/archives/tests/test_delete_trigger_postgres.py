"""PostgreSQL refuses a raw SQL DELETE of archive rows in retention (R-ARC-2)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.utils import IntegrityError, InternalError

from skillcert.archives.choices import Volume
from skillcert.archives.models import Dossier, DossierItem, StoredFile
from skillcert.archives.services.dossiers import add_scan, open_dossier
from skillcert.certificates.tests.factories import final_plan

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _raw(sql: str, params: list[object]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_raw_delete_of_a_retained_file_or_dossier_row_is_refused(on_postgres):
    f = final_plan(1)
    dossier = open_dossier(actor=f.clerk, plan=f.plan)
    item = add_scan(
        actor=f.clerk,
        dossier=dossier,
        volume=Volume.REGISTRATION,
        title="报名登记表",
        upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
    )
    for sql, pk in [
        ("DELETE FROM archives_dossieritem WHERE id = %s", item.pk),
        ("DELETE FROM archives_storedfile WHERE id = %s", item.stored_file_id),
        ("DELETE FROM archives_dossier WHERE id = %s", dossier.pk),
    ]:
        with pytest.raises((IntegrityError, InternalError), match="不能删除"):
            _raw(sql, [pk])
    assert DossierItem.objects.filter(pk=item.pk).exists()
    assert StoredFile.objects.filter(pk=item.stored_file_id).exists()
    assert Dossier.objects.filter(pk=dossier.pk).exists()
