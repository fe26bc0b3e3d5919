"""The sanctions register, the inactivity inquiries and the public criticisms export to Excel and
PDF, scoped like the pages (R-SUP-6, R-REP-2)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from skillcert.core.testing import download
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import services

pytestmark = pytest.mark.django_db


def test_register_inquiries_and_public_list_export():
    mine = f.FiledInstitutionFactory(filed_name="本盟评价中心")
    theirs = f.FiledInstitutionFactory(league="150200", filed_name="外盟评价中心")
    services.publish_criticism(actor=f.bureau_user("150100"), institution=mine, grounds="收费未公示")
    services.order_rectification(
        actor=f.bureau_user("150200"),
        institution=theirs,
        grounds="评分记录不全",
        deadline=timezone.localdate() + datetime.timedelta(days=9),
    )
    client = Client()
    client.force_login(f.bureau_user("150100"))
    register = download(client, "/sanctions/")
    assert register.contains("本盟评价中心") and not register.contains("外盟评价中心")
    download(client, "/sanctions/inactivity/")
    public = download(Client(), "/sanctions/public/")
    assert public.contains("收费未公示")
