"""Background work: the embedded queue by default, a real Redis queue when configured."""

from __future__ import annotations

import pytest

from skillcert.core.audit import record_event
from skillcert.core.tasks import verify_audit_chain_task


@pytest.mark.django_db
def test_task_runs_in_process_in_tests():
    record_event(actor=None, action="test.a")
    result = verify_audit_chain_task()
    assert result() == {"checked": 1, "ok": True, "broken_id": None, "reason": ""}
