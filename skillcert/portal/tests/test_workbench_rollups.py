"""The workbench's certificate tiles read the rollup, and its figures equal the live counts (issue #16)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.certificates import selectors, services
from skillcert.certificates.models import Certificate
from skillcert.certificates.providers import certificate_tiles
from skillcert.certificates.tests.factories import final_plan, region_registrar
from skillcert.portal.models import CertificateTally
from skillcert.portal.rollups import rebuild_certificate_tally

pytestmark = pytest.mark.django_db


def _figures(actor):
    tiles = {t.label: t for t in certificate_tiles(actor)}
    return tiles["已颁发证书"].value, tiles["逾期未上报证书"].value, tiles["已颁发证书"].hint


def _live(actor):
    return selectors.certificates_visible_to(actor).count(), selectors.overdue_exports(actor).count()


def test_tiles_equal_live_counts_in_every_scope_and_say_when():
    f = final_plan(3)
    first, second, third = f.issue(0), f.issue(1), f.issue(2)
    old = timezone.localdate() - datetime.timedelta(days=60)
    Certificate.objects.filter(pk__in=[first.pk, second.pk]).update(publicity_ended_on=old)
    Certificate.objects.filter(pk=third.pk).update(status="voided")
    actors = [f.clerk, f.manager, f.s.bureau, f.s.other_clerk, region_registrar()]
    live_before = {a.pk: _figures(a)[:2] for a in actors}  # no rollup yet: counted live
    assert live_before == {a.pk: _live(a) for a in actors}
    assert rebuild_certificate_tally() == CertificateTally.objects.count() > 0
    for actor in actors:
        issued, overdue, hint = _figures(actor)
        assert (issued, overdue) == _live(actor), actor
        assert hint.startswith("统计截至")
    assert _figures(f.clerk)[:2] == (3, 2) and _figures(f.s.other_clerk)[:2] == (0, 0)
    services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    rebuild_certificate_tally()
    assert _figures(f.s.bureau)[:2] == _live(f.s.bureau) == (3, 0)


def test_the_tiles_cost_the_same_queries_whatever_the_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f = final_plan(3)
    f.issue(0)
    rebuild_certificate_tally()
    certificate_tiles(f.s.bureau)  # roles, policies and the calendar cached
    with CaptureQueriesContext(connection) as one:
        certificate_tiles(f.s.bureau)
    f.issue(1), f.issue(2)
    rebuild_certificate_tally()
    with CaptureQueriesContext(connection) as three:
        certificate_tiles(f.s.bureau)
    assert len(one.captured_queries) == len(three.captured_queries)
    assert not any("certificates_certificate" in q["sql"] for q in three.captured_queries)
