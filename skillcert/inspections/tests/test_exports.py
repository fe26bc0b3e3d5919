"""Campaigns, supervision reports, rectification orders and a campaign's results export to Excel
and PDF, scoped like the pages (R-SUP-3, R-SUP-4, R-REP-2)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.core.testing import download
from skillcert.inspections.choices import Grade
from skillcert.inspections.services import quality as svc
from skillcert.inspections.tests.factories import campaign, region_clerk, supervised_session
from skillcert.inspections.tests.test_quality import _filled
from skillcert.institutions.tests.factories import bureau_user

pytestmark = pytest.mark.django_db


def test_reports_and_orders_export_within_the_league():
    s = supervised_session()
    svc.submit_report(actor=s.supervisor_user, report=_filled(s, Grade.SERIOUS, "考场视频监控未开启"))
    client = Client()
    client.force_login(s.bureau)
    assert download(client, "/inspections/reports/").contains(s.institution.filed_name)
    assert download(client, "/inspections/orders/").contains("考场视频监控未开启")
    client.force_login(bureau_user("150200"))
    assert not download(client, "/inspections/orders/").contains("考场视频监控未开启")


def test_campaigns_and_results_export():
    clerk = region_clerk()
    c = campaign(clerk, ["150100"])
    client = Client()
    client.force_login(clerk)
    assert download(client, "/inspections/").contains(c.number)
    download(client, f"/inspections/campaigns/{c.pk}/")
