"""The complaint register exports to Excel and PDF, scoped to the bureau (R-SUP-5, R-REP-2)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.complaints.tests import factories as cf
from skillcert.core.testing import download
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def test_register_exports_only_the_bureaus_complaints():
    mine = cf.file(f.FiledInstitutionFactory()).complaint
    theirs = cf.file(f.FiledInstitutionFactory(league="150200")).complaint
    client = Client()
    client.force_login(f.bureau_user("150100"))
    files = download(client, "/complaints/")
    assert files.contains(mine.tracking_code) and not files.contains(theirs.tracking_code)
