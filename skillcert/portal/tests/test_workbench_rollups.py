"""The workbench's certificate tiles read the rollup, and its figures equal the live counts (issue #16)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.certificates import selectors, services
from skillcert.certificates.choices import ProposalKind
from skillcert.certificates.models import Certificate
from skillcert.certificates.providers import certificate_tiles
from skillcert.certificates.tests.factories import final_plan, region_registrar
from skillcert.exams.models import ResultPublication
from skillcert.portal.models import CertificateTally
from skillcert.portal.rollups import rebuild_certificate_tally

pytestmark = pytest.mark.django_db


def _figures(actor):
    tiles = {t.label: t for t in certificate_tiles(actor)}
    return tiles["已颁发证书"].value, tiles["逾期未上报证书"].value


def _live(actor):
    return selectors.certificates_visible_to(actor).count(), selectors.overdue_exports(actor).count()


def test_tiles_equal_live_counts_in_every_scope():
    f = final_plan(3)
    first, second, third = f.issue(0), f.issue(1), f.issue(2)
    old = timezone.localdate() - datetime.timedelta(days=60)
    Certificate.objects.filter(pk__in=[first.pk, second.pk]).update(publicity_ended_on=old)
    Certificate.objects.filter(pk=third.pk).update(status="voided")
    actors = [f.clerk, f.manager, f.s.bureau, f.s.other_clerk, region_registrar()]
    live_before = {a.pk: _figures(a) for a in actors}  # no rollup yet: counted live
    assert live_before == {a.pk: _live(a) for a in actors}
    assert rebuild_certificate_tally() == CertificateTally.objects.count() > 0
    for actor in actors:
        assert _figures(actor) == _live(actor), actor
    assert _figures(f.clerk) == (3, 2) and _figures(f.s.other_clerk) == (0, 0)


def test_each_write_moves_the_tiles_at_once():
    """Issuing, voiding and exporting change the figures in the same transaction, without a rebuild."""
    f = final_plan(4)
    ResultPublication.objects.filter(pk=f.publication.pk).update(
        publicity_ends_on=timezone.localdate() - datetime.timedelta(days=60)
    )
    rebuild_certificate_tally()  # built before the first certificate: everything after is the services'
    region = region_registrar()
    actors = [f.clerk, f.s.bureau, f.s.other_clerk, region]

    def check(issued: int, overdue: int) -> None:
        for actor in actors:
            assert _figures(actor) == _live(actor), actor
        assert _figures(f.clerk) == _figures(f.s.bureau) == _figures(region) == (issued, overdue)
        assert _figures(f.s.other_clerk) == (0, 0)

    check(0, 0)
    first, *_ = f.issue(0), f.issue(1), f.issue(2)
    check(3, 3)
    proposal = services.propose_status_change(
        actor=f.clerk, certificate=first, kind=ProposalKind.VOID, grounds="姓名录入错误，作废重发"
    )
    check(3, 3)  # proposed, not yet voided
    services.approve_status_change(actor=f.manager, proposal=proposal)
    check(3, 2)  # a voided certificate stays issued on the list but needs no upload
    services.create_export_batch(actor=f.clerk, institution=f.s.institution)
    check(3, 0)
    f.issue(0)  # re-issued after voiding, not yet exported
    check(4, 1)
    cells = {(c.exported, c.voided): c.certificates for c in CertificateTally.objects.all()}
    assert cells == {(True, False): 2, (False, True): 1, (False, False): 1}
    rebuild_certificate_tally()  # the nightly rebuild finds the same figures
    check(4, 1)


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
    with CaptureQueriesContext(connection) as three:
        certificate_tiles(f.s.bureau)
    assert len(one.captured_queries) == len(three.captured_queries)
    assert not any("certificates_certificate" in q["sql"] for q in three.captured_queries)
    assert _figures(f.s.bureau)[0] == 3
