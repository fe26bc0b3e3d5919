"""A real task through this machine's Redis (transactional; in a file of its own)."""

from __future__ import annotations

import uuid

import pytest
from huey import RedisHuey

from skillcert.core.audit import record_event
from skillcert.core.tasks import verify_audit_chain
from skillcert.core.testing import redis_url_or_skip


@pytest.fixture
def redis_huey():
    url = redis_url_or_skip()
    huey = RedisHuey(name=f"skillcert-test-{uuid.uuid4().hex}", url=url, immediate=False)
    yield huey
    huey.storage.flush_all()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_task_round_trips_through_redis(redis_huey):
    record_event(actor=None, action="test.a")
    record_event(actor=None, action="test.b")
    task = redis_huey.task(name="verify_audit_chain")(verify_audit_chain)
    pending = task()
    assert redis_huey.pending_count() == 1, "the task must wait in Redis, not run inline"
    consumer = redis_huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        outcome = pending.get(blocking=True, timeout=20)
    finally:
        consumer.stop(graceful=True)
    assert outcome == {"checked": 2, "ok": True, "broken_id": None, "reason": ""}
    assert redis_huey.pending_count() == 0
