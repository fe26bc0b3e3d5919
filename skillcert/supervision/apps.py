"""Supervision I: alerts, dashboards and rollups (R-SUP-1, R-SUP-2)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SupervisionConfig(AppConfig):
    name = "skillcert.supervision"
    label = "supervision"
    verbose_name = gettext_lazy("全过程监管")

    def ready(self) -> None:
        from skillcert.supervision import providers, tasks  # noqa: F401  (workbench tiles, periodic scan)
