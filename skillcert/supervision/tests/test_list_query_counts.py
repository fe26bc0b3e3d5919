"""Each big list page costs the same number of queries however many rows it lists (R-X-5).

Data comes from the region-scale generator (small sizes here); each page is read by the region
admin, a league bureau and an institution before and after the data grows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Organisation, User, UserRole
from skillcert.core.pagination import EstimatedCountPaginator
from skillcert.core.testing import query_count
from skillcert.exams.models import ExamPlan
from skillcert.institutions.models import Institution
from skillcert.supervision.scale import generate

pytestmark = pytest.mark.django_db


def _grow(certificates: int, seed: int) -> None:
    generate(institutions=4, plans=12, sessions=10, certificates=certificates, years=1, seed=seed)


def _user(username: str, organisation: Organisation, *roles: str) -> Client:
    user = User.objects.create_user(username=username, organisation=organisation)
    for role in roles:
        UserRole.objects.create(user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


def _clerk(username: str, organisation: Organisation) -> Client:
    return _user(username, organisation, Role.CLERK)


def test_list_pages_cost_the_same_queries_as_rows_are_added() -> None:
    _grow(120, seed=1)
    institution = Institution.objects.order_by("id").first()
    assert institution is not None
    plan = ExamPlan.objects.filter(institution=institution).order_by("id").first()
    assert plan is not None
    readers = {
        "region": _clerk("q-region", Organisation.objects.get(kind=OrgKind.REGION_CENTER)),
        "league": _clerk("q-league", Organisation.objects.get(code=f"bureau-{plan.league.code}")),
        "institution": _clerk("q-inst", institution.organisation),
    }
    urls = [
        reverse("certificates:list"),
        reverse("exams:plan_list"),
        reverse("exams:registrations", args=[plan.pk]),
        reverse("personnel:people"),
        reverse("supervision:inbox"),
        reverse("portal:dashboard"),
    ]
    pages = [(who, url) for who in readers for url in urls if not (who == "institution" and "alerts" in url)]
    for who, url in pages:  # warm per-process caches (policies, calendars) before counting
        readers[who].get(url)
    before = {(who, url): query_count(readers[who], url) for who, url in pages}
    _grow(600, seed=2)
    after = {(who, url): query_count(readers[who], url) for who, url in pages}
    assert after == before


BIG_TABLES = ("certificates_certificate", "exams_result", "exams_registration")


def test_workbench_costs_the_same_queries_and_never_reads_the_big_tables() -> None:
    """Each role of the demo accounts: the region's administrator and its centre, a league bureau,
    an institution's manager. The tiles read rollups and small queues, never scan the big tables
    (an institution's own registrations awaiting review excepted, through a partial index)."""
    _grow(120, seed=5)
    institution = Institution.objects.order_by("id").first()
    assert institution is not None
    plan = ExamPlan.objects.filter(institution=institution).order_by("id").first()
    assert plan is not None
    readers = {
        "region admin": _user("w-admin", Organisation.objects.get(kind=OrgKind.REGION_DEPT), Role.ADMIN),
        "region centre": _user(
            "w-centre", Organisation.objects.get(kind=OrgKind.REGION_CENTER), Role.CLERK, Role.MANAGER
        ),
        "league": _user(
            "w-league", Organisation.objects.get(code=f"bureau-{plan.league.code}"), Role.CLERK, Role.MANAGER
        ),
        "institution": _user("w-inst", institution.organisation, Role.MANAGER),
    }
    url = reverse("portal:dashboard")

    def sql(who: str) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert readers[who].get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    for who in readers:  # warm per-process caches (policies, calendars) before counting
        sql(who)
    before = {who: len(sql(who)) for who in readers}
    _grow(600, seed=6)
    after = {who: sql(who) for who in readers}
    assert {who: len(queries) for who, queries in after.items()} == before
    for who, queries in after.items():
        # Driven from a big table (joining one through its key from a small queue is an index look-up).
        touched = {t for q in queries for t in BIG_TABLES if f'FROM "{t}"' in q}
        assert touched <= ({"exams_registration"} if who == "institution" else set()), (who, touched)


def test_paginator_counts_exactly_when_filtered_or_small() -> None:
    _grow(60, seed=3)
    paginator = EstimatedCountPaginator(ExamPlan.objects.order_by("id"), 5)
    assert paginator.count == ExamPlan.objects.count() and not paginator.estimated
    filtered = EstimatedCountPaginator(ExamPlan.objects.filter(pk__gt=0).order_by("id"), 5)
    assert filtered.count == ExamPlan.objects.count() and not filtered.estimated


@pytest.mark.postgres
def test_paginator_estimates_an_unfiltered_large_table(on_postgres: None) -> None:
    _grow(60, seed=4)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ExamPlan._meta.db_table}")
    paginator = EstimatedCountPaginator(ExamPlan.objects.order_by("id"), 5)
    paginator.estimate_from = 1  # the test table is small; the rule is the same at 100,000
    assert paginator.count > 0 and paginator.estimated
    filtered = EstimatedCountPaginator(ExamPlan.objects.filter(pk__gt=0).order_by("id"), 5)
    filtered.estimate_from = 1
    assert filtered.count == ExamPlan.objects.count() and not filtered.estimated
