"""Archive pages: the dossier list and detail, actions with refusals shown, the trace page (R-ARC-1..3)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.archives.models import Dossier
from skillcert.certificates.tests.factories import final_plan

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_institution_opens_adds_a_scan_seals_and_reads_the_trace(client):
    f = final_plan(1)
    cert = f.issue(0)
    client.force_login(f.clerk)
    response = client.get(f"/archives/plans/{f.plan.pk}/", follow=True)
    dossier = Dossier.objects.get(plan=f.plan)
    assert response.status_code == 200 and f.plan.number in response.content.decode()
    bad = client.post(
        f"/archives/dossiers/{dossier.pk}/scan/",
        {"volume": "3", "title": "考场记录", "file": SimpleUploadedFile("a.pdf", b"not a pdf")},
        follow=True,
    )
    assert "只接受" in bad.content.decode()
    client.post(
        f"/archives/dossiers/{dossier.pk}/scan/",
        {"volume": "3", "title": "考场记录", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    page = client.post(f"/archives/dossiers/{dossier.pk}/seal/", follow=True).content.decode()
    assert "档案已封卷" in page and "卷内目录" in page and "考场记录" in page
    assert "个文件与封卷清单一致" in client.get(f"/archives/dossiers/{dossier.pk}/?verify=1").content.decode()
    trace = client.get(f"/archives/trace/certificates/{cert.pk}/").content.decode()
    assert cert.number in trace and "审计链核验通过" in trace and "打开认定档案" in trace
    assert client.get("/archives/").status_code == 200
    assert client.get(f"/archives/trace/certificates/{cert.pk}/pdf/")["Content-Type"] == "application/pdf"


def test_another_institution_gets_404(client):
    f = final_plan(1)
    cert = f.issue(0)
    client.force_login(f.s.other_clerk)
    assert client.get(f"/archives/trace/certificates/{cert.pk}/").status_code == 404
    assert client.get(f"/archives/plans/{f.plan.pk}/").status_code == 404
