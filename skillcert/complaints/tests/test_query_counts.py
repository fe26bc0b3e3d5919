"""The complaints register costs the same number of queries however many complaints it lists (R-X-5)."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.complaints.tests import factories as cf
from skillcert.core.testing import query_count
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_inbox_costs_the_same_queries_as_complaints_are_added():
    cf.file(f.FiledInstitutionFactory(), attachments=[cf.pdf()])
    cf.file(None)
    readers = {"league": f.bureau_user("150100"), "region": f.region_center_user()}
    clients = {}
    for who, user in readers.items():
        clients[who] = Client()
        clients[who].force_login(user)
    urls = ["/complaints/", "/complaints/?status=received"]
    for who in clients:  # warm per-process caches (policies, calendars) before counting
        for url in urls:
            clients[who].get(url)
    before = {(who, url): query_count(clients[who], url) for who in clients for url in urls}
    for _ in range(6):
        cf.file(f.FiledInstitutionFactory(), attachments=[cf.pdf()])
        cf.file(None)
    after = {(who, url): query_count(clients[who], url) for who in clients for url in urls}
    assert after == before
    for who in clients:  # the pages did list the added rows
        assert clients[who].get("/complaints/").content.decode().count("TS20") >= 7, who
