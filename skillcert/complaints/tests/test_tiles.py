"""Workbench tiles for complaints and sanctions, and the wrong-role answer (R-SUP-5, R-SUP-6, R-X-5)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from skillcert.complaints.tests import factories as cf
from skillcert.institutions.tests import factories as f
from skillcert.portal.dashboard import tiles_for
from skillcert.sanctions import services as sanctions

pytestmark = pytest.mark.django_db


def _tiles(actor: object) -> dict[str, int]:
    return {t.label: t.value for t in tiles_for(actor)}


def test_bureau_tiles_count_waiting_complaints_and_overdue_follow_ups_in_scope():
    mine = f.FiledInstitutionFactory()
    cf.file(mine)
    cf.file(f.FiledInstitutionFactory(league="150200"))
    bureau = f.bureau_user("150100")
    order = sanctions.order_rectification(
        actor=bureau, institution=mine, grounds="整改", deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    type(order).objects.filter(pk=order.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    tiles = _tiles(bureau)
    assert tiles["待受理投诉举报"] == 1 and tiles["复查逾期的限期整改"] == 1
    assert "待受理投诉举报" not in _tiles(f.staff(mine))


def test_institution_staff_get_403_with_a_reason_on_staff_only_pages():
    client = Client()
    client.force_login(f.staff(f.FiledInstitutionFactory()))
    for url in ("/complaints/intake/", "/sanctions/new/"):
        response = client.get(url)
        assert response.status_code == 403, url
