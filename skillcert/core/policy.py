"""Rules the spec marks *(default)*: one accessor, defaults from settings, overrides in the DB."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_CACHE_PREFIX = "skillcert:policy:"
_CACHE_SECONDS = 60


@dataclass(frozen=True)
class AppPolicies:
    """What the apps declare in `skillcert/<app>/policies.py`."""

    defaults: dict[str, Any]
    choices: dict[str, list[str]]
    sources: dict[str, tuple[str, str]]


@lru_cache(maxsize=1)
def _app_policies() -> AppPolicies:
    """Defaults, choices and sources declared by apps in `skillcert/<app>/policies.py`.

    An app that owns a rule declares it next to its code (`DEFAULTS`, optionally `CHOICES`
    and `SOURCES`), so adding an app does not mean editing one shared dictionary in settings.
    `SOURCES` maps a key to (source code in the register, article) when a text fixes the default.
    """
    found = AppPolicies({}, {}, {})
    for config in apps.get_app_configs():
        if not config.name.startswith("skillcert."):
            continue
        try:
            module = import_module(f"{config.name}.policies")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.policies":
                raise
            continue
        found.defaults.update(getattr(module, "DEFAULTS", {}))
        found.choices.update(getattr(module, "CHOICES", {}))
        found.sources.update(getattr(module, "SOURCES", {}))
    return found


def policy_defaults() -> dict[str, Any]:
    """Every policy key with its default: settings first, then what the apps declare."""
    return {**getattr(settings, "SKILLCERT_POLICY_DEFAULTS", {}), **_app_policies().defaults}


def policy_choices(key: str) -> list[str] | None:
    """The allowed values of a text-valued rule, or None when any value of its type goes."""
    return {**getattr(settings, "SKILLCERT_POLICY_CHOICES", {}), **_app_policies().choices}.get(key)


def policy_default_sources() -> dict[str, tuple[str, str]]:
    """Keys whose default a text fixes: key → (source code, article) (R-X-8)."""
    return {**getattr(settings, "SKILLCERT_POLICY_SOURCES", {}), **_app_policies().sources}


def _cache_key(key: str, day: datetime.date) -> str:
    return f"{_CACHE_PREFIX}{key}:{day.isoformat()}"


def value_in_force(key: str, on: datetime.date | None = None) -> Any:
    """The override row in force on a day (latest `effective_from` not after it), or None."""
    from skillcert.core.models import PolicyValue

    day = on or timezone.localdate()
    return (
        PolicyValue.objects.filter(key=key, effective_from__lte=day)
        .select_related("source")
        .order_by("-effective_from", "-id")
        .first()
    )


def get_policy(key: str, on: datetime.date | None = None) -> Any:
    """The value in force for a policy key on a day (today by default); unknown keys are a programming error."""
    defaults = policy_defaults()
    if key not in defaults:
        raise KeyError(f"unknown policy key {key!r}")
    day = on or timezone.localdate()
    cached = cache.get(_cache_key(key, day))
    if cached is not None:
        return cached
    from skillcert.core.models import PolicyValue

    row = (
        PolicyValue.objects.filter(key=key, effective_from__lte=day)
        .order_by("-effective_from", "-id")
        .values_list("value", flat=True)
        .first()
    )
    value = defaults[key] if row is None else row
    cache.set(_cache_key(key, day), value, _CACHE_SECONDS)
    return value


_LOCAL_SECONDS = 5.0
_local: dict[str, tuple[float, Any]] = {}


def get_policies(*keys: str) -> list[Any]:
    """Today's values of several policy keys for a hot path (public verification).

    Kept in this process for a few seconds on top of the shared cache, so most calls cost no
    round trip; a change made here shows at once (`forget_policy`), in other workers within seconds.
    """
    now = time.monotonic()
    day = timezone.localdate()
    values: list[Any] = []
    for key in keys:
        local_key = _cache_key(key, day)
        hit = _local.get(local_key)
        if hit is None or hit[0] < now:
            hit = (now + _LOCAL_SECONDS, get_policy(key, day))
            _local[local_key] = hit
        values.append(hit[1])
    return values


def forget_policy(key: str) -> None:
    """Drop the cached value of today (the only day a value is cached for in practice) and tomorrow."""
    _local.clear()
    today = timezone.localdate()
    cache.delete_many([_cache_key(key, today), _cache_key(key, today + datetime.timedelta(days=1))])


@dataclass(frozen=True)
class PolicyBasis:
    """Where the value in force comes from: a document and article, or a default no text fixes."""

    source_code: str
    source_label: str
    article: str
    effective_from: datetime.date | None

    @property
    def traced(self) -> bool:
        return bool(self.source_code)

    def __str__(self) -> str:
        if not self.traced:
            return str(UNTRACED)
        article = f" {self.article}" if self.article else ""
        return f"{self.source_label}{article}"


UNTRACED = _("默认值，未见文件依据")


def policy_basis(key: str, on: datetime.date | None = None) -> PolicyBasis:
    """The source of the value in force for a key on a day (R-X-8)."""
    from skillcert.core.models import PolicySource

    row = value_in_force(key, on)
    if row is not None:
        if row.source is None:
            return PolicyBasis("", "", row.article, row.effective_from)
        return PolicyBasis(row.source.code, str(row.source), row.article, row.effective_from)
    declared = policy_default_sources().get(key)
    if declared is None:
        return PolicyBasis("", "", "", None)
    code, article = declared
    source = PolicySource.objects.filter(code=code).first()
    if source is None:
        return PolicyBasis("", "", "", None)
    return PolicyBasis(source.code, str(source), article, None)
