"""Reads owned by core, each scoped to the actor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from skillcert.core.models import AuditEvent

if TYPE_CHECKING:
    from skillcert.accounts.types import Acting


def audit_events_visible_to(actor: Acting) -> QuerySet[AuditEvent]:
    """The audit events the actor may read (R-X-1, R-ORG-2).

    Who sees which organisation's events depends on the organisation structure, which core does
    not know: the `SKILLCERT_AUDIT_SCOPE` setting names the function that decides.
    """
    decide = import_string(settings.SKILLCERT_AUDIT_SCOPE)
    return decide(actor)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PolicyRow:
    """One rule as the policy page and API show it: the value in force, its source, what is scheduled."""

    key: str
    default: Any
    value: Any
    overridden: bool
    effective_from: datetime.date | None
    basis: str
    traced: bool
    source: str
    article: str
    note: str
    scheduled: list[dict[str, Any]]
    choices: list[str] | None


def policy_rows(actor: Acting, on: datetime.date | None = None) -> list[PolicyRow]:
    """Every default rule with the value in force on a day, its source and future values (R-X-8)."""
    from skillcert.core.models import PolicySource, PolicyValue
    from skillcert.core.policy import (
        UNTRACED,
        policy_choices,
        policy_default_sources,
        policy_defaults,
    )

    day = on or timezone.localdate()
    values: dict[str, list[PolicyValue]] = {}
    for row in PolicyValue.objects.restrict(actor, "view").select_related("source").order_by("effective_from", "id"):
        values.setdefault(row.key, []).append(row)
    sources = {s.code: s for s in PolicySource.objects.all()}
    declared = policy_default_sources()
    rows = []
    for key, default in sorted(policy_defaults().items()):
        history = values.get(key, [])
        in_force = [r for r in history if r.effective_from <= day]
        current = in_force[-1] if in_force else None
        if current is not None:
            source = current.source
            article = current.article
        else:
            code, article = declared.get(key, ("", ""))
            source = sources.get(code)
            article = article if source is not None else ""
        basis = f"{source} {article}".strip() if source is not None else str(UNTRACED)
        rows.append(
            PolicyRow(
                key=key,
                default=default,
                value=current.value if current is not None else default,
                overridden=current is not None,
                effective_from=current.effective_from if current is not None else None,
                basis=basis,
                traced=source is not None,
                source=source.code if source is not None else "",
                article=article,
                note=current.note if current is not None else "",
                scheduled=[
                    {
                        "value": r.value,
                        "effective_from": r.effective_from,
                        "basis": f"{r.source} {r.article}".strip() if r.source else str(UNTRACED),
                    }
                    for r in history
                    if r.effective_from > day
                ],
                choices=policy_choices(key),
            )
        )
    return rows
