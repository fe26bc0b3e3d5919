"""Supervision I: alerts, dashboards and rollups (R-SUP-1, R-SUP-2)."""

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "skillcert.supervision"
    label = "supervision"
    verbose_name = "全过程监管"

    def ready(self) -> None:
        from skillcert.supervision import providers, tasks  # noqa: F401  (workbench tiles, periodic scan)
