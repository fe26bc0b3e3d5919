"""`make bench`'s page table (bench/pages.py, R-X-5): a line per page and role, the goal marked on each.

The bench reads two databases in two processes; here one reader stands for both sides on a small
generated data set, so the table's shape and the pages it opens are checked on every test run.
"""

from __future__ import annotations

import pytest

from bench.pages import PAGES, USERS, PageTime, Reader, measure, table
from skillcert.accounts.choices import Role
from skillcert.accounts.models import Organisation, User, UserRole
from skillcert.institutions.models import Institution
from skillcert.supervision.scale import generate

pytestmark = pytest.mark.django_db


def _user(username: str, organisation: Organisation, role: str) -> None:
    user = User.objects.create_user(username=username, organisation=organisation)
    UserRole.objects.create(user=user, role=role)


def test_the_page_table_has_a_measured_line_per_page_and_role() -> None:
    generate(institutions=4, plans=12, sessions=10, certificates=150, years=1, seed=7)
    institution = Institution.objects.filter(organisation__jurisdiction__code="150100").order_by("id").first()
    assert institution is not None
    _user(USERS["region"], Organisation.objects.get(code="region_dept"), Role.ADMIN)
    _user(USERS["league"], Organisation.objects.get(code="bureau-150200"), Role.CLERK)
    _user(USERS["institution"], institution.organisation, Role.CLERK)
    reader = Reader()
    info = reader.setup(users=USERS, plans=None)
    assert all(info["users"].values()) and all(info["plans"].values())

    rows = measure(reader, reader, runs=1)

    assert [(r.page, r.role) for r in rows] == [(page, role) for page, _ in PAGES for role in USERS]
    assert all(r.measured and r.demo > 0 and r.scale > 0 for r in rows), [r for r in rows if not r.measured]
    lines = table(rows, info["certificates"], info["certificates"])
    assert "goal ≤ 2.0" in lines[1]
    body = lines[2:]
    assert len(body) == len(PAGES) * len(USERS)
    for row, line in zip(rows, body, strict=True):
        assert line.startswith(row.page) and row.role in line and row.path in line
        assert line.endswith(" ok") or line.endswith(" MISSED")


def test_a_page_over_the_goal_is_marked_and_one_not_served_says_why() -> None:
    rows = [
        PageTime("workbench", "region", "/workbench/", 200, 200, demo=0.030, scale=0.300, runs=5),
        PageTime("plan list", "league", "/exams/", 200, 200, demo=0.050, scale=0.060, runs=5),
        PageTime("alerts list", "institution", "/supervision/alerts/", 403, 403),
    ]
    workbench, plans, alerts = table(rows, 4000, 1_000_000)[2:]
    assert workbench.endswith("10.00  MISSED")
    assert plans.endswith("1.20  ok")
    assert alerts.endswith("not measured: HTTP 403 / 403")
