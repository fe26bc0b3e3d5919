"""The append-only, hash-chained audit log (R-X-1).

Services call `record_event` inside their own `transaction.atomic` block, so the event
commits or rolls back with the change it describes. Appends are serialised: on PostgreSQL
by a transaction-scoped advisory lock, on SQLite by IMMEDIATE transactions (the database
write lock), so two writers can never both chain onto the same predecessor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.core.context import current_request_meta
from skillcert.core.models import AuditEvent

if TYPE_CHECKING:
    from skillcert.accounts.types import Acting

GENESIS_HASH = "0" * 64
AUDIT_LOCK_KEY = 0x5C1A0D17  # pg_advisory_xact_lock key reserved for the audit chain

HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_repr",
    "organisation_id",
    "organisation_repr",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "ip_address",
    "prev_hash",
)


def _json_safe(value: Any) -> Any:
    """Round-trip through JSON so what is hashed is exactly what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical_form(event: AuditEvent) -> str:
    data: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        data[name] = value
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_form(event).encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of an object's concrete fields, for before/after."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if getattr(f, "audit_masked", False):
            data[f.name] = "***"
            continue
        data[f.attname] = f.value_from_object(obj)
    return _json_safe(data)


def record_event(
    *,
    actor: Acting,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation: Any = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction (R-X-1)."""
    meta = current_request_meta()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        if organisation is None and authenticated:
            organisation = getattr(actor, "organisation", None)
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=actor.pk if actor is not None and authenticated else None,
            actor_repr=(
                actor.get_username()
                if actor is not None and authenticated
                else (gettext("匿名") if actor is not None else gettext("系统"))
            )[:200],
            organisation_id=organisation.pk if organisation is not None else None,
            organisation_repr=str(organisation)[:200] if organisation is not None else "",
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:300],
            before=_json_safe(before),
            after=_json_safe(after),
            request_id=meta.request_id,
            ip_address=meta.ip_address,
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
    return event


@dataclass
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _iter_events(batch: int) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def verify_chain(batch: int = 2000) -> VerifyResult:
    """Walk the chain in order, `batch` rows at a time (memory stays flat); name the first break."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in _iter_events(batch):
        if event.prev_hash != expected_prev:
            return VerifyResult(checked, event.id, gettext("前一哈希与上一事件不符（事件被删除、插入或改动）"))
        if compute_hash(event) != event.hash:
            return VerifyResult(checked, event.id, gettext("内容与哈希不符（事件被改动）"))
        expected_prev = event.hash
        checked += 1
    return VerifyResult(checked)


def events_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))


def now_local() -> datetime:
    return timezone.localtime()
