"""Rules the spec marks *(default)*: one accessor, defaults from settings, overrides in the DB."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

_CACHE_PREFIX = "skillcert:policy:"
_CACHE_SECONDS = 60


@lru_cache(maxsize=1)
def _app_policies() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Defaults and choices declared by apps in `skillcert/<app>/policies.py`.

    An app that owns a rule declares it next to its code (`DEFAULTS`, optionally `CHOICES`),
    so adding an app does not mean editing one shared dictionary in settings.
    """
    defaults: dict[str, Any] = {}
    choices: dict[str, list[str]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("skillcert."):
            continue
        try:
            module = import_module(f"{config.name}.policies")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.policies":
                raise
            continue
        defaults.update(getattr(module, "DEFAULTS", {}))
        choices.update(getattr(module, "CHOICES", {}))
    return defaults, choices


def policy_defaults() -> dict[str, Any]:
    """Every policy key with its default: settings first, then what the apps declare."""
    app_defaults, _ = _app_policies()
    return {**getattr(settings, "SKILLCERT_POLICY_DEFAULTS", {}), **app_defaults}


def policy_choices(key: str) -> list[str] | None:
    """The allowed values of a text-valued rule, or None when any value of its type goes."""
    _, app_choices = _app_policies()
    return {**getattr(settings, "SKILLCERT_POLICY_CHOICES", {}), **app_choices}.get(key)


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
