"""National export (R-CERT-6): batches as .xlsx and JSON, marked exported, and overdue uploads counted
in working days after publicity ended."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from skillcert.certificates import selectors, services
from skillcert.certificates.models import Certificate
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.core.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_batch_files_and_marking(client):
    f = final_plan(2)
    certs = [f.issue(0), f.issue(1)]
    batch = services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    assert batch.count == 2 and batch.number.startswith("SB")
    assert all(Certificate.objects.get(pk=c.pk).export_batch_id == batch.pk for c in certs)
    with pytest.raises(DomainError) as exc:
        services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    assert exc.value.code == "nothing_to_export"

    client.force_login(f.clerk)
    data = client.get(f"/certificates/exports/{batch.pk}/json/")
    assert data.status_code == 200
    document = json.loads(data.content)
    assert document["count"] == 2 and document["batch"] == batch.number
    assert {r["number"] for r in document["certificates"]} == {c.number for c in certs}
    assert document["certificates"][0]["id_number"] == certs[0].id_number
    assert document["certificates"][0]["level_name"] == "四级/中级工"
    import hashlib

    assert hashlib.sha256(data.content).hexdigest() == batch.sha256

    sheet = client.get(f"/certificates/exports/{batch.pk}/xlsx/")
    ws = load_workbook(io.BytesIO(sheet.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "证书编号" and len(rows) == 3 and {rows[1][0], rows[2][0]} == {c.number for c in certs}
    assert AuditEvent.objects.filter(action="certificates.export_downloaded").count() == 2


def test_overdue_counts_working_days_after_publicity(set_policy):
    f = final_plan(1)
    cert = f.issue(0)
    ended = cert.publicity_ended_on
    deadline = add_working_days(ended, 10)
    assert not selectors.overdue_exports(f.clerk, today=deadline).exists()
    assert list(selectors.overdue_exports(f.clerk, today=deadline + datetime.timedelta(days=1))) == [cert]
    assert list(selectors.overdue_exports(f.s.bureau, today=deadline + datetime.timedelta(days=1))) == [cert]
    assert not selectors.overdue_exports(f.s.other_clerk, today=deadline + datetime.timedelta(days=1)).exists()
    set_policy("certificates.export_working_days", 30)
    assert not selectors.overdue_exports(f.clerk, today=deadline + datetime.timedelta(days=1)).exists()


def test_overdue_list_and_export_disappears_after_upload(client):
    f = final_plan(1)
    cert = f.issue(0)
    Certificate.objects.filter(pk=cert.pk).update(publicity_ended_on=timezone.localdate() - datetime.timedelta(days=60))
    client.force_login(f.s.bureau)
    page = client.get("/certificates/exports/")
    assert page.status_code == 200 and cert.number in page.content.decode()
    services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    assert not selectors.overdue_exports(f.s.bureau).exists()


def test_only_the_institution_creates_batches():
    from django.core.exceptions import PermissionDenied

    f = final_plan(1)
    f.issue(0)
    with pytest.raises(PermissionDenied):
        services.create_export_batch(actor=f.s.bureau, institution=f.s.institution)
