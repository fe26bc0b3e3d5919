"""The alert inbox and the dashboard export to Excel and PDF, scoped like the pages (R-SUP-1, R-SUP-2, R-REP-2)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.accounts.choices import Role
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.testing import download
from skillcert.institutions.tests.factories import FiledInstitutionFactory, bureau_user, region_center_user
from skillcert.supervision.services.rollups import rebuild_rollups
from skillcert.supervision.tests.test_rollups_pages import _alert

pytestmark = pytest.mark.django_db


def test_inbox_exports_only_the_alerts_in_scope() -> None:
    mine = _alert(FiledInstitutionFactory(filed_name="本盟评价中心"))
    _alert(FiledInstitutionFactory(league="150200", filed_name="外盟评价中心"), league="150200")
    client = Client()
    client.force_login(bureau_user("150100", Role.CLERK))
    files = download(client, "/supervision/alerts/")
    assert files.contains(mine.subject_label) and not files.contains("外盟评价中心")


def test_dashboard_exports_its_tables() -> None:
    f = final_plan(n=2)
    f.issue(0)
    rebuild_rollups()
    client = Client()
    client.force_login(region_center_user(Role.CLERK))
    files = download(client, "/supervision/")
    assert files.contains(f.plan.league.name) and files.contains("合计")
