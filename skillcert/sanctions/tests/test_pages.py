"""Sanctions pages: the register, new measures with Chinese reasons, the follow-up, the public pages (R-SUP-6)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from skillcert.institutions.tests import factories as f
from skillcert.sanctions import services
from skillcert.sanctions.models import Sanction

pytestmark = pytest.mark.django_db


def test_criticism_shows_on_the_portal_the_public_list_and_the_institution_page():
    institution = f.FiledInstitutionFactory(filed_name="示例评价中心")
    services.publish_criticism(
        actor=f.bureau_user("150100"), institution=institution, grounds="收费未公示，予以通报批评"
    )
    client = Client()
    for url in ("/", "/sanctions/public/", f"/institutions/register/{institution.pk}/"):
        response = client.get(url)
        assert response.status_code == 200 and "收费未公示" in response.content.decode(), url


def test_new_measure_without_grounds_is_refused_on_the_form():
    institution = f.FiledInstitutionFactory()
    client = Client()
    client.force_login(f.bureau_user("150100"))
    r = client.post("/sanctions/new/", {"institution": institution.pk, "kind": "criticism", "grounds": ""})
    assert r.status_code == 400 and "事实与依据：不能为空" in r.content.decode()
    assert not Sanction.objects.exists()
    r = client.post(
        "/sanctions/new/",
        {
            "institution": institution.pk,
            "kind": "rectification",
            "grounds": "评分记录不全",
            "deadline": str(timezone.localdate() + datetime.timedelta(days=20)),
        },
    )
    s = Sanction.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/sanctions/{s.pk}/"
    r = client.post(f"/sanctions/{s.pk}/follow-up/", {"result": "rectified", "note": "已整改"})
    assert r.status_code == 400 and "提前复查" in r.content.decode()
    assert client.get("/sanctions/?export=xlsx").status_code == 200
    assert "评分记录不全" in client.get(f"/institutions/{institution.pk}/").content.decode()


def test_institution_staff_see_their_own_measures_but_cannot_create_any():
    institution = f.FiledInstitutionFactory()
    s = services.order_rectification(
        actor=f.bureau_user("150100"),
        institution=institution,
        grounds="整改",
        deadline=timezone.localdate() + datetime.timedelta(days=9),
    )
    client = Client()
    client.force_login(f.staff(institution))
    assert client.get(f"/sanctions/{s.pk}/").status_code == 200
    assert client.get("/sanctions/new/").status_code == 403
