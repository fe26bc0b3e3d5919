"""Each big list page costs the same number of queries however many rows it lists (R-X-5).

Data comes from the region-scale generator (small sizes here); each page is read by the region
admin, a league bureau and an institution before and after the data grows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
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


def _clerk(username: str, organisation: Organisation) -> Client:
    user = User.objects.create_user(username=username, organisation=organisation)
    UserRole.objects.create(user=user, role=Role.CLERK)
    client = Client()
    client.force_login(user)
    return client


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
