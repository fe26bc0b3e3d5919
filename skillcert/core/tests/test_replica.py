"""The read-replica router (R-X-5): public verification, dashboards and exports read the replica;
writes and reads after a write stay on the primary.

The routing tests run against a second PostgreSQL database: set SKILLCERT_TEST_REPLICA_URL
(e.g. postgres://postgres@127.0.0.1:5432/sk_replica) next to DATABASE_URL. The test database made
for it has the same schema and no rows, so which alias answered shows in the answer itself.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from skillcert.certificates.models import Certificate, PublicCertificate
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.models import PolicyValue
from skillcert.core.replica import PIN_COOKIE, ReplicaRouter, replica_reads

API = "/api/v1/public/certificates/verify"
HAS_REPLICA = "replica" in settings.DATABASES


def test_without_a_replica_everything_reads_the_primary(db) -> None:
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(PublicCertificate) == "default"
    assert router.db_for_write(PublicCertificate) == "default"


needs_replica = [
    pytest.mark.postgres,
    pytest.mark.skipif(not HAS_REPLICA, reason="set SKILLCERT_TEST_REPLICA_URL to a second PostgreSQL database"),
    # Transactional: a test wrapped in a transaction on the primary would keep every read there.
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def routed(settings):
    settings.SKILLCERT_REPLICA_ALIAS = "replica"


@pytest.mark.usefixtures("routed")
class TestAgainstASecondDatabase:
    pytestmark = needs_replica

    def test_router_sends_scoped_reads_to_the_replica_and_writes_to_the_primary(self) -> None:
        router = ReplicaRouter()
        assert router.db_for_read(PublicCertificate) == "default"  # outside a marked view
        with replica_reads():
            assert router.db_for_read(PublicCertificate) == "replica"
            assert router.db_for_read(Certificate) == "replica"
            assert router.db_for_read(_user_model()) == "default"  # logins
            with transaction.atomic():
                assert router.db_for_read(PublicCertificate) == "default"  # inside a write transaction
            assert router.db_for_write(PolicyValue) == "default"
            assert router.db_for_read(PublicCertificate) == "default"  # read-your-own-write

    def test_public_verification_reads_the_replica(self, api_client) -> None:
        f = final_plan(1)
        cert = f.issue(0)
        params = {"number": cert.number, "name": cert.name}
        with (
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            response = api_client.get(API, params)
        # The replica's copy has not got the row (it is an empty second database here).
        assert response.status_code == 404
        assert any("certificates_publiccertificate" in q["sql"] for q in replica.captured_queries)
        assert not any("certificates_publiccertificate" in q["sql"] for q in primary.captured_queries)

    def test_a_browser_that_just_wrote_reads_the_primary(self, api_client) -> None:
        f = final_plan(1)
        cert = f.issue(0)
        api_client.cookies[PIN_COOKIE] = "1"
        response = api_client.get(API, {"number": cert.number, "name": cert.name})
        assert response.status_code == 200 and response.json()["number"] == cert.number

    def test_a_write_sets_the_pin_cookie(self, client) -> None:
        final_plan(1)
        response = client.get("/certificates/verify/")  # no write: no pin
        assert PIN_COOKIE not in response.cookies
        login = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
        # A failed login is audited (a write), so the browser reads the primary for a while.
        assert PIN_COOKIE in login.cookies


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()
