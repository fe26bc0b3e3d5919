"""The audit chain: linked, verifiable, tamper-evident, append-only, never forked (R-X-1)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.core.audit import GENESIS_HASH, record_event, verify_chain
from skillcert.core.models import AuditEvent, PolicyValue


def _tamper(event_id: int, **changes: object) -> None:
    """Edit a row behind the application's back, as someone with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        sets = ", ".join(f"{k} = %s" for k in changes)
        cursor.execute(f"UPDATE core_auditevent SET {sets} WHERE id = %s", [*changes.values(), event_id])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")


@pytest.mark.django_db
def test_events_chain_onto_each_other_and_verify(capsys):
    user = UserFactory(roles=[Role.ADMIN])
    first = record_event(actor=user, action="test.first", obj=user, after={"a": 1})
    second = record_event(actor=user, action="test.second", obj=user, before={"a": 1}, after={"a": 2})
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.organisation_id == user.organisation_id
    assert verify_chain().checked == 2
    call_command("verify_audit")
    assert "已校验 2 个事件" in capsys.readouterr().out


@pytest.mark.django_db
def test_event_rolls_back_with_the_change():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        PolicyValue.objects.create(key="x", value=1)
        record_event(actor=user, action="test.rolled_back")
        raise RuntimeError("the service failed after writing")
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert not PolicyValue.objects.filter(key="x").exists()


@pytest.mark.django_db
def test_tampered_event_is_named_by_verify_audit():
    user = UserFactory()
    events = [record_event(actor=user, action=f"test.{i}", after={"i": i}) for i in range(5)]
    _tamper(events[2].id, after='{"i": 999}')
    result = verify_chain()
    assert not result.ok
    assert result.broken_id == events[2].id
    assert result.checked == 2
    with pytest.raises(CommandError, match=f"#{events[2].id}"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_rewritten_hash_breaks_the_next_link():
    user = UserFactory()
    events = [record_event(actor=user, action=f"test.{i}") for i in range(3)]
    # A forger who recomputes nothing but swaps the action text and the hash still breaks event 3's link.
    _tamper(events[1].id, action="test.forged", hash="f" * 64)
    assert verify_chain().broken_id == events[1].id


@pytest.mark.django_db
def test_application_refuses_to_update_or_delete_events():
    event = record_event(actor=None, action="test.x")
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db
def test_database_refuses_update_and_delete(on_postgres):
    event = record_event(actor=None, action="test.x")
    from django.db.utils import DatabaseError

    for sql in ("UPDATE core_auditevent SET action = 'y' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [event.id])
    assert AuditEvent.objects.get(id=event.id).action == "test.x"
