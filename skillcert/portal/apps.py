from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    name = "skillcert.portal"
    label = "portal"
    verbose_name = gettext_lazy("门户")

    def ready(self) -> None:
        from skillcert.portal import providers, tasks  # noqa: F401 - the workbench tiles, the rollup refresh
