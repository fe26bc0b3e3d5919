"""Figures for the public home page, and the audit log's action names."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.db import models
from django.db.models import Count

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Jurisdiction, Organisation


def public_overview() -> dict[str, int]:
    orgs = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {
        "leagues": Jurisdiction.objects.filter(level="league").count(),
        "authorities": sum(
            orgs.get(k, 0)
            for k in (OrgKind.REGION_DEPT, OrgKind.REGION_CENTER, OrgKind.LEAGUE_BUREAU, OrgKind.LEAGUE_CENTER)
        ),
        "institutions": orgs.get(OrgKind.INSTITUTION, 0),
    }


AUDIT_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


@lru_cache(maxsize=1)
def audit_action_labels() -> dict[str, str]:
    """Every audit action code ("auth.login") with its Chinese name ("登录"), from each app's audit enums.

    An audit enum is a TextChoices class in `skillcert/<app>/choices.py` whose values all look like
    "app.action"; a new app's actions are named here as soon as it declares its enum.
    """
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("skillcert."):
            continue
        try:
            module = import_module(f"{config.name}.choices")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.choices":
                raise
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, models.TextChoices)
                and value.values
                and all(AUDIT_ACTION.match(v) for v in value.values)
            ):
                labels.update({v: str(label) for v, label in value.choices})
    return labels


def audit_action_label(code: str) -> str:
    """The Chinese name of an audit action, or the code itself when no enum names it."""
    return audit_action_labels().get(code, code)
