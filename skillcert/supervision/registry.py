"""The alert-rule registry: the contract between the alert engine and every app (R-SUP-2).

Any app may contribute alert kinds and the rules that find them, in
`skillcert/<app>/alert_rules.py`. The engine imports every such module once
(`discover()`), so adding a rule never means editing the supervision app.

Contract
--------
::

    from skillcert.supervision.registry import Finding, RuleContext, alert_rule
    from skillcert.supervision.choices import Severity

    @alert_rule(kind="inspections.report_overdue", severity=Severity.MEDIUM,
                label=_("督导报告逾期"), spec="R-SUP-3", clause="§5(二)")
    def report_overdue(ctx: RuleContext) -> Iterable[Finding]:
        '''Supervision report not filed within N working days (R-SUP-3, notice §5(二)).'''
        for row in Model.objects.filter(...).values(...):      # one set-based query
            yield Finding(subject_type="inspections.Dispatch", subject_id=row["id"],
                          subject_label=row["label"], jurisdiction_id=row["league_id"],
                          institution_id=row["institution_id"], period="",
                          observed_on=row["due_on"], evidence={"due_on": ..., "links": [...]})

* ``kind`` is a stable code, unique across the platform; prefix it with your app label
  (``complaints.overdue``) unless it is one of the R-SUP-2 kinds of this app. ``label`` is the
  Chinese name shown in the inbox and filters (through gettext). ``severity`` is a
  `Severity`. ``spec``/``clause`` name the requirement and the notice clause.
* The function returns **the set of findings that are true now** — every one, not only new
  ones. The engine upserts them: one alert per (kind, subject, period); a finding seen again
  refreshes ``last_seen_at`` and the evidence; an open or acknowledged alert whose finding is
  no longer returned is resolved automatically (its history stays); a resolved alert that is
  found again is reopened; a dismissed alert stays dismissed while its finding persists.
* Work in the database: aggregate with the ORM (``values().annotate()``, ``Exists``,
  ``Subquery``) and iterate over the result rows, never over every row of a big table.
* ``ctx.since`` (a date or None): when set, the rule may look only at facts on or after it,
  and must return at least every finding whose ``observed_on`` is on or after it; the engine
  then resolves only alerts observed on or after that date. ``ctx.institution_ids`` (a
  frozenset or None): when set (an event-triggered run), the rule may look only at those
  institutions and the engine resolves only their alerts. Rules that ignore both are correct,
  just slower. ``ctx.today``/``ctx.now`` are the scan's clock; read thresholds with
  ``ctx.policy("app.key")`` (declared in your app's ``policies.py``).
* Each rule runs in its own transaction: a rule that raises leaves no partial alerts.
* Kinds raised by events rather than by a scan rule can be registered with `register_kind`
  and written with `skillcert.supervision.services.alerts.apply_findings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from skillcert.core.policy import get_policy


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know about the scan that runs it."""

    today: date
    now: datetime
    since: date | None = None
    institution_ids: frozenset[int] | None = None

    def policy(self, key: str) -> Any:
        return get_policy(key)


@dataclass(frozen=True)
class Finding:
    """One fact that is true now and deserves an alert (R-SUP-2)."""

    subject_type: str
    """The subject's model label, e.g. ``"institutions.Institution"``, ``"exams.ExamPlan"``."""
    subject_id: int
    subject_label: str
    jurisdiction_id: int
    """The league (or the region) the alert belongs to; scoping follows it."""
    institution_id: int | None = None
    period: str = ""
    """Separates alerts on one subject over time (``"2026-11"``, ``"2026"``); "" for none."""
    observed_on: date | None = None
    """The date of the fact behind the finding, used by incremental scans (``--since``)."""
    evidence: dict[str, Any] = field(default_factory=dict)
    """The figures and links that make it true: JSON-safe values; ``links`` is a list of
    ``{"label": ..., "url": ...}`` the evidence view shows."""

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.subject_type, int(self.subject_id), self.period)

    @classmethod
    def about(cls, obj: models.Model, **kwargs: Any) -> Finding:
        """A finding whose subject is a model instance."""
        return cls(subject_type=obj._meta.label, subject_id=obj.pk, subject_label=str(obj)[:300], **kwargs)


RuleFunc = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class AlertKind:
    """A registered kind of alert, with the rule that finds it (if any)."""

    code: str
    label: str | Promise
    severity: str
    spec: str = ""
    clause: str = ""
    rule: RuleFunc | None = None
    cheap: bool = False
    """Cheap rules may run right after an event, narrowed to the institutions it touched."""

    @property
    def doc(self) -> str:
        return (self.rule.__doc__ or "").strip() if self.rule else ""


_KINDS: dict[str, AlertKind] = {}


def register_kind(
    code: str,
    *,
    label: str | Promise,
    severity: str,
    spec: str = "",
    clause: str = "",
    rule: RuleFunc | None = None,
    cheap: bool = False,
) -> AlertKind:
    """Declare an alert kind (idempotent for the same code and rule)."""
    existing = _KINDS.get(code)
    if (
        existing is not None
        and existing.rule is not None
        and rule is not None
        and (existing.rule.__qualname__, existing.rule.__module__) != (rule.__qualname__, rule.__module__)
    ):
        raise ValueError(f"alert kind {code!r} is already registered by {existing.rule.__module__}")
    kind = AlertKind(code, label, str(severity), spec, clause, rule, cheap)
    _KINDS[code] = kind
    return kind


def unregister_kind(code: str) -> None:
    """Forget a kind (tests that register throw-away kinds clean up with this)."""
    _KINDS.pop(code, None)


def alert_rule(
    *,
    kind: str,
    severity: str,
    label: str | Promise,
    spec: str = "",
    clause: str = "",
    cheap: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as the rule of a new alert kind (see the module docstring)."""

    def decorate(func: RuleFunc) -> RuleFunc:
        register_kind(kind, label=label, severity=severity, spec=spec, clause=clause, rule=func, cheap=cheap)
        return func

    return decorate


@lru_cache(maxsize=1)
def discover() -> tuple[str, ...]:
    """Import every installed app's `alert_rules` module once; returns the modules found."""
    found: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("skillcert."):
            continue
        name = f"{config.name}.alert_rules"
        try:
            import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append(name)
    return tuple(found)


def kinds() -> dict[str, AlertKind]:
    """Every registered kind, by code, in registration order."""
    discover()
    return dict(_KINDS)


def get_kind(code: str) -> AlertKind | None:
    return kinds().get(code)


def kind_choices() -> list[tuple[str, str]]:
    """(code, Chinese label) for forms, filters and the API."""
    return [(k.code, str(k.label)) for k in kinds().values()]


def kind_label(code: str) -> str:
    kind = get_kind(code)
    return str(kind.label) if kind is not None else code
