"""Dossiers, the certificates a session touched and a certificate's trace (its sessions, scores,
objections, re-checks and audit events) export to Excel and PDF (R-ARC-1, R-ARC-3, R-REP-2)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.archives.services.dossiers import open_dossier
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.testing import download
from skillcert.exams.models import ExamSession

pytestmark = pytest.mark.django_db


def test_dossiers_touched_certificates_and_trace_export():
    f = final_plan(2)
    cert = f.issue(0)
    open_dossier(actor=f.clerk, plan=f.plan)
    client = Client()
    client.force_login(f.clerk)
    assert download(client, "/archives/").contains(f.plan.number)
    session = ExamSession.objects.filter(plan=f.plan).first()
    assert download(client, f"/archives/trace/session/{session.pk}/").contains(cert.number)
    trace = download(client, f"/archives/trace/certificates/{cert.pk}/")
    assert trace.contains("成绩及每次变更")
