"""Rules the spec marks *(default)*: one accessor, defaults from settings, overrides in the DB."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache

_CACHE_PREFIX = "skillcert:policy:"
_CACHE_SECONDS = 60


def policy_defaults() -> dict[str, Any]:
    return dict(getattr(settings, "SKILLCERT_POLICY_DEFAULTS", {}))


def policy_choices(key: str) -> list[str] | None:
    """The allowed values of a text-valued rule, or None when any value of its type goes."""
    return dict(getattr(settings, "SKILLCERT_POLICY_CHOICES", {})).get(key)


def get_policy(key: str) -> Any:
    """The value in force for a policy key; unknown keys are a programming error."""
    defaults = policy_defaults()
    if key not in defaults:
        raise KeyError(f"unknown policy key {key!r}")
    cached = cache.get(_CACHE_PREFIX + key)
    if cached is not None:
        return cached
    from skillcert.core.models import PolicyValue

    row = PolicyValue.objects.filter(key=key).values_list("value", flat=True).first()
    value = defaults[key] if row is None else row
    cache.set(_CACHE_PREFIX + key, value, _CACHE_SECONDS)
    return value


def forget_policy(key: str) -> None:
    cache.delete(_CACHE_PREFIX + key)
