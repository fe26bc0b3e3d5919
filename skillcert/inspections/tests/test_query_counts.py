"""The inspections list pages cost the same number of queries however many rows they list (R-X-5):
supervision reports, internal records, rectification orders, campaigns and the public campaign list."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skillcert.core.testing import query_count
from skillcert.inspections.choices import CampaignStatus, Grade, OrderSource
from skillcert.inspections.models import Campaign, InternalRecord, RectificationOrder, SupervisionReport
from skillcert.inspections.tests.factories import SupervisedSession, campaign, region_clerk, supervised_session
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.tests.factories import serving_person

pytestmark = pytest.mark.django_db


def _add_rows(s: SupervisedSession, n: int, start: int) -> None:
    """n more reports, internal records, orders and published campaigns around the same session."""
    plan = s.session.plan
    today = timezone.localdate()
    for i in range(start, start + n):
        external = serving_person(StaffRole.EXTERNAL_SUPERVISOR, name=f"督导员{i}")
        internal = serving_person(StaffRole.INTERNAL_SUPERVISOR, name=f"内督{i}")
        report = SupervisionReport.objects.create(
            session=s.session,
            supervisor=external,
            institution=s.institution,
            league=plan.league,
            due_on=today + datetime.timedelta(days=3),
            grade=Grade.SERIOUS,
        )
        InternalRecord.objects.create(
            session=s.session,
            supervisor=internal,
            institution=s.institution,
            league=plan.league,
            filed_at=timezone.now(),
        )
        RectificationOrder.objects.create(
            institution=s.institution, league=plan.league, source=OrderSource.REPORT, report=report, proposal=f"问题{i}"
        )
        c = campaign(s.bureau, [plan.league.code], title=f"双随机检查{i}")
        Campaign.objects.filter(pk=c.pk).update(status=CampaignStatus.POOL_PUBLISHED, pool_published_at=timezone.now())


def test_list_pages_cost_the_same_queries_as_rows_are_added():
    s = supervised_session()
    _add_rows(s, 2, 0)
    readers = {"bureau": s.bureau, "region": region_clerk(), "institution": s.clerk}
    clients = {}
    for who, user in readers.items():
        clients[who] = Client()
        clients[who].force_login(user)
    clients["public"] = Client()
    staff_urls = [
        reverse("inspections:reports"),
        reverse("inspections:internal"),
        reverse("inspections:orders"),
        reverse("inspections:campaigns"),
    ]
    pages = [(who, url) for who in readers for url in staff_urls]
    pages.append(("public", reverse("inspections:public_campaigns")))
    for who, url in pages:  # warm per-process caches (policies, calendars) before counting
        clients[who].get(url)
    before = {(who, url): query_count(clients[who], url) for who, url in pages}
    _add_rows(s, 5, 2)
    after = {(who, url): query_count(clients[who], url) for who, url in pages}
    assert after == before
    listed = clients["bureau"].get(reverse("inspections:orders")).content.decode()
    assert listed.count(reverse("inspections:order", args=[RectificationOrder.objects.latest("id").pk])) >= 1
